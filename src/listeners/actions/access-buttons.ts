/**
 * Need-to-know access buttons: "Request access" on a refusal, and Approve / Reject on the
 * supervisor's DM (the DM is redrawn with the decision; the requester is told by DM).
 */
import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { accessDecidedLine, parseAccessValue, scopeLabel } from '../../../blocks/access.ts';
import { ACTION } from '../../../blocks/ids.ts';
import { redrawnNotice } from '../../../blocks/notice.ts';
import { names } from '../../../blocks/ticket-card.ts';
import type { Desk } from '../../context.ts';
import { decideAccess, requestAccess } from '../../tickets/access.ts';
import { afterAck, clickContext, ephemeral, replyTo } from './common.ts';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>;

export function register(app: App, desk: Desk): void {
  app.action<BlockAction>(ACTION.requestAccess, async ({ ack, body, respond: r }: Args) => {
    const respond = replyTo(desk, body, r);
    afterAck(desk, 'request access', ack, body.user.id, respond, async (tr, lang) => {
      const { user, value } = clickContext(body);
      const target = parseAccessValue(value);
      const res = target ? await requestAccess(desk, { user, ...target }) : null;
      if (!target || !res?.ok) return void (await ephemeral(respond, tr('access.notFound')));
      const n = names(desk.config, lang);
      const what = scopeLabel(
        tr,
        target.scope,
        target.scope === 'department' ? n.department(target.target) : target.target,
      );
      const supervisors = res.supervisors.map((s) => `<@${s}>`).join(' ');
      await ephemeral(
        respond,
        tr(res.created ? 'access.requested' : 'access.alreadyRequested', { what, supervisors }),
      );
    });
  });
  for (const [action, approve] of [
    [ACTION.approveAccess, true],
    [ACTION.rejectAccess, false],
  ] as const) {
    app.action<BlockAction>(action, async ({ ack, body, respond: r }: Args) => {
      const respond = replyTo(desk, body, r);
      afterAck(desk, approve ? 'approve access' : 'reject access', ack, body.user.id, respond, async (tr) => {
        const { user, value } = clickContext(body);
        const res = await decideAccess(desk, { grantId: value, by: user, approve });
        if (!res.ok) {
          const text =
            res.reason === 'not_supervisor'
              ? tr('access.notSupervisor')
              : res.reason === 'already_decided'
                ? tr('access.alreadyDecided', { status: res.status ?? '' })
                : tr('access.notFound');
          return void (await ephemeral(respond, text));
        }
        const original = (body as { message?: { text?: string } }).message?.text ?? '';
        await respond({
          replace_original: true,
          ...redrawnNotice(original, accessDecidedLine(tr, approve, user, res.user)),
        });
      });
    });
  }
}
