/**
 * The Home search modal's submission (issue 18): the results replace the modal (response_action
 * 'update'), with the same scoping as /ticket search: matches the user may not look up are only
 * counted, the rest masked unless the user may see full details.
 */
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { BLOCK, CALLBACK } from '../../../blocks/ids.ts';
import { searchModal } from '../../../blocks/search-results.ts';
import { escapeMrkdwn, plainErrors } from '../../../blocks/text.ts';
import type { Desk } from '../../context.ts';
import { translator } from '../../i18n/index.ts';
import { searchTickets } from '../../reports/search.ts';
import { failureRef, isDatabaseError } from '../../runtime/errors.ts';
import { ACK_DB_BUDGET_MS, withDeadline } from '../../tickets/deadline.ts';
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
    let found: Awaited<ReturnType<typeof searchTickets>>;
    try {
      // Bounded so that Slack gets its answer within 3 seconds even while the database is away.
      found = await withDeadline(searchTickets(desk, user, query), ACK_DB_BUDGET_MS, 'searching tickets');
    } catch (err) {
      // Only an unavailable database is "try again"; anything else is a fault of ours, shown with its ref.
      const ref = isDatabaseError(err) ? undefined : failureRef();
      if (ref) desk.log.error({ user, ref, err }, 'home search failed: unexpected failure');
      else desk.log.warn({ user, err: (err as Error).message }, 'home search failed');
      const text = ref ? tr('error.internal', { ref }) : tr('error.database');
      await ack({ response_action: 'errors', errors: plainErrors({ [BLOCK.homeSearchQuery]: text }) });
      return;
    }
    const { hits, total, hidden } = found;
    const title = tr('search.title', { query: escapeMrkdwn(query.slice(0, 100)), n: total });
    await ack({
      response_action: 'update',
      view: searchModal(tr, desk.config, lang, { query, title, hits, total, hidden: hidden.length }),
    });
  });
}
