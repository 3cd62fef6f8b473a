/**
 * Bounds how long a request handler waits for the database before acknowledging Slack (3 s limit).
 * During an outage the MongoDB driver waits up to serverSelectionTimeoutMS (5 s) for a server, and
 * a hung server up to socketTimeoutMS: too long for an ack. `withDeadline` gives up waiting after
 * `ms` (the operation itself keeps running and may still complete later: callers decide what to do
 * with a late result through `late`).
 */
export class DeadlineError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} took longer than ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/** Budget for database work done before an ack (leaves room within Slack's 3 s). */
export const ACK_DB_BUDGET_MS = 1_800;

export function withDeadline<T>(
  work: Promise<T>,
  ms: number,
  what: string,
  late?: (value: T) => void,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new DeadlineError(what, ms));
    }, ms);
    timer.unref();
  });
  work.then(
    (value) => {
      if (timedOut) late?.(value);
    },
    () => undefined,
  );
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
