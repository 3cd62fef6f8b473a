/**
 * Posting to Slack once from an outbox task: a post carries the task's key in its metadata, and a
 * retry first looks for the message a lost answer hid, so it posts nothing twice.
 */
import type { KnownBlock } from '@slack/types';
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import type { TaskRecord } from './task-types.ts';

const NOTICE_EVENT = 'desk_notice';

/**
 * Finds a message of ours that Slack posted although its answer was lost, by the outbox key in its
 * metadata, so a retry posts nothing twice. Looks in a thread when `threadTs` is given, else in
 * the channel's recent history. DMs cannot be looked up (that would need im:history).
 */
export async function findPosted(
  desk: Desk,
  where: { channel: string; threadTs?: string },
  key: string,
  since: Date,
): Promise<string | undefined> {
  try {
    const res = where.threadTs
      ? await desk.slack.conversations.replies({
          channel: where.channel,
          ts: where.threadTs,
          limit: 200,
          include_all_metadata: true,
        })
      : await desk.slack.conversations.history({
          channel: where.channel,
          oldest: String(Math.floor(since.getTime() / 1000) - 120),
          limit: 200,
          include_all_metadata: true,
        });
    const hit = res.messages?.find(
      (m) => (m.metadata?.event_payload as { key?: string } | undefined)?.key === key,
    );
    return hit?.ts;
  } catch {
    return undefined;
  }
}

/**
 * Posts a notice to a user (DM), a channel, or the ticket card's thread, once: channel and thread
 * posts carry the task's key in their metadata and a retry first looks for them. A DM whose answer
 * was lost can be sent twice (at most once more per lost answer).
 */
export async function postNotice(
  desk: Desk,
  task: TaskRecord,
  n: { to: string; inThread: boolean; ticket: TicketDoc | null; text: string; blocks: KnownBlock[] },
): Promise<void> {
  const card = n.ticket?.card;
  const channel = n.inThread && card?.channel ? card.channel : n.to;
  const threadTs = n.inThread && card?.ts ? card.ts : undefined;
  const isDm = /^[UW]/.test(channel);
  if (!isDm && task.attempts > 1) {
    const since = task.dueAt;
    if (await findPosted(desk, { channel, ...(threadTs ? { threadTs } : {}) }, task.key, since)) return;
  }
  await desk.slackOnce.chat.postMessage({
    channel,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    text: n.text,
    blocks: n.blocks,
    unfurl_links: false,
    ...(isDm ? {} : { metadata: { event_type: NOTICE_EVENT, event_payload: { key: task.key } } }),
  });
}
