/**
 * Service-level warnings and breaches (the `sla` job). Reads only open tickets whose `slaCheckAt`
 * (the next unsent warning or due instant, job-rules.ts `slaNextCheck`) has come. At `jobs.sla.warnAtShare` of the response
 * window (while unclaimed) or the resolution window (while unresolved) the owner is warned, or the
 * department channel when nobody owns it; at the breach the owner (or department) and the
 * department's supervisors are told. Each notice once: task keys `sla:<kind>:<ticket>` (suffix per
 * extra recipient) and the kind is added to `ticket.slaNotices` (version bumped, card redrawn).
 */
import type { Types } from 'mongoose';
import type { Desk } from '../context.ts';
import { type SlaNoticeKind, slaNextCheck, slaNoticesDue } from '../domain/job-rules.ts';
import type { MessageKey } from '../i18n/index.ts';
import { deliverPending } from '../outbox/deliver-now.ts';
import { pendingEntries } from '../outbox/outbox.ts';
import type { TaskContext } from '../outbox/task-types.ts';
import { redrawTask } from '../tickets/ticket-change.ts';
import { type NoticeSpec, noticeHandler, planNotices, previewDue } from './scheduled-notice.ts';

export const SLA_KINDS = ['sla_notice'];

export async function planSlaNotices(desk: Desk, ctx: TaskContext): Promise<number> {
  const { config, calendar } = desk;
  const now = ctx.now;
  let planned = ctx.dryRun ? await previewDue(desk, SLA_KINDS, ctx) : 0;
  // Only tickets whose next service-level instant has come (or was never computed).
  const open = await desk.models.Ticket.find(
    {
      status: { $nin: ['resolved', 'closed'] },
      $or: [{ slaCheckAt: null }, { slaCheckAt: { $lte: now } }],
    },
    {
      number: 1,
      status: 1,
      priority: 1,
      ownerId: 1,
      departmentId: 1,
      openedAt: 1,
      responseDueAt: 1,
      resolutionDueAt: 1,
      slaNotices: 1,
      pause: 1,
      slaCheckAt: 1,
    },
  ).lean();
  ctx.report?.push(`read ${open.length} ticket(s) with a service-level instant due`);
  for (const t of open) {
    const basis = config.serviceLevels[t.priority].basis;
    const share = config.jobs.sla.warnAtShare;
    const kinds = slaNoticesDue(t, now, share, basis, calendar);
    const dept = config.departments.find((d) => d.id === t.departmentId);
    // After this ticket's notices are planned and marked: the next look is the next unsent instant
    // after now (conditional on the value read, so a transfer's or reopen's "look now" is kept).
    const advance = async () => {
      if (ctx.dryRun) return;
      const sent = [...(t.slaNotices ?? []), ...kinds];
      await desk.models.Ticket.updateOne(
        { _id: t._id, slaCheckAt: t.slaCheckAt ?? null },
        { $set: { slaCheckAt: slaNextCheck({ ...t, slaNotices: sent }, now, share, basis, calendar) } },
      );
    };
    if (!kinds.length || !dept) {
      await advance();
      continue;
    }
    const id = t._id as Types.ObjectId;
    for (const kind of kinds) {
      const response = kind.startsWith('response');
      const params = {
        number: t.number,
        owner: t.ownerId ?? undefined,
        departmentId: dept.id,
        priority: t.priority,
        dueAt: (response ? t.responseDueAt : t.resolutionDueAt).toISOString(),
      };
      const owned = !response && !!t.ownerId;
      const message = `sla.${kind}.${owned ? 'owner' : 'channel'}` as MessageKey;
      const specs: NoticeSpec[] = [
        {
          key: `sla:${kind}:${id}`,
          kind: 'sla_notice',
          ticketId: id,
          dueAt: now,
          payload: {
            to: owned ? t.ownerId! : dept.channel,
            message,
            params,
            inThread: false,
            buttons: [],
            check: { kind },
          },
        },
      ];
      if (kind.endsWith('breach'))
        for (const s of dept.supervisors)
          specs.push({
            key: `sla:${kind}:${id}:sup:${s}`,
            kind: 'sla_notice',
            ticketId: id,
            dueAt: now,
            payload: {
              to: s,
              message: `sla.${kind}.supervisor` as MessageKey,
              params,
              inThread: false,
              buttons: [],
              check: { kind },
            },
          });
      planned += await planNotices(desk, ctx, specs);
      if (ctx.dryRun) continue;
      // The card's label is owed with the mark: the redraw is written in the same update.
      const redraw = pendingEntries([redrawTask(id, `sla:${kind}`, now)], now);
      const res = await desk.models.Ticket.updateOne(
        { _id: id, slaNotices: { $ne: kind } },
        { $addToSet: { slaNotices: kind }, $inc: { version: 1 }, $push: { pendingTasks: { $each: redraw } } },
      );
      if (res.modifiedCount === 1) {
        if (kind.endsWith('breach')) desk.metrics.breach(kind);
        await deliverPending(desk, id, redraw);
      }
    }
    await advance();
  }
  return planned;
}

/** Warnings lapse once the ticket was claimed (response) or resolved (resolution); breaches are always told. */
export const slaNoticeTask = noticeHandler((_desk, t, p) => {
  const kind = p.check?.kind as SlaNoticeKind | undefined;
  if (kind === 'response_warning') return t.status === 'new';
  if (kind === 'resolution_warning') return t.status !== 'resolved' && t.status !== 'closed';
  return true;
});
