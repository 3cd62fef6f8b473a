/**
 * Notifications as outbox tasks: a direct message rendered in the recipient's language when it
 * is sent. The key makes each notification once-only; a Slack failure leaves it due for retry.
 * The handler of the `notify` kind is `notifyTask` (notify-task.ts).
 */
import type { Types } from 'mongoose';
import type { Desk } from '../context.ts';
import type { MessageKey, Params } from '../i18n/index.ts';
import { deliverTasksNow } from '../outbox/deliver-now.ts';
import { scheduleTask } from '../outbox/outbox.ts';
import type { TaskSpec } from '../outbox/task-types.ts';

export interface Notification {
  /** Once-only key, e.g. `claimed:<ticket id>:<user>`. */
  key: string;
  /** A user id (DM) or a channel id. */
  to: string;
  message: MessageKey;
  params?: Params;
  ticketId?: Types.ObjectId;
  /** Post in the ticket card's thread instead of `to` (when the card exists). */
  inThread?: boolean;
  /** Optional buttons: [label key, action id, value]. */
  buttons?: [MessageKey, string, string][];
  dueAt?: Date;
}

/** The outbox task that sends a notification. */
export function noticeTask(n: Notification, now: Date): TaskSpec {
  return {
    key: `notify:${n.key}`,
    kind: 'notify',
    ...(n.ticketId ? { ticketId: n.ticketId } : {}),
    dueAt: n.dueAt ?? now,
    payload: {
      to: n.to,
      message: n.message,
      params: n.params ?? {},
      inThread: !!n.inThread,
      buttons: n.buttons ?? [],
    },
  };
}

/**
 * Schedules notifications that belong to no ticket change (the ticket-change path writes its
 * notices with the change) and, unless they are for later, tries to send them now.
 */
export async function notify(desk: Desk, notes: Notification[], sendNow = true): Promise<void> {
  const now = desk.clock.now();
  const keys: string[] = [];
  for (const n of notes) {
    const spec = noticeTask(n, now);
    await scheduleTask(desk, spec);
    if (spec.dueAt <= now) keys.push(spec.key);
  }
  if (sendNow) await deliverTasksNow(desk, keys);
}
