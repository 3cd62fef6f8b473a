/**
 * Slack Web API calls and database round trips per user action, beside the minimum. The actions go
 * to the in-process desk (bench/apps.ts: its database commands can only be counted from inside, through
 * the MongoDB driver's command monitoring; this is a count, not a time). The Slack calls are counted
 * by the stand-in in the Slack process.
 */
import { ACTION, PROGRESS_FIELD, RESOLVE_FIELD } from '../blocks/ids.ts';
import { PEOPLE } from '../test/harness/app.ts';
import type { BlockFill } from '../test/harness/driver.ts';
import type { InProcessDesk } from './apps.ts';
import type { SlackProcess } from './slack-client.ts';
import type { Card } from './slack-process.ts';

export interface CostRow {
  action: string;
  slackCalls: number | null;
  slackMethods: string;
  dbRoundTrips: number | null;
  minSlack: number;
  minDb: number;
  note?: string;
  /** The database commands behind dbRoundTrips, e.g. "findAndModify tickets×1, insert audits×1". */
  dbTrace?: string;
}

export async function measureCosts(desk: InProcessDesk, slack: SlackProcess): Promise<CostRow[]> {
  const rows: CostRow[] = [];
  const appUrl = `${desk.url}/slack/events`;
  const user = PEOPLE.agentEn;
  const owner = PEOPLE.techMember;
  const settle = async () => {
    await desk.idle();
    await slack.quiet();
  };
  const reset = async () => {
    await settle();
    await slack.call('clear');
    desk.resetCount();
  };
  const read = async (action: string, minSlack: number, minDb: number, note?: string): Promise<CostRow> => {
    const calls = await slack.call('calls');
    return {
      action,
      slackCalls: calls.total,
      slackMethods: Object.entries(calls.byMethod)
        .map(([m, n]) => `${m}×${n}`)
        .join(', '),
      dbRoundTrips: desk.db.count,
      dbTrace: [...desk.db.names].map(([n, c]) => `${n}×${c}`).join(', '),
      minSlack,
      minDb,
      ...(note ? { note } : {}),
    };
  };
  const missing = (action: string, minSlack: number, minDb: number, note?: string): CostRow => ({
    action,
    slackCalls: null,
    slackMethods: 'n/a',
    dbRoundTrips: null,
    minSlack,
    minDb,
    ...(note ? { note } : {}),
  });

  // Warm caches (user language, channel membership) as in steady state.
  await slack.call('openTicket', appUrl, user, 1);
  await reset();
  const opened = await slack.call('openTicket', appUrl, user, 2);
  await settle();
  rows.push(
    await read(
      'open (/ticket + submit)',
      2,
      2,
      'min: views.open + card post; counter + insert. Target ≤ 5 round trips',
    ),
  );
  const ticket = await desk.running.desk.models.Ticket.findOne({ intakeKey: opened.viewId }).lean();
  if (!ticket?.card?.ts) {
    rows.push(missing('claim', 1, 1, 'no card was posted for the opened ticket'));
    return rows;
  }
  const card: Card = { channel: ticket.card.channel!, ts: ticket.card.ts };

  await reset();
  const claim = await slack.call('click', appUrl, owner, ACTION.claim, card);
  await settle();
  rows.push(
    claim.status === 404
      ? missing('claim', 1, 1)
      : await read('claim', 1, 1, 'min: card update; one conditional update. Target ≤ 4'),
  );

  const modalAction = async (
    name: string,
    actionId: string,
    target: string,
    values: Record<string, BlockFill>,
  ) => {
    await reset();
    await slack.call('closeModal', owner);
    const click = await slack.call('click', appUrl, owner, actionId, card).catch(() => null);
    if (!click || click.status === 404) {
      rows.push(missing(name, 2, 2));
      return;
    }
    await settle();
    await slack.call('waitModal', owner, 5_000);
    const res = await slack.call('submitModal', appUrl, owner, values).catch((e: Error) => e);
    await settle();
    if (res instanceof Error || res.action !== 'closed') {
      const why = res instanceof Error ? res.message.slice(0, 80) : JSON.stringify(res.errors);
      rows.push(missing(name, 2, 2, `not completed: ${why}`));
      return;
    }
    rows.push(await read(name, 2, 2, `min: views.open + card update; read + conditional update. ${target}`));
  };
  const stage = desk.config.progressStages[0]?.id ?? 'review';
  await modalAction('progress (button + modal)', ACTION.progress, 'Target ≤ 5', {
    [PROGRESS_FIELD.stage]: stage,
    [PROGRESS_FIELD.note]: 'Reproduced the coupon failure; fix in review.',
  });
  await modalAction('resolve (button + modal)', ACTION.resolve, 'Target ≤ 6', {
    [RESOLVE_FIELD.summary]: 'Coupon validation fixed and the charge refunded.',
    [RESOLVE_FIELD.rootCause]: 'Expired coupon cache',
    [RESOLVE_FIELD.type]: 'fix',
  });
  return rows;
}
