/** Every modal submission the desk answers (routed by callback id, see ../routing-table.ts). */
import type { App } from '@slack/bolt';
import type { Desk } from '../../context.ts';
import { register as registerCustomerEditSubmit } from './customer-edit-submit.ts';
import { register as registerHomeSearchSubmit } from './home-search-submit.ts';
import { register as registerIntakeSubmit } from './intake-submit.ts';
import { register as registerKbSubmit } from './kb-submit.ts';
import { register as registerSurveySubmit } from './survey-submit.ts';
import { register as registerWorkflowSubmit } from './workflow-submit.ts';

export function registerViews(app: App, desk: Desk): void {
  registerIntakeSubmit(app, desk);
  registerWorkflowSubmit(app, desk);
  registerSurveySubmit(app, desk);
  registerKbSubmit(app, desk);
  registerCustomerEditSubmit(app, desk);
  registerHomeSearchSubmit(app, desk);
}
