/** The intake modal: every field of domain.md's intake, labels and options in the user's language. */
import type { KnownBlock, View } from '@slack/types';
import type { DeskConfig } from '../src/config/desk-config.ts';
import { LIMITS } from '../src/domain/intake.ts';
import { IMPACTS, URGENCIES } from '../src/domain/types.ts';
import type { Lang, Translate } from '../src/i18n/index.ts';
import { context, mrkdwn, option, plain, selectInput, textInput } from './elements.ts';
import { CALLBACK, INTAKE_FIELD as F, INPUT_ACTION } from './ids.ts';
import { kbFindBlock } from './kb.ts';
import { userText } from './text.ts';

/** What the form shows already filled in: the /ticket text, or everything typed (by field). */
export type IntakeInitial = Partial<Record<keyof typeof F, string | string[] | null>>;

/** Carried through the modal in private_metadata (≤ 3000 chars). */
export interface IntakeMetadata {
  /** Channel the command was typed in (for the confirmation), if any. */
  channel?: string;
  /** The message a "Create ticket" shortcut, a 🎫 reaction or a mention was used on. */
  source?: {
    channel: string;
    ts: string;
    permalink?: string;
    kind?: 'shortcut' | 'reaction' | 'mention';
    author?: string;
  };
}

export function intakeModal(
  tr: Translate,
  lang: Lang,
  config: DeskConfig,
  initial: IntakeInitial,
  meta: IntakeMetadata,
  /** Why the ticket could not be saved, shown above the form. */
  notSaved?: string,
): View {
  const min = config.intake.minDescriptionLength;
  const text = (f: keyof typeof F) => {
    const v = initial[f];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const keyAccountOption = { value: 'yes', text: plain(tr('intake.keyAccount.option'), 75) };
  const blocks: KnownBlock[] = [];
  if (notSaved)
    blocks.push({
      type: 'section',
      block_id: 'intake_banner',
      text: mrkdwn(`:warning: ${notSaved}`),
    });
  if (meta.source?.permalink) blocks.push(context([tr('intake.source', { link: meta.source.permalink })]));
  blocks.push(
    { type: 'section', text: mrkdwn(tr('intake.section.customer')) },
    textInput({
      blockId: F.customerName,
      label: tr('intake.customerName'),
      maxLength: LIMITS.name,
      initial: text('customerName'),
      placeholder: tr('intake.customerName.placeholder'),
    }),
    textInput({
      blockId: F.customerId,
      label: tr('intake.customerId'),
      optional: true,
      maxLength: LIMITS.customerId,
      initial: text('customerId'),
      placeholder: tr('intake.customerId.placeholder'),
    }),
    textInput({
      blockId: F.phone,
      label: tr('intake.phone'),
      optional: true,
      maxLength: 40,
      hint: tr('intake.phone.hint'),
      initial: text('phone'),
    }),
    textInput({
      blockId: F.email,
      label: tr('intake.email'),
      optional: true,
      maxLength: 254,
      initial: text('email'),
    }),
    textInput({
      blockId: F.company,
      label: tr('intake.company'),
      optional: true,
      maxLength: LIMITS.company,
      initial: text('company'),
    }),
    {
      type: 'input',
      block_id: F.keyAccount,
      optional: true,
      label: plain(tr('intake.keyAccount')),
      element: {
        type: 'checkboxes',
        action_id: INPUT_ACTION,
        options: [keyAccountOption],
        ...(Array.isArray(initial.keyAccount) && initial.keyAccount.includes('yes')
          ? { initial_options: [keyAccountOption] }
          : {}),
      },
    },
    { type: 'section', text: mrkdwn(tr('intake.section.request')) },
    selectInput({
      blockId: F.contactChannel,
      label: tr('intake.contactChannel'),
      options: config.contactChannels.map((c) => option(c.id, c.name[lang])),
      initial: text('contactChannel'),
    }),
    selectInput({
      blockId: F.requestType,
      label: tr('intake.requestType'),
      options: config.requestTypes.map((r) => option(r.id, r.name[lang])),
      initial: text('requestType'),
    }),
    selectInput({
      blockId: F.category,
      label: tr('intake.category'),
      options: config.categories.map((c) => option(c.id, c.name[lang])),
      initial: text('category'),
    }),
    textInput({
      blockId: F.description,
      label: tr('intake.description'),
      multiline: true,
      maxLength: LIMITS.description,
      initial: text('description'),
      hint: tr('intake.description.hint', { min }),
    }),
    kbFindBlock(tr), // knowledge base suggestions (issue 14)
    textInput({
      blockId: F.desiredOutcome,
      label: tr('intake.desiredOutcome'),
      multiline: true,
      maxLength: LIMITS.desiredOutcome,
      placeholder: tr('intake.desiredOutcome.placeholder'),
      initial: text('desiredOutcome'),
    }),
    selectInput({
      blockId: F.urgency,
      label: tr('intake.urgency'),
      options: URGENCIES.map((u) => option(u, tr(`urgency.${u}`))),
      initial: text('urgency') ?? 'normal',
    }),
    textInput({
      blockId: F.urgencyReason,
      label: tr('intake.urgencyReason'),
      optional: true,
      multiline: true,
      maxLength: LIMITS.urgencyReason,
      hint: tr('intake.urgencyReason.hint'),
      initial: text('urgencyReason'),
    }),
    selectInput({
      blockId: F.impact,
      label: tr('intake.impact'),
      options: IMPACTS.map((i) => option(i, tr(`impact.${i}`))),
      initial: text('impact'),
    }),
    { type: 'section', text: mrkdwn(tr('intake.section.details')) },
    textInput({
      blockId: F.orderNumber,
      label: tr('intake.orderNumber'),
      optional: true,
      maxLength: LIMITS.orderNumber,
      initial: text('orderNumber'),
    }),
    textInput({
      blockId: F.keywords,
      label: tr('intake.keywords'),
      optional: true,
      maxLength: 300,
      placeholder: tr('intake.keywords.placeholder'),
      initial: text('keywords'),
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

/**
 * The answer to a valid submission, while the ticket is being stored: small (it is the answer
 * Slack waits for), with the gist of what was typed in case it never turns into "created".
 */
export function intakeSavingView(tr: Translate, typed: IntakeInitial): View {
  const text = (f: keyof typeof F) => (typeof typed[f] === 'string' ? (typed[f] as string) : '');
  const gist = [text('customerName'), text('phone') || text('email'), text('description')]
    .filter((x) => x !== '')
    .join(' · ');
  return {
    type: 'modal',
    callback_id: CALLBACK.intakeSaving,
    title: plain(tr('intake.title'), 24),
    close: plain(tr('intake.saving.close'), 24),
    blocks: [
      { type: 'section', block_id: 'intake_banner', text: mrkdwn(tr('intake.saving')) },
      context([userText(gist, 1500)]),
    ],
  };
}

/** What the form turns into once the ticket is stored: its number, where it went, what comes next. */
export function intakeCreatedView(
  tr: Translate,
  p: { number: string; priority: string; department: string; due: string },
): View {
  return {
    type: 'modal',
    callback_id: CALLBACK.intakeCreated,
    title: plain(tr('intake.created.title'), 24),
    close: plain(tr('intake.created.close'), 24),
    blocks: [
      { type: 'section', text: mrkdwn(tr('intake.created.text', p)) },
      context([tr('intake.created.next')]),
    ],
  };
}

export function encodeMetadata(meta: object): string {
  const json = JSON.stringify(meta);
  return json.length <= 3000 ? json : '{}';
}
