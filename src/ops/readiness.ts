/**
 * Whether this instance should receive traffic (`GET /readyz`): ready once the organisation config,
 * the database (connected, indexes ensured) and Slack auth (`auth.test` with the bot token) are
 * confirmed; not ready again from the moment shutdown begins. `/healthz` (liveness) is separate.
 */
export type ReadinessCheck = 'config' | 'database' | 'slack';

export interface ReadinessReport {
  ready: boolean;
  status: 'ready' | 'starting' | 'shutting_down';
  checks: Record<ReadinessCheck, string>;
}

export class Readiness {
  private checks: Record<ReadinessCheck, string> = {
    config: 'pending',
    database: 'pending',
    slack: 'pending',
  };
  private stopping = false;

  /** Marks a check confirmed (`ok`) or records why it is not (e.g. `connecting`, `invalid_auth`). */
  set(check: ReadinessCheck, state: 'ok' | string): void {
    this.checks[check] = state;
  }

  shuttingDown(): void {
    this.stopping = true;
  }

  get ready(): boolean {
    return !this.stopping && Object.values(this.checks).every((s) => s === 'ok');
  }

  report(): ReadinessReport {
    const ready = this.ready;
    return {
      ready,
      status: this.stopping ? 'shutting_down' : ready ? 'ready' : 'starting',
      checks: { ...this.checks },
    };
  }
}
