/**
 * Slack's own retries of Events API deliveries (`x-slack-retry-num`, and the same envelope twice
 * in Socket Mode) are processed once: the first delivery of an `event_id` stores it in
 * ProcessedEvent (unique `_id`); a later delivery of the same id hits the duplicate key (11000)
 * and is skipped (the receiver has already acknowledged it). Retries are not dropped blindly: a
 * retry whose id was never stored (e.g. the first delivery arrived while the app was down) is
 * processed normally. When the database cannot be reached the event is processed anyway: a rare
 * duplicate is better than a lost event.
 */
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Desk } from '../../context.ts';

export function dedupeEvents(desk: Desk): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next, context }) => {
    const b = body as { type?: unknown; event_id?: unknown };
    if (b.type !== 'event_callback' || typeof b.event_id !== 'string' || !b.event_id) {
      await next();
      return;
    }
    try {
      // Wall-clock time on purpose: the server's TTL index (one day) expires these ids; that window
      // covers Slack's retries (up to about 5 minutes) and is not business time.
      await desk.models.ProcessedEvent.create({ _id: b.event_id, at: new Date() });
    } catch (err) {
      if ((err as { code?: number }).code === 11000) {
        desk.log.info({ event: b.event_id, retry: context.retryNum }, 'event already processed; skipped');
        return;
      }
      desk.log.warn(
        { event: b.event_id, err: (err as Error).message },
        'event id not recorded; processing anyway',
      );
    }
    await next();
  };
}
