/**
 * Progress updates: stage, note, next step, planned completion, what the customer must provide.
 * Posted as a reply in the card's thread; the card shows the latest; the status follows the stage
 * (waiting on the customer or in progress); `lastProgressAt` feeds the nudge job.
 */
import type { Types } from 'mongoose';
import { ACTION } from '../../blocks/ids.ts';
import { userText } from '../../blocks/text.ts';
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { meetClocks } from '../domain/clocks.ts';
import type { Notification } from '../notices/notify.ts';
import { agentOf, clockFields, clocksOf, pauseFields, stagePauses } from './clocks.ts';
import { type CardRef, checkAction, ticketOf, type WorkResult } from './handling.ts';
import { changeTicket } from './ticket-change.ts';

export interface ProgressInput {
  stage: string;
  note: string;
  nextStep?: string;
  /** YYYY-MM-DD */
  plannedDate?: string;
  customerNeeds?: string;
}

export async function postProgress(
  desk: Desk,
  req: { ticketId: Types.ObjectId; current?: TicketDoc; by: string; from?: CardRef } & ProgressInput,
): Promise<WorkResult> {
  const t = await ticketOf(desk, req);
  if (!t) return { ok: false, reason: 'not_found' };
  const refused = checkAction(desk, t, 'progress', req.by, 'handler', req.from);
  if (refused) return { ok: false, reason: refused, ticket: t };
  const stage = desk.config.progressStages.find((s) => s.id === req.stage);
  if (!stage) return { ok: false, reason: 'invalid_target', ticket: t };
  const now = desk.clock.now();
  const lang = desk.config.organisation.defaultLanguage;
  // Clocks: any progress note carries the first technical findings; a plan-stage update with its
  // steps (next step) and expected date is the handling plan; a waiting stage pauses the resolution.
  const isPlan =
    desk.config.clocks.planStages.includes(stage.id) && !!req.nextStep?.trim() && !!req.plannedDate;
  const clocks = meetClocks(clocksOf(t), isPlan ? ['findings', 'plan'] : ['findings'], now);
  const clockSet = {
    ...clockFields(clocks),
    ...pauseFields(desk, t, stagePauses(desk, stage.id), now, clocks),
  };
  const plan = isPlan
    ? { plan: { steps: req.nextStep, owner: req.by, expectedDate: req.plannedDate, by: req.by, at: now } }
    : {};
  const agent = agentOf(t);
  const events = desk.config.clocks.agentEvents;
  const agentNotice = (version: number): Notification[] => {
    if (agent === req.by) return [];
    if (stage.waitingOnCustomer && events.includes('waiting'))
      return [
        {
          key: `agent-waiting:${t._id}:${version}`,
          to: agent,
          message: 'agent.waiting',
          params: { number: t.number, customerNeeds: userText(req.customerNeeds || '—', 800) },
          buttons: [['button.contact', ACTION.contact, t.number]],
        },
      ];
    if (events.includes('progress'))
      return [
        {
          key: `agent-progress:${t._id}:${version}`,
          to: agent,
          message: 'agent.progress',
          params: { number: t.number, user: req.by, stage: stage.name[lang], note: userText(req.note, 800) },
        },
      ];
    return [];
  };
  const res = await changeTicket(desk, {
    ticketId: t._id,
    current: t,
    action: 'progress',
    by: req.by,
    note: `[${stage.id}] ${req.note}`,
    transitionOptions: { progressStage: stage.id, waitingOnCustomer: stage.waitingOnCustomer },
    set: {
      progress: {
        stage: stage.id,
        note: req.note,
        nextStep: req.nextStep ?? '',
        plannedDate: req.plannedDate ?? '',
        customerNeeds: req.customerNeeds ?? '',
        by: req.by,
        at: now,
      },
      lastProgressAt: now,
      'nudge.count': 0,
      ...clockSet,
      ...plan,
    },
    notices: (version) => [
      ...agentNotice(version),
      {
        key: `progress:${t._id}:${version}`,
        to: t.card?.channel ?? '',
        inThread: true,
        message: 'thread.progress',
        params: {
          user: req.by,
          stage: stage.name[lang],
          note: userText(req.note, 2000),
          nextStep: userText(req.nextStep || '—', 400),
          planned: userText(req.plannedDate || '—', 20),
          customerNeeds: userText(req.customerNeeds || '—', 400),
        },
      },
    ],
  });
  if (!res.ok) return res;
  return { ok: true, ticket: res.ticket };
}
