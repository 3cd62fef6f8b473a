/**
 * Outbox task handlers by kind. Each sends one piece of Slack work and says whether it is done,
 * should be dropped, or stays due (thrown Slack errors also leave it due).
 */
import type { KnownBlock } from '@slack/types';
import { button, section } from '../../blocks/elements.ts';
import { slackTime } from '../../blocks/text.ts';
import { cardText, names, ticketCard } from '../../blocks/ticket-card.ts';
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { type MessageKey, type Params, translator } from '../i18n/index.ts';
import { deliverPending } from './deliver-now.ts';
import { digestTaskHandler } from './digest.ts';
import { followUpReminderTask, followUpTask } from './followup.ts';
import { redrawFormerCardTask } from './former-card.ts';
import { noticeTask, notify } from './notify.ts';
import { nudgeTask } from './nudge.ts';
import { pendingEntries, retryDelayMs, type TaskRecord } from './outbox.ts';
import { slaNoticeTask } from './sla-watch.ts';
import { slackErrorInfo } from './slack-errors.ts';
import { surveyOutcomeTask } from './survey.ts';
import { redrawTask } from './ticket-change.ts';

export interface TaskContext {
  now: Date;
  dryRun?: boolean;
  /** Collects readable lines of what was (or, in a dry run, would be) sent. */
  report?: string[];
}
export type TaskOutcome = 'done' | 'drop' | { retryInMs: number; reason: string };
export type TaskHandler = (desk: Desk, task: TaskRecord, ctx: TaskContext) => Promise<TaskOutcome>;

const CARD_EVENT = 'ticket_card';
const NOTICE_EVENT = 'desk_notice';

/**
 * Finds a message of ours that Slack posted although its answer was lost, by the outbox key in its
 * metadata, so a retry posts nothing twice. Looks in a thread when `threadTs` is given, else in
 * the channel's recent history. DMs cannot be looked up (that would need im:history).
 */
async function findPosted(
  desk: Desk,
  where: { channel: string; threadTs?: string },
  key: string,
  since: Date,
): Promise<string | undefined> {
  try {
    const res = where.threadTs
      ? await desk.slack.conversations.replies({
          channel: where.channel,
          ts: where.threadTs,
          limit: 200,
          include_all_metadata: true,
        })
      : await desk.slack.conversations.history({
          channel: where.channel,
          oldest: String(Math.floor(since.getTime() / 1000) - 120),
          limit: 200,
          include_all_metadata: true,
        });
    const hit = res.messages?.find(
      (m) => (m.metadata?.event_payload as { key?: string } | undefined)?.key === key,
    );
    return hit?.ts;
  } catch {
    return undefined;
  }
}

export function cardMessage(desk: Desk, t: TicketDoc, key = '') {
  const lang = desk.config.organisation.defaultLanguage;
  const tr = translator(lang);
  return {
    text: cardText(tr, desk.config, lang, t),
    blocks: ticketCard(tr, desk.config, lang, t),
    metadata: { event_type: CARD_EVENT, event_payload: { ticket: t.number, key } },
  };
}

/**
 * Posts the department card once: a retry first looks for the card a lost answer hid. Recording
 * the card and owing its thread note and the opener's confirmation is one update.
 */
const postCard: TaskHandler = async (desk, task) => {
  const { Ticket } = desk.models;
  const t = await Ticket.findById(task.ticketId);
  if (!t) return 'drop';
  if (t.card?.ts) return 'done';
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
        ...cardMessage(desk, t, task.key),
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
  const now = desk.clock.now();
  const lang = desk.config.organisation.defaultLanguage;
  const tr = translator(lang);
  const source = t.source?.permalink
    ? tr('card.thread.sourceMessage', { link: t.source.permalink })
    : tr('card.thread.sourceSlash');
  const owed = [
    noticeTask(
      {
        key: `opened-thread:${t._id}`,
        to: dept.channel,
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
          departmentId: dept.id,
          dueAt: t.responseDueAt.toISOString(),
          ...(permalink ? { link: permalink } : {}),
        },
      },
      now,
    ),
  ];
  // The card drew version t.version; a change made while it was being posted is redrawn.
  owed.push({ ...redrawTask(t._id, t.version, now), key: `redraw_card:${t._id}:after:${task.key}` });
  const pending = pendingEntries(owed, now);
  const stored = await Ticket.updateOne(
    { _id: t._id, 'card.ts': null },
    {
      $set: {
        'card.channel': dept.channel,
        'card.ts': ts,
        'card.permalink': permalink,
        'card.drawnVersion': t.version,
      },
      $push: { pendingTasks: { $each: pending } },
    },
  );
  if (stored.modifiedCount === 1) await deliverPending(desk, t._id, pending);
  return 'done';
};

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

/** Redraws the card from the stored ticket (whatever version is current when it runs). */
const redrawCardTask: TaskHandler = async (desk, task) => {
  const t = await desk.models.Ticket.findById(task.ticketId);
  if (!t?.card?.ts || !t.card.channel) return 'drop';
  if ((t.card.drawnVersion ?? 0) >= t.version) return 'done';
  const { metadata: _metadata, ...message } = cardMessage(desk, t);
  await desk.slack.chat.update({ channel: t.card.channel, ts: t.card.ts, ...message });
  await desk.models.Ticket.updateOne(
    { _id: t._id, 'card.drawnVersion': { $lt: t.version } },
    { $set: { 'card.drawnVersion': t.version } },
  );
  return 'done';
};

const emergency: TaskHandler = async (desk, task) => {
  const t = await desk.models.Ticket.findById(task.ticketId);
  if (!t) return 'drop';
  const dept = desk.config.departments.find((d) => d.id === t.departmentId);
  if (!dept) return 'drop';
  await notify(
    desk,
    dept.supervisors.map((s) => ({
      key: `emergency:${t._id}:${s}`,
      to: s,
      ticketId: t._id,
      message: 'notice.emergency' as MessageKey,
      params: { number: t.number, priority: t.priority, departmentId: dept.id, reasonOf: t.priorityReason },
    })),
  );
  return 'done';
};

/** Renders a notification in the recipient's language at send time. */
const notifyHandler: TaskHandler = async (desk, task, ctx) => {
  const p = task.payload as {
    to: string;
    message: MessageKey;
    params: Params;
    inThread: boolean;
    buttons: [MessageKey, string, string][];
  };
  const t = task.ticketId ? await desk.models.Ticket.findById(task.ticketId) : null;
  if (p.inThread && !t?.card?.ts) return { retryInMs: 60_000, reason: 'card not posted yet' };
  const isUser = /^[UW]/.test(p.to);
  const lang = isUser ? await desk.langOf(p.to) : desk.config.organisation.defaultLanguage;
  const tr = translator(lang);
  const params = renderParams(desk, lang, p.params, t);
  const text = tr(p.message, params);
  const blocks: KnownBlock[] = [section(text)];
  if (p.buttons.length)
    blocks.push({
      type: 'actions',
      elements: p.buttons.map(([label, action, value]) => button(tr(label), action, value)),
    });
  if (ctx.dryRun) {
    ctx.report?.push(`→ ${p.to}: ${text}`);
    return 'done';
  }
  await postNotice(desk, task, { to: p.to, inThread: p.inThread, ticket: t, text, blocks });
  ctx.report?.push(`→ ${p.to}: ${text}`);
  return 'done';
};

/**
 * Posts a notice to a user (DM), a channel, or the ticket card's thread, once: channel and thread
 * posts carry the task's key in their metadata and a retry first looks for them. A DM whose answer
 * was lost can be sent twice (at most once more per lost answer).
 */
export async function postNotice(
  desk: Desk,
  task: TaskRecord,
  n: { to: string; inThread: boolean; ticket: TicketDoc | null; text: string; blocks: KnownBlock[] },
): Promise<void> {
  const card = n.ticket?.card;
  const channel = n.inThread && card?.channel ? card.channel : n.to;
  const threadTs = n.inThread && card?.ts ? card.ts : undefined;
  const isDm = /^[UW]/.test(channel);
  if (!isDm && task.attempts > 1) {
    const since = task.dueAt;
    if (await findPosted(desk, { channel, ...(threadTs ? { threadTs } : {}) }, task.key, since)) return;
  }
  await desk.slackOnce.chat.postMessage({
    channel,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    text: n.text,
    blocks: n.blocks,
    unfurl_links: false,
    ...(isDm ? {} : { metadata: { event_type: NOTICE_EVENT, event_payload: { key: task.key } } }),
  });
}

/** Fills derived parameters in the recipient's language (department names, dates, links). */
function renderParams(desk: Desk, lang: 'en' | 'zh-CN', params: Params, t: TicketDoc | null): Params {
  const tr = translator(lang);
  const n = names(desk.config, lang);
  const out: Params = { ...params };
  if (typeof params.departmentId === 'string') out.department = n.department(params.departmentId);
  if (typeof params.targetDepartmentId === 'string') out.target = n.department(params.targetDepartmentId);
  if (typeof params.dueAt === 'string') {
    const d = new Date(params.dueAt);
    out.due = slackTime(d);
  }
  if (typeof params.escalationLevel === 'string')
    out.level = tr(`escalation.${params.escalationLevel}` as MessageKey);
  if (typeof params.priority === 'string') out.priority = tr(`priority.${params.priority}` as MessageKey);
  if (typeof params.reasonOf === 'string' && t) out.reason = tr(`reason.${t.priorityReason}` as MessageKey);
  if (t && out.link === undefined) out.link = t.card?.permalink ?? tr('notice.emergencyNoLink');
  return out;
}

export const TASK_HANDLERS: Record<string, TaskHandler> = {
  post_card: postCard,
  redraw_card: redrawCardTask,
  emergency,
  notify: notifyHandler,
  redraw_former_card: redrawFormerCardTask,
  digest: digestTaskHandler,
  // Scheduled work (nudges, service levels, follow-up): wrapped so the lookup happens at call time.
  nudge: (desk, task, ctx) => nudgeTask(desk, task, ctx),
  sla_notice: (desk, task, ctx) => slaNoticeTask(desk, task, ctx),
  followup: (desk, task, ctx) => followUpTask(desk, task, ctx),
  followup_reminder: (desk, task, ctx) => followUpReminderTask(desk, task, ctx),
  survey_outcome: (desk, task) => surveyOutcomeTask(desk, task),
};
