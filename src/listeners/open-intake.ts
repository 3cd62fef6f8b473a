/** Opens the intake modal (from /ticket or the "Create ticket" shortcut). */
import { type IntakeMetadata, intakeModal } from '../../blocks/intake-modal.ts';
import type { Desk } from '../context.ts';
import { translator } from '../i18n/index.ts';
import { slackErrorInfo } from '../outbox/slack-errors.ts';

export async function openIntakeModal(
  desk: Desk,
  o: {
    triggerId: string;
    user: string;
    description: string;
    meta: IntakeMetadata;
    onError: (text: string) => Promise<unknown>;
  },
): Promise<void> {
  const lang = await desk.langOf(o.user);
  const tr = translator(lang);
  try {
    await desk.slack.views.open({
      trigger_id: o.triggerId,
      view: intakeModal(tr, lang, desk.config, { description: o.description ?? null }, o.meta),
    });
  } catch (err) {
    const info = slackErrorInfo(err);
    desk.log.warn({ user: o.user, err: info.code }, 'intake modal not opened');
    await o.onError(info.code.includes('trigger') ? tr('intake.error.trigger') : tr('error.generic'));
  }
}
