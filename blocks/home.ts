/**
 * App Home: what the user has to do, by role. At the top, Create ticket and Search. Then what is
 * waiting for the user (telling a customer the result, a satisfaction follow-up), earliest due
 * first; the tickets they own ("Your tickets", the same list and name as in /ticket mine); their
 * departments' unclaimed queues with Claim buttons; the tickets they opened; for supervisors and
 * directors the day's summary and the workload per person (the daily digest's table). Every ticket
 * line carries its subject and the time left or late. At most 100 blocks: long lists end with
 * "… and N more". Pure: `now` comes in as data.
 */
import type { KnownBlock } from '@slack/types';
import type { DeskConfig } from '../src/config/desk-config.ts';
import { maskCustomer } from '../src/domain/masking.ts';
import type { DailyFigures, Scope } from '../src/domain/views.ts';
import type { Lang, MessageKey, Translate } from '../src/i18n/index.ts';
import { dailySummaryLines, peopleBlocks, scopeName } from './digest.ts';
import { button, context, mrkdwn, plain } from './elements.ts';
import { ACTION, BLOCK } from './ids.ts';
import { userText } from './text.ts';
import { names } from './ticket-card.ts';
import { timeLeftText } from './time-left.ts';

export const HOME_MAX_BLOCKS = 100;
/** Items listed per list before "… and N more". */
export const HOME_LIST_MAX = 12;

export interface HomeTicket {
  number: string;
  status: string;
  priority: string;
  categoryId: string;
  departmentId: string;
  /** The subject (概述), already derived where none was given. */
  subject: string;
  ownerId?: string | null;
  openedAt: Date;
  responseDueAt: Date;
  resolutionDueAt: Date;
  firstResponseAt?: Date | null;
  customerNotifyDueAt?: Date | null;
  customerNotifiedAt?: Date | null;
  customer?: { name?: string | null; phone?: string | null; email?: string | null } | null;
  card?: { permalink?: string | null } | null;
}

export interface WaitingItem extends HomeTicket {
  task: 'notify' | 'followup';
  /** When the task is due (null when no clock runs for it). */
  due: Date | null;
}

export interface HomeData {
  now: Date;
  summaries: { scope: Scope; figures: DailyFigures }[];
  opened: { items: HomeTicket[]; total: number };
  /** Sorted by due, earliest first. */
  waiting: { items: WaitingItem[]; total: number };
  /** The tickets the user owns (department members only), earliest due first. */
  owned: { items: HomeTicket[]; total: number } | null;
  queues: { departmentId: string; items: HomeTicket[]; total: number }[];
}

function num(t: HomeTicket): string {
  return t.card?.permalink ? `<${t.card.permalink}|${t.number}>` : `*${t.number}*`;
}

/** The due time of the clock that runs now: the response until answered, then the resolution. */
export function dueOf(t: HomeTicket): Date {
  return t.firstResponseAt ? t.resolutionDueAt : t.responseDueAt;
}

/** The customer, masked: the name, else the phone or email; "customer not recorded" when none. */
function customerText(tr: Translate, t: HomeTicket): string {
  const c = t.customer;
  const m = maskCustomer(c ?? {});
  const shown = m.name || m.phone || m.email;
  return shown ? userText(shown, 60) : tr('home.customerUnknown');
}

function more(tr: Translate, total: number, shown: number): KnownBlock[] {
  return total > shown ? [context([tr('digest.more', { n: total - shown })])] : [];
}

function heading(text: string): KnownBlock {
  return { type: 'section', text: mrkdwn(text) };
}

/** The Create ticket and Search buttons, first on Home. */
export function homeActions(tr: Translate): KnownBlock {
  return {
    type: 'actions',
    block_id: BLOCK.homeActions,
    elements: [
      button(tr('home.create'), ACTION.homeCreate, 'create', 'primary'),
      button(tr('home.search'), ACTION.homeSearch, 'search'),
    ],
  };
}

export function homeView(tr: Translate, config: DeskConfig, lang: Lang, d: HomeData) {
  const n = names(config, lang);
  const left = (due: Date | null) => (due ? timeLeftText(tr, due, d.now) : tr('home.noDue'));
  const subject = (t: HomeTicket) => userText(t.subject, 120);
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(tr('home.title'), 150) }, homeActions(tr)];

  // Waiting for you: first, earliest due first.
  blocks.push(heading(tr('home.waiting', { n: d.waiting.total })));
  if (d.waiting.total === 0) blocks.push(context([tr('home.waitingNone')]));
  for (const t of d.waiting.items.slice(0, HOME_LIST_MAX)) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        tr('home.waitingLine', {
          ticket: num(t),
          what: tr(t.task === 'notify' ? 'home.notifyTask' : 'home.followUpTask'),
          subject: subject(t),
          customer: customerText(tr, t),
          left: left(t.due),
        }),
      ),
    });
  }
  blocks.push(...more(tr, d.waiting.total, Math.min(HOME_LIST_MAX, d.waiting.items.length)));

  if (d.owned) {
    blocks.push({ type: 'divider' }, heading(`*${tr('lists.owned', { n: d.owned.total })}*`));
    for (const t of d.owned.items.slice(0, HOME_LIST_MAX)) {
      blocks.push({
        type: 'section',
        text: mrkdwn(
          tr('home.ownedLine', {
            ticket: num(t),
            priority: tr(`priority.${t.priority}` as MessageKey),
            status: tr(`status.${t.status}` as MessageKey),
            subject: subject(t),
            left: left(dueOf(t)),
          }),
        ),
      });
    }
    blocks.push(...more(tr, d.owned.total, Math.min(HOME_LIST_MAX, d.owned.items.length)));
  }
  for (const q of d.queues) {
    if (q.total === 0) continue;
    blocks.push(
      { type: 'divider' },
      heading(`*${tr('home.queue', { department: n.department(q.departmentId), n: q.total })}*`),
    );
    for (const t of q.items.slice(0, HOME_LIST_MAX)) {
      blocks.push({
        type: 'section',
        text: mrkdwn(
          tr('home.queueLine', {
            ticket: num(t),
            priority: tr(`priority.${t.priority}` as MessageKey),
            subject: subject(t),
            left: left(t.responseDueAt),
          }),
        ),
        accessory: button(tr('home.claim'), ACTION.claim, t.number, 'primary'),
      });
    }
    blocks.push(...more(tr, q.total, Math.min(HOME_LIST_MAX, q.items.length)));
  }

  if (d.opened.total > 0) {
    blocks.push({ type: 'divider' }, heading(`*${tr('lists.opened', { n: d.opened.total })}*`));
    for (const t of d.opened.items.slice(0, HOME_LIST_MAX)) {
      blocks.push({
        type: 'section',
        text: mrkdwn(
          tr('home.openedLine', {
            ticket: num(t),
            status: tr(`status.${t.status}` as MessageKey),
            subject: subject(t),
            owner: t.ownerId ? tr('search.owner', { user: t.ownerId }) : tr('home.noOwner'),
            left: left(dueOf(t)),
          }),
        ),
      });
    }
    blocks.push(...more(tr, d.opened.total, Math.min(HOME_LIST_MAX, d.opened.items.length)));
  }

  // Supervisors and directors: the day's summary and the workload per person, per scope.
  for (const s of d.summaries) {
    blocks.push(
      { type: 'divider' },
      {
        type: 'section',
        text: mrkdwn(
          [
            `*${tr('home.summary', { scope: scopeName(tr, config, lang, s.scope) })}*`,
            ...dailySummaryLines(tr, s.figures),
          ].join('\n'),
        ),
      },
      ...peopleBlocks(tr, s.figures.people, d.now),
    );
  }
  blocks.push(context([tr('home.hint')]));

  if (blocks.length > HOME_MAX_BLOCKS) {
    const cut = blocks.length - (HOME_MAX_BLOCKS - 1);
    blocks.splice(HOME_MAX_BLOCKS - 1);
    blocks.push(context([tr('digest.more', { n: cut })]));
  }
  return { type: 'home' as const, blocks };
}
