/** The knowledge base section of App Home (issue 14): counts, and for supervisors the drafts waiting. */
import type { KnownBlock } from '@slack/types';
import { kbHomeBlocks } from '../../blocks/kb.ts';
import type { Desk } from '../context.ts';
import type { Translate } from '../i18n/index.ts';
import { ANSWER_FIELDS, type KbAnswerDoc, toView } from './answers.ts';

export async function kbHomeSection(desk: Desk, tr: Translate, user: string): Promise<KnownBlock[]> {
  const { KbAnswer } = desk.models;
  const depts = desk.config.serviceDirectors.includes(user)
    ? desk.config.departments.map((d) => d.id)
    : desk.config.departments.filter((d) => d.supervisors.includes(user)).map((d) => d.id);
  const now = desk.clock.now();
  const [published, drafts, total, due] = await Promise.all([
    KbAnswer.countDocuments({ status: 'published' }),
    depts.length
      ? KbAnswer.find({ status: 'draft', departmentId: { $in: depts } }, ANSWER_FIELDS)
          .sort({ createdAt: -1 })
          .limit(3)
          .lean()
      : Promise.resolve([]),
    depts.length
      ? KbAnswer.countDocuments({ status: 'draft', departmentId: { $in: depts } })
      : Promise.resolve(0),
    depts.length
      ? KbAnswer.countDocuments({
          status: 'published',
          departmentId: { $in: depts },
          reviewDue: { $lt: now },
        })
      : Promise.resolve(0),
  ]);
  return kbHomeBlocks(tr, {
    published,
    ...(depts.length
      ? { drafts: { total, items: (drafts as unknown as KbAnswerDoc[]).map(toView) }, dueForReview: due }
      : {}),
  });
}
