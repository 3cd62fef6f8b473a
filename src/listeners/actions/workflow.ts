/** Registers the ticket-handling listeners: card buttons, notice buttons and the handling modals. */
import type { App } from '@slack/bolt';
import type { Desk } from '../../context.ts';
import { register as registerWorkflowSubmit } from '../views/workflow-submit.ts';
import { register as registerCardButtons } from './card-buttons.ts';
import { register as registerMessageButtons } from './message-buttons.ts';

export function register(app: App, desk: Desk): void {
  registerCardButtons(app, desk);
  registerMessageButtons(app, desk);
  registerWorkflowSubmit(app, desk);
}
