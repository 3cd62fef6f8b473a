/**
 * Who a Slack user is to the desk: language (from users.info, cached), department membership
 * (channel members plus optional user group, cached briefly) and role.
 */
import type { WebClient } from '@slack/web-api';
import type { Department, DeskConfig } from '../config/desk-config.ts';
import type { Clock } from '../domain/clock.ts';
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

/** How long a language look-up may hold up an answer to Slack (the rest of the 3 s is the database's). */
export const LANG_BUDGET_MS = 500;

/**
 * The user's language from their Slack locale. Cached (6 h; a failed look-up caches the default
 * for 5 min so a struggling Slack is not asked again on every request), one look-up per user at a
 * time, and bounded: a slow users.info answers the default after LANG_BUDGET_MS while the look-up
 * finishes in the background and fills the cache.
 */
export function languageResolver(slack: WebClient, config: DeskConfig, clock: Clock, log: Logger) {
  const cache = new TtlCache<Lang>(6 * 3600_000, clock);
  const failed = new TtlCache<Lang>(5 * 60_000, clock, 1000);
  const inFlight = new Map<string, Promise<Lang>>();
  const fallback = config.organisation.defaultLanguage;
  const lookUp = (userId: string): Promise<Lang> => {
    let p = inFlight.get(userId);
    if (!p) {
      p = slack.users
        .info({ user: userId, include_locale: true })
        .then((res) => {
          const lang = langFromLocale(res.user?.locale) ?? fallback;
          cache.set(userId, lang);
          return lang;
        })
        .catch((err: Error) => {
          log.warn({ user: userId, err: err.message }, 'users.info failed; using the default language');
          failed.set(userId, fallback);
          return fallback;
        })
        .finally(() => inFlight.delete(userId));
      inFlight.set(userId, p);
    }
    return p;
  };
  return async (userId: string): Promise<Lang> => {
    const hit = cache.get(userId) ?? failed.get(userId);
    if (hit) return hit;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Lang>((resolve) => {
      timer = setTimeout(() => resolve(fallback), LANG_BUDGET_MS);
      timer.unref();
    });
    try {
      return await Promise.race([lookUp(userId), late]);
    } finally {
      clearTimeout(timer);
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

/** Whether someone can take work now, from Slack: presence, status, and whether a person at all. */
export interface Availability {
  away: boolean;
  /** A bot, or a deactivated account: never assigned. */
  notAPerson: boolean;
  statusEmoji: string;
  statusText: string;
}

/**
 * Presence (users.getPresence) and status (users.info's profile), cached for a minute. A failed
 * look-up counts as available: assignment then relies on the accept timeout.
 */
export function availabilityResolver(slack: WebClient, clock: Clock, log: Logger) {
  const cache = new TtlCache<Availability>(60_000, clock);
  return async (userId: string): Promise<Availability> => {
    const hit = cache.get(userId);
    if (hit) return hit;
    try {
      const [presence, info] = await Promise.all([
        slack.users.getPresence({ user: userId }),
        slack.users.info({ user: userId }),
      ]);
      const value = {
        away: presence.presence === 'away',
        notAPerson: !!info.user?.is_bot || !!info.user?.deleted,
        statusEmoji: info.user?.profile?.status_emoji ?? '',
        statusText: info.user?.profile?.status_text ?? '',
      };
      cache.set(userId, value);
      return value;
    } catch (err) {
      log.warn(
        { user: userId, err: (err as Error).message },
        'availability look-up failed; counted as available',
      );
      return { away: false, notAPerson: false, statusEmoji: '', statusText: '' };
    }
  };
}
