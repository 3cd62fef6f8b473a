/**
 * Submissions of the handling modals. Each validates the fields (errors keep the modal open),
 * applies the change before acknowledging (a refusal, e.g. the ticket was transferred or resolved
 * meanwhile, is shown in the modal and nothing changes), then closes the modal. Notices and card
 * redraws continue in the background.
 */

import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import {
  CALLBACK,
  COLLAB_ROWS,
  CONTACT_FIELD,
  collabField,
  ESCALATE_FIELD,
  HAND_OVER_FIELD,
  PROGRESS_FIELD,
  REASON_FIELD,
  REASSIGN_FIELD,
  RESOLVE_FIELD,
  TRANSFER_FIELD,
} from '../../../blocks/ids.ts';
import { plainErrors } from '../../../blocks/text.ts';
import type { WorkflowMetadata } from '../../../blocks/workflow-modals.ts';
import type { Desk } from '../../context.ts';
import {
  checkCollaborators,
  checkContact,
  checkEscalation,
  checkHandOver,
  checkProgress,
  checkReason,
  checkReassign,
  checkResolution,
  checkTransfer,
  localDateTime,
  type Raw,
  todayIn,
} from '../../domain/workflow-input.ts';
import { type Lang, type MessageKey, type Params, type Translate, translator } from '../../i18n/index.ts';
import { failureRef, isDatabaseError } from '../../runtime/errors.ts';
import { decideApproval } from '../../tickets/approve.ts';
import { agentOf } from '../../tickets/clocks.ts';
import { addCollaborators } from '../../tickets/collaborate.ts';
import { handOverAgent, recordContact } from '../../tickets/contact.ts';
import { ACK_DB_BUDGET_MS, withDeadline } from '../../tickets/deadline.ts';
import { escalateTicket } from '../../tickets/escalate.ts';
import {
  type CardRef,
  checkAction,
  type Refusal,
  type StoredTicket,
  ticketByNumber,
} from '../../tickets/handling.ts';
import { postProgress } from '../../tickets/progress.ts';
import { reassignTicket } from '../../tickets/reassign.ts';
import { reopenTicket } from '../../tickets/reopen.ts';
import { resolveTicket } from '../../tickets/resolve.ts';
import { transferTicket } from '../../tickets/transfer.ts';
import { refusalText } from '../actions/common.ts';
import { readMetadata, readValue } from '../view-values.ts';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

interface SubmitContext {
  desk: Desk;
  user: string;
  lang: Lang;
  tr: Translate;
  raw: Raw;
  ticket: StoredTicket;
  from?: CardRef;
  today: string;
}

/** Field errors by block id: the rules' own (src/domain/workflow-input.ts) and this surface's. */
type FormErrors = Record<string, { key: MessageKey; params?: Params }>;

/** What a submission handler answers: field errors, a refusal shown on `field`, or done. */
type Outcome =
  | { errors: FormErrors }
  | { refused: Refusal; field: string; ticket?: StoredTicket }
  | { done: true };

type Handler = { field: string; run: (c: SubmitContext) => Promise<Outcome> };

const result = (
  field: string,
  res: { ok: true } | { ok: false; reason: Refusal; ticket?: StoredTicket },
): Outcome =>
  res.ok ? { done: true } : { refused: res.reason, field, ...(res.ticket ? { ticket: res.ticket } : {}) };

const HANDLERS: Record<string, Handler> = {
  [CALLBACK.contact]: {
    field: CONTACT_FIELD.summary,
    async run(c) {
      const v = checkContact(c.raw, CONTACT_FIELD);
      if (!v.ok) return { errors: v.errors };
      const res = await recordContact(c.desk, {
        ticketId: c.ticket._id,
        by: c.user,
        from: c.from,
        ...v.value,
      });
      return result(CONTACT_FIELD.summary, res);
    },
  },
  [CALLBACK.handOver]: {
    field: HAND_OVER_FIELD.reason,
    async run(c) {
      const v = checkHandOver(c.raw, HAND_OVER_FIELD, agentOf(c.ticket));
      if (!v.ok) return { errors: v.errors };
      const res = await handOverAgent(c.desk, {
        ticketId: c.ticket._id,
        by: c.user,
        from: c.from,
        ...v.value,
      });
      return result(HAND_OVER_FIELD.reason, res);
    },
  },
  [CALLBACK.progress]: {
    field: PROGRESS_FIELD.note,
    async run(c) {
      // Planned within the resolution deadline (its local date; the error shows date and time).
      const tz = c.desk.config.organisation.timezone;
      const due = c.ticket.resolutionDueAt;
      const v = checkProgress(
        c.raw,
        PROGRESS_FIELD,
        c.desk.config.progressStages.map((s) => s.id),
        c.today,
        due ? { date: todayIn(due, tz), text: localDateTime(due, tz) } : undefined,
      );
      if (!v.ok) return { errors: v.errors };
      const res = await postProgress(c.desk, {
        ticketId: c.ticket._id,
        current: c.ticket,
        by: c.user,
        from: c.from,
        ...v.value,
      });
      return result(PROGRESS_FIELD.note, res);
    },
  },
  [CALLBACK.transfer]: {
    field: TRANSFER_FIELD.reason,
    async run(c) {
      const v = checkTransfer(
        c.raw,
        TRANSFER_FIELD,
        c.desk.config.departments.map((d) => d.id),
        c.ticket.departmentId,
      );
      if (!v.ok) return { errors: v.errors };
      const res = await transferTicket(c.desk, {
        ticketId: c.ticket._id,
        current: c.ticket,
        by: c.user,
        targetDepartmentId: v.value.departmentId,
        reason: v.value.reason,
        from: c.from,
      });
      return result(TRANSFER_FIELD.reason, res);
    },
  },
  [CALLBACK.collaborators]: {
    field: collabField(1).need,
    async run(c) {
      const pending = (c.ticket.collaborators ?? [])
        .filter((x) => !x.acknowledgedAt)
        .map((x) => x.departmentId);
      const v = checkCollaborators(
        c.raw,
        { rows: COLLAB_ROWS, row: collabField },
        c.desk.config.departments.map((d) => d.id),
        c.ticket.departmentId,
        pending,
        c.today,
      );
      if (!v.ok) return { errors: v.errors };
      const res = await addCollaborators(c.desk, {
        ticketId: c.ticket._id,
        current: c.ticket,
        by: c.user,
        requests: v.value,
        from: c.from,
      });
      return result(collabField(1).need, res);
    },
  },
  [CALLBACK.escalate]: {
    field: ESCALATE_FIELD.reason,
    async run(c) {
      const v = checkEscalation(c.raw, ESCALATE_FIELD);
      if (!v.ok) return { errors: v.errors };
      const res = await escalateTicket(c.desk, {
        ticketId: c.ticket._id,
        current: c.ticket,
        by: c.user,
        from: c.from,
        ...v.value,
      });
      return result(ESCALATE_FIELD.reason, res);
    },
  },
  [CALLBACK.resolve]: {
    field: RESOLVE_FIELD.summary,
    async run(c) {
      const v = checkResolution(c.raw, RESOLVE_FIELD, c.desk.clock.now());
      if (!v.ok) return { errors: v.errors };
      const res = await resolveTicket(c.desk, {
        ticketId: c.ticket._id,
        current: c.ticket,
        by: c.user,
        from: c.from,
        ...v.value,
      });
      return result(RESOLVE_FIELD.summary, res);
    },
  },
  [CALLBACK.reassign]: {
    field: REASSIGN_FIELD.reason,
    async run(c) {
      const v = checkReassign(c.raw, REASSIGN_FIELD);
      if (!v.ok) return { errors: v.errors };
      const res = await reassignTicket(c.desk, {
        ticketId: c.ticket._id,
        current: c.ticket,
        by: c.user,
        newOwner: v.value.owner,
        reason: v.value.reason,
        from: c.from,
      });
      if (!res.ok && res.reason === 'invalid_target')
        return { errors: { [REASSIGN_FIELD.owner]: { key: 'reassign.error.owner' } } };
      return result(REASSIGN_FIELD.reason, res);
    },
  },
  [CALLBACK.reopen]: {
    field: REASON_FIELD.reason,
    async run(c) {
      const v = checkReason(c.raw, REASON_FIELD);
      if (!v.ok) return { errors: v.errors };
      // Permissions and stale cards are explained here; reopenTicket re-checks the life cycle.
      const refused = checkAction(c.desk, c.ticket, 'reopen', c.user, 'reopener', c.from);
      if (refused) return { refused, field: REASON_FIELD.reason, ticket: c.ticket };
      const res = await reopenTicket(c.desk, {
        ticketId: c.ticket._id,
        current: c.ticket,
        by: c.user,
        reason: v.value.reason,
        source: 'user',
        from: c.from,
      });
      return result(REASON_FIELD.reason, res);
    },
  },
  [CALLBACK.reject]: {
    field: REASON_FIELD.reason,
    async run(c) {
      const v = checkReason(c.raw, REASON_FIELD);
      if (!v.ok) return { errors: v.errors };
      const res = await decideApproval(c.desk, {
        ticketId: c.ticket._id,
        current: c.ticket,
        by: c.user,
        approve: false,
        note: v.value.reason,
      });
      return result(REASON_FIELD.reason, res);
    },
  },
};

function translateErrors(tr: Translate, errors: FormErrors): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, e] of Object.entries(errors)) out[field] = tr(e.key, e.params);
  return out;
}

export function register(app: App, desk: Desk): void {
  for (const [callbackId, handler] of Object.entries(HANDLERS)) {
    app.view<ViewSubmitAction>(callbackId, async ({ ack, body, view }: Args) => {
      const user = body.user.id;
      const lang = await desk.langOf(user);
      const tr = translator(lang);
      const meta = readMetadata<WorkflowMetadata>(view.private_metadata);
      const number = typeof meta.number === 'string' ? meta.number : '';
      const card =
        meta.card && typeof meta.card.channel === 'string' && typeof meta.card.ts === 'string'
          ? { channel: meta.card.channel, ts: meta.card.ts }
          : undefined;
      let outcome: Outcome;
      try {
        // Bounded so that Slack gets its answer within 3 seconds even while the database is away.
        outcome = await withDeadline(
          (async (): Promise<Outcome> => {
            const ticket = await ticketByNumber(desk, number);
            if (!ticket) return { refused: 'not_found', field: handler.field };
            return handler.run({
              desk,
              user,
              lang,
              tr,
              raw: (id) => readValue(view.state, id),
              ticket,
              ...(card ? { from: card } : {}),
              today: todayIn(desk.clock.now(), desk.config.organisation.timezone),
            });
          })(),
          ACK_DB_BUDGET_MS,
          'handling the submission',
        );
      } catch (err) {
        // Only an unavailable database is "try again"; anything else is a fault of ours, shown with its ref.
        let text: string;
        if (isDatabaseError(err)) {
          desk.log.error({ user, ticket: number, err: (err as Error).message }, 'handling submission failed');
          text = tr('error.database');
        } else {
          const ref = failureRef();
          desk.log.error({ user, ticket: number, ref, err }, 'handling submission failed unexpectedly');
          text = tr('error.internal', { ref });
        }
        await ack({ response_action: 'errors', errors: plainErrors({ [handler.field]: text }) });
        return;
      }
      if ('errors' in outcome) {
        await ack({ response_action: 'errors', errors: plainErrors(translateErrors(tr, outcome.errors)) });
        return;
      }
      if ('refused' in outcome) {
        const text = refusalText(desk, lang, outcome.refused, outcome.ticket);
        await ack({ response_action: 'errors', errors: plainErrors({ [outcome.field]: text }) });
        return;
      }
      await ack();
    });
  }
}
