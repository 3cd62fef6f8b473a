import type { App } from '@slack/bolt';
import type { Desk } from '../context.ts';
import { register as registerAskHelp } from './actions/ask-help.ts';
import { register as registerDigestRefresh } from './actions/digest-refresh.ts';
import { register as registerSnooze } from './actions/snooze.ts';
import { register as registerSurveyOpen } from './actions/survey-open.ts';
import { register as registerWorkflow } from './actions/workflow.ts';
import { register as registerTicketCommand } from './commands/ticket.ts';
import { register as registerAppHomeOpened } from './events/app-home-opened.ts';
import { routingTable } from './routing-table.ts';
import { register as registerCreateTicketShortcut } from './shortcuts/create-ticket.ts';
import { register as registerIntakeSubmit } from './views/intake-submit.ts';
import { register as registerSurveySubmit } from './views/survey-submit.ts';

/**
 * Registers every listener, grouped by Slack surface; modal submissions and buttons go into routing
 * tables (one Bolt listener per surface, see routing-table.ts).
 */
export function registerListeners(bolt: App, desk: Desk): void {
  const routes = routingTable(bolt);
  const app = routes.app;
  registerTicketCommand(app, desk);
  registerCreateTicketShortcut(app, desk);
  registerIntakeSubmit(app, desk);
  registerWorkflow(app, desk);
  registerAppHomeOpened(app, desk);
  registerDigestRefresh(app, desk);
  registerSnooze(app, desk);
  registerAskHelp(app, desk);
  registerSurveyOpen(app, desk);
  registerSurveySubmit(app, desk);
  routes.mount();
}
