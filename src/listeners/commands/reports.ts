/**
 * /ticket mine, search, customer and export: answers for the ephemeral response. Digests, exports
 * and unmasked data are only for supervisors and the service director.
 */
import type { KnownBlock } from '@slack/types';
import { type AccessTarget, accessRefusal } from '../../../blocks/access.ts';
import { customerProfileBlocks } from '../../../blocks/customer.ts';
import { section } from '../../../blocks/elements.ts';
import { mineBlocks, resultBlocks } from '../../../blocks/search-results.ts';
import { escapeMrkdwn } from '../../../blocks/text.ts';
import { names } from '../../../blocks/ticket-card.ts';
import type { Desk } from '../../context.ts';
import { maskPhone } from '../../domain/masking.ts';
import { type Lang, translator } from '../../i18n/index.ts';
import { slackErrorInfo } from '../../outbox/slack-errors.ts';
import { EXPORT_MAX_ROWS, exportTickets } from '../../reports/export.ts';
import { customerHistory, myTickets, searchTickets } from '../../reports/search.ts';
import { findCustomer } from '../../tickets/customers.ts';
import { isDirector, isSupervisor } from '../../tickets/permissions.ts';

export type ReportCommand = 'mine' | 'search' | 'customer' | 'export';

export async function reportCommand(
  desk: Desk,
  user: string,
  kind: ReportCommand,
  args: string[],
  rest: string,
  lang: Lang,
): Promise<{ text: string; blocks?: KnownBlock[] }> {
  const tr = translator(lang);
  const cfg = desk.config;
  const n = names(cfg, lang);
  const refusal = (targets: AccessTarget[]) => accessRefusal(tr, targets, (id) => n.department(id));
  /** Results, then how many were hidden and the buttons to ask for them. */
  const withHidden = (
    count: number,
    targets: AccessTarget[],
    res: { text: string; blocks: KnownBlock[] },
  ) => {
    if (count === 0) return res;
    const asked = refusal(targets).blocks.slice(1);
    const blocks: KnownBlock[] = [
      ...res.blocks.slice(0, 45),
      section(tr('access.hiddenResults', { n: count })),
      ...asked,
    ];
    return { text: res.text, blocks: blocks.slice(0, 50) };
  };
  switch (kind) {
    case 'mine': {
      const { opened, owned } = await myTickets(desk, user);
      return { text: tr('mine.title'), blocks: mineBlocks(tr, cfg, lang, opened, owned) };
    }
    case 'search': {
      if (!rest.trim()) return { text: tr('search.usage') };
      const { hits, total, hidden } = await searchTickets(desk, user, rest);
      // Matches the asker may not look up are not shown: they may ask for their departments.
      const depts = [...new Set(hidden.map((h) => h.departmentId))].slice(0, 3);
      const targets: AccessTarget[] = depts.map((d) => ({ scope: 'department', target: d, departmentId: d }));
      if (hits.length === 0 && hidden.length > 0) return refusal(targets);
      const title = tr('search.title', { query: escapeMrkdwn(rest.slice(0, 100)), n: total });
      return withHidden(hidden.length, targets, {
        text: title,
        blocks: resultBlocks(tr, cfg, lang, title, hits, total),
      });
    }
    case 'customer': {
      if (!rest.trim()) return { text: tr('customer.usage') };
      const { found, hidden } = await customerHistory(desk, user, rest);
      const last = hidden.at(-1);
      const targets: AccessTarget[] = last
        ? [
            last.customerId
              ? { scope: 'customer', target: last.customerId, departmentId: last.departmentId }
              : { scope: 'ticket', target: last.number, departmentId: last.departmentId },
          ]
        : [];
      if (found.length === 0 && hidden.length > 0) return refusal(targets);
      const q = rest.trim().slice(0, 60);
      const shown = /^[+\d\s()-]{7,}$/.test(q) ? maskPhone(q) : q;
      const title = tr('customer.title', { query: escapeMrkdwn(shown), n: found.length });
      // The customer's profile above its history, for those who may look the history up.
      const record =
        found.length > 0
          ? await findCustomer(desk, /^[+\d\s()-]{7,}$/.test(q) ? { phone: q } : { customerId: q })
          : null;
      const profile = record
        ? customerProfileBlocks(tr, cfg, lang, record, {
            full:
              isDirector(cfg, user) || isSupervisor(cfg, user) || cfg.access.technicalLeads.includes(user),
            mayEdit: isDirector(cfg, user) || isSupervisor(cfg, user),
          })
        : [];
      const history = resultBlocks(tr, cfg, lang, title, found);
      return withHidden(hidden.length, targets, {
        text: title,
        blocks: [...profile, ...history].slice(0, 50),
      });
    }
    case 'export': {
      try {
        const out = await exportTickets(desk, user, args);
        if (!out.ok) return { text: tr(out.reason === 'denied' ? 'report.refused' : 'export.usage') };
        return {
          text: `${tr('export.done', { n: out.rows, from: out.from, to: out.to, file: out.filename })}${out.truncated ? ` ${tr('export.truncated', { max: EXPORT_MAX_ROWS })}` : ''}`,
        };
      } catch (err) {
        desk.log.warn({ err: slackErrorInfo(err).code }, 'export failed');
        return { text: tr('export.failed') };
      }
    }
  }
}
