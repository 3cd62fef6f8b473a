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

/** A known customer found by the form's look-up (dispatch on Enter in customer ID or phone). */
export interface KnownCustomer {
  customerId: string;
  name: string;
  tier: string;
  openTickets: string[];
}

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
  /** What the look-up found: a known customer, or `none` with what was looked up. */
  known?: KnownCustomer | { none: string },
): View {
  const min = config.intake.minDescriptionLength;
  const text = (f: keyof typeof F) => {
    const v = initial[f];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
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
      hint: tr('intake.customerName.hint'),
    }),
    textInput({
      blockId: F.customerId,
      label: tr('intake.customerId'),
      optional: true,
      maxLength: LIMITS.customerId,
      initial: text('customerId'),
      placeholder: tr('intake.customerId.placeholder'),
      hint: tr('intake.customerId.lookup'),
      dispatchOnEnter: true,
    }),
    textInput({
      blockId: F.phone,
      label: tr('intake.phone'),
      optional: true,
      maxLength: 40,
      hint: `${tr('intake.phone.hint')} ${tr('intake.phone.lookup')}`,
      initial: text('phone'),
      dispatchOnEnter: true,
    }),
    textInput({
      blockId: F.email,
      label: tr('intake.email'),
      optional: true,
      maxLength: 254,
      initial: text('email'),
    }),
  );
  if (known && 'none' in known)
    blocks.push(context([tr('intake.known.none', { what: userText(known.none, 60) })]));
  if (known && 'customerId' in known) {
    blocks.push({
      type: 'section',
      block_id: 'intake_known',
      text: mrkdwn(
        [
          tr('intake.known', {
            id: userText(known.customerId, 40),
            name: userText(known.name, 60),
            tier: userText(known.tier, 40),
            open: known.openTickets.length,
          }),
          ...(known.openTickets.length
            ? [tr('intake.known.openTickets', { list: known.openTickets.join(', ') })]
            : []),
        ].join('\n'),
      ),
    });
    if (known.openTickets.length)
      blocks.push(
        selectInput({
          blockId: F.addTo,
          label: tr('intake.addTo'),
          optional: true,
          hint: tr('intake.addTo.hint'),
          options: known.openTickets.slice(0, 10).map((n) => option(n, n)),
          initial: text('addTo'),
        }),
      );
  }
  blocks.push(
    { type: 'section', text: mrkdwn(tr('intake.section.contact')) },
    textInput({
      blockId: F.contactName,
      label: tr('intake.contactName'),
      optional: true,
      maxLength: LIMITS.name,
      initial: text('contactName'),
    }),
    textInput({
      blockId: F.contactRole,
      label: tr('intake.contactRole'),
      optional: true,
      maxLength: LIMITS.name,
      placeholder: tr('intake.contactRole.placeholder'),
      initial: text('contactRole'),
    }),
    textInput({
      blockId: F.industry,
      label: tr('intake.industry'),
      optional: true,
      maxLength: LIMITS.company,
      initial: text('industry'),
    }),
    selectInput({
      blockId: F.preferredContact,
      label: tr('intake.preferredContact'),
      optional: true,
      options: config.customers.contactMethods.map((m) => option(m.id, m.name[lang])),
      initial: text('preferredContact'),
    }),
    textInput({
      blockId: F.preferredHours,
      label: tr('intake.preferredHours'),
      optional: true,
      maxLength: 60,
      placeholder: tr('intake.preferredHours.placeholder'),
      initial: text('preferredHours'),
    }),
    {
      type: 'input',
      block_id: F.expectedBy,
      optional: true,
      label: plain(tr('intake.expectedBy')),
      element: {
        type: 'datepicker',
        action_id: INPUT_ACTION,
        ...(text('expectedBy') ? { initial_date: text('expectedBy') } : {}),
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
    {
      type: 'input',
      block_id: F.staffBehaviour,
      optional: true,
      label: plain(tr('intake.staffBehaviour')),
      element: {
        type: 'checkboxes',
        action_id: INPUT_ACTION,
        options: [{ value: 'yes', text: plain(tr('intake.staffBehaviour.option'), 75) }],
        ...(Array.isArray(initial.staffBehaviour) && initial.staffBehaviour.includes('yes')
          ? { initial_options: [{ value: 'yes', text: plain(tr('intake.staffBehaviour.option'), 75) }] }
          : {}),
      },
    },
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

/** What the form turns into when the call was added to an open ticket instead. */
export function intakeAddedView(tr: Translate, number: string): View {
  return {
    type: 'modal',
    callback_id: CALLBACK.intakeCreated,
    title: plain(tr('intake.added.title'), 24),
    close: plain(tr('intake.created.close'), 24),
    blocks: [{ type: 'section', text: mrkdwn(tr('intake.added.text', { number })) }],
  };
}

export function encodeMetadata(meta: object): string {
  const json = JSON.stringify(meta);
  return json.length <= 3000 ? json : '{}';
}
