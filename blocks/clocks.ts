/**
 * The customer-facing clocks on the department card (src/domain/clocks.ts): one line per clock with
 * its state (running, due soon, overdue, met, met late, paused), "paused since …" while the ticket
 * waits on the customer, and the last customer contact (flagged when the customer did not accept).
 */
import type { KnownBlock } from '@slack/types';
import type { DeskConfig } from '../src/config/desk-config.ts';
import type { ClockView, TicketView } from '../src/domain/views.ts';
import type { Lang, MessageKey, Translate } from '../src/i18n/index.ts';
import { context, mrkdwn } from './elements.ts';
import { slackTime, truncate } from './text.ts';
import { timeLeftText } from './time-left.ts';

/** The most clocks a card lists (the newest of each key first). */
const MAX_CLOCKS = 12;

export function clockName(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  c: Pick<ClockView, 'kind' | 'subject'>,
) {
  return tr(`clock.name.${c.kind}` as MessageKey, {
    subject: c.subject ? (config.departments.find((d) => d.id === c.subject)?.name[lang] ?? c.subject) : '',
  });
}

function clockLine(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  c: ClockView & { warnedAt?: Date | null },
  now: Date,
  done: boolean,
) {
  const clock = clockName(tr, config, lang, c);
  const due = slackTime(c.dueAt);
  const left = timeLeftText(tr, c.dueAt, now);
  switch (c.state) {
    case 'met':
      return c.metAt && c.metAt.getTime() > c.dueAt.getTime()
        ? tr('card.clock.metLate', { clock, at: slackTime(c.metAt), due })
        : tr('card.clock.met', { clock, at: c.metAt ? slackTime(c.metAt) : '—' });
    case 'breached':
      return tr('card.clock.breached', { clock, due });
    case 'paused':
      return tr('card.clock.paused', { clock, at: c.pausedAt ? slackTime(c.pausedAt) : '—' });
    case 'running':
      // Past due before the clocks job has recorded the breach: already overdue to the reader of an
      // open ticket (a resolved card keeps red out, and says how late instead).
      if (!done && c.dueAt.getTime() <= now.getTime()) return tr('card.clock.breached', { clock, due });
      return c.warnedAt
        ? tr('card.clock.warned', { clock, due, left })
        : tr('card.clock.running', { clock, due, left });
    default:
      return '';
  }
}

/**
 * The clocks section. `done` (resolved or closed): only the clocks still owed (telling the customer,
 * the follow-up) and those met late, without the ones met in time. Red (🔴) only for a breached clock.
 */
function metLate(c: ClockView): boolean {
  return c.state === 'met' && !!c.metAt && c.metAt.getTime() > c.dueAt.getTime();
}

export function clockBlocks(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  t: TicketView,
  now: Date,
  done = false,
): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const shown = (t.clocks ?? []).filter((c) => c.state !== 'cancelled');
  // One line per clock key: its latest round (a progress sync restarts after each contact).
  const latest = new Map<string, ClockView>();
  for (const c of shown) latest.set(c.key, c);
  const lines = [...latest.values()]
    .filter((c) => !done || c.state === 'running' || c.state === 'breached' || metLate(c))
    .slice(-MAX_CLOCKS)
    .map((c) => clockLine(tr, config, lang, c, now, done))
    .filter(Boolean);
  if (t.pause?.since && !done) lines.unshift(tr('card.paused', { at: slackTime(t.pause.since) }));
  if (lines.length)
    blocks.push({
      type: 'section',
      text: mrkdwn(truncate(`${tr('card.clocks')}\n${lines.join('\n')}`, 3000)),
    });
  const meta: string[] = [];
  const last = t.contacts?.at(-1);
  if (last)
    meta.push(
      tr('card.lastContact', {
        method: tr(`contact.method.${last.method}` as MessageKey),
        user: last.by,
        at: slackTime(last.at),
        flag: last.accepted ? '' : tr('card.contactNotAccepted'),
      }),
    );
  // The first-contact agent is on the card's second line.
  if (meta.length) blocks.push(context(meta));
  return blocks;
}
