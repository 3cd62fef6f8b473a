/**
 * "3h 20m left" / "late by 1d 2h" (剩余3小时20分 / 已超时1天2小时) in the reader's language. Shows
 * the two largest units: days and hours, hours and minutes, or minutes.
 */
import { type TimeLeft, timeLeft } from '../src/domain/time-left.ts';
import type { Translate } from '../src/i18n/index.ts';

/** "1d 2h", "3h 20m", "5m" (1天2小时, 3小时20分, 5分). */
export function durationText(tr: Translate, left: Pick<TimeLeft, 'days' | 'hours' | 'mins'>): string {
  if (left.days > 0) {
    return left.hours > 0
      ? tr('time.daysHours', { d: left.days, h: left.hours })
      : tr('time.days', { d: left.days });
  }
  if (left.hours > 0) {
    return left.mins > 0
      ? tr('time.hoursMinutes', { h: left.hours, m: left.mins })
      : tr('time.hours', { h: left.hours });
  }
  return tr('time.minutes', { m: left.mins });
}

/** "3h 20m left" or "late by 1d 2h". */
export function timeLeftText(tr: Translate, due: Date, now: Date): string {
  const left = timeLeft(due, now);
  return tr(left.late ? 'time.late' : 'time.left', { duration: durationText(tr, left) });
}
