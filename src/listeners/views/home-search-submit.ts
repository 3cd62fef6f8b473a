/**
 * The Home search modal's submission (issue 18): the results replace the modal (response_action
 * 'update'), with the same scoping as /ticket search: matches the user may not look up are only
 * counted, the rest masked unless the user may see full details.
 */
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { BLOCK, CALLBACK } from '../../../blocks/ids.ts';
import { searchModal } from '../../../blocks/search-results.ts';
import { escapeMrkdwn } from '../../../blocks/text.ts';
import type { Desk } from '../../context.ts';
import { translator } from '../../i18n/index.ts';
import { searchTickets } from '../../reports/search.ts';
import { readValue } from '../view-values.ts';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

export function register(app: App, desk: Desk): void {
  app.view(CALLBACK.homeSearch, async ({ ack, body, view }: Args) => {
    const user = body.user.id;
    const lang = await desk.langOf(user);
    const tr = translator(lang);
    const raw = readValue(view.state, BLOCK.homeSearchQuery);
    const query = (typeof raw === 'string' ? raw : '').trim();
    if (!query) {
      await ack({ response_action: 'errors', errors: { [BLOCK.homeSearchQuery]: tr('searchModal.empty') } });
      return;
    }
    const { hits, total, hidden } = await searchTickets(desk, user, query);
    const title = tr('search.title', { query: escapeMrkdwn(query.slice(0, 100)), n: total });
    await ack({
      response_action: 'update',
      view: searchModal(tr, desk.config, lang, { query, title, hits, total, hidden: hidden.length }),
    });
  });
}
