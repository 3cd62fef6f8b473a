/**
 * A failure that is not the database is a fault of ours: the person is told "something went wrong
 * on our side (ref …)", never "the database is unavailable", and the log line carries the same
 * reference with the error's stack. The fault is provoked through an injected collaborator the
 * tests own (the clock returning an invalid date), with the database up; nothing is mocked.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK, PROGRESS_FIELD } from '../../blocks/ids.ts';
import { t as translate } from '../../src/i18n/index.ts';
import { openTicket, publishNewTicket } from '../../src/tickets/open-ticket.ts';
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { submitIntake } from '../harness/intake.ts';
import { waitFor } from '../harness/slack-stub.ts';
import { sampleIntake } from './workflow-fixtures.ts';

const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _enc, done) {
    logLines.push(String(chunk));
    done();
  },
});

let t: TestDesk;
let previousLevel: string | undefined;
beforeAll(async () => {
  previousLevel = process.env.TEST_LOG_LEVEL;
  process.env.TEST_LOG_LEVEL = 'error';
  t = await startTestDesk('errors', { logDestination: logStream });
});
afterAll(async () => {
  if (previousLevel === undefined) delete process.env.TEST_LOG_LEVEL;
  else process.env.TEST_LOG_LEVEL = previousLevel;
  await t?.stop();
});

const [BEFORE_REF, AFTER_REF] = translate('en', 'error.internal').split('{ref}') as [string, string];

/** The ref shown in an "on our side" message, and the error log line that carries it. */
function refAndLogLine(message: string | undefined) {
  expect(message).toBeDefined();
  expect(message!.startsWith(BEFORE_REF), message).toBe(true);
  expect(message!.endsWith(AFTER_REF), message).toBe(true);
  const ref = message!.slice(BEFORE_REF.length, message!.length - AFTER_REF.length);
  expect(ref).toMatch(/^[0-9a-f]{8}$/);
  const lines = logLines.map(
    (l) => JSON.parse(l) as { ref?: string; level: number; err?: { stack?: string } },
  );
  const line = lines.find((l) => l.ref === ref);
  expect(line, `a log line with ref ${ref}`).toBeDefined();
  expect(line!.level).toBe(50); // error
  return { ref, stack: line!.err?.stack ?? '' };
}

describe('a fault of ours (the database is up)', () => {
  it('intake: answered "went wrong on our side (ref …)", not "database", with the ref and stack in the log', async () => {
    t.clock.set('2026-11-24T10:00:00+08:00');
    const res0 = await t.driver.command('', { user: PEOPLE.agentEn, channel: CHANNELS.frontDesk });
    expect(res0.status).toBe(200);
    await waitFor(() => t.stub.openModal(PEOPLE.agentEn));
    t.clock.set('not a date');
    // Answered at once ("saving"); storing the ticket then fails, and the form comes back with why.
    const res = await submitIntake(t.driver, t.stub, {
      user: PEOPLE.agentEn,
      values: {
        customer_name: 'Li Lei',
        customer_phone: '13812345678',
        contact_channel: 'website',
        request_type: 'service_request',
        category: 'functional_fault',
        description: 'Since 14:30 today paying order DD20240315001 with a coupon shows "invalid".',
        desired_outcome: 'refund',
        urgency: 'normal',
        impact: 'partial',
      },
    });
    t.clock.set('2026-11-24T10:00:00+08:00');
    expect(res.status).toBe(200);
    expect(res.outcome.action).toBe('update');
    expect(res.result).toBe('not_saved');
    const banner = ((res.view?.blocks ?? []) as { block_id?: string; text?: { text: string } }[]).find(
      (b) => b.block_id === 'intake_banner',
    );
    const message = banner?.text?.text.replace(/^:warning: /, '');
    expect(message).not.toBe(translate('en', 'intake.error.database'));
    expect(JSON.stringify(res.view)).toContain('DD20240315001');
    const { stack } = refAndLogLine(message);
    expect(stack).toMatch(/RangeError/);
    expect(await t.running.desk.models.Ticket.countDocuments({})).toBe(0);
  });

  it('a handling modal: the same, on the field the modal shows errors on', async () => {
    t.clock.set('2026-11-24T10:00:00+08:00');
    const desk = t.running.desk;
    const { ticket } = await openTicket(desk, {
      intake: sampleIntake({
        customerId: '',
        orderNumber: '',
        keywords: [],
        description: 'Order DD20240315001: payment with a coupon fails since 14:30.',
      }),
      openedBy: PEOPLE.agentEn,
      intakeKey: 'errors-1',
    });
    await publishNewTicket(desk, ticket);
    await t.idle();
    t.clock.set('not a date');
    const res = await t.driver.interaction({
      type: 'view_submission',
      team: { id: t.stub.teamId, domain: t.stub.teamDomain },
      user: { id: PEOPLE.techSupervisor, username: 'sup', name: 'sup', team_id: t.stub.teamId },
      api_app_id: t.stub.appId,
      token: 'stub-verification-token',
      trigger_id: t.stub.issueTrigger({ user: PEOPLE.techSupervisor }),
      view: {
        id: 'V0ERRORS001',
        team_id: t.stub.teamId,
        type: 'modal',
        callback_id: CALLBACK.progress,
        private_metadata: JSON.stringify({ number: ticket.number }),
        blocks: [],
        state: { values: {} },
        hash: '1.abc',
        title: { type: 'plain_text', text: 'Progress' },
        app_id: t.stub.appId,
        bot_id: t.stub.botId,
      },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    });
    t.clock.set('2026-11-24T10:00:00+08:00');
    expect(res.status).toBe(200);
    const body = res.body as { response_action?: string; errors?: Record<string, string> };
    expect(body.response_action).toBe('errors');
    const message = body.errors?.[PROGRESS_FIELD.note];
    expect(message).not.toBe(translate('en', 'error.database'));
    refAndLogLine(message);
  });
});
