import type { App } from '@slack/bolt';
import type { Desk } from '../context.ts';
import { register as registerTicketCommand } from './commands/ticket.ts';

/** Registers every listener, grouped by Slack surface. */
export function registerListeners(app: App, desk: Desk): void {
  registerTicketCommand(app, desk);
}
