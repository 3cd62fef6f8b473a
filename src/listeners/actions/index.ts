/** Every button and select the desk answers (routed by action id, see ../routing-table.ts). */
import type { App } from '@slack/bolt';
import type { Desk } from '../../context.ts';
import { register as registerAccessButtons } from './access-buttons.ts';
import { register as registerAskHelp } from './ask-help.ts';
import { register as registerAssignment } from './assignment.ts';
import { register as registerCardButtons } from './card-buttons.ts';
import { register as registerCustomerEditOpen } from './customer-edit-open.ts';
import { register as registerDigestRefresh } from './digest-refresh.ts';
import { register as registerHomeButtons } from './home-buttons.ts';
import { register as registerIntakeLookup } from './intake-lookup.ts';
import { register as registerKb } from './kb.ts';
import { register as registerMessageButtons } from './message-buttons.ts';
import { register as registerNoticeLinks } from './notice-links.ts';
import { register as registerSnooze } from './snooze.ts';
import { register as registerSurveyOpen } from './survey-open.ts';
import { register as registerTicketFromMessage } from './ticket-from-message.ts';

export function registerActions(app: App, desk: Desk): void {
  registerCardButtons(app, desk);
  registerMessageButtons(app, desk);
  registerDigestRefresh(app, desk);
  registerSnooze(app, desk);
  registerAskHelp(app, desk);
  registerSurveyOpen(app, desk);
  registerTicketFromMessage(app, desk);
  registerAssignment(app, desk);
  registerKb(app, desk);
  registerAccessButtons(app, desk);
  registerIntakeLookup(app, desk);
  registerCustomerEditOpen(app, desk);
  registerHomeButtons(app, desk);
  registerNoticeLinks(app, desk);
}
