/** Task handlers by kind: each sends one piece of due Slack work. */
import type { TaskHandler } from './runner.ts';

export const TASK_HANDLERS: Record<string, TaskHandler> = {};
