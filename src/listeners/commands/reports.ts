/**
 * /ticket mine, search, customer and export: answers for the ephemeral response. Digests, exports
 * and unmasked data are only for supervisors and the service director.
 */
import { mineBlocks, resultBlocks } from '../../../blocks/search-results.ts';
import type { Desk } from '../../context.ts';
import { maskPhone } from '../../domain/masking.ts';
import { type Lang, translator } from '../../i18n/index.ts';
import { slackErrorInfo } from '../../outbox/slack-errors.ts';
import { EXPORT_MAX_ROWS, exportTickets } from '../../reports/export.ts';
import { customerHistory, myTickets, searchTickets } from '../../reports/search.ts';

export type ReportCommand = 'mine' | 'search' | 'customer' | 'export';

export async function reportCommand(
  desk: Desk,
  user: string,
  kind: ReportCommand,
  args: string[],
  rest: string,
  lang: Lang,
): Promise<{ text: string; blocks?: import('@slack/types').KnownBlock[] }> {
  const tr = translator(lang);
  const cfg = desk.config;
  switch (kind) {
    case 'mine': {
      const { opened, owned } = await myTickets(desk, user);
      return { text: tr('mine.title'), blocks: mineBlocks(tr, cfg, lang, opened, owned) };
    }
    case 'search': {
      if (!rest.trim()) return { text: tr('search.usage') };
      const { hits, total } = await searchTickets(desk, user, rest);
      const title = tr('search.title', { query: rest.slice(0, 100), n: total });
      return { text: title, blocks: resultBlocks(tr, cfg, lang, title, hits, total) };
    }
    case 'customer': {
      if (!rest.trim()) return { text: tr('customer.usage') };
      const found = await customerHistory(desk, user, rest);
      const q = rest.trim().slice(0, 60);
      const shown = /^[+\d\s()-]{7,}$/.test(q) ? maskPhone(q) : q;
      const title = tr('customer.title', { query: shown, n: found.length });
      return { text: title, blocks: resultBlocks(tr, cfg, lang, title, found) };
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
