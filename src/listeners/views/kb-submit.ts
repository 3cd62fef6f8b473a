/**
 * The answer form's submission (capture from a ticket, a supervisor's new answer, an edit): field
 * errors keep the form open and change nothing; the answer is stored before the ack, and the form
 * is replaced by what happened (a redelivered capture stores one draft: the view id is its key).
 */
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { KB_CALLBACK, KB_FIELD } from '../../../blocks/ids.ts';
import { type KbFormMetadata, kbNoticeModal } from '../../../blocks/kb.ts';
import type { Desk } from '../../context.ts';
import { type AnswerFormError, checkAnswerForm } from '../../domain/kb.ts';
import { todayIn } from '../../domain/workflow-input.ts';
import { type Lang, type MessageKey, type Translate, translator } from '../../i18n/index.ts';
import { categoryDepartment, createAnswer, editAnswer, mayCurate } from '../../kb/answers.ts';
import { captureDetails, stripAnswerInput } from '../../kb/capture.ts';
import { noticeDraft } from '../../kb/notices.ts';
import { isDatabaseError } from '../../runtime/errors.ts';
import { ACK_DB_BUDGET_MS, withDeadline } from '../../tickets/deadline.ts';
import { kbRefusalText } from '../actions/kb.ts';
import { readMetadata, readValues } from '../view-values.ts';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

const ERROR_KEYS: Record<AnswerFormError, MessageKey> = {
  question: 'kb.error.question',
  body: 'kb.error.body',
  category: 'kb.error.category',
  languages: 'kb.error.languages',
  reviewDue: 'kb.error.reviewDue',
};

type Outcome = { errors: Record<string, string> } | { notice: string };

async function save(
  desk: Desk,
  user: string,
  viewId: string,
  m: Partial<KbFormMetadata>,
  raw: Parameters<typeof checkAnswerForm>[0],
  tr: Translate,
  lang: Lang,
): Promise<Outcome> {
  const checked = checkAnswerForm(
    raw,
    desk.config.categories.map((c) => c.id),
    todayIn(desk.clock.now(), desk.config.organisation.timezone),
  );
  if (!checked.ok) {
    const errors: Record<string, string> = {};
    for (const k of Object.keys(checked.errors) as AnswerFormError[]) errors[KB_FIELD[k]] = tr(ERROR_KEYS[k]);
    return { errors };
  }
  const input = checked.value;
  const departmentId = categoryDepartment(desk.config, input.categoryId)!;
  const deptName = desk.config.departments.find((d) => d.id === departmentId)?.name[lang] ?? departmentId;
  if (m.mode === 'capture') {
    const details = m.ticket ? await captureDetails(desk, user, m.ticket) : null;
    if (!details) return { notice: tr('kb.deny.not_permitted', { owner: '—', department: deptName }) };
    const answer = await createAnswer(desk, user, stripAnswerInput(input, details), {
      key: viewId,
      sourceTickets: [m.ticket!],
    });
    await noticeDraft(desk, answer.id, answer.departmentId, user, m.ticket!);
    return {
      notice: tr('kb.saved.draft', { question: answer.question.slice(0, 200), department: deptName }),
    };
  }
  if (m.mode === 'edit' && m.id) {
    const res = await editAnswer(desk, user, m.id, m.version ?? 0, input);
    if (!res.ok) {
      if (res.reason === 'not_supervisor')
        return { errors: { [KB_FIELD.category]: tr('kb.error.categoryNotYours', { department: deptName }) } };
      return { notice: kbRefusalText(desk, lang, tr, res.reason, departmentId) };
    }
    return { notice: tr('kb.saved.edited', { question: res.answer.question.slice(0, 200) }) };
  }
  if (!mayCurate(desk.config, user, departmentId)) {
    if (!mayCurate(desk.config, user)) return { notice: tr('kb.deny.new') };
    return { errors: { [KB_FIELD.category]: tr('kb.error.categoryNotYours', { department: deptName }) } };
  }
  const answer = await createAnswer(desk, user, input, { key: viewId, publish: true });
  return { notice: tr('kb.saved.published', { question: answer.question.slice(0, 200) }) };
}

export function register(app: App, desk: Desk): void {
  app.view<ViewSubmitAction>(KB_CALLBACK.answer, async ({ ack, body, view }: Args) => {
    const user = body.user.id;
    const lang = await desk.langOf(user);
    const tr = translator(lang);
    const raw = readValues(view.state, {
      question: KB_FIELD.question,
      phrasings: KB_FIELD.phrasings,
      body: KB_FIELD.body,
      steps: KB_FIELD.steps,
      category: KB_FIELD.category,
      keywords: KB_FIELD.keywords,
      languages: KB_FIELD.languages,
      reviewDue: KB_FIELD.reviewDue,
    });
    const m = readMetadata<KbFormMetadata>(view.private_metadata);
    let outcome: Outcome;
    try {
      outcome = await withDeadline(
        save(desk, user, view.id, m, raw, tr, lang),
        ACK_DB_BUDGET_MS,
        'kb answer',
      );
    } catch (err) {
      desk.log.error({ user, err: (err as Error).message }, 'kb answer not saved');
      const text =
        isDatabaseError(err) || (err as Error).name === 'DeadlineError'
          ? tr('error.database')
          : tr('error.generic');
      await ack({ response_action: 'errors', errors: { [KB_FIELD.question]: text } });
      return;
    }
    if ('errors' in outcome) {
      await ack({ response_action: 'errors', errors: outcome.errors });
      return;
    }
    await ack({
      response_action: 'update',
      view: kbNoticeModal(tr, 'kb.modal.title.notice', outcome.notice),
    });
  });
}
