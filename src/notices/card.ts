/**
 * The department card's outbox tasks: `post_card` posts it once (a retry first looks for the card
 * a lost answer hid), and `redraw_card` redraws it from the stored ticket.
 */
import { cardMessage } from '../../blocks/ticket-card.ts';
import type { Desk, TaskHandler } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { type MessageKey, translator } from '../i18n/index.ts';
import { deliverPending } from '../outbox/deliver-now.ts';
import { pendingEntries, retryDelayMs } from '../outbox/outbox.ts';
import { slackErrorInfo } from '../outbox/slack-errors.ts';
import { findPosted } from '../outbox/slack-post.ts';
import type { PendingTask } from '../outbox/task-types.ts';
import { assignmentTasks } from '../tickets/assign.ts';
import { escalationLevelTasks } from '../tickets/escalation-levels.ts';
import { redrawTask } from '../tickets/ticket-change.ts';
import { noticeTask, notify } from './notify.ts';
import { updateSourceReply } from './source-reply.ts';

/**
 * The card message in the organisation's language (channels are shared), tagged with the outbox key.
 * Time left is drawn with the desk clock's now: the due times are the truth, and the lateness marker
 * is brought up to date by every change's redraw and the jobs' redraws (sla, clocks).
 */
function cardMessageOf(desk: Desk, t: TicketDoc, key = '') {
  const lang = desk.config.organisation.defaultLanguage;
  return cardMessage(translator(lang), desk.config, lang, t, desk.clock.now(), key);
}

/**
 * Posts the department card once: a retry first looks for the card a lost answer hid. Then one
 * update records the card, and its thread note and the opener's confirmation are sent; this task
 * stays on the ticket (or in the outbox) until they were sent or handed to the outbox, so a crash
 * in between sends them again (the thread note is looked up first; the DM may come twice).
 */
export const postCardTask: TaskHandler = async (desk, task, ctx) => {
  const { Ticket } = desk.models;
  const t = ctx.ticket ?? (await Ticket.findById(task.ticketId));
  if (!t) return 'drop';
  if (t.card?.ts) {
    // Recorded by an attempt that did not finish: its follow-ups may not have gone out.
    if (task.attempts > 1)
      await deliverPending(desk, t._id, cardFollowUps(desk, t, t.version), { onTicket: false });
    return 'done';
  }
  const dept = desk.config.departments.find((d) => d.id === t.departmentId);
  if (!dept) return 'drop';
  const since = new Date(Math.min(t.openedAt.getTime(), task.dueAt.getTime()));
  let ts = task.attempts > 1 ? await findPosted(desk, { channel: dept.channel }, task.key, since) : undefined;
  if (!ts) {
    try {
      // The client that never retries by itself: only the outbox retries a post, after its look-up.
      const res = await desk.slackOnce.chat.postMessage({
        channel: dept.channel,
        unfurl_links: false,
        ...cardMessageOf(desk, t, task.key),
      });
      ts = res.ts;
    } catch (err) {
      const info = slackErrorInfo(err);
      if (task.attempts === 1) await tellCardFailed(desk, t, dept.channel, dept.supervisors, info.code);
      desk.log.warn({ ticket: t.number, err: info.code }, 'card not posted; will retry');
      return { retryInMs: retryDelayMs(task.attempts, info.retryAfterSec), reason: info.code };
    }
  }
  let permalink: string | undefined;
  try {
    permalink = (await desk.slack.chat.getPermalink({ channel: dept.channel, message_ts: ts! })).permalink;
  } catch {
    permalink = undefined;
  }
  const recorded = await Ticket.findOneAndUpdate(
    { _id: t._id, 'card.ts': null },
    {
      $set: {
        'card.channel': dept.channel,
        'card.ts': ts,
        'card.permalink': permalink,
        'card.drawnVersion': t.version,
      },
    },
    { returnDocument: 'after' },
  );
  // Null: another attempt recorded its card first, and sends the follow-ups.
  if (!recorded) return 'done';
  if (ctx.ticket) ctx.ticket = recorded; // later work of this delivery sees the card
  await deliverPending(desk, recorded, cardFollowUps(desk, recorded, t.version), { onTicket: false });
  return 'done';
};

/**
 * What a posted card owes: for the ticket's first card, the note in its thread and the opener's
 * confirmation with the card's link (a transfer's new card gets the transfer's own notices); and a
 * redraw when the ticket changed after `drawnVersion` was drawn.
 */
function cardFollowUps(desk: Desk, t: TicketDoc, drawnVersion: number): PendingTask[] {
  const now = desk.clock.now();
  const lang = desk.config.organisation.defaultLanguage;
  const tr = translator(lang);
  const channel = t.card?.channel ?? '';
  const source = t.source?.permalink
    ? tr('card.thread.sourceMessage', { link: t.source.permalink })
    : tr('card.thread.sourceSlash');
  const first = !t.formerCards?.length;
  const owed = [
    noticeTask(
      {
        key: `opened-thread:${t._id}`,
        to: channel,
        inThread: true,
        ticketId: t._id,
        message: 'card.thread.opened',
        params: { number: t.number, user: t.openedBy, source },
      },
      now,
    ),
    noticeTask(
      {
        key: `opened-confirm:${t._id}`,
        to: t.openedBy,
        ticketId: t._id,
        message: 'confirm.created',
        params: {
          number: t.number,
          priority: t.priority,
          departmentId: t.departmentId,
          dueAt: t.responseDueAt.toISOString(),
          ...(t.card?.permalink ? { link: t.card.permalink } : {}),
        },
      },
      now,
    ),
  ].filter(() => first);
  // The department's assignment policy: ask someone now, or if still unclaimed later.
  if (first) owed.push(...assignmentTasks(desk, t));
  // Timed escalation levels, each at its share of the resolution window.
  if (first) owed.push(...escalationLevelTasks(desk, t));
  // A ticket from a conversation tells that conversation its number and status.
  if (first && t.conversationKey && !t.source?.replyTs)
    owed.push({ key: `source_reply:${t._id}`, kind: 'source_reply', ticketId: t._id, dueAt: now });
  if (t.version > drawnVersion) owed.push(redrawTask(t._id, `after:post_card:${t._id}`, now));
  return pendingEntries(owed, now);
}

async function tellCardFailed(
  desk: Desk,
  t: TicketDoc,
  channel: string,
  supervisors: string[],
  error: string,
) {
  await notify(desk, [
    {
      key: `card-failed-opener:${t._id}`,
      to: t.openedBy,
      ticketId: t._id,
      message: 'confirm.createdNoCard',
      params: { number: t.number, priority: t.priority, departmentId: t.departmentId, error },
    },
    ...supervisors.map((s) => ({
      key: `card-failed:${t._id}:${s}`,
      to: s,
      ticketId: t._id,
      message: 'notice.cardFailed' as MessageKey,
      params: { number: t.number, channel, error },
    })),
  ]);
}

/**
 * Redraws the card from the ticket (the stored one, or the one a change just wrote, whose delivery
 * records the version drawn with its closing update and draws again if a later change came in).
 */
export const redrawCardTask: TaskHandler = async (desk, task, ctx) => {
  const t = ctx.ticket ?? (await desk.models.Ticket.findById(task.ticketId));
  if (!t?.card?.ts || !t.card.channel) return 'drop';
  // `force`: drawnVersion cannot be trusted (an older redraw may have landed after a newer one).
  const force = (task.payload as { force?: boolean }).force === true;
  if (!force && (t.card.drawnVersion ?? 0) >= t.version) return 'done';
  const { metadata: _metadata, ...message } = cardMessageOf(desk, t);
  await desk.slack.chat.update({ channel: t.card.channel, ts: t.card.ts, ...message });
  await updateSourceReply(desk, t);
  if (ctx.after) {
    ctx.after.max['card.drawnVersion'] = Math.max(ctx.after.max['card.drawnVersion'] ?? 0, t.version);
    return 'done';
  }
  await desk.models.Ticket.updateOne(
    { _id: t._id, 'card.drawnVersion': { $lt: t.version } },
    { $set: { 'card.drawnVersion': t.version } },
  );
  return 'done';
};
