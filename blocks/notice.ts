/**
 * Notices and DMs (ticket-change notices, scheduled nudges, service-level notices, follow-ups): the
 * text in a section, then its buttons; the parameters their messages name, filled in the
 * recipient's language; and a notice redrawn after a click on one of its buttons.
 */
import type { KnownBlock } from '@slack/types';
import type { DeskConfig } from '../src/config/desk-config.ts';
import type { TicketView } from '../src/domain/views.ts';
import type { Lang, MessageKey, Params, Translate } from '../src/i18n/index.ts';
import { button, context, section } from './elements.ts';
import { ACTION, BLOCK } from './ids.ts';
import { slackTime } from './text.ts';
import { names } from './ticket-card.ts';

/** [label key, action id, value] */
export type NoticeButton = [MessageKey, string, string];

/** A notice: its text in a section, then its buttons (if any) in one actions block. */
export function noticeBlocks(tr: Translate, text: string, buttons: NoticeButton[]): KnownBlock[] {
  const blocks: KnownBlock[] = [section(text)];
  if (buttons.length)
    blocks.push({
      type: 'actions',
      elements: buttons.map(([label, action, value]) => button(tr(label), action, value)),
    });
  return blocks;
}

/** Params whose ISO value is shown as a Slack date (each reader sees their own time zone). */
const DATE_PARAMS: Record<string, string> = { dueAt: 'due', deadlineAt: 'deadline', untilAt: 'until' };

/**
 * How `{link}` shows the ticket when the notice names no link of its own:
 * - `permalink`: the bare card permalink, or "(card not posted yet)" (ticket-change notices);
 * - `number`: the ticket number linked to the card, or the bare number (scheduled notices).
 */
export type LinkStyle = 'permalink' | 'number';

/**
 * Fills the derived parameters of a notice in the recipient's language: department names, Slack
 * dates, escalation level, priority, the priority reason and the link to the card.
 */
export function noticeParams(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  params: Params,
  t: Pick<TicketView, 'number' | 'priorityReason' | 'card'> | null,
  link: LinkStyle,
): Params {
  const n = names(config, lang);
  const out: Params = { ...params };
  if (typeof params.departmentId === 'string') out.department = n.department(params.departmentId);
  if (typeof params.targetDepartmentId === 'string') out.target = n.department(params.targetDepartmentId);
  for (const [from, to] of Object.entries(DATE_PARAMS)) {
    const v = params[from];
    if (typeof v === 'string') out[to] = slackTime(new Date(v));
  }
  if (typeof params.escalationLevel === 'string')
    out.level = tr(`escalation.${params.escalationLevel}` as MessageKey);
  if (typeof params.clockKind === 'string') out.clock = tr(`clock.name.${params.clockKind}` as MessageKey);
  if (typeof params.subjectDepartmentId === 'string') out.subject = n.department(params.subjectDepartmentId);
  if (typeof params.method === 'string') out.methodName = tr(`contact.method.${params.method}` as MessageKey);
  if (typeof params.priority === 'string') out.priority = tr(`priority.${params.priority}` as MessageKey);
  if (typeof params.status === 'string') out.statusName = tr(`status.${params.status}` as MessageKey);
  if (typeof params.reasonOf === 'string' && t) out.reason = tr(`reason.${t.priorityReason}` as MessageKey);
  if (t && out.link === undefined) {
    if (link === 'permalink') out.link = t.card?.permalink ?? tr('notice.emergencyNoLink');
    else out.link = t.card?.permalink ? `<${t.card.permalink}|${t.number}>` : t.number;
  }
  return out;
}

/** A notice after a click on its button: its text as it was, a line saying what was recorded, then `extra`. */
export function redrawnNotice(
  original: string,
  line: string,
  extra: KnownBlock[] = [],
): { text: string; blocks: KnownBlock[] } {
  return {
    text: original || line,
    blocks: [...(original ? [section(original)] : []), context([line]), ...extra],
  };
}

/** Under a "customer notified" notice: the button that reopens the ticket. */
export function notifiedActions(tr: Translate, number: string): KnownBlock {
  return {
    type: 'actions',
    block_id: BLOCK.notifiedActions,
    elements: [button(tr('card.reopenButton'), ACTION.reopen, number)],
  };
}
