/**
 * App Home: what the user has to do, by role. Agents: the tickets they opened (status, owner, due)
 * and those awaiting their customer notification or follow-up; department members: their claimed
 * tickets and the department's unclaimed queue with Claim buttons; supervisors and directors: the
 * digest summary. At most 100 blocks: long lists end with "… and N more".
 */
import type { KnownBlock } from '@slack/types';
import type { DeskConfig } from '../src/config/desk-config.ts';
import type { DailyFigures, Scope } from '../src/domain/views.ts';
import type { Lang, MessageKey, Translate } from '../src/i18n/index.ts';
import { dailySummaryLines, scopeName } from './digest.ts';
import { button, context, mrkdwn, plain } from './elements.ts';
import { ACTION } from './ids.ts';
import { slackTime } from './text.ts';
import { names } from './ticket-card.ts';

export const HOME_MAX_BLOCKS = 100;
/** Items listed per list before "… and N more". */
export const HOME_LIST_MAX = 12;

export interface HomeTicket {
  number: string;
  status: string;
  priority: string;
  categoryId: string;
  departmentId: string;
  ownerId?: string | null;
  openedAt: Date;
  responseDueAt: Date;
  resolutionDueAt: Date;
  firstResponseAt?: Date | null;
  customerNotifyDueAt?: Date | null;
  customerNotifiedAt?: Date | null;
  card?: { permalink?: string | null } | null;
}

export interface HomeData {
  summaries: { scope: Scope; figures: DailyFigures }[];
  opened: { items: HomeTicket[]; total: number };
  awaiting: { items: (HomeTicket & { task: 'notify' | 'followup' })[]; total: number };
  claimed: { items: HomeTicket[]; total: number } | null;
  queues: { departmentId: string; items: HomeTicket[]; total: number }[];
}

function num(t: HomeTicket): string {
  return t.card?.permalink ? `<${t.card.permalink}|${t.number}>` : `*${t.number}*`;
}

function dueOf(t: HomeTicket): Date {
  return t.firstResponseAt ? t.resolutionDueAt : t.responseDueAt;
}

function line(tr: Translate, config: DeskConfig, lang: Lang, t: HomeTicket, extra: string): string {
  const n = names(config, lang);
  return [
    num(t),
    tr(`priority.${t.priority}` as MessageKey),
    tr(`status.${t.status}` as MessageKey),
    n.category(t.categoryId),
    extra,
  ]
    .filter(Boolean)
    .join(' · ');
}

function more(tr: Translate, total: number, shown: number): KnownBlock[] {
  return total > shown ? [context([tr('digest.more', { n: total - shown })])] : [];
}

export function homeView(tr: Translate, config: DeskConfig, lang: Lang, d: HomeData) {
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(tr('home.title'), 150) }];
  for (const s of d.summaries) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        [
          `*${tr('home.summary', { scope: scopeName(tr, config, lang, s.scope) })}*`,
          ...dailySummaryLines(tr, s.figures),
        ].join('\n'),
      ),
    });
  }
  if (d.summaries.length) blocks.push({ type: 'divider' });

  if (d.claimed) {
    blocks.push({ type: 'section', text: mrkdwn(`*${tr('home.claimed', { n: d.claimed.total })}*`) });
    if (d.claimed.items.length === 0) blocks.push(context([tr('digest.none')]));
    for (const t of d.claimed.items.slice(0, HOME_LIST_MAX)) {
      const due = dueOf(t);
      blocks.push({
        type: 'section',
        text: mrkdwn(line(tr, config, lang, t, tr('home.due', { due: slackTime(due) }))),
      });
    }
    blocks.push(...more(tr, d.claimed.total, Math.min(HOME_LIST_MAX, d.claimed.items.length)));
  }
  for (const q of d.queues) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `*${tr('home.queue', { department: names(config, lang).department(q.departmentId), n: q.total })}*`,
      ),
    });
    if (q.items.length === 0) blocks.push(context([tr('digest.none')]));
    for (const t of q.items.slice(0, HOME_LIST_MAX)) {
      blocks.push({
        type: 'section',
        text: mrkdwn(line(tr, config, lang, t, tr('home.waitingSince', { since: slackTime(t.openedAt) }))),
        accessory: button(tr('home.claim'), ACTION.claim, t.number, 'primary'),
      });
    }
    blocks.push(...more(tr, q.total, Math.min(HOME_LIST_MAX, q.items.length)));
  }
  if (d.claimed || d.queues.length) blocks.push({ type: 'divider' });

  blocks.push({ type: 'section', text: mrkdwn(`*${tr('home.awaiting', { n: d.awaiting.total })}*`) });
  if (d.awaiting.items.length === 0) blocks.push(context([tr('digest.none')]));
  for (const t of d.awaiting.items.slice(0, HOME_LIST_MAX)) {
    const what =
      t.task === 'notify'
        ? tr('home.notifyBy', {
            due: t.customerNotifyDueAt ? slackTime(t.customerNotifyDueAt) : '—',
          })
        : tr('home.followUp');
    blocks.push({ type: 'section', text: mrkdwn(line(tr, config, lang, t, what)) });
  }
  blocks.push(...more(tr, d.awaiting.total, Math.min(HOME_LIST_MAX, d.awaiting.items.length)));

  blocks.push({ type: 'section', text: mrkdwn(`*${tr('home.opened', { n: d.opened.total })}*`) });
  if (d.opened.items.length === 0) blocks.push(context([tr('digest.none')]));
  for (const t of d.opened.items.slice(0, HOME_LIST_MAX)) {
    const due = dueOf(t);
    const owner = t.ownerId ? tr('search.owner', { user: t.ownerId }) : tr('home.noOwner');
    blocks.push({
      type: 'section',
      text: mrkdwn(line(tr, config, lang, t, `${owner} · ${tr('home.due', { due: slackTime(due) })}`)),
    });
  }
  blocks.push(...more(tr, d.opened.total, Math.min(HOME_LIST_MAX, d.opened.items.length)));
  blocks.push(context([tr('home.hint')]));

  if (blocks.length > HOME_MAX_BLOCKS) {
    const cut = blocks.length - (HOME_MAX_BLOCKS - 1);
    blocks.splice(HOME_MAX_BLOCKS - 1);
    blocks.push(context([tr('digest.more', { n: cut })]));
  }
  return { type: 'home' as const, blocks };
}
