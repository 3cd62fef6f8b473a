/** The intake modal: every field of domain.md's intake, labels and options in the user's language. */
import type { KnownBlock, View } from '@slack/types';
import type { DeskConfig } from '../src/config/desk-config.ts';
import { LIMITS } from '../src/domain/intake.ts';
import { IMPACTS, URGENCIES } from '../src/domain/types.ts';
import type { Lang, Translate } from '../src/i18n/index.ts';
import { context, mrkdwn, option, plain, selectInput, textInput } from './elements.ts';
import { CALLBACK, INTAKE_FIELD as F, INPUT_ACTION } from './ids.ts';

/** Carried through the modal in private_metadata (≤ 3000 chars). */
export interface IntakeMetadata {
  /** Channel the command was typed in (for the confirmation), if any. */
  channel?: string;
  /** The message a "Create ticket" shortcut was used on. */
  source?: { channel: string; ts: string; permalink?: string };
}

export function intakeModal(
  tr: Translate,
  lang: Lang,
  config: DeskConfig,
  initial: { description?: string },
  meta: IntakeMetadata,
): View {
  const min = config.intake.minDescriptionLength;
  const blocks: KnownBlock[] = [];
  if (meta.source?.permalink) blocks.push(context([tr('intake.source', { link: meta.source.permalink })]));
  blocks.push(
    { type: 'section', text: mrkdwn(tr('intake.section.customer')) },
    textInput({
      blockId: F.customerName,
      label: tr('intake.customerName'),
      maxLength: LIMITS.name,
      placeholder: tr('intake.customerName.placeholder'),
    }),
    textInput({
      blockId: F.customerId,
      label: tr('intake.customerId'),
      optional: true,
      maxLength: LIMITS.customerId,
      placeholder: tr('intake.customerId.placeholder'),
    }),
    textInput({
      blockId: F.phone,
      label: tr('intake.phone'),
      optional: true,
      maxLength: 40,
      hint: tr('intake.phone.hint'),
    }),
    textInput({ blockId: F.email, label: tr('intake.email'), optional: true, maxLength: 254 }),
    textInput({ blockId: F.company, label: tr('intake.company'), optional: true, maxLength: LIMITS.company }),
    {
      type: 'input',
      block_id: F.keyAccount,
      optional: true,
      label: plain(tr('intake.keyAccount')),
      element: {
        type: 'checkboxes',
        action_id: INPUT_ACTION,
        options: [{ value: 'yes', text: plain(tr('intake.keyAccount.option'), 75) }],
      },
    },
    { type: 'section', text: mrkdwn(tr('intake.section.request')) },
    selectInput({
      blockId: F.contactChannel,
      label: tr('intake.contactChannel'),
      options: config.contactChannels.map((c) => option(c.id, c.name[lang])),
    }),
    selectInput({
      blockId: F.requestType,
      label: tr('intake.requestType'),
      options: config.requestTypes.map((r) => option(r.id, r.name[lang])),
    }),
    selectInput({
      blockId: F.category,
      label: tr('intake.category'),
      options: config.categories.map((c) => option(c.id, c.name[lang])),
    }),
    textInput({
      blockId: F.description,
      label: tr('intake.description'),
      multiline: true,
      maxLength: LIMITS.description,
      initial: initial.description,
      hint: tr('intake.description.hint', { min }),
    }),
    textInput({
      blockId: F.desiredOutcome,
      label: tr('intake.desiredOutcome'),
      multiline: true,
      maxLength: LIMITS.desiredOutcome,
      placeholder: tr('intake.desiredOutcome.placeholder'),
    }),
    selectInput({
      blockId: F.urgency,
      label: tr('intake.urgency'),
      options: URGENCIES.map((u) => option(u, tr(`urgency.${u}`))),
      initial: 'normal',
    }),
    textInput({
      blockId: F.urgencyReason,
      label: tr('intake.urgencyReason'),
      optional: true,
      multiline: true,
      maxLength: LIMITS.urgencyReason,
      hint: tr('intake.urgencyReason.hint'),
    }),
    selectInput({
      blockId: F.impact,
      label: tr('intake.impact'),
      options: IMPACTS.map((i) => option(i, tr(`impact.${i}`))),
    }),
    { type: 'section', text: mrkdwn(tr('intake.section.details')) },
    textInput({
      blockId: F.orderNumber,
      label: tr('intake.orderNumber'),
      optional: true,
      maxLength: LIMITS.orderNumber,
    }),
    textInput({
      blockId: F.keywords,
      label: tr('intake.keywords'),
      optional: true,
      maxLength: 300,
      placeholder: tr('intake.keywords.placeholder'),
    }),
  );
  return {
    type: 'modal',
    callback_id: CALLBACK.intake,
    title: plain(tr('intake.title'), 24),
    submit: plain(tr('intake.submit'), 24),
    close: plain(tr('intake.close'), 24),
    private_metadata: encodeMetadata(meta),
    blocks,
  };
}

export function encodeMetadata(meta: object): string {
  const json = JSON.stringify(meta);
  return json.length <= 3000 ? json : '{}';
}
