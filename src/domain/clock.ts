/** The one source of the current time: the app uses the system clock, tests swap in their own. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
