/**
 * Knowledge base buttons: Show answer, Publish, Edit, Retire and paging in /ticket kb results;
 * "Save as answer" and "Standard reply" on the department card; the reply picker; "Find answers"
 * and "Answered from the knowledge base" in the intake form. Modals are opened first (a loading
 * notice; the trigger lives 3 s) and then filled or replaced by the explanation of a refusal.
 */
import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock, ModalView, View } from '@slack/types';
import { INTAKE_FIELD, KB_ACTION, KB_BLOCK } from '../../../blocks/ids.ts';
import {
  type KbFormMetadata,
  kbAnswerBlocks,
  kbAnswerModal,
  kbNoticeModal,
  kbReplyModal,
  kbSuggestionBlocks,
  parsePageValue,
  withSuggestions,
} from '../../../blocks/kb.ts';
import { names } from '../../../blocks/ticket-card.ts';
import type { Desk } from '../../context.ts';
import type { TicketView } from '../../domain/views.ts';
import { type Lang, type MessageKey, type Translate, translator } from '../../i18n/index.ts';
import {
  answerById,
  type KbRefusal,
  mayCurate,
  publishAnswer,
  recordAnswerUse,
  retireAnswer,
  searchAnswers,
} from '../../kb/answers.ts';
import { captureSource } from '../../kb/capture.ts';
import { recordDeflection } from '../../kb/deflection.ts';
import { fillStandardReply, type ReplyRefusal, replyTicket } from '../../kb/replies.ts';
import { ticketAnswerBlocks } from '../../kb/suggest.ts';
import { slackErrorInfo } from '../../outbox/slack-errors.ts';
import { kbResults, openNewAnswer } from '../commands/kb.ts';
import { readMetadata, readValue, type ViewState } from '../view-values.ts';
import { afterAck, clickContext, ephemeral, type Respond } from './common.ts';

const ERROR_BLOCK = `${KB_BLOCK.suggestPrefix}error`;

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>;

export function kbRefusalText(
  desk: Desk,
  lang: Lang,
  tr: Translate,
  reason: KbRefusal | ReplyRefusal | 'not_resolved',
  departmentId?: string,
  ownerId?: string | null,
): string {
  const department = departmentId ? names(desk.config, lang).department(departmentId) : '';
  return tr(`kb.deny.${reason === 'invalid_target' ? 'not_found' : reason}` as MessageKey, {
    department,
    owner: ownerId ? `<@${ownerId}>` : '—',
  });
}

/** Opens a "…" modal now (the trigger expires), to be replaced by the real one. */
async function openLoading(
  desk: Desk,
  tr: Translate,
  triggerId: string,
  respond?: Respond,
): Promise<string | undefined> {
  try {
    const res = await desk.slack.views.open({
      trigger_id: triggerId,
      view: kbNoticeModal(tr, 'kb.modal.title.notice', '⏳'),
    });
    return res.view?.id;
  } catch (err) {
    desk.log.warn({ err: slackErrorInfo(err).code }, 'kb modal not opened');
    if (respond) await ephemeral(respond, tr('workflow.error.trigger'));
    return undefined;
  }
}

async function updateView(desk: Desk, viewId: string, view: View, hash?: string): Promise<void> {
  await desk.slack.views
    .update({ view_id: viewId, view, ...(hash ? { hash } : {}) })
    .catch((err: unknown) => desk.log.warn({ err: slackErrorInfo(err).code }, 'kb view not updated'));
}

async function show(
  desk: Desk,
  body: BlockAction,
  respond: Respond,
  tr: Translate,
  lang: Lang,
): Promise<void> {
  const { user, value } = clickContext(body);
  const a = await answerById(desk, value);
  if (!a || a.status === 'retired' || (a.status === 'draft' && !mayCurate(desk.config, user))) {
    await ephemeral(respond, tr('kb.deny.not_found'));
    return;
  }
  if (a.status === 'published') await recordAnswerUse(desk, user, a);
  await respond({
    response_type: 'ephemeral',
    replace_original: false,
    text: a.question,
    blocks: kbAnswerBlocks(tr, desk.config, lang, a, mayCurate(desk.config, user, a.departmentId)),
  });
}

async function setStatus(
  desk: Desk,
  body: BlockAction,
  respond: Respond,
  tr: Translate,
  lang: Lang,
  to: 'publish' | 'retire',
): Promise<void> {
  const { user, value } = clickContext(body);
  const res =
    to === 'publish' ? await publishAnswer(desk, user, value) : await retireAnswer(desk, user, value);
  if (res.ok) {
    await ephemeral(
      respond,
      tr(to === 'publish' ? 'kb.published' : 'kb.retired', { question: res.answer.question.slice(0, 200) }),
    );
    return;
  }
  const a = await answerById(desk, value);
  await ephemeral(respond, kbRefusalText(desk, lang, tr, res.reason, a?.departmentId));
}

async function edit(
  desk: Desk,
  body: BlockAction,
  respond: Respond,
  tr: Translate,
  lang: Lang,
): Promise<void> {
  const { user, value, triggerId } = clickContext(body);
  const viewId = await openLoading(desk, tr, triggerId, respond);
  if (!viewId) return;
  const a = await answerById(desk, value);
  if (!a || a.status === 'retired') {
    await updateView(desk, viewId, kbNoticeModal(tr, 'kb.modal.title.notice', tr('kb.deny.not_found')));
    return;
  }
  if (!mayCurate(desk.config, user, a.departmentId)) {
    const text = kbRefusalText(desk, lang, tr, 'not_supervisor', a.departmentId);
    await updateView(desk, viewId, kbNoticeModal(tr, 'kb.modal.title.notice', text));
    await ephemeral(respond, text);
    return;
  }
  const meta: KbFormMetadata = { mode: 'edit', id: a.id, version: a.version };
  await updateView(desk, viewId, kbAnswerModal(tr, desk.config, lang, meta, a));
}

async function page(desk: Desk, body: BlockAction, respond: Respond, lang: Lang): Promise<void> {
  const { user, value } = clickContext(body);
  const p = parsePageValue(value);
  if (!p) return;
  await respond({
    response_type: 'ephemeral',
    replace_original: true,
    ...(await kbResults(desk, user, p.q, p.p, lang)),
  });
}

/** A refused button that had opened a "loading" modal: the reason in the modal and ephemerally. */
async function refuseInModal(
  desk: Desk,
  respond: Respond,
  viewId: string,
  lang: Lang,
  tr: Translate,
  refused: {
    reason: Parameters<typeof kbRefusalText>[3] | 'not_found';
    ticket?: { departmentId: string; ownerId?: string | null } | null;
  },
): Promise<void> {
  const text =
    refused.reason === 'not_found'
      ? tr('deny.not_found')
      : kbRefusalText(desk, lang, tr, refused.reason, refused.ticket?.departmentId, refused.ticket?.ownerId);
  await updateView(desk, viewId, kbNoticeModal(tr, 'kb.modal.title.notice', text));
  await ephemeral(respond, text);
}

async function save(
  desk: Desk,
  body: BlockAction,
  respond: Respond,
  tr: Translate,
  lang: Lang,
): Promise<void> {
  const { user, value: number, triggerId } = clickContext(body);
  const viewId = await openLoading(desk, tr, triggerId, respond);
  if (!viewId) return;
  const src = await captureSource(desk, user, number);
  if (!src.ok) {
    await refuseInModal(desk, respond, viewId, lang, tr, src);
    return;
  }
  const intro = tr('kb.modal.intro.capture', {
    number,
    department: names(desk.config, lang).department(src.ticket.departmentId),
  });
  await updateView(
    desk,
    viewId,
    kbAnswerModal(tr, desk.config, lang, { mode: 'capture', ticket: number }, src.prefill, intro),
  );
}

async function reply(
  desk: Desk,
  body: BlockAction,
  respond: Respond,
  tr: Translate,
  lang: Lang,
): Promise<void> {
  const { user, value: number, triggerId } = clickContext(body);
  const viewId = await openLoading(desk, tr, triggerId, respond);
  if (!viewId) return;
  const found = await replyTicket(desk, user, number);
  if (!found.ok) {
    await refuseInModal(desk, respond, viewId, lang, tr, found);
    return;
  }
  await updateView(desk, viewId, kbReplyModal(tr, lang, number, found.replies));
}

/** After a claim: the published answers that may help, under the card, for the claimer only. */
export async function showAnswersToClaimer(
  desk: Desk,
  respond: Respond,
  lang: Lang,
  t: Pick<TicketView, 'description' | 'keywords'>,
): Promise<void> {
  const tr = translator(lang);
  const blocks = await ticketAnswerBlocks(desk, tr, t);
  if (!blocks.length) return;
  await respond({ response_type: 'ephemeral', replace_original: false, text: tr('kb.top.title'), blocks });
}

function viewOf(body: BlockAction) {
  return body.view as
    | (Omit<ModalView, 'blocks'> & {
        id: string;
        hash?: string;
        state?: ViewState;
        private_metadata?: string;
        blocks: KnownBlock[];
      })
    | undefined;
}

async function replyPick(desk: Desk, body: BlockAction, tr: Translate, lang: Lang): Promise<void> {
  const view = viewOf(body);
  const action = body.actions[0] as { selected_option?: { value?: string } } | undefined;
  const replyId = action?.selected_option?.value ?? '';
  const { number = '' } = readMetadata<{ number: string }>(view?.private_metadata);
  if (!view) return;
  const res = await fillStandardReply(desk, body.user.id, number, replyId, lang);
  if (!res.ok) {
    await updateView(
      desk,
      view.id,
      kbNoticeModal(tr, 'kb.modal.title.notice', kbRefusalText(desk, lang, tr, res.reason)),
    );
    return;
  }
  const found = await replyTicket(desk, body.user.id, number);
  const replies = found.ok ? found.replies : [res.reply];
  await updateView(
    desk,
    view.id,
    kbReplyModal(tr, lang, number, replies, { reply: res.reply, text: res.text }),
  );
}

/** The intake form as it is, with its blocks replaced (Slack keeps what was typed in). */
function sameForm(view: NonNullable<ReturnType<typeof viewOf>>, blocks: KnownBlock[]): View {
  return {
    type: 'modal',
    ...(view.callback_id ? { callback_id: view.callback_id } : {}),
    title: view.title,
    ...(view.submit ? { submit: view.submit } : {}),
    ...(view.close ? { close: view.close } : {}),
    ...(view.private_metadata ? { private_metadata: view.private_metadata } : {}),
    ...(view.notify_on_close ? { notify_on_close: true } : {}),
    blocks,
  } as View;
}

function text(state: ViewState | undefined, blockId: string): string {
  const v = readValue(state, blockId);
  return typeof v === 'string' ? v : '';
}

async function find(desk: Desk, body: BlockAction, tr: Translate): Promise<void> {
  const view = viewOf(body);
  if (!view) return;
  const description = text(view.state, INTAKE_FIELD.description).trim();
  const hits = description ? (await searchAnswers(desk, description)).slice(0, 3) : [];
  const blocks = withSuggestions(view.blocks, kbSuggestionBlocks(tr, description, hits, !description));
  await updateView(desk, view.id, sameForm(view, blocks), view.hash);
}

async function deflect(desk: Desk, body: BlockAction, tr: Translate): Promise<void> {
  const view = viewOf(body);
  if (!view) return;
  const { user, value } = clickContext(body);
  const s = view.state;
  const res = await recordDeflection(desk, {
    by: user,
    viewId: view.id,
    answerId: value,
    contactChannelId: text(s, INTAKE_FIELD.contactChannel),
    categoryId: text(s, INTAKE_FIELD.category),
    customer: {
      name: text(s, INTAKE_FIELD.customerName),
      customerId: text(s, INTAKE_FIELD.customerId),
      phone: text(s, INTAKE_FIELD.phone),
      email: text(s, INTAKE_FIELD.email),
    },
    description: text(s, INTAKE_FIELD.description),
  });
  if (!res.ok) {
    const note = res.reason === 'no_channel' ? tr('kb.deflect.noChannel') : tr('kb.deny.not_found');
    const kept = view.blocks.filter(
      (b) => (b.block_id ?? '').startsWith(KB_BLOCK.suggestPrefix) && b.block_id !== ERROR_BLOCK,
    );
    const error: KnownBlock = {
      type: 'context',
      block_id: ERROR_BLOCK,
      elements: [{ type: 'mrkdwn', text: `⚠️ ${note}` }],
    };
    const blocks = withSuggestions(view.blocks, [error, ...kept]);
    await updateView(desk, view.id, sameForm(view, blocks));
    return;
  }
  await updateView(
    desk,
    view.id,
    kbNoticeModal(
      tr,
      'kb.deflected.title',
      tr('kb.deflected.text', { number: res.number, question: res.question.slice(0, 200) }),
    ),
  );
}

export function register(app: App, desk: Desk): void {
  const on = (
    id: string,
    label: string,
    work: (body: BlockAction, respond: Respond, tr: Translate, lang: Lang) => Promise<void>,
    opensModal = false,
  ) =>
    app.action<BlockAction>(id, async ({ ack, body, respond }: Args) => {
      afterAck(
        desk,
        label,
        ack,
        body.user.id,
        respond,
        (tr, lang) => work(body, respond, tr, lang),
        opensModal,
      );
    });
  on(KB_ACTION.show, 'kb show', (b, r, tr, lang) => show(desk, b, r, tr, lang));
  on(KB_ACTION.publish, 'kb publish', (b, r, tr, lang) => setStatus(desk, b, r, tr, lang, 'publish'));
  on(KB_ACTION.retire, 'kb retire', (b, r, tr, lang) => setStatus(desk, b, r, tr, lang, 'retire'));
  on(KB_ACTION.edit, 'kb edit', (b, r, tr, lang) => edit(desk, b, r, tr, lang), true);
  on(KB_ACTION.page, 'kb page', (b, r, _tr, lang) => page(desk, b, r, lang));
  on(KB_ACTION.save, 'kb save', (b, r, tr, lang) => save(desk, b, r, tr, lang), true);
  on(KB_ACTION.reply, 'kb reply', (b, r, tr, lang) => reply(desk, b, r, tr, lang), true);
  on(KB_ACTION.replyPick, 'kb reply pick', (b, _r, tr, lang) => replyPick(desk, b, tr, lang));
  on(KB_ACTION.find, 'kb find', (b, _r, tr) => find(desk, b, tr));
  on(KB_ACTION.deflect, 'kb deflect', (b, _r, tr) => deflect(desk, b, tr));
  on(
    KB_ACTION.newAnswer,
    'kb new',
    (b, _r, _tr, lang) =>
      openNewAnswer(desk, b.user.id, b.trigger_id, lang, async (text) => {
        desk.log.info({ user: b.user.id, text }, 'kb new refused');
      }),
    true,
  );
}
