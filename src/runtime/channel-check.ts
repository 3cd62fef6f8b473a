/**
 * Start-up check of every channel the config names (department channels, digest channels): a channel
 * the bot cannot see or has not joined fails silently later (cards, digests), so each one is looked up
 * with `conversations.info` once at start and every problem is logged with its fix.
 */
import type { Desk } from '../context.ts';

export interface ChannelProblem {
  channel: string;
  /** What the config uses it for, e.g. `departments.tech.channel`. */
  use: string;
  problem: 'not_found' | 'not_in_channel' | 'archived' | 'lookup_failed';
  /** What the operator should do. */
  fix: string;
}

/** Each configured channel with what it is used for. */
export function configuredChannels(config: Desk['config']): { channel: string; use: string }[] {
  const out: { channel: string; use: string }[] = [];
  for (const d of config.departments) {
    out.push({ channel: d.channel, use: `departments.${d.id}.channel` });
    if (d.digestChannel) out.push({ channel: d.digestChannel, use: `departments.${d.id}.digestChannel` });
  }
  return out;
}

export async function checkChannels(desk: Pick<Desk, 'config' | 'slack' | 'log'>): Promise<ChannelProblem[]> {
  const problems: ChannelProblem[] = [];
  for (const { channel, use } of configuredChannels(desk.config)) {
    let problem: ChannelProblem['problem'] | undefined;
    let name = channel;
    try {
      const res = await desk.slack.conversations.info({ channel });
      const ch = res.channel as { name?: string; is_member?: boolean; is_archived?: boolean } | undefined;
      name = ch?.name ?? channel;
      if (ch?.is_archived) problem = 'archived';
      else if (ch?.is_member === false) problem = 'not_in_channel';
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error;
      problem = code === 'channel_not_found' ? 'not_found' : 'lookup_failed';
      if (problem === 'lookup_failed') name = `${channel} (${code ?? (err as Error).message})`;
    }
    if (!problem) continue;
    const fix =
      problem === 'archived'
        ? `unarchive #${name} or set ${use} to another channel`
        : problem === 'lookup_failed'
          ? `check the bot token's scopes (channels:read, groups:read) and ${use}`
          : `invite the bot to #${name}: type "/invite @Service Desk" in that channel (a private channel is invisible until the bot is invited)`;
    problems.push({ channel, use, problem, fix });
    desk.log.warn({ channel, use, problem, fix }, `configured channel not usable: ${fix}`);
  }
  return problems;
}
