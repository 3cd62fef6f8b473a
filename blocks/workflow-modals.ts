/**
 * The handling modals opened from the department card (and the approval / reopen DMs): progress,
 * transfer, collaborators, escalate, resolve, reassign, and a reason modal (reopen, reject).
 * The ticket number and the card clicked travel in private_metadata.
 */
import type { InputBlock, KnownBlock, View } from '@slack/types';
import type { DeskConfig } from '../src/config/desk-config.ts';
import { CONTACT_ACCEPTED, CONTACT_METHODS } from '../src/domain/clocks.ts';
import { ESCALATION_LEVELS, RESOLUTION_TYPES } from '../src/domain/types.ts';
import type { Lang, MessageKey, Translate } from '../src/i18n/index.ts';
import { mrkdwn, option, plain, selectInput, textInput } from './elements.ts';
import {
  CALLBACK,
  COLLAB_ROWS,
  CONTACT_FIELD,
  collabField,
  ESCALATE_FIELD,
  HAND_OVER_FIELD,
  INPUT_ACTION,
  PROGRESS_FIELD,
  REASON_FIELD,
  REASSIGN_FIELD,
  RESOLVE_FIELD,
  TRANSFER_FIELD,
} from './ids.ts';
import { slackTime, userText } from './text.ts';
import { timeLeftText } from './time-left.ts';

/** What a handling modal carries: the ticket and the card message it was opened from. */
export interface WorkflowMetadata {
  number: string;
  card?: { channel: string; ts: string };
  /** What the form shows at the top once the ticket is read (not carried in private_metadata). */
  context?: FormContext;
}

/**
 * The ticket as a handling form shows it at the top: the customer's need, the time left (or late)
 * against the resolution due time, and the last update. Plain data: `now` comes from the desk clock.
 */
export interface FormContext {
  need: string;
  resolutionDueAt: Date;
  /** Resolved or closed: no time left to show. */
  done: boolean;
  now: Date;
  /** The ticket's current progress stage (the progress form's default). */
  stage?: string;
  /** The last progress update (stage label, note), else when and by whom it was opened. */
  last?: { at: Date; by: string; stage: string; note: string };
  opened: { at: Date; by: string };
}

/** The context block: need, due time with time left or late, last update. */
function contextBlock(tr: Translate, c: FormContext): KnownBlock {
  const lines = [tr('workflow.context.need', { need: userText(c.need || '—', 600) })];
  if (!c.done) {
    const late = c.resolutionDueAt.getTime() <= c.now.getTime();
    lines.push(
      tr(late ? 'workflow.context.dueLate' : 'workflow.context.due', {
        due: slackTime(c.resolutionDueAt),
        left: timeLeftText(tr, c.resolutionDueAt, c.now),
      }),
    );
  }
  lines.push(
    c.last
      ? tr('workflow.context.last', {
          when: slackTime(c.last.at),
          user: `<@${c.last.by}>`,
          stage: userText(c.last.stage, 80),
          note: userText(c.last.note, 400),
        })
      : tr('workflow.context.lastNone', { when: slackTime(c.opened.at), user: `<@${c.opened.by}>` }),
  );
  return { type: 'context', block_id: 'workflow_context', elements: [mrkdwn(lines.join('\n'))] };
}

export const TEXT_LIMITS = { note: 2000, short: 500, reason: 1000, summary: 2000 } as const;

function meta(m: WorkflowMetadata): string {
  const json = JSON.stringify({ number: m.number, ...(m.card ? { card: m.card } : {}) });
  return json.length <= 3000 ? json : JSON.stringify({ number: m.number });
}

function modal(
  tr: Translate,
  callbackId: string,
  titleKey: MessageKey,
  m: WorkflowMetadata,
  blocks: KnownBlock[],
): View {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(tr(titleKey), 24),
    submit: plain(tr('workflow.submit'), 24),
    close: plain(tr('workflow.cancel'), 24),
    private_metadata: meta(m),
    blocks: [
      { type: 'section', text: mrkdwn(tr('workflow.ticket', { number: m.number })) },
      ...(m.context ? [contextBlock(tr, m.context)] : []),
      ...blocks,
    ],
  };
}

function datepicker(blockId: string, label: string, optional: boolean): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional,
    label: plain(label, 2000),
    element: { type: 'datepicker', action_id: INPUT_ACTION },
  };
}

export function progressModal(tr: Translate, lang: Lang, config: DeskConfig, m: WorkflowMetadata): View {
  return modal(tr, CALLBACK.progress, 'progress.title', m, [
    selectInput({
      blockId: PROGRESS_FIELD.stage,
      label: tr('progress.stage'),
      options: config.progressStages.map((s) => option(s.id, s.name[lang])),
      // The ticket's current stage; the first stage before any progress.
      ...(m.context ? { initial: m.context.stage ?? config.progressStages[0]?.id } : {}),
    }),
    textInput({
      blockId: PROGRESS_FIELD.note,
      label: tr('progress.note'),
      multiline: true,
      maxLength: TEXT_LIMITS.note,
    }),
    textInput({
      blockId: PROGRESS_FIELD.nextStep,
      label: tr('progress.nextStep'),
      optional: true,
      maxLength: TEXT_LIMITS.short,
    }),
    datepicker(PROGRESS_FIELD.plannedDate, tr('progress.plannedDate'), true),
    textInput({
      blockId: PROGRESS_FIELD.customerNeeds,
      label: tr('progress.customerNeeds'),
      optional: true,
      multiline: true,
      maxLength: TEXT_LIMITS.short,
      hint: tr('progress.customerNeeds.hint'),
    }),
  ]);
}

export function transferModal(tr: Translate, lang: Lang, config: DeskConfig, m: WorkflowMetadata): View {
  return modal(tr, CALLBACK.transfer, 'transfer.title', m, [
    selectInput({
      blockId: TRANSFER_FIELD.department,
      label: tr('transfer.department'),
      options: config.departments.map((d) => option(d.id, d.name[lang])),
    }),
    textInput({
      blockId: TRANSFER_FIELD.reason,
      label: tr('transfer.reason'),
      multiline: true,
      maxLength: TEXT_LIMITS.reason,
    }),
  ]);
}

export function collaboratorsModal(tr: Translate, lang: Lang, config: DeskConfig, m: WorkflowMetadata): View {
  const blocks: KnownBlock[] = [];
  for (let row = 1; row <= COLLAB_ROWS; row++) {
    const f = collabField(row);
    const optional = row > 1;
    if (row > 1) blocks.push({ type: 'divider' });
    blocks.push(
      selectInput({
        blockId: f.department,
        label: tr('collab.department', { row }),
        optional,
        options: config.departments.map((d) => option(d.id, d.name[lang])),
      }),
      textInput({
        blockId: f.need,
        label: tr('collab.need'),
        optional,
        multiline: true,
        maxLength: TEXT_LIMITS.short,
      }),
      datepicker(f.dueDate, tr('collab.dueDate'), true),
    );
  }
  return modal(tr, CALLBACK.collaborators, 'collab.title', m, blocks);
}

export function escalateModal(tr: Translate, m: WorkflowMetadata): View {
  return modal(tr, CALLBACK.escalate, 'escalate.title', m, [
    selectInput({
      blockId: ESCALATE_FIELD.level,
      label: tr('escalate.level'),
      options: ESCALATION_LEVELS.map((l) => option(l, tr(`escalation.${l}`))),
      initial: 'senior',
    }),
    {
      type: 'input',
      block_id: ESCALATE_FIELD.major,
      optional: true,
      label: plain(tr('escalate.major')),
      element: {
        type: 'checkboxes',
        action_id: INPUT_ACTION,
        options: [{ value: 'yes', text: plain(tr('escalate.major.option'), 75) }],
      },
    },
    textInput({
      blockId: ESCALATE_FIELD.reason,
      label: tr('escalate.reason'),
      multiline: true,
      maxLength: TEXT_LIMITS.reason,
    }),
  ]);
}

export function resolveModal(tr: Translate, config: DeskConfig, m: WorkflowMetadata): View {
  return modal(tr, CALLBACK.resolve, 'resolve.title', m, [
    textInput({
      blockId: RESOLVE_FIELD.summary,
      label: tr('resolve.summary'),
      multiline: true,
      maxLength: TEXT_LIMITS.summary,
      hint: tr('resolve.summary.hint'),
    }),
    textInput({
      blockId: RESOLVE_FIELD.rootCause,
      label: tr('resolve.rootCause'),
      optional: true,
      multiline: true,
      maxLength: TEXT_LIMITS.reason,
    }),
    selectInput({
      blockId: RESOLVE_FIELD.type,
      label: tr('resolve.type'),
      options: RESOLUTION_TYPES.map((r) => option(r, tr(`resolution.${r}`))),
    }),
    {
      type: 'input',
      block_id: RESOLVE_FIELD.compensation,
      optional: true,
      label: plain(tr('resolve.compensation', { currency: config.approval.currency })),
      hint: plain(
        tr('resolve.compensation.hint', {
          threshold: config.approval.compensationThreshold,
          currency: config.approval.currency,
        }),
      ),
      element: { type: 'number_input', action_id: INPUT_ACTION, is_decimal_allowed: true, min_value: '0' },
    },
    {
      type: 'input',
      block_id: RESOLVE_FIELD.major,
      optional: true,
      label: plain(tr('resolve.major')),
      element: {
        type: 'checkboxes',
        action_id: INPUT_ACTION,
        options: [{ value: 'yes', text: plain(tr('resolve.major.option'), 75) }],
      },
    },
    textInput({
      blockId: RESOLVE_FIELD.keywords,
      label: tr('resolve.keywords'),
      optional: true,
      maxLength: 300,
      hint: tr('resolve.keywords.hint'),
    }),
    {
      type: 'input',
      block_id: RESOLVE_FIELD.completedAt,
      optional: true,
      label: plain(tr('resolve.completedAt')),
      hint: plain(tr('resolve.completedAt.hint')),
      element: { type: 'datetimepicker', action_id: INPUT_ACTION },
    },
  ]);
}

export function reassignModal(tr: Translate, m: WorkflowMetadata): View {
  return modal(tr, CALLBACK.reassign, 'reassign.title', m, [
    {
      type: 'input',
      block_id: REASSIGN_FIELD.owner,
      label: plain(tr('reassign.owner')),
      element: { type: 'users_select', action_id: INPUT_ACTION },
    },
    textInput({
      blockId: REASSIGN_FIELD.reason,
      label: tr('reassign.reason'),
      multiline: true,
      maxLength: TEXT_LIMITS.reason,
    }),
  ]);
}

/** Reopen (CALLBACK.reopen) or reject a resolution (CALLBACK.reject): one reason field. */
export function reasonModal(tr: Translate, kind: 'reopen' | 'reject', m: WorkflowMetadata): View {
  return modal(tr, CALLBACK[kind], kind === 'reopen' ? 'reopen.title' : 'reject.title', m, [
    textInput({
      blockId: REASON_FIELD.reason,
      label: tr(kind === 'reopen' ? 'reopen.reason' : 'reject.reason'),
      multiline: true,
      maxLength: TEXT_LIMITS.reason,
    }),
  ]);
}

/** The customer contact log (CALLBACK.contact): method, what was said, whether the customer accepted. */
export function contactModal(tr: Translate, m: WorkflowMetadata): View {
  return modal(tr, CALLBACK.contact, 'contact.title', m, [
    selectInput({
      blockId: CONTACT_FIELD.method,
      label: tr('contact.method'),
      options: CONTACT_METHODS.map((k) => option(k, tr(`contact.method.${k}` as MessageKey))),
    }),
    textInput({
      blockId: CONTACT_FIELD.summary,
      label: tr('contact.summary'),
      placeholder: tr('contact.summary.placeholder'),
      multiline: true,
      maxLength: TEXT_LIMITS.note,
    }),
    selectInput({
      blockId: CONTACT_FIELD.accepted,
      label: tr('contact.accepted'),
      options: CONTACT_ACCEPTED.map((k) => option(k, tr(`contact.accepted.${k}` as MessageKey))),
    }),
  ]);
}

/** Handing the first-contact agent's role to a colleague (CALLBACK.handOver). */
export function handOverModal(tr: Translate, m: WorkflowMetadata): View {
  return modal(tr, CALLBACK.handOver, 'handOver.title', m, [
    {
      type: 'input',
      block_id: HAND_OVER_FIELD.agent,
      label: plain(tr('handOver.agent')),
      element: { type: 'users_select', action_id: INPUT_ACTION },
    },
    textInput({
      blockId: HAND_OVER_FIELD.reason,
      label: tr('handOver.reason'),
      multiline: true,
      maxLength: TEXT_LIMITS.reason,
    }),
  ]);
}

/** Replaces an opened modal when the action turned out not to be allowed. */
export function noticeModal(tr: Translate, text: string): View {
  return {
    type: 'modal',
    title: plain(tr('workflow.noticeTitle'), 24),
    close: plain(tr('workflow.close'), 24),
    blocks: [{ type: 'section', text: mrkdwn(text) }],
  };
}
