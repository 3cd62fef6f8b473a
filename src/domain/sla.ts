/**
 * Service-level due times (domain.md "Priority and service levels"). The business calendar is
 * injected as an `add` function so this module does not depend on the calendar module; wire it as
 * `(t, hours, basis) => calendar.add(t, { hours, basis })`.
 *
 * - Response and resolution are due `responseHours` / `resolutionHours` after opening, on the
 *   level's basis ('calendar' = elapsed hours, 'working' = hours on the business calendar).
 *   A category may set stricter windows (domain.md category table): the shorter window wins,
 *   counted on the same basis.
 * - Telling the customer the result is due `notifyCustomerMinutes` after resolving, on the same
 *   basis (so `add` must accept fractional hours: 30 min = 0.5 h).
 * - An SLA is met when the work is done at or before the due instant.
 */
import type { Priority } from './types.ts';

export type SlaBasis = 'calendar' | 'working';

export interface ServiceLevel {
  responseHours: number;
  resolutionHours: number;
  notifyCustomerMinutes: number;
  basis: SlaBasis;
}

export type ServiceLevels = Record<Priority, ServiceLevel>;

/** Adds `hours` (possibly fractional) to `instant` on the given basis. */
export type AddHours = (instant: Date, hours: number, basis: SlaBasis) => Date;

export interface DueTimesInput {
  openedAt: Date;
  priority: Priority;
  levels: ServiceLevels;
  add: AddHours;
  /** Optional stricter per-category windows; the shorter of level and category applies. */
  category?: { responseHours?: number; resolutionHours?: number };
}

export interface DueTimes {
  responseDueAt: Date;
  resolutionDueAt: Date;
}

function checkDate(d: Date, what: string): number {
  const ms = d instanceof Date ? d.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`sla: ${what} must be a valid Date`);
  return ms;
}

function checkHours(h: number, what: string): number {
  if (!Number.isFinite(h) || h < 0)
    throw new RangeError(`sla: ${what} must be a finite number >= 0, got ${h}`);
  return h;
}

function levelOf(levels: ServiceLevels, priority: Priority): ServiceLevel {
  const level = Object.hasOwn(levels, priority) ? levels[priority] : undefined;
  if (!level) throw new RangeError(`sla: no service level for priority '${priority}'`);
  return level;
}

function stricter(levelHours: number, categoryHours: number | undefined, what: string): number {
  checkHours(levelHours, what);
  return categoryHours === undefined
    ? levelHours
    : Math.min(levelHours, checkHours(categoryHours, `category ${what}`));
}

/** First-response and resolution due instants for a ticket opened at `openedAt`. */
export function dueTimes(input: DueTimesInput): DueTimes {
  const { openedAt, priority, levels, add, category } = input;
  checkDate(openedAt, 'openedAt');
  const level = levelOf(levels, priority);
  const response = stricter(level.responseHours, category?.responseHours, 'responseHours');
  const resolution = stricter(level.resolutionHours, category?.resolutionHours, 'resolutionHours');
  return {
    responseDueAt: add(openedAt, response, level.basis),
    resolutionDueAt: add(openedAt, resolution, level.basis),
  };
}

/** When the customer must have been told the result: `notifyCustomerMinutes` after `resolvedAt`. */
export function customerNotifyDueAt(
  resolvedAt: Date,
  priority: Priority,
  levels: ServiceLevels,
  add: AddHours,
): Date {
  checkDate(resolvedAt, 'resolvedAt');
  const level = levelOf(levels, priority);
  return add(resolvedAt, checkHours(level.notifyCustomerMinutes, 'notifyCustomerMinutes') / 60, level.basis);
}

export interface SlaOutcome {
  /** Done at or before the due instant. */
  met: boolean;
  /** `dueAt - doneAt` in ms: positive = time to spare, negative = how late. */
  marginMs: number;
}

export function slaOutcome(dueAt: Date, doneAt: Date): SlaOutcome {
  const marginMs = checkDate(dueAt, 'dueAt') - checkDate(doneAt, 'doneAt');
  return { met: marginMs >= 0, marginMs };
}

/** Optional working-time measure for `warningAt` (e.g. from the business calendar). */
export interface DurationMeasure {
  /** Hours between two instants on the measure's basis (0 when `to` precedes `from`). */
  hoursBetween: (from: Date, to: Date) => number;
  /** `instant` plus `hours` on the measure's basis. */
  add: (instant: Date, hours: number) => Date;
}

/**
 * The instant at `share` (0–1, e.g. 0.8) of the window from `start` to `due`, for the "due soon"
 * warning. A due instant at or before `start` gives `due`.
 *
 * Without `measure` the share is taken of calendar time. For working-basis SLAs that is an
 * approximation which is acceptable for a heads-up: the warning always falls inside the window,
 * before the deadline, and in the same order as the deadlines; but when the window spans a night
 * or weekend, 80 % of the elapsed time can be less than 80 % of the working time (the warning comes
 * early) or fall outside working hours. Pass the business calendar as `measure`
 * (`hoursBetween` = working hours between, `add` = add working hours) to take the share of
 * working time instead.
 */
export function warningAt(start: Date, due: Date, share: number, measure?: DurationMeasure): Date {
  const s = checkDate(start, 'start');
  const d = checkDate(due, 'due');
  if (!Number.isFinite(share) || share < 0 || share > 1) {
    throw new RangeError(`sla: share must be between 0 and 1, got ${share}`);
  }
  if (d <= s) return new Date(d);
  if (measure) {
    const at = measure.add(start, measure.hoursBetween(start, due) * share);
    return at.getTime() > d ? new Date(d) : at;
  }
  return new Date(s + Math.round((d - s) * share));
}
