/** The intake modal: every field of domain.md's intake, labels and options in the user's language. */
import type { InputBlock, KnownBlock, View } from '@slack/types';
import { DateTime } from 'luxon';
import type { DeskConfig } from '../src/config/desk-config.ts';
import { LIMITS, requestTypesFor } from '../src/domain/intake.ts';
import { SUBJECT_MAX } from '../src/domain/subject.ts';
import { IMPACTS, URGENCIES } from '../src/domain/types.ts';
import type { Lang, Translate } from '../src/i18n/index.ts';
import { context, mrkdwn, option, plain, radioInput, selectInput, textInput } from './elements.ts';
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
  /** The customer the form's look-up found, kept so that a redraw (category change…) still shows it. */
  known?: KnownCustomer | { none: string };
}

/** One checkbox (value `yes`), ticked when `initial` lists it. */
function checkboxInput(o: {
  blockId: string;
  label: string;
  option: string;
  initial: IntakeInitial[keyof IntakeInitial];
  dispatch?: boolean;
  hint?: string;
}): InputBlock {
  const yes = { value: 'yes', text: plain(o.option, 75) };
  return {
    type: 'input',
    block_id: o.blockId,
    optional: true,
    ...(o.dispatch ? { dispatch_action: true } : {}),
    label: plain(o.label, 2000),
    ...(o.hint ? { hint: plain(o.hint, 2000) } : {}),
    element: {
      type: 'checkboxes',
      action_id: INPUT_ACTION,
      options: [yes],
      ...(Array.isArray(o.initial) && o.initial.includes('yes') ? { initial_options: [yes] } : {}),
    },
  };
}

/**
 * The intake form. The category comes first (it decides the department) and only the request types
 * that fit it are offered (one alone is preselected); choosing a category, critical urgency or
 * "Solved during the contact" redraws the form (dispatch_action, intake-lookup.ts) with what it
 * needs: the fitting types, the reason for critical urgency, the result told to the customer.
 */
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
  const ticked = (f: keyof typeof F) => {
    const v = initial[f];
    return Array.isArray(v) && v.includes('yes');
  };
  const category = text('category');
  const types = requestTypesFor(config.requestTypes, category);
  const requestType =
    types.find((r) => r.id === text('requestType'))?.id ?? (types.length === 1 ? types[0]!.id : undefined);
  const urgency = text('urgency') ?? 'normal';
  const found = known ?? meta.known;
  const blocks: KnownBlock[] = [];
  if (notSaved)
    blocks.push({
      type: 'section',
      block_id: 'intake_banner',
      text: mrkdwn(`:warning: ${notSaved}`),
    });
  if (meta.source?.permalink) blocks.push(context([tr('intake.source', { link: meta.source.permalink })]));
  blocks.push(
    { type: 'section', text: mrkdwn(tr('intake.section.request')) },
    {
      ...selectInput({
        blockId: F.category,
        label: tr('intake.category'),
        hint: tr('intake.category.hint'),
        options: config.categories.map((c) => option(c.id, c.name[lang])),
        initial: category,
      }),
      dispatch_action: true,
    },
    selectInput({
      blockId: F.requestType,
      label: tr('intake.requestType'),
      ...(category ? {} : { hint: tr('intake.requestType.hint') }),
      options: types.map((r) => option(r.id, r.name[lang])),
      initial: requestType,
    }),
    selectInput({
      blockId: F.contactChannel,
      label: tr('intake.contactChannel'),
      options: config.contactChannels.map((c) => option(c.id, c.name[lang])),
      initial: text('contactChannel'),
    }),
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
      hint: tr('intake.phone.hintWithLookup', {
        hint: tr('intake.phone.hint'),
        lookup: tr('intake.phone.lookup'),
      }),
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
    radioInput({
      blockId: F.keyAccount,
      label: tr('intake.keyAccount'),
      optional: true,
      options: [option('yes', tr('intake.keyAccount.yes')), option('no', tr('intake.keyAccount.no'))],
      initial: text('keyAccount') ?? (ticked('keyAccount') ? 'yes' : 'no'),
    }),
  );
  if (found && 'none' in found)
    blocks.push(context([tr('intake.known.none', { what: userText(found.none, 60) })]));
  if (found && 'customerId' in found) {
    blocks.push({
      type: 'section',
      block_id: 'intake_known',
      text: mrkdwn(
        [
          tr('intake.known', {
            id: userText(found.customerId, 40),
            name: userText(found.name, 60),
            tier: userText(found.tier, 40),
            open: found.openTickets.length,
          }),
          ...(found.openTickets.length
            ? [tr('intake.known.openTickets', { list: found.openTickets.join(', ') })]
            : []),
        ].join('\n'),
      ),
    });
    if (found.openTickets.length)
      blocks.push(
        selectInput({
          blockId: F.addTo,
          label: tr('intake.addTo'),
          optional: true,
          hint: tr('intake.addTo.hint'),
          options: found.openTickets.slice(0, 10).map((n) => option(n, n)),
          initial: text('addTo'),
        }),
      );
  }
  blocks.push(
    { type: 'section', text: mrkdwn(tr('intake.section.problem')) },
    textInput({
      blockId: F.subject,
      label: tr('intake.subject'),
      optional: true,
      maxLength: SUBJECT_MAX,
      initial: text('subject'),
      hint: tr('intake.subject.hint'),
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
    radioInput({
      blockId: F.urgency,
      label: tr('intake.urgency'),
      options: URGENCIES.map((u) => option(u, tr(`urgency.${u}`))),
      initial: urgency,
      dispatch: true,
    }),
  );
  // The reason is asked for once critical is chosen (or when one was typed already).
  if (urgency === 'critical' || text('urgencyReason'))
    blocks.push(
      textInput({
        blockId: F.urgencyReason,
        label: tr('intake.urgencyReason'),
        optional: true,
        multiline: true,
        maxLength: LIMITS.urgencyReason,
        hint: tr('intake.urgencyReason.hint'),
        initial: text('urgencyReason'),
      }),
    );
  blocks.push(
    radioInput({
      blockId: F.impact,
      label: tr('intake.impact'),
      options: IMPACTS.map((i) => option(i, tr(`impact.${i}`))),
      initial: text('impact'),
    }),
  );
  // Only complaints about staff go to HR: asked while a complaint can still be chosen.
  if (types.some((r) => r.id === 'complaint'))
    blocks.push(
      checkboxInput({
        blockId: F.staffBehaviour,
        label: tr('intake.staffBehaviour'),
        option: tr('intake.staffBehaviour.option'),
        initial: initial.staffBehaviour,
      }),
    );
  blocks.push(
    checkboxInput({
      blockId: F.solvedAtContact,
      label: tr('intake.solved'),
      option: tr('intake.solved.option'),
      hint: tr('intake.solved.hint'),
      initial: initial.solvedAtContact,
      dispatch: true,
    }),
  );
  if (ticked('solvedAtContact') || text('contactResult'))
    blocks.push(
      textInput({
        blockId: F.contactResult,
        label: tr('intake.contactResult'),
        optional: true,
        multiline: true,
        maxLength: LIMITS.contactResult,
        hint: tr('intake.contactResult.hint'),
        initial: text('contactResult'),
      }),
    );
  // The contact person and preferences: six optional fields, shown once asked for (or already filled).
  const details = [
    'contactName',
    'contactRole',
    'industry',
    'preferredContact',
    'preferredHours',
    'expectedBy',
  ] as const;
  const showDetails = ticked('moreDetails') || details.some((f) => text(f) !== undefined);
  blocks.push(
    checkboxInput({
      blockId: F.moreDetails,
      label: tr('intake.moreDetails'),
      option: tr('intake.moreDetails.option'),
      initial: showDetails ? ['yes'] : initial.moreDetails,
      dispatch: true,
    }),
  );
  if (showDetails)
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
    );
  blocks.push(
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
    .join(tr('intake.saving.separator'));
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

/**
 * When the customer will hear back, in the agent's language and the organisation's time zone, to be
 * read out: "15:30 today", "09:00 tomorrow", "10:00 on 2 Dec" / 今天15:30, 明天09:00, 12月2日10:00.
 */
export function customerWhen(tr: Translate, lang: Lang, due: Date, now: Date, timezone: string): string {
  const d = DateTime.fromJSDate(due, { zone: timezone });
  const days = Math.round(
    d.startOf('day').diff(DateTime.fromJSDate(now, { zone: timezone }).startOf('day'), 'days').days,
  );
  const time = d.toFormat('HH:mm');
  if (days <= 0) return tr('intake.when.today', { time });
  if (days === 1) return tr('intake.when.tomorrow', { time });
  const date = lang === 'zh-CN' ? d.toFormat("M'月'd'日'") : d.setLocale('en').toFormat('d LLL');
  return tr('intake.when.date', { time, date });
}

/**
 * What the form turns into once the ticket is stored: its number, where it went, what comes next, and
 * the sentence to tell the customer (the number and when they will hear back).
 */
export function intakeCreatedView(
  tr: Translate,
  p: { number: string; priority: string; department: string; due: string; when: string; solved?: boolean },
): View {
  const params = {
    number: p.number,
    priority: p.priority,
    department: p.department,
    due: p.due,
    when: p.when,
  };
  const blocks: KnownBlock[] = p.solved
    ? [
        { type: 'section', text: mrkdwn(tr('intake.created.solvedText', params)) },
        { type: 'section', block_id: 'intake_tell', text: mrkdwn(tr('intake.created.tellSolved', params)) },
      ]
    : [
        { type: 'section', text: mrkdwn(tr('intake.created.text', params)) },
        { type: 'section', block_id: 'intake_tell', text: mrkdwn(tr('intake.created.tell', params)) },
        context([tr('intake.created.next')]),
      ];
  return {
    type: 'modal',
    callback_id: CALLBACK.intakeCreated,
    title: plain(tr('intake.created.title'), 24),
    close: plain(tr('intake.created.close'), 24),
    blocks,
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
