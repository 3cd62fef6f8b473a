/**
 * Timed escalation levels: at a configured share of a ticket's resolution window the level's people
 * (senior staff, the department supervisors, the service directors) are told once, with the
 * ticket's state and a link, and the history shows it. One outbox task per level is scheduled with
 * the first card; when it comes due it checks the ticket again: resolved or closed drops it, a due
 * time moved by a pause puts it off to the new instant, and the level is recorded in the same
 * conditional update that owes the DMs, so two instances tell nobody twice.
 */
import type { Desk, TaskHandler } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { slaWarningAt } from '../domain/job-rules.ts';
import type { Priority } from '../domain/types.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { TaskSpec } from '../outbox/task-types.ts';
import { escalationTargets } from './escalate.ts';
import { departmentOf } from './handling.ts';
import { recordOnTicket } from './ticket-change.ts';

/** The escalation levels that apply to a department (its own, else the organisation's). */
export function levelsFor(desk: Desk, departmentId: string) {
  return departmentOf(desk, departmentId)?.escalationLevels ?? desk.config.escalationLevels;
}

function levelKey(l: { level: string; share: number }): string {
  return `${l.level}@${l.share}`;
}

/** When a level falls due for the ticket as it stands (its current resolution due time). */
function levelAt(desk: Desk, t: TicketDoc, share: number): Date {
  const basis = desk.config.serviceLevels[t.priority as Priority].basis;
  return slaWarningAt(t.openedAt, t.resolutionDueAt, share, basis, desk.calendar);
}

/** The level tasks a new ticket gets (scheduled with its first card). */
export function escalationLevelTasks(desk: Desk, t: TicketDoc): TaskSpec[] {
  return levelsFor(desk, t.departmentId).flatMap((l, index) =>
    l.priorities.includes(t.priority as Priority)
      ? [
          {
            key: `escalation_level:${t._id}:${levelKey(l)}`,
            kind: 'escalation_level',
            ticketId: t._id,
            dueAt: levelAt(desk, t, l.share),
            payload: { index },
          },
        ]
      : [],
  );
}

export const escalationLevelTask: TaskHandler = async (desk, task, ctx) => {
  const t = await desk.models.Ticket.findById(task.ticketId);
  if (!t || t.status === 'resolved' || t.status === 'closed') return 'drop';
  const level = levelsFor(desk, t.departmentId)[Number((task.payload as { index?: number }).index)];
  if (!level?.priorities.includes(t.priority as Priority)) return 'drop';
  const key = levelKey(level);
  if (t.autoEscalations?.includes(key)) return 'done';
  const now = ctx.now;
  // Waiting on the customer: the window is paused and its due time moves on resume.
  if (t.pause?.since) return { retryInMs: 30 * 60_000, reason: 'resolution clock paused' };
  const at = levelAt(desk, t, level.share);
  if (at.getTime() > now.getTime())
    return { retryInMs: at.getTime() - now.getTime(), reason: 'due time moved' };
  const targets = escalationTargets(desk, t.departmentId, level.level);
  const percent = Math.round(level.share * 100);
  await recordOnTicket(
    desk,
    t._id,
    { by: targets[0] ?? t.openedBy, action: 'auto_escalate', to: level.level, note: `${percent}%` },
    { $addToSet: { autoEscalations: key } },
    { autoEscalations: { $ne: key }, status: { $nin: ['resolved', 'closed'] } },
    {
      notices: targets.map((to) => ({
        key: `auto-escalation:${t._id}:${key}:${to}`,
        to,
        ticketId: t._id,
        message: (t.ownerId ? 'escalation.auto' : 'escalation.autoUnclaimed') as MessageKey,
        params: {
          number: t.number,
          percent,
          priority: t.priority,
          departmentId: t.departmentId,
          dueAt: t.resolutionDueAt.toISOString(),
          status: t.status,
          ...(t.ownerId ? { user: t.ownerId } : {}),
        },
      })),
    },
  );
  desk.log.info({ ticket: t.number, level: level.level, percent }, 'escalation level reached');
  return 'done';
};
