/**
 * Stale-ticket nudges (the `nudge` job). In working time only:
 * - a claimed ticket without a progress update for `jobs.nudge.staleWorkingDays` working days: a DM to
 *   the owner and a reply in the card's thread, with Update progress / Snooze / Ask for help; from the
 *   `supervisorFromNudge`-th unanswered nudge the department's supervisors are told too;
 * - an unclaimed ticket past its response due time: a reminder in the department channel and a DM
 *   to its supervisors.
 * Each at most once per ticket per working day: task keys `nudge:<ticket>:<local date>` and
 * `unclaimed:<ticket>:<local date>` (plus suffixes per recipient), and `nudge.lastDay` on the ticket.
 */
import type { Types } from 'mongoose';
import { ACTION } from '../../blocks/ids.ts';
import type { Desk } from '../context.ts';
import { NUDGE_STATUSES, nudgeDecision, unclaimedReminderDay } from '../domain/job-rules.ts';
import type { MessageKey } from '../i18n/index.ts';
import { isJunior } from '../kb/suggest.ts';
import type { TaskContext } from '../outbox/task-types.ts';
import {
  type NoticePayload,
  type NoticeSpec,
  noticeHandler,
  planNotices,
  previewDue,
} from './scheduled-notice.ts';

export const NUDGE_KINDS = ['nudge'];

function payload(
  to: string,
  message: MessageKey,
  params: NoticePayload['params'],
  extra: Partial<NoticePayload> = {},
): NoticePayload {
  return { to, message, params, inThread: false, buttons: [], ...extra };
}

/** Finds what is due and stores the nudges; returns how many notices were newly planned. */
export async function planNudges(desk: Desk, ctx: TaskContext): Promise<number> {
  const { calendar, config } = desk;
  const now = ctx.now;
  let planned = ctx.dryRun ? await previewDue(desk, NUDGE_KINDS, ctx) : 0;
  if (!calendar.isWorkingTime(now)) {
    ctx.report?.push(`${now.toISOString()} is outside working hours: no nudges are sent now.`);
    return planned;
  }
  const day = calendar.localDate(now);
  const opts = config.jobs.nudge;
  const { Ticket } = desk.models;

  // Only tickets whose next nudge instant has come (or was never computed): `nudgeCheckAt`.
  const due = { $or: [{ nudgeCheckAt: null }, { nudgeCheckAt: { $lte: now } }] };
  const tomorrow = calendar.nextWorkingDayAt(now, calendar.spec.workingHours.start);
  /** The next look at a ticket, conditional on the value read (a transfer's "look now" is kept). */
  const nextCheck = async (t: { _id: unknown; nudgeCheckAt?: Date | null }, at: Date | null) => {
    if (ctx.dryRun) return;
    await Ticket.updateOne(
      { _id: t._id, nudgeCheckAt: t.nudgeCheckAt ?? null },
      { $set: { nudgeCheckAt: at } },
    );
  };
  const claimed = await Ticket.find(
    { status: { $in: NUDGE_STATUSES }, 'nudge.lastDay': { $ne: day }, ...due },
    {
      number: 1,
      status: 1,
      ownerId: 1,
      departmentId: 1,
      claimedAt: 1,
      lastProgressAt: 1,
      nudge: 1,
      nudgeCheckAt: 1,
      priority: 1,
      resolutionDueAt: 1,
    },
  ).lean();
  let read = claimed.length;
  for (const t of claimed) {
    const decision = nudgeDecision(t, now, calendar, opts);
    if (!decision.due || !t.ownerId) {
      const since = t.lastProgressAt ?? t.claimedAt;
      // Fresh: when it turns stale; snoozed: when the snooze ends (each no earlier than tomorrow's start
      // when already nudged today).
      const at =
        decision.due || !since
          ? null
          : decision.reason === 'snoozed' && t.nudge?.snoozedUntil
            ? t.nudge.snoozedUntil
            : decision.reason === 'fresh'
              ? calendar.addWorkingDays(since, opts.staleWorkingDays)
              : tomorrow;
      await nextCheck(t, at);
      continue;
    }
    const id = t._id as Types.ObjectId;
    const dept = config.departments.find((d) => d.id === t.departmentId);
    const since = (t.lastProgressAt ?? t.claimedAt)!;
    const params = {
      number: t.number,
      owner: t.ownerId,
      days: calendar.workingDaysBetween(since, now),
      count: decision.count,
      // Said in the text: P1, and how many working days past the resolution due time (issue 18).
      priority: t.priority,
      daysLate:
        t.resolutionDueAt && t.resolutionDueAt.getTime() < now.getTime()
          ? calendar.workingDaysBetween(t.resolutionDueAt, now)
          : 0,
    };
    const check = { since: since.toISOString(), owner: t.ownerId };
    const buttons: NoticePayload['buttons'] = [
      ['nudge.button.progress', ACTION.progress, t.number],
      ['nudge.button.snooze', ACTION.snooze, t.number],
      ['nudge.button.askHelp', ACTION.askHelp, t.number],
      ['button.contact', ACTION.contact, t.number],
    ];
    const base = `nudge:${id}:${day}`;
    const specs: NoticeSpec[] = [
      {
        key: base,
        kind: 'nudge',
        ticketId: id,
        dueAt: now,
        payload: payload(t.ownerId, 'nudge.owner', params, {
          buttons,
          check,
          kbAnswers: isJunior(desk, t.ownerId, t.departmentId), // knowledge base answers (issue 14)
        }),
      },
      {
        key: `${base}:thread`,
        kind: 'nudge',
        ticketId: id,
        dueAt: now,
        payload: payload(dept?.channel ?? t.ownerId, 'nudge.thread', params, {
          inThread: true,
          buttons,
          check,
        }),
      },
    ];
    if (decision.includeSupervisor)
      for (const s of dept?.supervisors ?? [])
        specs.push({
          key: `${base}:sup:${s}`,
          kind: 'nudge',
          ticketId: id,
          dueAt: now,
          payload: payload(s, 'nudge.supervisor', params, { check }),
        });
    planned += await planNotices(desk, ctx, specs);
    if (ctx.dryRun) continue;
    await Ticket.updateOne(
      { _id: id, 'nudge.lastDay': { $ne: day } },
      {
        $set: { 'nudge.lastDay': day, 'nudge.lastAt': now },
        $inc: { 'nudge.count': 1 },
        $push: { history: { at: now, by: t.ownerId, action: 'nudge', note: `#${decision.count}` } },
      },
    );
    await nextCheck(t, tomorrow);
  }

  const unclaimed = await Ticket.find(
    { status: 'new', responseDueAt: { $lte: now }, ...due },
    { number: 1, status: 1, departmentId: 1, responseDueAt: 1, priority: 1, nudgeCheckAt: 1 },
  ).lean();
  read += unclaimed.length;
  for (const t of unclaimed) {
    const today = unclaimedReminderDay(t, now, calendar);
    const dept = config.departments.find((d) => d.id === t.departmentId);
    if (!today || !dept) {
      await nextCheck(t, tomorrow);
      continue;
    }
    const id = t._id as Types.ObjectId;
    const params = {
      number: t.number,
      departmentId: dept.id,
      dueAt: t.responseDueAt.toISOString(),
      priority: t.priority,
    };
    const check = { departmentId: dept.id };
    const base = `unclaimed:${id}:${today}`;
    planned += await planNotices(desk, ctx, [
      {
        key: base,
        kind: 'nudge',
        ticketId: id,
        dueAt: now,
        payload: payload(dept.channel, 'nudge.unclaimed.channel', params, { check }),
      },
      ...dept.supervisors.map((s) => ({
        key: `${base}:sup:${s}`,
        kind: 'nudge',
        ticketId: id,
        dueAt: now,
        payload: payload(s, 'nudge.unclaimed.supervisor', params, { check }),
      })),
    ]);
    // Reminded once per working day: the next look is tomorrow's start.
    await nextCheck(t, tomorrow);
  }
  ctx.report?.push(`read ${read} ticket(s) with a nudge due`);
  return planned;
}

/**
 * Sends a nudge unless it no longer applies: an owner nudge needs the same owner and no progress
 * since it was planned and no snooze; an unclaimed reminder needs the ticket still unclaimed in the
 * same department.
 */
export const nudgeTask = noticeHandler((_desk, t, p, ctx) => {
  const c = p.check ?? {};
  if (c.departmentId !== undefined) return t.status === 'new' && t.departmentId === c.departmentId;
  const since = t.lastProgressAt ?? t.claimedAt;
  return (
    (NUDGE_STATUSES as readonly string[]).includes(t.status) &&
    t.ownerId === c.owner &&
    !!since &&
    since.getTime() <= new Date(String(c.since)).getTime() &&
    !(t.nudge?.snoozedUntil && t.nudge.snoozedUntil.getTime() > ctx.now.getTime())
  );
});
