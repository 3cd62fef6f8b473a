/**
 * Shared by the handling listeners: turning a refusal into a clear message, the ephemeral answer
 * to a click, the click's context, and running the work after the ack as tracked background work
 * (so shutdown and tests can wait for it).
 */
import type { BlockAction } from '@slack/bolt';
import { names } from '../../../blocks/ticket-card.ts';
import type { Desk } from '../../context.ts';
import type { TicketView } from '../../domain/views.ts';
import { type Lang, type MessageKey, type Translate, translator } from '../../i18n/index.ts';
import { refreshHome } from '../../reports/home.ts';
import { failureRef, isDatabaseError } from '../../runtime/errors.ts';
import type { CardRef, Refusal } from '../../tickets/handling.ts';

/** The message explaining why nothing changed. */
export function refusalText(desk: Desk, lang: Lang, reason: Refusal, t?: TicketView | null): string {
  const tr = translator(lang);
  const n = names(desk.config, lang);
  const department = t ? n.department(t.departmentId) : '';
  const owner = t?.ownerId ? `<@${t.ownerId}>` : '—';
  switch (reason) {
    case 'already_claimed':
      return t?.ownerId ? tr('deny.already_claimed', { user: t.ownerId }) : tr('deny.conflict');
    case 'stale_card':
      return tr('deny.stale_card', {
        department,
        link: t?.card?.permalink ? tr('deny.stale_card.link', { link: t.card.permalink }) : '',
      });
    case 'not_member':
      return tr('deny.not_member', { department });
    case 'not_permitted':
      return tr('deny.not_permitted', { owner, department });
    case 'not_supervisor':
      return tr('deny.not_supervisor', { department });
    case 'already_notified':
      return tr('deny.already_notified', {
        at: t?.customerNotifiedAt ? t.customerNotifiedAt.toISOString().slice(0, 16).replace('T', ' ') : '—',
      });
    default:
      return tr(`deny.${reason}` as MessageKey, { owner, department });
  }
}

/** Reads the ticket number and the message of a button click. */
export function clickContext(body: BlockAction): {
  user: string;
  value: string;
  triggerId: string;
  card?: CardRef;
} {
  const action = body.actions[0] as { value?: string } | undefined;
  const container = body.container as { type?: string; message_ts?: string; channel_id?: string } | undefined;
  const card =
    container?.type === 'message' && container.message_ts && container.channel_id
      ? { channel: container.channel_id, ts: container.message_ts }
      : undefined;
  return {
    user: body.user.id,
    value: action?.value ?? '',
    triggerId: body.trigger_id,
    ...(card ? { card } : {}),
  };
}

export type Respond = (message: Record<string, unknown>) => Promise<unknown>;

/**
 * How to answer a click. A click in a message carries a `response_url` (Bolt's `respond`); a click in
 * the App Home or a modal carries none and `respond` is undefined there, so the answer goes to the
 * user's DM with the bot (the Messages tab) and the Home tab is redrawn with the current state.
 */
export function replyTo(desk: Desk, body: BlockAction, respond: Respond | undefined): Respond {
  const hasUrl = typeof (body as { response_url?: unknown }).response_url === 'string';
  if (respond && hasUrl) return respond;
  const user = body.user.id;
  return async (message) => {
    const { response_type: _type, replace_original: _replace, delete_original: _delete, ...rest } = message;
    await desk.slack.chat.postMessage({ channel: user, ...rest, unfurl_links: false } as never);
    if (body.view?.type === 'home')
      await refreshHome(desk, user).catch((err: unknown) =>
        desk.log.warn({ user, err: (err as Error).message }, 'home not redrawn after a refused click'),
      );
  };
}

/** An ephemeral answer to the clicking user that leaves the original message alone. */
export function ephemeral(respond: Respond, text: string): Promise<unknown> {
  return respond({ response_type: 'ephemeral', replace_original: false, text });
}

/**
 * Acknowledges and runs `work` as tracked background work; a failure is logged and the user is
 * told: "database unavailable, try again" for a database failure, "went wrong on our side (ref …)"
 * for anything else.
 */
export function afterAck(
  desk: Desk,
  label: string,
  ack: () => Promise<void>,
  user: string,
  respond: Respond | undefined,
  work: (tr: Translate, lang: Lang) => Promise<void>,
  /** The work opens a modal: it must not wait behind other background work (trigger_id lives 3 s). */
  opensModal = false,
): void {
  // The ack goes out now; the work waits for a background slot.
  const acked = ack();
  desk.background.run(
    label,
    async () => {
      await acked;
      const lang = await desk.langOf(user);
      try {
        await work(translator(lang), lang);
      } catch (err) {
        // Only an unavailable database is "try again"; anything else is a fault of ours, shown with its ref.
        let text: string;
        if (isDatabaseError(err)) {
          desk.log.error({ user, err: (err as Error).message }, `${label} failed`);
          text = translator(lang)('error.database');
        } else {
          const ref = failureRef();
          desk.log.error({ user, ref, err }, `${label} failed unexpectedly`);
          text = translator(lang)('error.internal', { ref });
        }
        if (respond) await ephemeral(respond, text).catch(() => undefined);
      }
    },
    opensModal,
  );
}
