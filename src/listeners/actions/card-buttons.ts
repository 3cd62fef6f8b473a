/**
 * The department card's buttons: Claim, Assign to… (supervisors), Details, and the handling buttons that open a modal
 * (Update progress, Transfer, Add collaborators, Escalate, Resolve, Reassign, Reopen). A modal is
 * opened first (the trigger_id lives 3 seconds), then the ticket is checked; when the action is
 * not allowed the modal is replaced by the explanation, which is also sent ephemerally.
 */
import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { View } from '@slack/types';
import { accessRefusal } from '../../../blocks/access.ts';
import { ACTION } from '../../../blocks/ids.ts';
import { names } from '../../../blocks/ticket-card.ts';
import { ticketDetailBlocks } from '../../../blocks/ticket-detail.ts';
import {
  collaboratorsModal,
  contactModal,
  escalateModal,
  handOverModal,
  noticeModal,
  progressModal,
  reasonModal,
  reassignModal,
  resolveModal,
  transferModal,
  type WorkflowMetadata,
} from '../../../blocks/workflow-modals.ts';
import type { Desk } from '../../context.ts';
import type { LifecycleAction } from '../../domain/lifecycle.ts';
import type { TicketView } from '../../domain/views.ts';
import type { Lang, Translate } from '../../i18n/index.ts';
import { slackErrorInfo } from '../../outbox/slack-errors.ts';
import { assignTicketTo, ticketOnCard } from '../../tickets/assign-to.ts';
import { claimTicket } from '../../tickets/claim.ts';
import {
  checkAction,
  formContext,
  type Permission,
  type Refusal,
  ticketByNumber,
} from '../../tickets/handling.ts';
import { viewTicket } from '../../tickets/view-ticket.ts';
import { afterAck, clickContext, ephemeral, type Respond, refusalText, replyTo } from './common.ts';
import { showAnswersToClaimer } from './kb.ts';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>;

/** A button that opens a handling modal, with the check made once the modal is open. */
interface ModalButton {
  action: string;
  label: string;
  lifecycle: LifecycleAction;
  who: Permission;
  build: (tr: Translate, lang: Lang, desk: Desk, m: WorkflowMetadata) => View;
}

const MODAL_BUTTONS: ModalButton[] = [
  {
    action: ACTION.contact,
    label: 'open contact',
    lifecycle: 'contact',
    who: 'agent',
    build: (tr, _lang, _desk, m) => contactModal(tr, m),
  },
  {
    action: ACTION.handOver,
    label: 'open hand over',
    lifecycle: 'hand_over',
    who: 'agent',
    build: (tr, _lang, _desk, m) => handOverModal(tr, m),
  },
  {
    action: ACTION.progress,
    label: 'open progress',
    lifecycle: 'progress',
    who: 'handler',
    build: (tr, lang, desk, m) => progressModal(tr, lang, desk.config, m),
  },
  {
    action: ACTION.transfer,
    label: 'open transfer',
    lifecycle: 'transfer',
    who: 'handler',
    build: (tr, lang, desk, m) => transferModal(tr, lang, desk.config, m),
  },
  {
    action: ACTION.collaborators,
    label: 'open collaborators',
    lifecycle: 'add_collaborators',
    who: 'handler',
    build: (tr, lang, desk, m) => collaboratorsModal(tr, lang, desk.config, m),
  },
  {
    action: ACTION.escalate,
    label: 'open escalate',
    lifecycle: 'escalate',
    who: 'handler',
    build: (tr, _lang, _desk, m) => escalateModal(tr, m),
  },
  {
    action: ACTION.resolve,
    label: 'open resolve',
    lifecycle: 'resolve',
    who: 'handler',
    build: (tr, _lang, desk, m) => resolveModal(tr, desk.config, m),
  },
  {
    action: ACTION.reassign,
    label: 'open reassign',
    lifecycle: 'reassign',
    who: 'supervisor',
    build: (tr, _lang, _desk, m) => reassignModal(tr, m),
  },
  {
    action: ACTION.reopen,
    label: 'open reopen',
    lifecycle: 'reopen',
    who: 'reopener',
    build: (tr, _lang, _desk, m) => reasonModal(tr, 'reopen', m),
  },
  {
    action: ACTION.reject,
    label: 'open reject',
    lifecycle: 'reject',
    who: 'supervisor',
    build: (tr, _lang, _desk, m) => reasonModal(tr, 'reject', m),
  },
];

/** Opens the modal, then checks the ticket; a refusal replaces the modal and is said ephemerally. */
async function openChecked(
  desk: Desk,
  spec: ModalButton,
  body: BlockAction,
  respond: Respond,
  tr: Translate,
  lang: Lang,
): Promise<void> {
  const { user, value: number, triggerId, card } = clickContext(body);
  const meta: WorkflowMetadata = { number, ...(card ? { card } : {}) };
  let viewId: string | undefined;
  let hash: string | undefined;
  try {
    const opened = await desk.slack.views.open({
      trigger_id: triggerId,
      view: spec.build(tr, lang, desk, meta),
    });
    viewId = opened.view?.id;
    hash = opened.view?.hash;
  } catch (err) {
    const info = slackErrorInfo(err);
    desk.log.warn({ user, err: info.code }, 'handling modal not opened');
    await ephemeral(
      respond,
      info.code.includes('trigger') ? tr('workflow.error.trigger') : tr('error.generic'),
    );
    return;
  }
  const t = await ticketByNumber(desk, number);
  const refusal: Refusal | null = t
    ? checkAction(desk, t, spec.lifecycle, user, spec.who, card)
    : 'not_found';
  if (!refusal) {
    // The form, now with the ticket's need, time left and last update at the top (issue 18).
    if (viewId && t)
      await desk.slack.views
        .update({
          view_id: viewId,
          ...(hash ? { hash } : {}),
          view: spec.build(tr, lang, desk, { ...meta, context: formContext(desk, t, lang) }),
        })
        .catch((err: unknown) =>
          desk.log.info({ err: slackErrorInfo(err).code }, 'handling form context not shown'),
        );
    return;
  }
  const text = refusalText(desk, lang, refusal, t);
  if (viewId)
    await desk.slack.views
      .update({ view_id: viewId, view: noticeModal(tr, text) })
      .catch((err: unknown) => desk.log.warn({ err: slackErrorInfo(err).code }, 'notice modal not shown'));
  await ephemeral(respond, text);
}

async function claim(desk: Desk, body: BlockAction, respond: Respond, lang: Lang): Promise<void> {
  const { user, value: number, card } = clickContext(body);
  const t = await ticketByNumber(desk, number);
  if (!t) {
    await ephemeral(respond, refusalText(desk, lang, 'not_found'));
    return;
  }
  const res = await claimTicket(desk, {
    ticketId: t._id,
    current: t,
    by: user,
    ...(card ? { from: card } : {}),
  });
  if (res.ok) {
    // The card is redrawn with the owner; the opener gets a DM; the claimer sees answers that may help.
    await showAnswersToClaimer(desk, respond, lang, res.ticket);
    return;
  }
  await ephemeral(respond, await takeRefusal(desk, lang, res, number));
}

/**
 * Why taking an unclaimed ticket (Claim, Assign to…) was refused. Losing the race reads "already
 * claimed by …" when someone took it (the conflict carries the ticket as it is now).
 */
async function takeRefusal(
  desk: Desk,
  lang: Lang,
  res: { reason: Refusal; ticket?: TicketView | null },
  number: string,
): Promise<string> {
  let reason = res.reason;
  let latest = res.ticket;
  if (reason === 'conflict') {
    latest = latest ?? (await ticketByNumber(desk, number));
    if (latest?.ownerId) reason = 'already_claimed';
  }
  return refusalText(desk, lang, reason, latest);
}

/**
 * "Assign to…" on an unclaimed card: the chosen person becomes the owner if they are a member of
 * the department; a non-member, a click by someone who is not a supervisor, or a ticket claimed
 * meanwhile is explained ephemerally and nothing changes.
 */
async function assignTo(desk: Desk, body: BlockAction, respond: Respond, tr: Translate, lang: Lang) {
  const { user, card } = clickContext(body);
  const chosen = (body.actions[0] as { selected_user?: string } | undefined)?.selected_user ?? '';
  const t = card ? await ticketOnCard(desk, card) : null;
  if (!t || !chosen) {
    await ephemeral(respond, refusalText(desk, lang, 'not_found'));
    return;
  }
  const res = await assignTicketTo(desk, { ticketId: t._id, current: t, by: user, to: chosen, from: card });
  if (res.ok) {
    await ephemeral(respond, tr('card.assign.done', { number: t.number, user: chosen }));
    return;
  }
  if (res.reason === 'invalid_target') {
    const department = names(desk.config, lang).department(t.departmentId);
    await ephemeral(respond, tr('card.assign.notMember', { user: chosen, department }));
    return;
  }
  await ephemeral(respond, await takeRefusal(desk, lang, res, t.number));
}

async function details(
  desk: Desk,
  body: BlockAction,
  respond: Respond,
  tr: Translate,
  lang: Lang,
): Promise<void> {
  const { user, value: number } = clickContext(body);
  const seen = await viewTicket(desk, user, number);
  if (!seen) {
    await ephemeral(respond, refusalText(desk, lang, 'not_found'));
    return;
  }
  if (seen.refused) {
    const n = names(desk.config, lang);
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      ...accessRefusal(
        tr,
        [{ scope: 'ticket', target: number, departmentId: seen.ticket.departmentId }],
        (id) => n.department(id),
      ),
    });
    return;
  }
  await respond({
    response_type: 'ephemeral',
    replace_original: false,
    text: number,
    blocks: ticketDetailBlocks(tr, desk.config, lang, seen.ticket, seen.full),
  });
}

export function register(app: App, desk: Desk): void {
  app.action<BlockAction>(ACTION.claim, async ({ ack, body, respond: r }: Args) => {
    const respond = replyTo(desk, body, r);
    afterAck(desk, 'claim', ack, body.user.id, respond, (_tr, lang) => claim(desk, body, respond, lang));
  });
  app.action<BlockAction>(ACTION.assignTo, async ({ ack, body, respond: r }: Args) => {
    const respond = replyTo(desk, body, r);
    afterAck(desk, 'assign to', ack, body.user.id, respond, (tr, lang) =>
      assignTo(desk, body, respond, tr, lang),
    );
  });
  app.action<BlockAction>(ACTION.details, async ({ ack, body, respond: r }: Args) => {
    const respond = replyTo(desk, body, r);
    afterAck(desk, 'details', ack, body.user.id, respond, (tr, lang) =>
      details(desk, body, respond, tr, lang),
    );
  });
  for (const spec of MODAL_BUTTONS) {
    app.action<BlockAction>(spec.action, async ({ ack, body, respond: r }: Args) => {
      const respond = replyTo(desk, body, r);
      afterAck(
        desk,
        spec.label,
        ack,
        body.user.id,
        respond,
        (tr, lang) => openChecked(desk, spec, body, respond, tr, lang),
        true,
      );
    });
  }
}
