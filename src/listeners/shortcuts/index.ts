/** Shortcuts: "Create ticket" on a message. */
import type { App } from '@slack/bolt';
import type { Desk } from '../../context.ts';
import { register as registerCreateTicketShortcut } from './create-ticket.ts';

export function registerShortcuts(app: App, desk: Desk): void {
  registerCreateTicketShortcut(app, desk);
}
