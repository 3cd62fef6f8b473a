/**
 * Buttons on notices rather than on the card: Approve (supervisor's DM), Customer notified (the
 * opener's DM) and Acknowledge (a collaboration notice in a cooperating department's channel).
 * On success the notice is redrawn through the response URL to show what was recorded.
 */
import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { ACTION } from '../../../blocks/ids.ts';
import { notifiedActions, redrawnNotice } from '../../../blocks/notice.ts';
import { slackTime } from '../../../blocks/text.ts';
import { names } from '../../../blocks/ticket-card.ts';
import type { Desk } from '../../context.ts';
import type { Lang, Translate } from '../../i18n/index.ts';
import { decideApproval } from '../../tickets/approve.ts';
import { acknowledgeCollaboration } from '../../tickets/collaborate.ts';
import { confirmEmergency } from '../../tickets/contact.ts';
import { ticketByNumber } from '../../tickets/handling.ts';
import { markCustomerNotified } from '../../tickets/notify-customer.ts';
import { afterAck, clickContext, ephemeral, type Respond, refusalText, replyTo } from './common.ts';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>;

const stamp = slackTime;

/** The notice as it was (its text), plus a line saying what was recorded, plus optional buttons. */
function redrawn(body: BlockAction, line: string, extra: KnownBlock[] = []) {
  const original = (body as { message?: { text?: string } }).message?.text ?? '';
  return { replace_original: true, ...redrawnNotice(original, line, extra) };
}

async function approve(desk: Desk, body: BlockAction, respond: Respond, tr: Translate, lang: Lang) {
  const { user, value: number } = clickContext(body);
  const t = await ticketByNumber(desk, number);
  if (!t) return void (await ephemeral(respond, refusalText(desk, lang, 'not_found')));
  const res = await decideApproval(desk, { ticketId: t._id, by: user, approve: true });
  if (!res.ok) return void (await ephemeral(respond, refusalText(desk, lang, res.reason, res.ticket)));
  await respond(redrawn(body, tr('approval.approvedLine', { user, at: stamp(desk.clock.now()) })));
}

async function customerNotified(desk: Desk, body: BlockAction, respond: Respond, tr: Translate, lang: Lang) {
  const { user, value: number } = clickContext(body);
  const t = await ticketByNumber(desk, number);
  if (!t) return void (await ephemeral(respond, refusalText(desk, lang, 'not_found')));
  const res = await markCustomerNotified(desk, { ticketId: t._id, by: user });
  if (!res.ok) return void (await ephemeral(respond, refusalText(desk, lang, res.reason, res.ticket)));
  const at = res.ticket.customerNotifiedAt ?? desk.clock.now();
  const due = res.ticket.customerNotifyDueAt;
  const line = tr(due && at.getTime() > due.getTime() ? 'notified.lineLate' : 'notified.line', {
    at: stamp(at),
  });
  await respond(redrawn(body, line, [notifiedActions(tr, number)]));
}

async function emergencyConfirmed(
  desk: Desk,
  body: BlockAction,
  respond: Respond,
  tr: Translate,
  lang: Lang,
) {
  const { user, value: number } = clickContext(body);
  const t = await ticketByNumber(desk, number);
  if (!t) return void (await ephemeral(respond, refusalText(desk, lang, 'not_found')));
  const res = await confirmEmergency(desk, { ticketId: t._id, by: user });
  if (!res.ok) return void (await ephemeral(respond, refusalText(desk, lang, res.reason, res.ticket)));
  await respond(redrawn(body, tr('emergency.confirmedLine', { user, at: stamp(desk.clock.now()) })));
}

async function acknowledge(desk: Desk, body: BlockAction, respond: Respond, tr: Translate, lang: Lang) {
  const { user, value } = clickContext(body);
  const [number = '', departmentId = ''] = value.split('|');
  const res = await acknowledgeCollaboration(desk, { number, departmentId, by: user });
  if (!res.ok && res.reason === 'not_member')
    return void (await ephemeral(
      respond,
      tr('deny.ack_not_member', { department: names(desk.config, lang).department(departmentId) }),
    ));
  if (!res.ok) return void (await ephemeral(respond, refusalText(desk, lang, res.reason, res.ticket)));
  await respond(redrawn(body, tr('collab.acknowledgedLine', { user, at: stamp(desk.clock.now()) })));
}

export function register(app: App, desk: Desk): void {
  const on = (
    action: string,
    label: string,
    fn: (desk: Desk, body: BlockAction, respond: Respond, tr: Translate, lang: Lang) => Promise<void>,
  ) =>
    app.action<BlockAction>(action, async ({ ack, body, respond: r }: Args) => {
      const respond = replyTo(desk, body, r);
      afterAck(desk, label, ack, body.user.id, respond, (tr, lang) => fn(desk, body, respond, tr, lang));
    });
  on(ACTION.approve, 'approve', approve);
  on(ACTION.customerNotified, 'customer notified', customerNotified);
  on(ACTION.acknowledge, 'acknowledge collaboration', acknowledge);
  on(ACTION.confirmEmergency, 'confirm emergency', emergencyConfirmed);
}
