/**
 * Submitting the intake form as an agent sees it: the answer is "saving" (the form, marked so), and
 * the form then turns into "Ticket … created" once the ticket is stored, or comes back with the
 * reason it was not. `result` is what the agent ends up looking at; a created form is then closed
 * with Done, as the agent would.
 */
import { CALLBACK } from '../../blocks/ids.ts';
import type { SlackDriver } from './driver.ts';
import { type SlackStub, type StoredView, waitFor } from './slack-stub.ts';

export type IntakeResult = 'created' | 'errors' | 'not_saved' | 'no_outcome';

const bannerOf = (v: StoredView) =>
  JSON.stringify((v.blocks as { block_id?: string }[]).find((b) => b.block_id === 'intake_banner') ?? '');

export async function submitIntake(
  driver: SlackDriver,
  stub: SlackStub,
  opts: Parameters<SlackDriver['submitView']>[0],
  timeoutMs = 10_000,
) {
  const res = await driver.submitView(opts);
  let result: IntakeResult = res.outcome.action === 'errors' ? 'errors' : 'no_outcome';
  if (res.status === 200 && res.outcome.action === 'update') {
    result = await waitFor(
      () => {
        const v = stub.view(res.viewId);
        if (v?.callback_id === CALLBACK.intakeCreated) return 'created' as const;
        if (v && bannerOf(v).includes(':warning:')) return 'not_saved' as const;
        return undefined;
      },
      timeoutMs,
      'the intake form showing its outcome',
    ).catch(() => 'no_outcome' as const);
  }
  const view = stub.view(res.viewId);
  if (result === 'created' && stub.openModal(opts.user)?.id === res.viewId) stub.closeModal(opts.user, true);
  return { ...res, result, view };
}
