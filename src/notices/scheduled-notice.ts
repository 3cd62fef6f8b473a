/**
 * Notices sent by the scheduled jobs (nudges, service-level notices, follow-ups) as outbox tasks of
 * their own kinds, so each job delivers (and `npm run job` reports) only its own work.
 *
 * - Planning: `planNotices` stores each notice under an idempotent key (running a job twice at the
 *   same time, or on two instances, stores one task); in a dry run nothing is stored and the notices
 *   that would be sent are rendered into the report instead.
 * - Sending: `noticeHandler(check)` builds the task handler of a kind: it re-reads the ticket, drops
 *   the notice when `check` says it no longer applies (progress posted, ticket claimed, reopened…),
 *   renders it in the recipient's language at send time and posts it. A Slack error propagates, so
 *   the runner leaves the task due and it is never marked sent unless Slack accepted it.
 */
import type { KnownBlock } from '@slack/types';
import type { Types } from 'mongoose';
import { noticeParams } from '../../blocks/notice.ts';
import type { Desk, TaskHandler } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { type MessageKey, type Params, translator } from '../i18n/index.ts';
import { ticketAnswerBlocks } from '../kb/suggest.ts';
import { scheduleTask } from '../outbox/outbox.ts';
import { postNotice } from '../outbox/slack-post.ts';
import type { TaskContext, TaskOutcome, TaskRecord } from '../outbox/task-types.ts';
import { recordContactShown, ticketNotice } from './notice-render.ts';

export interface NoticePayload {
  /** A user id (DM) or a channel id. */
  to: string;
  message: MessageKey;
  params: Params;
  /** Post in the ticket card's thread instead of `to`. */
  inThread: boolean;
  /** [label key, action id, value] */
  buttons: [MessageKey, string, string][];
  /** The Slack channel the post lands in (for per-channel pacing); default `to`. */
  paceKey?: string;
  /** What the kind's `check` compares with the ticket at send time. */
  check?: Record<string, string | number | null>;
  /** Knowledge base answers that may help, with "ask a senior" (issue 14: junior owners' nudges). */
  kbAnswers?: boolean;
}

export interface NoticeSpec {
  key: string;
  kind: string;
  ticketId: Types.ObjectId;
  dueAt: Date;
  payload: NoticePayload;
}

/**
 * Renders a notice in the recipient's language: the text and its blocks (the shared notice layout).
 * `ticketRef`: how the text names the ticket, by its number or linked to its card.
 */
export async function renderNotice(
  desk: Desk,
  p: Pick<NoticePayload, 'to' | 'message' | 'params' | 'inThread' | 'buttons' | 'kbAnswers'>,
  t: TicketDoc | null,
  now: Date = desk.clock.now(),
  ticketRef: 'number' | 'permalink' = 'number',
): Promise<{ text: string; blocks: KnownBlock[]; contactShown: boolean }> {
  const isUser = /^[UW]/.test(p.to);
  const lang = isUser ? await desk.langOf(p.to) : desk.config.organisation.defaultLanguage;
  const tr = translator(lang);
  const text = tr(p.message, noticeParams(tr, desk.config, lang, p.params, t, ticketRef));
  const { blocks, contactShown } = ticketNotice(desk, tr, {
    to: p.to,
    message: p.message,
    text,
    buttons: p.buttons,
    inThread: p.inThread,
    ticket: t,
    now,
  });
  if (p.kbAnswers && t) blocks.push(...(await ticketAnswerBlocks(desk, tr, t, true))); // issue 14
  return { text, blocks, contactShown };
}

function reportLine(p: NoticePayload, text: string, dry: boolean): string {
  const where = p.inThread ? `thread of ${p.to}` : p.to;
  return `${dry ? 'would send' : 'sent'} → ${where}: ${text.replace(/\s+/g, ' ')}`;
}

/** Stores the notices (idempotent by key); in a dry run reports what would be sent instead. */
export async function planNotices(desk: Desk, ctx: TaskContext, specs: NoticeSpec[]): Promise<number> {
  let planned = 0;
  for (const spec of specs) {
    if (ctx.dryRun) {
      if (await desk.models.Task.exists({ key: spec.key })) continue;
      const t = await desk.models.Ticket.findById(spec.ticketId);
      const { text } = await renderNotice(desk, spec.payload, t, ctx.now);
      ctx.report?.push(reportLine(spec.payload, text, true));
      planned++;
      continue;
    }
    const stored = await scheduleTask(desk, {
      key: spec.key,
      kind: spec.kind,
      ticketId: spec.ticketId,
      dueAt: spec.dueAt,
      payload: spec.payload as unknown as Record<string, unknown>,
    });
    if (stored) planned++;
  }
  return planned;
}

/** In a dry run: reports the already stored notices of `kinds` that are due (e.g. left by a Slack outage). */
export async function previewDue(desk: Desk, kinds: string[], ctx: TaskContext): Promise<number> {
  const due = await desk.models.Task.find({ kind: { $in: kinds }, status: 'due', dueAt: { $lte: ctx.now } })
    .sort({ dueAt: 1 })
    .limit(500)
    .lean();
  for (const task of due) {
    const p = task.payload as unknown as NoticePayload;
    const t = task.ticketId ? await desk.models.Ticket.findById(task.ticketId) : null;
    const { text } = await renderNotice(desk, p, t, ctx.now);
    ctx.report?.push(reportLine(p, text, true));
  }
  return due.length;
}

export type NoticeCheck = (
  desk: Desk,
  t: TicketDoc,
  p: NoticePayload,
  ctx: TaskContext,
) => boolean | Promise<boolean>;

/** Posts a notice task (or, in a dry run, only reports it). Slack errors propagate (the task stays due). */
export async function sendNotice(
  desk: Desk,
  task: TaskRecord,
  ctx: TaskContext,
  t: TicketDoc | null,
): Promise<TaskOutcome> {
  const p = task.payload as unknown as NoticePayload;
  if (p.inThread && !t?.card?.ts) return { retryInMs: 60_000, reason: 'card not posted yet' };
  const { text, blocks, contactShown } = await renderNotice(desk, p, t, ctx.now);
  if (!ctx.dryRun) {
    await postNotice(desk, task, { to: p.to, inThread: !!p.inThread, ticket: t, text, blocks });
    if (contactShown && t) await recordContactShown(desk, t, p.to, p.message);
  }
  ctx.report?.push(reportLine(p, text, !!ctx.dryRun));
  return 'done';
}

/** The task handler of a notice kind: drop when the ticket is gone or `check` fails, else send. */
export function noticeHandler(check: NoticeCheck, afterSend?: NoticeCheck): TaskHandler {
  return async (desk, task, ctx) => {
    const t = ctx.ticket ?? (task.ticketId ? await desk.models.Ticket.findById(task.ticketId) : null);
    if (!t) return 'drop';
    const p = task.payload as unknown as NoticePayload;
    if (!(await check(desk, t, p, ctx))) return 'drop';
    const outcome = await sendNotice(desk, task, ctx, t);
    if (outcome === 'done' && !ctx.dryRun && afterSend) await afterSend(desk, t, p, ctx);
    return outcome;
  };
}
