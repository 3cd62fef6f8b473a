/** What a scheduled job is (jobs/runner.ts runs it: lease → plan → deliver its kinds). */
import type { DeskConfig } from '../src/config/desk-config.ts';
import type { Desk } from '../src/context.ts';
import type { TaskContext } from '../src/outbox/task-types.ts';

export type JobContext = TaskContext;

export interface JobDef {
  name: string;
  schedules(config: DeskConfig): string[];
  /** Finds what fell due and schedules tasks for it (idempotent keys); returns how many. */
  plan?(desk: Desk, ctx: JobContext): Promise<number>;
  /** The task kinds this job delivers. */
  kinds: string[];
}
