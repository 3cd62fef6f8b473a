/**
 * Who a Slack user is to the desk: language (from users.info, cached), department membership
 * (channel members plus optional user group, cached briefly) and role.
 */
import type { WebClient } from '@slack/web-api';
import type { Department, DeskConfig } from '../config/desk-config.ts';
import type { Clock } from '../context.ts';
import { type Lang, langFromLocale } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';

interface CacheEntry<T> {
  value: T;
  until: number;
}

/** A small time-bounded cache (users.info is Tier 4; members change rarely). */
export class TtlCache<T> {
  private entries = new Map<string, CacheEntry<T>>();
  constructor(
    private ttlMs: number,
    private clock: Clock,
    private maxSize = 5000,
  ) {}
  get(key: string): T | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.until < this.clock.now().getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.value;
  }
  set(key: string, value: T): void {
    if (this.entries.size >= this.maxSize) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, until: this.clock.now().getTime() + this.ttlMs });
  }
  delete(key: string): void {
    this.entries.delete(key);
  }
}

export function languageResolver(slack: WebClient, config: DeskConfig, clock: Clock, log: Logger) {
  const cache = new TtlCache<Lang>(6 * 3600_000, clock);
  const fallback = config.organisation.defaultLanguage;
  // Bounded: a slow users.info must not eat the 3 seconds a trigger_id lives.
  return async (userId: string): Promise<Lang> => {
    const hit = cache.get(userId);
    if (hit) return hit;
    try {
      const res = await Promise.race([
        slack.users.info({ user: userId, include_locale: true }),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('users.info timed out')), 1000).unref(),
        ),
      ]);
      const lang = langFromLocale(res.user?.locale) ?? fallback;
      cache.set(userId, lang);
      return lang;
    } catch (err) {
      log.warn(
        { user: userId, err: (err as Error).message },
        'users.info failed; using the default language',
      );
      return fallback;
    }
  };
}

/** Membership of a department: its channel's members plus its optional user group. */
export function membershipResolver(slack: WebClient, clock: Clock) {
  const cache = new TtlCache<Set<string>>(60_000, clock);
  async function channelMembers(channel: string): Promise<string[]> {
    const out: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await slack.conversations.members({ channel, limit: 1000, cursor });
      out.push(...(res.members ?? []));
      cursor = res.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return out;
  }
  return {
    async members(dept: Department): Promise<Set<string>> {
      const hit = cache.get(dept.id);
      if (hit) return hit;
      const set = new Set(await channelMembers(dept.channel));
      if (dept.userGroup) {
        const res = await slack.usergroups.users.list({ usergroup: dept.userGroup });
        for (const u of res.users ?? []) set.add(u);
      }
      for (const s of dept.supervisors) set.add(s);
      cache.set(dept.id, set);
      return set;
    },
    forget(deptId: string) {
      cache.delete(deptId);
    },
  };
}

export type MembershipResolver = ReturnType<typeof membershipResolver>;
