/**
 * App Home: built from the stored tickets for the user's roles and published with views.publish.
 * `refreshHome(desk, userId)` is exported so that other services can redraw it after changes.
 */

import { accessHomeBlocks } from '../../blocks/access.ts';
import { type HomeData, type HomeTicket, homeView, type WaitingItem } from '../../blocks/home.ts';
import type { Desk } from '../context.ts';
import { subjectOf } from '../domain/subject.ts';
import type { Scope } from '../domain/views.ts';
import { translator } from '../i18n/index.ts';
import { kbHomeSection } from '../kb/home.ts';
import { activeGrants } from '../tickets/access.ts';
import { isDirector } from '../tickets/permissions.ts';
import { dailyFigures, OPEN_STATUSES } from './report.ts';

const LIST = 12;

const FIELDS = {
  number: 1,
  status: 1,
  priority: 1,
  categoryId: 1,
  departmentId: 1,
  ownerId: 1,
  openedAt: 1,
  responseDueAt: 1,
  resolutionDueAt: 1,
  firstResponseAt: 1,
  customerNotifyDueAt: 1,
  customerNotifiedAt: 1,
  subject: 1,
  description: 1,
  'customer.name': 1,
  'customer.phone': 1,
  'customer.email': 1,
  'card.permalink': 1,
} as const;

type Stored = Omit<HomeTicket, 'subject'> & {
  subject?: string | null;
  description?: string;
  clocks?: { kind: string; state: string; dueAt: Date }[];
};

function toHome(t: Stored): HomeTicket & { clocks?: Stored['clocks'] } {
  const { description, ...rest } = t;
  return { ...rest, subject: subjectOf({ subject: t.subject ?? null, description: description ?? '' }) };
}

/** At most LIST tickets of `filter` in `sort` order, and how many there are (two bounded queries). */
async function listOf(
  desk: Desk,
  filter: Record<string, unknown>,
  sort: Record<string, 1 | -1>,
  extra: Record<string, 1> = {},
) {
  const { Ticket } = desk.models;
  const [items, total] = await Promise.all([
    Ticket.find(filter, { ...FIELDS, ...extra })
      .sort(sort)
      .limit(LIST)
      .lean(),
    Ticket.countDocuments(filter),
  ]);
  return { items: (items as unknown as Stored[]).map(toHome), total };
}

/** When the satisfaction follow-up is due: its running clock, if any. */
function followUpDue(t: { clocks?: Stored['clocks'] }): Date | null {
  const c = t.clocks?.find(
    (k) => k.kind === 'follow_up' && (k.state === 'running' || k.state === 'breached'),
  );
  return c ? new Date(c.dueAt) : null;
}

export async function homeData(desk: Desk, user: string): Promise<HomeData> {
  const now = desk.clock.now();
  const supervised = desk.config.departments.filter((d) => d.supervisors.includes(user));
  const scopes: Scope[] = [
    ...(isDirector(desk.config, user) ? [{}] : []),
    ...supervised.map((d) => ({ departmentId: d.id })),
  ];
  const memberOf: string[] = [];
  for (const d of desk.config.departments) {
    try {
      if ((await desk.members.members(d)).has(user)) memberOf.push(d.id);
    } catch (err) {
      desk.log.warn({ department: d.id, err: (err as Error).message }, 'membership lookup failed');
    }
  }
  const awaitingNotify = { openedBy: user, status: 'resolved', customerNotifiedAt: null };
  const awaitingFollowUp = {
    openedBy: user,
    status: 'resolved',
    customerNotifiedAt: { $ne: null },
    'survey.at': null,
  };
  const [summaries, opened, notify, followup, owned, queues] = await Promise.all([
    Promise.all(scopes.map(async (scope) => ({ scope, figures: await dailyFigures(desk, scope, now) }))),
    listOf(desk, { openedBy: user, status: { $in: OPEN_STATUSES } }, { openedAt: -1 }),
    listOf(desk, awaitingNotify, { customerNotifyDueAt: 1, resolvedAt: 1 }),
    listOf(desk, awaitingFollowUp, { resolvedAt: 1 }, { clocks: 1 }),
    memberOf.length
      ? listOf(desk, { ownerId: user, status: { $in: OPEN_STATUSES } }, { resolutionDueAt: 1 })
      : Promise.resolve(null),
    Promise.all(
      memberOf.map(async (departmentId) => ({
        departmentId,
        ...(await listOf(desk, { departmentId, status: 'new' }, { openedAt: 1 })),
      })),
    ),
  ]);
  // Waiting for you: both kinds of task in one list, earliest due first (no due time last).
  const waiting: WaitingItem[] = [
    ...notify.items.map((t) => ({ ...t, task: 'notify' as const, due: t.customerNotifyDueAt ?? null })),
    ...followup.items.map(({ clocks, ...t }) => ({
      ...t,
      task: 'followup' as const,
      due: followUpDue({ ...(clocks ? { clocks } : {}) }),
    })),
  ].sort(
    (a, b) => (a.due?.getTime() ?? Number.POSITIVE_INFINITY) - (b.due?.getTime() ?? Number.POSITIVE_INFINITY),
  );
  const dueMs = (t: HomeTicket) => (t.firstResponseAt ? t.resolutionDueAt : t.responseDueAt).getTime();
  return {
    now,
    summaries,
    opened,
    waiting: { items: waiting.slice(0, LIST), total: notify.total + followup.total },
    owned: owned ? { ...owned, items: [...owned.items].sort((a, b) => dueMs(a) - dueMs(b)) } : null,
    queues,
  };
}

export async function refreshHome(desk: Desk, userId: string): Promise<void> {
  const lang = await desk.langOf(userId);
  const [data, grants] = await Promise.all([homeData(desk, userId), activeGrants(desk, userId)]);
  const tr = translator(lang);
  const view = homeView(tr, desk.config, lang, data);
  // The access the person was granted, and until when (it ends by itself).
  const granted = accessHomeBlocks(tr, grants);
  if (granted.length) view.blocks = [...view.blocks.slice(0, 99 - granted.length), ...granted];
  const kb = await kbHomeSection(desk, tr, userId); // knowledge base (issue 14)
  if (view.blocks.length + kb.length <= 100) view.blocks.push(...kb);
  await desk.slack.views.publish({ user_id: userId, view });
}

/** Remembers that the user looks at App Home (so later changes redraw it), then draws it. */
export async function openHome(desk: Desk, userId: string): Promise<void> {
  await desk.models.HomeViewer.updateOne(
    { _id: userId },
    { $set: { at: desk.clock.now() } },
    { upsert: true },
  );
  viewerCache.get(desk)?.ids.add(userId);
  await refreshHome(desk, userId);
}

/**
 * Redraws the Home tab of the people a ticket change concerns (its opener and owners) who have
 * opened App Home before; a failure is logged and the tab is redrawn when the person opens it.
 */
/**
 * Who has opened App Home (and so gets it redrawn after changes), read from HomeViewer at most once
 * a minute per desk instead of once per change: a person who opened Home on another instance is
 * redrawn from the next reload on (within a minute); one who opened it here, at once.
 */
const VIEWERS_TTL_MS = 60_000;
const viewerCache = new WeakMap<Desk, { ids: Set<string>; until: number; loading?: Promise<Set<string>> }>();

async function homeViewers(desk: Desk): Promise<Set<string>> {
  const now = desk.clock.now().getTime();
  const hit = viewerCache.get(desk);
  if (hit && hit.until > now) return hit.ids;
  if (hit?.loading) return hit.loading;
  const loading = desk.models.HomeViewer.find({}, { _id: 1 })
    .lean()
    .then((docs) => {
      const ids = new Set(docs.map((d) => d._id));
      viewerCache.set(desk, { ids, until: desk.clock.now().getTime() + VIEWERS_TTL_MS });
      return ids;
    })
    .catch((err: Error) => {
      viewerCache.delete(desk);
      throw err;
    });
  viewerCache.set(desk, { ids: hit?.ids ?? new Set(), until: 0, loading });
  return loading;
}

export async function refreshHomesOf(desk: Desk, users: (string | null | undefined)[]): Promise<void> {
  const wanted = [...new Set(users.filter((u): u is string => !!u))];
  if (wanted.length === 0) return;
  const viewers = await homeViewers(desk);
  for (const user of wanted.filter((u) => viewers.has(u))) {
    try {
      await refreshHome(desk, user);
    } catch (err) {
      desk.log.warn({ user, err: (err as Error).message }, 'home not redrawn');
    }
  }
}
