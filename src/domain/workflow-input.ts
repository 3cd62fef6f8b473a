/**
 * Pure validation of the handling modals' submitted values (block_id → raw value): field errors
 * name the block and a catalog key, so the modal stays open with what was typed. The forms' block
 * ids (blocks/ids.ts) are handed in by the caller (`f`), so the rules do not depend on the UI.
 */

import { CONTACT_ACCEPTED, CONTACT_METHODS, type ContactAccepted, type ContactMethod } from './clocks.ts';
import { parseKeywords } from './intake.ts';
import {
  ESCALATION_LEVELS,
  type EscalationLevel,
  isOneOf,
  RESOLUTION_TYPES,
  type ResolutionType,
} from './types.ts';

export type Raw = (blockId: string) => string | string[] | null;
/** The block ids of a form's fields, by field name. */
export type Fields<K extends string> = Readonly<Record<K, string>>;
/** The collaboration form: `rows` rows of department / need / due date. */
export interface CollabFields {
  rows: number;
  row(n: number): Fields<'department' | 'need' | 'dueDate'>;
}
/** The catalog key of each possible field error. */
export type WorkflowErrorKey =
  | 'collab.error.duplicate'
  | 'collab.error.lead'
  | 'collab.error.pending'
  | 'resolve.error.amount'
  | 'resolve.error.amountRequired'
  | 'resolve.error.completedFuture'
  | 'transfer.error.same'
  | 'workflow.error.choice'
  | 'workflow.error.date'
  | 'workflow.error.pastDate'
  | 'workflow.error.required'
  | 'workflow.error.tooShort'
  | 'contact.error.method'
  | 'contact.error.summary'
  | 'contact.error.accepted'
  | 'handOver.error.same'
  | 'progress.error.afterDeadline';
export type FieldErrors = Record<string, { key: WorkflowErrorKey; params?: Record<string, number | string> }>;
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

const text = (raw: Raw, id: string) => {
  const v = raw(id);
  return typeof v === 'string' ? v.trim() : '';
};

/** The calendar date (YYYY-MM-DD) of `now` in the organisation's time zone. */
export function todayIn(now: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

function checkDate(errors: FieldErrors, id: string, value: string, today: string): void {
  if (!value) return;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) errors[id] = { key: 'workflow.error.date' };
  else if (value < today) errors[id] = { key: 'workflow.error.pastDate' };
}

function required(errors: FieldErrors, id: string, value: string, min = 1): void {
  if (!value) errors[id] = { key: 'workflow.error.required' };
  else if (Array.from(value).length < min) errors[id] = { key: 'workflow.error.tooShort', params: { min } };
}

const done = <T>(errors: FieldErrors, value: T): Checked<T> =>
  Object.keys(errors).length ? { ok: false, errors } : { ok: true, value };

/** "2026-11-25 10:00": a due instant as the organisation's wall clock (for field errors). */
export function localDateTime(at: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/**
 * The progress form. A planned date later than the resolution deadline (`deadline`: its local date
 * and its local date and time, shown in the error) is refused.
 */
export function checkProgress(
  raw: Raw,
  f: Fields<'stage' | 'note' | 'nextStep' | 'plannedDate' | 'customerNeeds'>,
  stages: string[],
  today: string,
  deadline?: { date: string; text: string },
): Checked<{ stage: string; note: string; nextStep: string; plannedDate: string; customerNeeds: string }> {
  const errors: FieldErrors = {};
  const stage = text(raw, f.stage);
  if (!stages.includes(stage)) errors[f.stage] = { key: 'workflow.error.choice' };
  const note = text(raw, f.note);
  required(errors, f.note, note, 5);
  const plannedDate = text(raw, f.plannedDate);
  checkDate(errors, f.plannedDate, plannedDate, today);
  if (!errors[f.plannedDate] && deadline && plannedDate > deadline.date)
    errors[f.plannedDate] = { key: 'progress.error.afterDeadline', params: { deadline: deadline.text } };
  return done(errors, {
    stage,
    note,
    nextStep: text(raw, f.nextStep),
    plannedDate,
    customerNeeds: text(raw, f.customerNeeds),
  });
}

export function checkTransfer(
  raw: Raw,
  f: Fields<'department' | 'reason'>,
  departments: string[],
  current: string,
): Checked<{ departmentId: string; reason: string }> {
  const errors: FieldErrors = {};
  const departmentId = text(raw, f.department);
  if (!departments.includes(departmentId)) errors[f.department] = { key: 'workflow.error.choice' };
  else if (departmentId === current) errors[f.department] = { key: 'transfer.error.same' };
  const reason = text(raw, f.reason);
  required(errors, f.reason, reason, 5);
  return done(errors, { departmentId, reason });
}

export function checkCollaborators(
  raw: Raw,
  form: CollabFields,
  departments: string[],
  lead: string,
  pending: string[],
  today: string,
): Checked<{ departmentId: string; need: string; dueDate?: string }[]> {
  const errors: FieldErrors = {};
  const rows: { departmentId: string; need: string; dueDate?: string }[] = [];
  const seen = new Set<string>();
  for (let row = 1; row <= form.rows; row++) {
    const f = form.row(row);
    const departmentId = text(raw, f.department);
    const need = text(raw, f.need);
    const dueDate = text(raw, f.dueDate);
    if (!departmentId && !need && !dueDate && row > 1) continue;
    if (!departmentId) errors[f.department] = { key: 'workflow.error.required' };
    else if (!departments.includes(departmentId)) errors[f.department] = { key: 'workflow.error.choice' };
    else if (departmentId === lead) errors[f.department] = { key: 'collab.error.lead' };
    else if (seen.has(departmentId)) errors[f.department] = { key: 'collab.error.duplicate' };
    else if (pending.includes(departmentId)) errors[f.department] = { key: 'collab.error.pending' };
    seen.add(departmentId);
    required(errors, f.need, need, 3);
    checkDate(errors, f.dueDate, dueDate, today);
    rows.push({ departmentId, need, ...(dueDate ? { dueDate } : {}) });
  }
  return done(errors, rows);
}

export function checkEscalation(
  raw: Raw,
  f: Fields<'level' | 'major' | 'reason'>,
): Checked<{ level: EscalationLevel; major: boolean; reason: string }> {
  const errors: FieldErrors = {};
  const level = text(raw, f.level);
  if (!isOneOf(ESCALATION_LEVELS, level)) errors[f.level] = { key: 'workflow.error.choice' };
  const majorRaw = raw(f.major);
  const major = Array.isArray(majorRaw) && majorRaw.includes('yes');
  const reason = text(raw, f.reason);
  required(errors, f.reason, reason, 5);
  return done(errors, { level: level as EscalationLevel, major, reason });
}

export function checkResolution(
  raw: Raw,
  f: Fields<'summary' | 'rootCause' | 'type' | 'compensation' | 'major' | 'keywords' | 'completedAt'>,
  now?: Date,
): Checked<{
  summary: string;
  rootCause: string;
  type: ResolutionType;
  compensation?: number;
  major?: boolean;
  keywords?: string[];
  completedAt?: Date;
}> {
  const errors: FieldErrors = {};
  const summary = text(raw, f.summary);
  required(errors, f.summary, summary, 5);
  const type = text(raw, f.type);
  if (!isOneOf(RESOLUTION_TYPES, type)) errors[f.type] = { key: 'workflow.error.choice' };
  const amountText = text(raw, f.compensation);
  let compensation: number | undefined;
  if (amountText) {
    const n = Number(amountText);
    if (!Number.isFinite(n) || n < 0) errors[f.compensation] = { key: 'resolve.error.amount' };
    else compensation = Math.round(n * 100) / 100;
  }
  if (type === 'compensation' && compensation === undefined && !errors[f.compensation])
    errors[f.compensation] = { key: 'resolve.error.amountRequired' };
  const majorRaw = raw(f.major);
  const major = Array.isArray(majorRaw) && majorRaw.includes('yes');
  const keywords = parseKeywords(raw(f.keywords));
  // The actual completion time (a datetimepicker: epoch seconds); not in the future.
  const completedRaw = text(raw, f.completedAt);
  let completedAt: Date | undefined;
  if (/^\d+$/.test(completedRaw)) {
    completedAt = new Date(Number(completedRaw) * 1000);
    if (now && completedAt.getTime() > now.getTime() + 60_000)
      errors[f.completedAt] = { key: 'resolve.error.completedFuture' };
  }
  return done(errors, {
    summary,
    rootCause: text(raw, f.rootCause),
    type: type as ResolutionType,
    ...(compensation !== undefined ? { compensation } : {}),
    ...(major ? { major } : {}),
    ...(keywords.length ? { keywords } : {}),
    ...(completedAt ? { completedAt } : {}),
  });
}

export function checkReason(raw: Raw, f: Fields<'reason'>): Checked<{ reason: string }> {
  const errors: FieldErrors = {};
  const reason = text(raw, f.reason);
  required(errors, f.reason, reason, 5);
  return done(errors, { reason });
}

export function checkReassign(
  raw: Raw,
  f: Fields<'owner' | 'reason'>,
): Checked<{ owner: string; reason: string }> {
  const errors: FieldErrors = {};
  const owner = text(raw, f.owner);
  if (!/^[UW][A-Z0-9]{2,}$/.test(owner)) errors[f.owner] = { key: 'workflow.error.required' };
  const reason = text(raw, f.reason);
  required(errors, f.reason, reason, 5);
  return done(errors, { owner, reason });
}

/** The shortest useful record of what was said to the customer. */
export const CONTACT_SUMMARY_MIN = 5;

export function checkContact(
  raw: Raw,
  f: Fields<'method' | 'summary' | 'accepted'>,
): Checked<{ method: ContactMethod; summary: string; accepted: ContactAccepted }> {
  const errors: FieldErrors = {};
  const method = text(raw, f.method);
  if (!isOneOf(CONTACT_METHODS, method)) errors[f.method] = { key: 'contact.error.method' };
  const summary = text(raw, f.summary);
  if (Array.from(summary).length < CONTACT_SUMMARY_MIN)
    errors[f.summary] = { key: 'contact.error.summary', params: { min: CONTACT_SUMMARY_MIN } };
  const accepted = text(raw, f.accepted);
  if (!isOneOf(CONTACT_ACCEPTED, accepted)) errors[f.accepted] = { key: 'contact.error.accepted' };
  return done(errors, {
    method: method as ContactMethod,
    summary,
    accepted: accepted as ContactAccepted,
  });
}

/** Handing the first-contact agent's role over: a colleague other than the current agent, and why. */
export function checkHandOver(
  raw: Raw,
  f: Fields<'agent' | 'reason'>,
  current: string,
): Checked<{ to: string; reason: string }> {
  const errors: FieldErrors = {};
  const to = text(raw, f.agent);
  if (!/^[UW][A-Z0-9]{2,}$/.test(to)) errors[f.agent] = { key: 'workflow.error.required' };
  else if (to === current) errors[f.agent] = { key: 'handOver.error.same' };
  const reason = text(raw, f.reason);
  required(errors, f.reason, reason, 5);
  return done(errors, { to, reason });
}
