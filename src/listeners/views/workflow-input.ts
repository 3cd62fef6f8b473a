/**
 * Pure validation of the handling modals' submitted values (block_id → raw value): field errors
 * name the block and a catalog key, so the modal stays open with what was typed.
 */

import {
  COLLAB_ROWS,
  collabField,
  ESCALATE_FIELD,
  PROGRESS_FIELD,
  REASON_FIELD,
  REASSIGN_FIELD,
  RESOLVE_FIELD,
  TRANSFER_FIELD,
} from '../../../blocks/ids.ts';
import { parseKeywords } from '../../domain/intake.ts';
import {
  ESCALATION_LEVELS,
  type EscalationLevel,
  isOneOf,
  RESOLUTION_TYPES,
  type ResolutionType,
} from '../../domain/types.ts';
import type { MessageKey, Params } from '../../i18n/index.ts';

export type Raw = (blockId: string) => string | string[] | null;
export type FieldErrors = Record<string, { key: MessageKey; params?: Params }>;
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

export function checkProgress(
  raw: Raw,
  stages: string[],
  today: string,
): Checked<{ stage: string; note: string; nextStep: string; plannedDate: string; customerNeeds: string }> {
  const errors: FieldErrors = {};
  const stage = text(raw, PROGRESS_FIELD.stage);
  if (!stages.includes(stage)) errors[PROGRESS_FIELD.stage] = { key: 'workflow.error.choice' };
  const note = text(raw, PROGRESS_FIELD.note);
  required(errors, PROGRESS_FIELD.note, note, 5);
  const plannedDate = text(raw, PROGRESS_FIELD.plannedDate);
  checkDate(errors, PROGRESS_FIELD.plannedDate, plannedDate, today);
  return done(errors, {
    stage,
    note,
    nextStep: text(raw, PROGRESS_FIELD.nextStep),
    plannedDate,
    customerNeeds: text(raw, PROGRESS_FIELD.customerNeeds),
  });
}

export function checkTransfer(
  raw: Raw,
  departments: string[],
  current: string,
): Checked<{ departmentId: string; reason: string }> {
  const errors: FieldErrors = {};
  const departmentId = text(raw, TRANSFER_FIELD.department);
  if (!departments.includes(departmentId))
    errors[TRANSFER_FIELD.department] = { key: 'workflow.error.choice' };
  else if (departmentId === current) errors[TRANSFER_FIELD.department] = { key: 'transfer.error.same' };
  const reason = text(raw, TRANSFER_FIELD.reason);
  required(errors, TRANSFER_FIELD.reason, reason, 5);
  return done(errors, { departmentId, reason });
}

export function checkCollaborators(
  raw: Raw,
  departments: string[],
  lead: string,
  pending: string[],
  today: string,
): Checked<{ departmentId: string; need: string; dueDate?: string }[]> {
  const errors: FieldErrors = {};
  const rows: { departmentId: string; need: string; dueDate?: string }[] = [];
  const seen = new Set<string>();
  for (let row = 1; row <= COLLAB_ROWS; row++) {
    const f = collabField(row);
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
): Checked<{ level: EscalationLevel; major: boolean; reason: string }> {
  const errors: FieldErrors = {};
  const level = text(raw, ESCALATE_FIELD.level);
  if (!isOneOf(ESCALATION_LEVELS, level)) errors[ESCALATE_FIELD.level] = { key: 'workflow.error.choice' };
  const majorRaw = raw(ESCALATE_FIELD.major);
  const major = Array.isArray(majorRaw) && majorRaw.includes('yes');
  const reason = text(raw, ESCALATE_FIELD.reason);
  required(errors, ESCALATE_FIELD.reason, reason, 5);
  return done(errors, { level: level as EscalationLevel, major, reason });
}

export function checkResolution(
  raw: Raw,
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
  const summary = text(raw, RESOLVE_FIELD.summary);
  required(errors, RESOLVE_FIELD.summary, summary, 5);
  const type = text(raw, RESOLVE_FIELD.type);
  if (!isOneOf(RESOLUTION_TYPES, type)) errors[RESOLVE_FIELD.type] = { key: 'workflow.error.choice' };
  const amountText = text(raw, RESOLVE_FIELD.compensation);
  let compensation: number | undefined;
  if (amountText) {
    const n = Number(amountText);
    if (!Number.isFinite(n) || n < 0) errors[RESOLVE_FIELD.compensation] = { key: 'resolve.error.amount' };
    else compensation = Math.round(n * 100) / 100;
  }
  if (type === 'compensation' && compensation === undefined && !errors[RESOLVE_FIELD.compensation])
    errors[RESOLVE_FIELD.compensation] = { key: 'resolve.error.amountRequired' };
  const majorRaw = raw(RESOLVE_FIELD.major);
  const major = Array.isArray(majorRaw) && majorRaw.includes('yes');
  const keywords = parseKeywords(raw(RESOLVE_FIELD.keywords));
  const completedRaw = text(raw, RESOLVE_FIELD.completedAt);
  let completedAt: Date | undefined;
  if (/^\d+$/.test(completedRaw)) {
    completedAt = new Date(Number(completedRaw) * 1000);
    if (now && completedAt.getTime() > now.getTime() + 60_000)
      errors[RESOLVE_FIELD.completedAt] = { key: 'resolve.error.completedFuture' };
  }
  return done(errors, {
    summary,
    rootCause: text(raw, RESOLVE_FIELD.rootCause),
    type: type as ResolutionType,
    ...(compensation !== undefined ? { compensation } : {}),
    ...(major ? { major } : {}),
    ...(keywords.length ? { keywords } : {}),
    ...(completedAt ? { completedAt } : {}),
  });
}

export function checkReason(raw: Raw): Checked<{ reason: string }> {
  const errors: FieldErrors = {};
  const reason = text(raw, REASON_FIELD.reason);
  required(errors, REASON_FIELD.reason, reason, 5);
  return done(errors, { reason });
}

export function checkReassign(raw: Raw): Checked<{ owner: string; reason: string }> {
  const errors: FieldErrors = {};
  const owner = text(raw, REASSIGN_FIELD.owner);
  if (!/^[UW][A-Z0-9]{2,}$/.test(owner)) errors[REASSIGN_FIELD.owner] = { key: 'workflow.error.required' };
  const reason = text(raw, REASSIGN_FIELD.reason);
  required(errors, REASSIGN_FIELD.reason, reason, 5);
  return done(errors, { owner, reason });
}
