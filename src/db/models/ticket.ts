/**
 * The ticket: everything captured at intake, its handling, and an append-only history.
 * Status changes are single-document conditional updates (see src/services/).
 */
import { type Connection, type HydratedDocument, type InferSchemaType, Schema } from 'mongoose';
import { CLOCK_KINDS, CLOCK_STATES } from '../../domain/clocks.ts';
import {
  ESCALATION_LEVELS,
  IMPACTS,
  PRIORITIES,
  REQUEST_TYPES,
  RESOLUTION_TYPES,
  TICKET_STATUSES,
  URGENCIES,
} from '../../domain/types.ts';
import type { TicketDetailView } from '../../domain/views.ts';

const historySchema = new Schema(
  {
    at: { type: Date, required: true },
    by: { type: String, required: true },
    action: { type: String, required: true },
    from: String,
    to: String,
    note: String,
  },
  { _id: false },
);

/** A satisfaction follow-up (回访) as recorded by the surveyor; one per resolution (`resolvedAt`). */
const surveySchema = new Schema(
  {
    /** The resolution this survey belongs to (the ticket's resolvedAt when it was recorded). */
    resolvedAt: { type: Date, required: true },
    /** Optional since issue 18: only satisfaction and solved are required when the customer was reached. */
    overall: { type: String, enum: ['excellent', 'good', 'fair', 'poor'] },
    satisfaction: {
      type: String,
      enum: ['satisfied', 'basically_satisfied', 'dissatisfied'],
      required: true,
    },
    /** Each 1–5 (5 best): response speed, problem-solving ability, service attitude, process clarity, result. */
    dimensions: {
      responseSpeed: { type: Number, min: 1, max: 5 },
      problemSolving: { type: Number, min: 1, max: 5 },
      serviceAttitude: { type: Number, min: 1, max: 5 },
      processClarity: { type: Number, min: 1, max: 5 },
      result: { type: Number, min: 1, max: 5 },
    },
    solved: { type: Boolean, required: true },
    suggestions: { type: String, default: '' },
    /** The surveyor: the first-contact agent, or the requester when requesters are Slack users. */
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);

/**
 * A follow-up call that gave no survey (issue 18): not reached (retried), refused or wrong number.
 * `key` (`<resolvedAt ms>:<attempt>` or `<resolvedAt ms>:final`) makes each recording once-only.
 */
const followUpAttemptSchema = new Schema(
  {
    key: { type: String, required: true },
    resolvedAt: { type: Date, required: true },
    attempt: { type: Number, required: true },
    outcome: { type: String, enum: ['not_reached', 'refused', 'wrong_number'], required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);

/** A customer-facing clock (src/domain/clocks.ts): the timer model of every promise to the customer. */
const clockSchema = new Schema(
  {
    kind: { type: String, enum: CLOCK_KINDS, required: true },
    key: { type: String, required: true },
    start: { type: Date, required: true },
    dueAt: { type: Date, required: true },
    warnAt: { type: Date, required: true },
    state: { type: String, enum: CLOCK_STATES, required: true },
    basis: { type: String, enum: ['calendar', 'working'], required: true },
    metAt: Date,
    warnedAt: Date,
    breachedAt: Date,
    pausedAt: Date,
    pausedMs: { type: Number, default: 0 },
    subject: String,
  },
  { _id: false },
);

/** A recorded contact with the customer (phone, SMS, email, WeChat, in person, other). */
const contactSchema = new Schema(
  {
    at: { type: Date, required: true },
    by: { type: String, required: true },
    method: { type: String, required: true },
    summary: { type: String, required: true },
    /** 客户确认: whether the customer accepted the plan or the result. */
    accepted: { type: Boolean, required: true },
    /** The clocks this contact met. */
    met: { type: [String], default: [] },
  },
  { _id: false },
);

const messageRefSchema = new Schema({ channel: String, ts: String, permalink: String }, { _id: false });

const collaboratorSchema = new Schema(
  {
    departmentId: { type: String, required: true },
    need: { type: String, required: true },
    dueDate: String,
    notice: messageRefSchema,
    acknowledgedBy: String,
    acknowledgedAt: Date,
  },
  { _id: false },
);

/** An outbox task not yet moved into the Task collection (see `pendingTasks`). */
const pendingTaskSchema = new Schema(
  {
    key: { type: String, required: true },
    kind: { type: String, required: true },
    dueAt: { type: Date, required: true },
    payload: { type: Schema.Types.Mixed, default: {} },
    /** When it was written (the sweep leaves fresh entries to the instance that wrote them). */
    at: { type: Date, required: true },
  },
  { _id: false, minimize: false },
);

const ticketSchema = new Schema(
  {
    number: { type: String, required: true },
    channelCode: { type: String, required: true },
    datePart: { type: String, required: true },
    serial: { type: Number, required: true },
    /** Idempotency key of the intake: the Slack view id, so a redelivered submission is one ticket. */
    intakeKey: { type: String },

    status: { type: String, enum: TICKET_STATUSES, required: true, default: 'new' },
    priority: { type: String, enum: PRIORITIES, required: true },
    priorityReason: { type: String, required: true },
    requestType: { type: String, enum: REQUEST_TYPES, required: true },
    categoryId: { type: String, required: true },
    departmentId: { type: String, required: true },
    contactChannelId: { type: String, required: true },

    customer: {
      name: { type: String, default: '' },
      customerId: { type: String, default: '' },
      phone: { type: String, default: '' },
      phoneLast4: { type: String, default: '' },
      email: { type: String, default: '' },
      company: { type: String, default: '' },
      keyAccount: { type: Boolean, default: false },
      /** The customer record's tier when the ticket was opened (issue 13). */
      tier: { type: String, default: '' },
      contactName: { type: String, default: '' },
      contactRole: { type: String, default: '' },
      industry: { type: String, default: '' },
      anonymisedAt: Date,
    },
    /** When the customer expects it resolved, and how they prefer to be contacted (issue 13). */
    expectedBy: { type: String, default: '' },
    preferredContact: {
      method: { type: String, default: '' },
      hours: { type: String, default: '' },
    },
    /** The short subject (概述, ≤ 30 characters); empty for tickets opened before it existed. */
    subject: { type: String, default: '' },
    description: { type: String, required: true },
    desiredOutcome: { type: String, default: '' },
    urgency: { type: String, enum: URGENCIES, required: true },
    urgencyReason: { type: String, default: '' },
    impact: { type: String, enum: IMPACTS, required: true },
    orderNumber: { type: String, default: '' },
    keywords: { type: [String], default: [] },
    /** Normalised tokens (Latin words, CJK bigrams, numbers) for /ticket search. */
    searchTokens: { type: [String], default: [] },
    /**
     * The Slack message the ticket came from (the "Create ticket" shortcut, a 🎫 reaction, a mention).
     * A ticket opened from a conversation (`kind` reaction or mention) keeps a reply in the message's
     * thread showing its number and status (`replyTs`), and `conversationKey` (channel:ts) makes it
     * the only ticket of that message.
     */
    source: {
      type: new Schema(
        {
          channel: String,
          ts: String,
          permalink: String,
          kind: { type: String, enum: ['shortcut', 'reaction', 'mention'] },
          author: String,
          replyTs: String,
        },
        { _id: false },
      ),
      default: undefined,
    },
    conversationKey: { type: String },
    /** Opened at once from a 🎫 reaction: the customer and the 5W1H details are still to be completed. */
    incomplete: Boolean,
    /** Solved during the contact (首问解决): opened already resolved by the first-contact agent. */
    solvedAtContact: Boolean,
    /** Timed escalation levels already told (level@share, see src/tickets/escalation-levels.ts). */
    autoEscalations: { type: [String], default: [] },
    /**
     * Automatic assignment (department policy round_robin / least_loaded, or a claim-policy ticket
     * left unclaimed): who was asked and until when; `round` counts the askings, `declined` who
     * declined or let the time pass.
     */
    assignment: {
      type: new Schema(
        {
          userId: String,
          mode: { type: String, enum: ['round_robin', 'least_loaded'] },
          at: Date,
          expiresAt: Date,
          round: Number,
          declined: { type: [String], default: [] },
        },
        { _id: false },
      ),
      default: undefined,
    },

    openedBy: { type: String, required: true },
    openedAt: { type: Date, required: true },
    responseDueAt: { type: Date, required: true },
    resolutionDueAt: { type: Date, required: true },

    ownerId: String,
    claimedAt: Date,
    firstResponseAt: Date,
    responseMet: Boolean,

    card: {
      channel: String,
      ts: String,
      permalink: String,
      /** The card's content version that Slack last accepted; behind `version` means a redraw is due. */
      drawnVersion: { type: Number, default: 0 },
    },
    version: { type: Number, default: 1 },
    /** Earlier department cards (after transfers) that show "transferred to …". */
    formerCards: {
      type: [
        new Schema(
          {
            channel: String,
            ts: String,
            departmentId: String,
            /** Where the ticket went from this card, who moved it, when and why (drawn on the old card). */
            toDepartmentId: String,
            by: String,
            at: Date,
            reason: String,
          },
          { _id: false },
        ),
      ],
      default: [],
    },

    progress: {
      stage: String,
      note: String,
      nextStep: String,
      plannedDate: String,
      customerNeeds: String,
      by: String,
      at: Date,
    },
    lastProgressAt: Date,
    collaborators: { type: [collaboratorSchema], default: [] },
    escalation: {
      level: { type: String, enum: ESCALATION_LEVELS },
      to: [String],
      by: String,
      at: Date,
      reason: String,
    },

    resolution: {
      summary: String,
      rootCause: String,
      type: { type: String, enum: RESOLUTION_TYPES },
      compensation: Number,
      /** Marked as a major complaint (reputation risk) by the resolver. */
      major: Boolean,
      /** When the work was actually completed (may be before it was recorded). */
      completedAt: Date,
      by: String,
      at: Date,
    },
    approval: {
      requestedAt: Date,
      decidedBy: String,
      decidedAt: Date,
      approved: Boolean,
      note: String,
      /** The approval rule that applied (config approval.rules) and who decides (issue 13). */
      rule: String,
      approver: { type: String, enum: ['supervisor', 'director'] },
    },
    resolvedAt: Date,
    resolutionMet: Boolean,
    customerNotifyDueAt: Date,
    customerNotifiedAt: Date,
    closedAt: Date,
    reopenCount: { type: Number, default: 0 },

    /** The customer-facing clocks (src/domain/clocks.ts) and the next instant any of them falls due. */
    clocks: { type: [clockSchema], default: [] },
    nextDueAt: { type: Date, default: null },
    /** Waiting on the customer: the resolution clock is paused since `since`; `totalMs` paused so far. */
    pause: { since: Date, totalMs: { type: Number, default: 0 } },
    contacts: { type: [contactSchema], default: [] },
    /** The handling plan (steps, owner, expected date) required within a working day of claiming. */
    plan: { steps: String, owner: String, expectedDate: String, by: String, at: Date },
    /** The first-contact agent (首问负责制): the opener, until the role is handed over. */
    agentId: String,
    /** Who confirmed the emergency process started, and when. */
    emergency: { confirmedBy: String, confirmedAt: Date },

    /** When the `sla` job next looks at this ticket (job-rules.ts `slaNextCheck`); null: at its next run. */
    slaCheckAt: { type: Date, default: null },
    /** When the `nudge` job next looks at this ticket (src/notices/nudge.ts); null: at its next run. */
    nudgeCheckAt: { type: Date, default: null },
    /** Service-level notices already sent (response_warning, response_breach, …). */
    slaNotices: { type: [String], default: [] },
    nudge: { count: { type: Number, default: 0 }, lastAt: Date, lastDay: String, snoozedUntil: Date },
    /**
     * Satisfaction follow-up (回访) of the latest resolution (a dissatisfied survey reopens the
     * ticket); `surveys` keeps every round for the archive.
     */
    survey: { type: surveySchema, default: undefined },
    surveys: { type: [surveySchema], default: [] },
    /** Follow-up calls without a survey (not reached, refused, wrong number), every resolution's. */
    followUpAttempts: { type: [followUpAttemptSchema], default: [] },

    history: { type: [historySchema], default: [] },

    /**
     * Slack work this ticket is owed (its card, notices, redraws), written in the same update as the
     * change that owes it, so nothing acknowledged lives only in memory. Moved into the outbox
     * (Task) right after the change and, after a crash, by the `cards` job's sweep.
     */
    pendingTasks: { type: [pendingTaskSchema], default: [] },
  },
  { timestamps: true, minimize: false },
);

ticketSchema.index({ number: 1 }, { unique: true });
ticketSchema.index(
  { intakeKey: 1 },
  { unique: true, partialFilterExpression: { intakeKey: { $type: 'string' } } },
);
ticketSchema.index(
  { conversationKey: 1 },
  // Sparse, not partial: most tickets have no conversation key (the test server ignores partial filters).
  { unique: true, sparse: true },
);
ticketSchema.index({ departmentId: 1, status: 1, openedAt: -1 });
ticketSchema.index({ status: 1, responseDueAt: 1 });
ticketSchema.index({ status: 1, resolutionDueAt: 1 });
ticketSchema.index({ status: 1, lastProgressAt: 1 });
ticketSchema.index({ ownerId: 1, status: 1 });
ticketSchema.index({ openedBy: 1, openedAt: -1 });
ticketSchema.index({ 'customer.customerId': 1 });
ticketSchema.index({ 'customer.phoneLast4': 1 });
ticketSchema.index({ searchTokens: 1 });
ticketSchema.index({ openedAt: 1 });
ticketSchema.index({ resolvedAt: 1 });
ticketSchema.index({ 'survey.at': 1 });
ticketSchema.index({ 'card.drawnVersion': 1, version: 1 });
ticketSchema.index({ 'pendingTasks.at': 1 });
ticketSchema.index({ nextDueAt: 1 });
ticketSchema.index({ slaCheckAt: 1 });
ticketSchema.index({ nudgeCheckAt: 1 });

export type TicketFields = InferSchemaType<typeof ticketSchema>;
export type TicketDoc = HydratedDocument<TicketFields>;
export type HistoryEntry = InferSchemaType<typeof historySchema>;
/** Compile-time check: the stored ticket is a view the blocks can render (src/domain/views.ts). */
type Expect<T extends true> = T;
export type StoredTicketIsAView = Expect<TicketFields extends TicketDetailView ? true : false>;

export const TICKET_SCHEMA = ticketSchema;
export function ticketModel(conn: Connection) {
  return conn.model('Ticket', ticketSchema);
}
export type TicketModel = ReturnType<typeof ticketModel>;
