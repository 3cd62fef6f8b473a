/**
 * What the knowledge base sends through the outbox: the draft notice to the department's
 * supervisors (a captured answer waits for them to publish it). Scheduled in the same request
 * that stored the draft, so it survives a crash (the outbox keeps it until Slack accepted it).
 */
import { kbAnswerBlocks } from '../../blocks/kb.ts';
import { userText } from '../../blocks/text.ts';
import type { Desk, TaskHandler } from '../context.ts';
import { translator } from '../i18n/index.ts';
import { deliverTasksNow } from '../outbox/deliver-now.ts';
import { scheduleTask } from '../outbox/outbox.ts';
import { answerById } from './answers.ts';

export const KB_DRAFT_TASK = 'kb_draft_notice';

/** Owes each supervisor of the answer's department a DM about the new draft, and sends it now. */
export async function noticeDraft(
  desk: Desk,
  answerId: string,
  departmentId: string,
  by: string,
  ticket: string,
): Promise<void> {
  const dept = desk.config.departments.find((d) => d.id === departmentId);
  if (!dept) return;
  const keys: string[] = [];
  for (const to of dept.supervisors) {
    const key = `${KB_DRAFT_TASK}:${answerId}:${to}`;
    await scheduleTask(desk, {
      key,
      kind: KB_DRAFT_TASK,
      dueAt: desk.clock.now(),
      payload: { answerId, to, by, ticket },
    });
    keys.push(key);
  }
  desk.background.run('kb draft notice', () => deliverTasksNow(desk, keys));
}

export const kbDraftNoticeTask: TaskHandler = async (desk, task, ctx) => {
  const p = task.payload as { answerId: string; to: string; by: string; ticket: string };
  const answer = await answerById(desk, p.answerId);
  if (answer?.status !== 'draft') return 'drop';
  if (ctx.dryRun) {
    ctx.report?.push(`→ ${p.to}: draft answer ${p.answerId}`);
    return 'done';
  }
  const lang = await desk.langOf(p.to);
  const tr = translator(lang);
  const dept = desk.config.departments.find((d) => d.id === answer.departmentId);
  const text = tr('kb.draftNotice', {
    user: p.by,
    number: p.ticket,
    department: dept?.name[lang] ?? answer.departmentId,
    question: userText(answer.question, 200),
  });
  await desk.slackOnce.chat.postMessage({
    channel: p.to,
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      ...kbAnswerBlocks(tr, desk.config, lang, answer, true),
    ],
    unfurl_links: false,
  });
  return 'done';
};
