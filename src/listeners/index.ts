import type { App } from '@slack/bolt';
import type { Desk } from '../context.ts';
import { register as registerTicketCommand } from './commands/ticket.ts';
import { register as registerCreateTicketShortcut } from './shortcuts/create-ticket.ts';
import { register as registerIntakeSubmit } from './views/intake-submit.ts';

/** Registers every listener, grouped by Slack surface. */
export function registerListeners(app: App, desk: Desk): void {
  registerTicketCommand(app, desk);
  registerCreateTicketShortcut(app, desk);
  registerIntakeSubmit(app, desk);
}
