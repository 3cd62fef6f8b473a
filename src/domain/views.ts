/**
 * The view models that blocks/ renders: plain data shapes, no I/O. Services fill them (from the
 * database and aggregations) and blocks read them, so neither side imports the other's modules.
 * `TicketView` lists the ticket fields the blocks read; the stored ticket (src/db/models/ticket.ts)
 * is assignable to it, so services hand the stored document in as it is.
 */
import type { ClockKind, ClockState } from './clocks.ts';
import {
  type EscalationLevel,
  type Priority,
  type RequestType,
  type ResolutionType,
  TICKET_STATUSES,
  type TicketStatus,
  type Urgency,
} from './types.ts';

type Maybe<T> = T | null | undefined;

// ------------------------------------------------------------------ tickets

export interface CustomerView {
  name: string;
  customerId: string;
  phone: string;
  phoneLast4: string;
  email: string;
  company: string;
  keyAccount: boolean;
  anonymisedAt?: Maybe<Date>;
}

export interface CollaboratorView {
  departmentId: string;
  need: string;
  dueDate?: Maybe<string>;
  acknowledgedBy?: Maybe<string>;
  acknowledgedAt?: Maybe<Date>;
}

export interface ClockView {
  kind: ClockKind;
  key: string;
  dueAt: Date;
  state: ClockState;
  metAt?: Maybe<Date>;
  breachedAt?: Maybe<Date>;
  pausedAt?: Maybe<Date>;
  subject?: Maybe<string>;
}

export interface ContactView {
  at: Date;
  by: string;
  method: string;
  summary: string;
  accepted: boolean;
}

export interface HistoryEntryView {
  at: Date;
  by: string;
  action: string;
  from?: Maybe<string>;
  to?: Maybe<string>;
  note?: Maybe<string>;
}

/** A ticket as cards, details, Home and search results show it. */
export interface TicketView {
  number: string;
  status: TicketStatus;
  priority: Priority;
  priorityReason: string;
  requestType: RequestType;
  categoryId: string;
  departmentId: string;
  contactChannelId: string;
  customer?: Maybe<CustomerView>;
  /** The short subject (概述) given at intake; empty: derived (src/domain/subject.ts subjectOf). */
  subject?: Maybe<string>;
  description: string;
  desiredOutcome: string;
  urgency: Urgency;
  urgencyReason: string;
  orderNumber: string;
  keywords: string[];
  openedBy: string;
  openedAt: Date;
  responseDueAt: Date;
  resolutionDueAt: Date;
  ownerId?: Maybe<string>;
  claimedAt?: Maybe<Date>;
  /** Opened at once from a 🎫 reaction: details still to be completed. */
  incomplete?: Maybe<boolean>;
  /** Automatic assignment: who was asked, until when (src/tickets/assign.ts). */
  assignment?: Maybe<{ userId?: Maybe<string>; expiresAt?: Maybe<Date> }>;
  /** The department card (its permalink links the ticket number). */
  card?: Maybe<{ channel?: Maybe<string>; ts?: Maybe<string>; permalink?: Maybe<string> }>;
  // Handling so far (absent before the ticket was worked on).
  progress?: Maybe<{
    stage?: Maybe<string>;
    note?: Maybe<string>;
    nextStep?: Maybe<string>;
    plannedDate?: Maybe<string>;
    customerNeeds?: Maybe<string>;
    by?: Maybe<string>;
    at?: Maybe<Date>;
  }>;
  collaborators?: CollaboratorView[];
  escalation?: Maybe<{
    level?: Maybe<EscalationLevel>;
    to: string[];
    by?: Maybe<string>;
    at?: Maybe<Date>;
    reason?: Maybe<string>;
  }>;
  resolution?: Maybe<{
    summary?: Maybe<string>;
    rootCause?: Maybe<string>;
    type?: Maybe<ResolutionType>;
    compensation?: Maybe<number>;
    by?: Maybe<string>;
    at?: Maybe<Date>;
  }>;
  approval?: Maybe<{
    requestedAt?: Maybe<Date>;
    decidedBy?: Maybe<string>;
    decidedAt?: Maybe<Date>;
    approved?: Maybe<boolean>;
    note?: Maybe<string>;
  }>;
  slaNotices?: string[];
  /** The customer-facing clocks (src/domain/clocks.ts). */
  clocks?: ClockView[];
  /** Waiting on the customer: the resolution clock paused since. */
  pause?: Maybe<{ since?: Maybe<Date>; totalMs?: Maybe<number> }>;
  contacts?: ContactView[];
  /** The first-contact agent (首问负责制); the opener when unset. */
  agentId?: Maybe<string>;
  reopenCount?: number;
  customerNotifiedAt?: Maybe<Date>;
  resolvedAt?: Maybe<Date>;
  customerNotifyDueAt?: Maybe<Date>;
  resolutionMet?: Maybe<boolean>;
  /** The latest satisfaction follow-up. */
  survey?: Maybe<{ satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied' }>;
}

/** A ticket with its audit history (the detail view). */
export type TicketDetailView = TicketView & { history: HistoryEntryView[] };

/** A search hit: the ticket, and whether the asker may see the customer's full details. */
export interface Found {
  ticket: TicketView;
  full: boolean;
}

// ------------------------------------------------------------------ reports (digests, Home)

/** Statuses in display order. */
export const STATUS_ORDER = TICKET_STATUSES;

/** A department id, or undefined for the whole organisation. */
export interface Scope {
  departmentId?: string;
}

export type Why =
  | 'responseBreached'
  | 'resolutionBreached'
  | 'responseAtRisk'
  | 'resolutionAtRisk'
  | 'stale'
  | 'unclaimed'
  | 'complaint'
  | 'dissatisfied';

export interface TicketRef {
  number: string;
  priority: Priority;
  status: TicketStatus;
  departmentId: string;
  permalink?: string;
  ownerId?: string;
  why: Why;
  /** The due instant (breach / risk), the last progress (stale) or the opening (unclaimed). */
  at: Date;
  /** The ticket's subject (概述, src/domain/subject.ts). */
  subject?: string;
  /** The due time of the clock that runs now (response until answered, then resolution). */
  dueAt?: Date;
}

/** One owner's open work in a scope (the per-person table of the daily digest and the supervisor's Home). */
export interface PersonRow {
  ownerId: string;
  open: number;
  overdue: number;
  stale: number;
  /** The earliest due time among the owner's open tickets. */
  earliestDue: Date | null;
}

/** Tickets a supervisor should look at: complaints still open and dissatisfied surveys (bounded lists). */
export interface ReviewLists {
  complaints: { items: TicketRef[]; total: number };
  dissatisfied: { items: TicketRef[]; total: number };
}

/** A customer-facing clock overdue or past its warning (the daily digest). */
export interface ClockRef {
  number: string;
  departmentId: string;
  permalink?: string;
  ownerId?: string;
  kind: ClockKind;
  subject?: string;
  state: 'breached' | 'atRisk';
  dueAt: Date;
}

export interface DailyFigures {
  scope: Scope;
  now: Date;
  /** `now`'s local date (YYYY-MM-DD). */
  today: string;
  /** The previous working day (local date) and the counted interval [since, until). */
  previousDay: string;
  since: Date;
  until: Date;
  openTotal: number;
  openByPriority: Record<Priority, number>;
  openByStatus: Partial<Record<TicketStatus, number>>;
  opened: number;
  resolved: number;
  unclaimed: TicketRef[];
  overdue: TicketRef[];
  atRisk: TicketRef[];
  stale: TicketRef[];
  /** Customer-facing clocks of every kind that are overdue or past their warning, most urgent first. */
  clocks?: ClockRef[];
  /** Open work per owner (issue 18), most overdue first. */
  people?: PersonRow[];
  /** Open complaints and dissatisfied surveys since the previous working day (issue 18). */
  review?: ReviewLists;
  /** The KPIs of the previous working day and of the working day before it (issue 18). */
  kpis?: { current: PeriodFigures; previous: PeriodFigures };
}

export type PeriodKind = 'day' | 'week' | 'month';

export interface Period {
  kind: PeriodKind;
  from: Date;
  to: Date;
  /** Local dates of the first and last day. */
  firstDay: string;
  lastDay: string;
}

export interface Rate {
  n: number;
  total: number;
  rate: number | null;
}

export interface Distribution {
  median: number | null;
  p90: number | null;
  count: number;
}

export interface PeriodFigures {
  scope: Scope;
  period: Period;
  opened: number;
  resolved: number;
  categories: { key: string; count: number; share: number }[];
  keywords: { key: string; count: number }[];
  responseSla: Rate;
  resolutionSla: Rate;
  responseSlaByPriority: Record<string, Rate>;
  resolutionSlaByPriority: Record<string, Rate>;
  responseSlaByDepartment: Record<string, Rate>;
  resolutionSlaByDepartment: Record<string, Rate>;
  /** Working milliseconds. */
  responseTime: Distribution;
  resolutionTime: Distribution;
  surveyed: number;
  overall: Record<string, number>;
  satisfaction: Record<string, number>;
  csat: number | null;
  fcr: Rate;
  reopen: Rate;
  complaints: Rate;
  /** On-time rate per customer-facing clock kind (clocks due in the period and decided: met or breached). */
  clockRates?: Partial<Record<ClockKind, Rate>>;
  /** The survey's five dimensions averaged (1–5) over the period's surveys. */
  dimensions?: Record<string, number | null>;
  /** Time the tickets resolved in the period waited on the customer (paused), in ms, and how many paused. */
  paused?: { ms: number; tickets: number };
}

/** One month of the monthly review's trend. */
export interface TrendPoint {
  month: string;
  complaints: Rate;
  resolutionMedianMs: number | null;
}

export interface PeriodReport {
  current: PeriodFigures;
  previous: PeriodFigures;
  /** Monthly review: the last six months, oldest first. */
  trend?: TrendPoint[];
  /** Complaints opened and dissatisfied surveys recorded in the period (issue 18). */
  review?: ReviewLists;
}
