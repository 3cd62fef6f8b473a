/**
 * /ticket kb <words>: ranked answers, ephemeral and paged (drafts too for supervisors; retired
 * never). /ticket kb new: a supervisor's new answer (the modal opens first: the trigger lives 3 s).
 */
import type { KnownBlock } from '@slack/types';
import { kbAnswerModal, kbNoticeModal, kbResultsMessage } from '../../../blocks/kb.ts';
import type { Desk } from '../../context.ts';
import { type Lang, translator } from '../../i18n/index.ts';
import { mayCurate, recordNoMatch, searchAnswers, seesDrafts } from '../../kb/answers.ts';
import { slackErrorInfo } from '../../outbox/slack-errors.ts';

type Reply = { text: string; blocks?: KnownBlock[] };

/** One page of results for `query` as the user may see them. */
export async function kbResults(
  desk: Desk,
  user: string,
  query: string,
  page: number,
  lang: Lang,
): Promise<Reply> {
  const tr = translator(lang);
  const hits = await searchAnswers(desk, query, { drafts: seesDrafts(desk.config, user) });
  if (!hits.length && page === 0) await recordNoMatch(desk, user, query);
  return kbResultsMessage(
    tr,
    desk.config,
    lang,
    query,
    hits,
    page,
    desk.config.knowledgeBase.pageSize,
    (departmentId) => mayCurate(desk.config, user, departmentId),
  );
}

/** A supervisor's new answer: the form opens first (the trigger lives 3 s), then the role is checked. */
export async function openNewAnswer(
  desk: Desk,
  user: string,
  triggerId: string,
  lang: Lang,
  say: (text: string) => Promise<unknown>,
): Promise<void> {
  const tr = translator(lang);
  let viewId: string | undefined;
  try {
    const opened = await desk.slack.views.open({
      trigger_id: triggerId,
      view: kbAnswerModal(
        tr,
        desk.config,
        lang,
        { mode: 'new' },
        { languages: [lang] },
        tr('kb.modal.intro.new'),
      ),
    });
    viewId = opened.view?.id;
  } catch (err) {
    desk.log.warn({ user, err: slackErrorInfo(err).code }, 'kb modal not opened');
    await say(tr('workflow.error.trigger'));
    return;
  }
  if (mayCurate(desk.config, user)) return;
  const text = tr('kb.deny.new');
  if (viewId)
    await desk.slack.views
      .update({ view_id: viewId, view: kbNoticeModal(tr, 'kb.modal.title.notice', text) })
      .catch(() => undefined);
  await say(text);
}

export async function kbCommand(
  desk: Desk,
  o: {
    user: string;
    rest: string;
    triggerId: string;
    respond: (m: Record<string, unknown>) => Promise<unknown>;
  },
): Promise<void> {
  const rest = o.rest.trim();
  const lang = await desk.langOf(o.user);
  const tr = translator(lang);
  if (/^(new|新增)$/i.test(rest)) {
    await openNewAnswer(desk, o.user, o.triggerId, lang, (text) =>
      o.respond({ response_type: 'ephemeral', text }),
    );
    return;
  }
  if (!rest) {
    await o.respond({ response_type: 'ephemeral', text: tr('kb.usage') });
    return;
  }
  await o.respond({
    response_type: 'ephemeral',
    ...(await kbResults(desk, o.user, rest.slice(0, 200), 0, lang)),
  });
}
