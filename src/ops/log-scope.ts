/**
 * Request-scoped log fields. One scope per Slack request (HTTP request or Socket Mode envelope) and
 * per job run, carried by AsyncLocalStorage through everything the request starts, including its
 * background work. The logger's mixin adds `rid` (the Slack event id, trigger id or view id, or the
 * job run id) and `ticket` (once a service knows it) to every line logged inside the scope.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface LogScope {
  /** The id every log line of this request or job run carries. */
  rid?: string;
  /** The ticket number, once known. */
  ticket?: string;
  /** What Slack asked for: `type` (command, block_actions, view_submission…) and its action/callback. */
  type?: string;
  action?: string;
}

const storage = new AsyncLocalStorage<LogScope>();

/** Runs `fn` inside `scope` (a fresh object per request or run). */
export function runInScope<T>(scope: LogScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentScope(): LogScope | undefined {
  return storage.getStore();
}

/** Records the ticket number on the current scope (no-op outside one). */
export function scopeTicket(number: string | undefined): void {
  const scope = storage.getStore();
  if (scope && number) scope.ticket = number;
}

/** The fields pino adds to each line (the line's own fields win). */
export function scopeFields(): Record<string, string> {
  const scope = storage.getStore();
  if (!scope) return {};
  const out: Record<string, string> = {};
  if (scope.rid) out.rid = scope.rid;
  if (scope.ticket) out.ticket = scope.ticket;
  return out;
}
