/**
 * Time left until a due time, or how late it is: the one rule every surface (card, alerts,
 * handling forms, Home, digests) uses to say "3h 20m left" or "late by 1d 2h".
 */

export interface TimeLeft {
  /** True when the due time has passed. */
  late: boolean;
  /** Whole minutes left (or late by), never negative. */
  minutes: number;
  days: number;
  hours: number;
  /** The minutes part once days and hours are taken out. */
  mins: number;
}

/** Wall-clock time between now and due (calendar time, as the customer waits it). */
export function timeLeft(due: Date, now: Date): TimeLeft {
  const diff = due.getTime() - now.getTime();
  const late = diff < 0;
  // Round toward "less time left" and "later": a partial minute left counts as 0, late rounds up.
  const minutes = late ? Math.ceil(-diff / 60_000) : Math.floor(diff / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  return { late, minutes, days, hours, mins: minutes % 60 };
}
