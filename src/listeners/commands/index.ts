/** The slash command: `/ticket` and its subcommands (ticket.ts dispatches by the first word). */
import type { App } from '@slack/bolt';
import type { Desk } from '../../context.ts';
import { register as registerTicketCommand } from './ticket.ts';

export function registerCommands(app: App, desk: Desk): void {
  registerTicketCommand(app, desk);
}
