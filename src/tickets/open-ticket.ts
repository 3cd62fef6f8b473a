/**
 * Opening a ticket: number it (atomic daily counter per contact channel), derive priority and
 * due times, store it with its first audit entry and the Slack work it is owed, then post its card
 * through the outbox. A view submission delivered twice stores one ticket (the view id is a unique
 * intake key).
 */
import { Types } from 'mongoose';
import { ACTION } from '../../blocks/ids.ts';
import type { Desk, TaskHandler } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { type Clock, meetClocks } from '../domain/clocks.ts';
import { conversationKey } from '../domain/conversation.ts';
import type { Intake } from '../domain/intake.ts';
import { followUpTimes, slaNextCheck } from '../domain/job-rules.ts';
import { phoneLast4 } from '../domain/masking.ts';
import { counterKey, formatTicketNumber, ticketDatePart } from '../domain/numbering.ts';
import { derivePriority } from '../domain/priority.ts';
import { ticketTokens } from '../domain/search.ts';
import { customerNotifyDueAt, dueTimes } from '../domain/sla.ts';
import { deriveSubject } from '../domain/subject.ts';
import type { Priority, RequestType } from '../domain/types.ts';
import type { MessageKey } from '../i18n/index.ts';
import { noticeTask } from '../notices/notify.ts';
import { scopeTicket } from '../ops/log-scope.ts';
import { deliverPending } from '../outbox/deliver-now.ts';
import { pendingEntries } from '../outbox/outbox.ts';
import type { PendingTask, TaskSpec } from '../outbox/task-types.ts';
import { refreshHomesOf } from '../reports/home.ts';
import { clockFields, firstResponseDue, openingClocks, resolvedClocks } from './clocks.ts';
import { customerForIntake, tierOf } from './customers.ts';
import { afterResolved } from './resolve.ts';

export interface OpenRequest {
  intake: Intake;
  openedBy: string;
  /** Unique per intake form (the Slack view id). */
  intakeKey: string;
  /** The message it came from: a shortcut's, or a conversation's (🎫 reaction, mention). */
  source?: {
    channel: string;
    ts: string;
    permalink?: string;
    kind?: 'shortcut' | 'reaction' | 'mention';
    author?: string;
  };
  /**
   * Opened at once from a 🎫 reaction, without the form: the customer and the 5W1H details are still
   * to be completed, so no customer record is matched or created.
   */
  incomplete?: boolean;
}

export async function nextSerial(desk: Desk, key: string): Promise<number> {
  const doc = await desk.models.Counter.findOneAndUpdate(
    { _id: key },
    { $inc: { seq: 1 } },
    { upsert: true, returnDocument: 'after', lean: true },
  );
  return doc!.seq;
}

export async function openTicket(
  desk: Desk,
  req: OpenRequest,
): Promise<{ ticket: TicketDoc; created: boolean }> {
  const { Ticket } = desk.models;
  const { config, calendar } = desk;
  const now = desk.clock.now();
  const datePart = ticketDatePart(now, config.organisation.timezone);
  // The customer record: matched by ID, phone or email, or created; its tier feeds the priority.
  const customer = req.incomplete ? null : await customerForIntake(desk, req.intake, req.openedBy);
  const tier = tierOf(config, customer?.tier);
  const intake = {
    ...req.intake,
    customerId: customer?.customerId ?? '',
    keyAccount: req.intake.keyAccount || tier.keyAccount,
  };
  const category = config.categories.find((c) => c.id === intake.category)!;
  const channel = config.contactChannels.find((c) => c.id === intake.contactChannel)!;
  const { priority, reason } = derivePriority({
    // A request type may set its own default (suggestions are P3 whatever their category).
    categoryDefault:
      config.requestTypes.find((r) => r.id === intake.requestType)?.defaultPriority ??
      category.defaultPriority,
    urgency: intake.urgency,
    impact: intake.impact,
    keyAccount: intake.keyAccount,
    requestType: intake.requestType as RequestType,
  });
  const due = dueTimes({
    openedAt: now,
    priority,
    levels: config.serviceLevels,
    add: (t, hours, basis) => calendar.add(t, { hours, basis }),
    category,
  });
  // The stricter of the priority's and the urgency's first-response window (toolkit).
  const responseDueAt = firstResponseDue(desk, now, intake.urgency, due.responseDueAt);
  const opening = openingClocks(desk, { openedAt: now, priority, urgency: intake.urgency, responseDueAt });
  // Solved during the contact (首问解决): opened already resolved by the agent.
  const solved = req.incomplete ? undefined : intake.solvedAtContact;
  const solvedSet = solved
    ? solvedAtContactFields(desk, {
        opening,
        now,
        priority,
        by: req.openedBy,
        result: solved,
        requestType: intake.requestType as RequestType,
      })
    : undefined;
  const clocks = solvedSet?.clocks ?? opening;
  // Complaints about staff behaviour go to the configured HR department (approval.hrDepartment).
  const hr = config.approval.hrDepartment;
  const departmentId =
    hr && intake.staffBehaviour && intake.requestType === 'complaint' ? hr : category.department;
  const serial = await nextSerial(desk, counterKey(channel.code, datePart));
  const number = formatTicketNumber(channel.code, datePart, serial);

  // Two round trips before the ack: the counter, and one insert carrying the work the ticket is
  // owed (its card, and the emergency alert for P1/critical), so a crash right after the ack loses
  // nothing: the `cards` job's sweep moves what was not moved.
  const id = new Types.ObjectId();
  const owed: TaskSpec[] = [{ key: `post_card:${id}`, kind: 'post_card', ticketId: id, dueAt: now }];
  if (!solved && (priority === 'P1' || intake.urgency === 'critical'))
    owed.push({ key: `emergency:${id}`, kind: 'emergency', ticketId: id, dueAt: now });
  let ticket: TicketDoc;
  try {
    ticket = await Ticket.create({
      _id: id,
      number,
      channelCode: channel.code,
      datePart,
      serial,
      intakeKey: req.intakeKey,
      status: solved ? 'resolved' : 'new',
      priority,
      priorityReason: reason,
      requestType: intake.requestType as RequestType,
      categoryId: category.id,
      departmentId,
      contactChannelId: channel.id,
      customer: {
        name: intake.customerName,
        customerId: intake.customerId,
        phone: intake.phone,
        phoneLast4: phoneLast4(intake.phone),
        email: intake.email,
        company: intake.company,
        keyAccount: intake.keyAccount,
        tier: tier.id,
        contactName: intake.contactName ?? '',
        contactRole: intake.contactRole ?? '',
        industry: intake.industry || customer?.industry || '',
      },
      expectedBy: intake.expectedBy ?? '',
      preferredContact: { method: intake.preferredContact ?? '', hours: intake.preferredHours ?? '' },
      subject: intake.subject || deriveSubject(intake.description),
      description: intake.description,
      desiredOutcome: intake.desiredOutcome,
      urgency: intake.urgency,
      urgencyReason: intake.urgencyReason,
      impact: intake.impact,
      orderNumber: intake.orderNumber,
      keywords: intake.keywords,
      searchTokens: ticketTokens({ number, ...intake }),
      source: req.source,
      ...(req.incomplete ? { incomplete: true } : {}),
      // A conversation's message becomes at most one ticket.
      ...(req.source && (req.source.kind === 'reaction' || req.source.kind === 'mention')
        ? { conversationKey: conversationKey(req.source.channel, req.source.ts) }
        : {}),
      openedBy: req.openedBy,
      openedAt: now,
      responseDueAt,
      resolutionDueAt: due.resolutionDueAt,
      ...clockFields(clocks),
      slaCheckAt: slaNextCheck(
        { openedAt: now, responseDueAt, resolutionDueAt: due.resolutionDueAt },
        now,
        config.jobs.sla.warnAtShare,
        config.serviceLevels[priority].basis,
        calendar,
      ),
      history: [
        { at: now, by: req.openedBy, action: 'open', to: 'new', note: `${priority}: ${reason}` },
        ...(solvedSet ? [solvedSet.history] : []),
      ],
      ...(solvedSet?.set ?? {}),
      pendingTasks: pendingEntries(owed, now),
    });
  } catch (err) {
    // The same form submitted again (a redelivery): the first delivery stored it. Its serial number
    // is left unused (numbers are unique and never reused; a gap is allowed).
    // A conversation's message that is already a ticket (two people opened it at once): that one.
    if ((err as { code?: number }).code === 11000) {
      const again =
        (await Ticket.findOne({ intakeKey: req.intakeKey })) ??
        (req.source
          ? await Ticket.findOne({ conversationKey: conversationKey(req.source.channel, req.source.ts) })
          : null);
      if (again) return { ticket: again, created: false };
    }
    throw err;
  }
  scopeTicket(number);
  desk.metrics.ticket('opened', ticket);
  desk.log.info({ ticket: number, priority, department: departmentId, solved: !!solved }, 'ticket opened');
  // Like any resolution: its satisfaction follow-up (the followup job's sweep catches up a lost one).
  if (solved) afterResolved(desk, ticket);
  return { ticket, created: true };
}

/**
 * What a ticket solved during the contact is opened with: resolved by the agent now (the resolution
 * summary is the result told to the customer), claimed by the agent, its first response and customer
 * contact met, the customer already told the result, and the satisfaction follow-up clock running.
 */
function solvedAtContactFields(
  desk: Desk,
  o: {
    opening: Clock[];
    now: Date;
    priority: Priority;
    by: string;
    result: string;
    requestType: RequestType;
  },
) {
  const { now } = o;
  const notifyDueAt = customerNotifyDueAt(now, o.priority, desk.config.serviceLevels, (at, hours, basis) =>
    desk.calendar.add(at, { hours, basis }),
  );
  const { deadline } = followUpTimes(now, o.requestType, desk.calendar, desk.config.followUp);
  const resolved = resolvedClocks(
    desk,
    { clocks: o.opening } as unknown as TicketDoc,
    now,
    notifyDueAt,
    deadline,
    desk.config.serviceLevels[o.priority].basis,
  );
  const clocks = meetClocks(resolved, ['first_response', 'customer_contact', 'result_notice'], now);
  return {
    clocks,
    set: {
      ownerId: o.by,
      claimedAt: now,
      firstResponseAt: now,
      resolution: {
        summary: o.result,
        rootCause: '',
        type: 'answer' as const,
        completedAt: now,
        by: o.by,
        at: now,
      },
      resolvedAt: now,
      resolutionMet: true,
      customerNotifyDueAt: notifyDueAt,
      customerNotifiedAt: now,
      solvedAtContact: true,
    },
    history: {
      at: now,
      by: o.by,
      action: 'resolve',
      from: 'new',
      to: 'resolved',
      note: `answer — ${o.result}`,
    },
  };
}

/** Sends what a new ticket is owed (card, emergency alert) and redraws the opener's Home. */
export async function publishNewTicket(desk: Desk, ticket: TicketDoc): Promise<void> {
  await deliverPending(desk, ticket, (ticket.pendingTasks ?? []) as PendingTask[]);
  await refreshHomesOf(desk, [ticket.openedBy]);
}

/**
 * The `emergency` task of a P1 or critical ticket: tells the department's supervisors at once (an
 * alert Slack refuses goes to the outbox for a retry).
 */
export const emergencyTask: TaskHandler = async (desk, task, ctx) => {
  const t = ctx.ticket ?? (await desk.models.Ticket.findById(task.ticketId));
  if (!t) return 'drop';
  const dept = desk.config.departments.find((d) => d.id === t.departmentId);
  if (!dept) return 'drop';
  const now = desk.clock.now();
  const alerts = dept.supervisors.map((s) =>
    noticeTask(
      {
        key: `emergency:${t._id}:${s}`,
        to: s,
        ticketId: t._id,
        message: 'notice.emergency' as MessageKey,
        params: { number: t.number, priority: t.priority, departmentId: dept.id, reasonOf: t.priorityReason },
        // The supervisor confirms the emergency process started (its clock escalates when missed).
        buttons: [['button.confirmEmergency', ACTION.confirmEmergency, t.number]],
      },
      now,
    ),
  );
  await deliverPending(desk, t, pendingEntries(alerts, now), { onTicket: false });
  return 'done';
};
