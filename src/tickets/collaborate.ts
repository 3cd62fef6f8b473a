/**
 * Cross-department work: the lead department asks cooperating departments for something by a
 * date. Each gets a notice in its channel with an Acknowledge button; the card lists them and
 * whether they acknowledged.
 */
import type { Types } from 'mongoose';
import { ACTION } from '../../blocks/ids.ts';
import { userText } from '../../blocks/text.ts';
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { isOpenClock, withClocks } from '../domain/clocks.ts';
import { clockFields, clocksOf, collaborationClock } from './clocks.ts';
import {
  type CardRef,
  checkAction,
  departmentOf,
  isDepartmentMember,
  ticketOf,
  type WorkResult,
} from './handling.ts';
import { changeTicket, recordOnTicket } from './ticket-change.ts';

export interface CollaborationRequest {
  departmentId: string;
  need: string;
  /** YYYY-MM-DD */
  dueDate?: string;
}

export async function addCollaborators(
  desk: Desk,
  req: {
    ticketId: Types.ObjectId;
    current?: TicketDoc;
    by: string;
    requests: CollaborationRequest[];
    from?: CardRef;
  },
): Promise<WorkResult> {
  const t = await ticketOf(desk, req);
  if (!t) return { ok: false, reason: 'not_found' };
  const refused = checkAction(desk, t, 'add_collaborators', req.by, 'handler', req.from);
  if (refused) return { ok: false, reason: refused, ticket: t };
  const pending = new Set(
    (t.collaborators ?? []).filter((c) => !c.acknowledgedAt).map((c) => c.departmentId),
  );
  const ids = req.requests.map((r) => r.departmentId);
  if (
    ids.length === 0 ||
    new Set(ids).size !== ids.length ||
    ids.some((d) => !departmentOf(desk, d) || d === t.departmentId || pending.has(d))
  )
    return { ok: false, reason: 'invalid_target', ticket: t };
  const entries = req.requests.map((r) => ({
    departmentId: r.departmentId,
    need: r.need,
    ...(r.dueDate ? { dueDate: r.dueDate } : {}),
  }));
  const res = await changeTicket(desk, {
    ticketId: t._id,
    current: t,
    action: 'add_collaborators',
    by: req.by,
    note: entries.map((e) => `${e.departmentId} — ${e.need}${e.dueDate ? ` — ${e.dueDate}` : ''}`).join('; '),
    update: { $push: { collaborators: { $each: entries } } },
    // Each cooperating department's due date is a clock (reminds it, then its supervisors).
    set: clockFields(
      withClocks(
        clocksOf(t),
        entries.map((e) => collaborationClock(desk, e.departmentId, e.dueDate, desk.clock.now())),
      ),
    ),
    notices: (version) => [
      ...entries.map((e) => ({
        key: `collab:${t._id}:${e.departmentId}:${version}`,
        to: departmentOf(desk, e.departmentId)!.channel,
        message: 'notice.collaboration' as const,
        params: {
          number: t.number,
          user: req.by,
          departmentId: t.departmentId,
          need: userText(e.need, 1500),
          date: e.dueDate ?? '—',
        },
        buttons: [['button.acknowledge', ACTION.acknowledge, `${t.number}|${e.departmentId}`]] as [
          'button.acknowledge',
          string,
          string,
        ][],
      })),
      {
        key: `collab-thread:${t._id}:${version}`,
        to: t.card?.channel ?? '',
        inThread: true,
        message: 'thread.collaboration',
        params: {
          user: req.by,
          departments: entries
            .map((e) => departmentOf(desk, e.departmentId)?.name[desk.config.organisation.defaultLanguage])
            .join(', '),
        },
      },
    ],
  });
  if (!res.ok) return res;
  return { ok: true, ticket: res.ticket };
}

/** A member of a cooperating department acknowledges the request (once). */
export async function acknowledgeCollaboration(
  desk: Desk,
  req: { number: string; departmentId: string; by: string },
): Promise<WorkResult> {
  const t = await desk.models.Ticket.findOne({ number: req.number });
  if (!t) return { ok: false, reason: 'not_found' };
  const dept = departmentOf(desk, req.departmentId);
  const list = t.collaborators ?? [];
  const index = list.findIndex((c) => c.departmentId === req.departmentId && !c.acknowledgedAt);
  if (!dept || index < 0)
    return {
      ok: false,
      reason: list.some((c) => c.departmentId === req.departmentId) ? 'already_acknowledged' : 'not_found',
      ticket: t,
    };
  if (!(await isDepartmentMember(desk, dept, req.by))) return { ok: false, reason: 'not_member', ticket: t };
  const now = desk.clock.now();
  // Its clock is met in place (by index, conditional on the key), so a concurrent change is not overwritten.
  const clockIndex = (t.clocks ?? []).findIndex(
    (c) => c.key === `collaboration:${req.departmentId}` && isOpenClock(c),
  );
  const clockSet =
    clockIndex >= 0 ? { [`clocks.${clockIndex}.state`]: 'met', [`clocks.${clockIndex}.metAt`]: now } : {};
  const clockWhere =
    clockIndex >= 0 ? { [`clocks.${clockIndex}.key`]: `collaboration:${req.departmentId}` } : {};
  const updated = await recordOnTicket(
    desk,
    t._id,
    { by: req.by, action: 'acknowledge', note: req.departmentId },
    {
      $set: {
        [`collaborators.${index}.acknowledgedBy`]: req.by,
        [`collaborators.${index}.acknowledgedAt`]: now,
        ...clockSet,
      },
    },
    {
      ...clockWhere,
      [`collaborators.${index}.departmentId`]: req.departmentId,
      [`collaborators.${index}.acknowledgedAt`]: { $exists: false },
    },
    {
      notices: [
        {
          key: `collab-ack:${t._id}:${req.departmentId}:${index}`,
          to: t.card?.channel ?? '',
          inThread: true,
          message: 'thread.acknowledged',
          params: { user: req.by, departmentId: req.departmentId },
        },
      ],
    },
  );
  if (!updated) return { ok: false, reason: 'already_acknowledged', ticket: t };
  return { ok: true, ticket: updated };
}
