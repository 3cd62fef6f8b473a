/**
 * Property-based fuzzing of every modal submission and of `/ticket` text: random Unicode, very
 * long strings, emoji, right-to-left text, control characters, MongoDB-operator lookalikes,
 * missing, extra and mistyped fields. The app must always answer 200 with either clear,
 * translated field errors or a valid stored ticket/change, and never make a Slack call that Slack
 * would reject (invalid blocks, too long a message). The database is up throughout, so a
 * "database unavailable" or "went wrong on our side" answer fails the property: a handler that
 * throws on some input is found, not excused.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BLOCK,
  CALLBACK,
  COLLAB_ROWS,
  CONTACT_FIELD,
  CUSTOMER_FIELD,
  collabField,
  ESCALATE_FIELD,
  HAND_OVER_FIELD,
  INPUT_ACTION,
  INTAKE_FIELD,
  PROGRESS_FIELD,
  REASON_FIELD,
  REASSIGN_FIELD,
  RESOLVE_FIELD,
  SURVEY_FIELD,
  TRANSFER_FIELD,
} from '../../blocks/ids.ts';
import { t as translate } from '../../src/i18n/index.ts';
import { openTicket, publishNewTicket } from '../../src/tickets/open-ticket.ts';
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { checkBlocks, checkView, isObject } from '../harness/block-kit.ts';
import { submitIntake } from '../harness/intake.ts';
import { waitFor } from '../harness/slack-stub.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const REJECTED = new Set([
  'invalid_blocks',
  'msg_too_long',
  'msg_blocks_too_long',
  'invalid_arguments',
  'invalid_attachments',
]);

let t: TestDesk;
let seededNumber = '';

beforeAll(async () => {
  t = await startTestDesk('fuzz');
  t.clock.set('2026-11-24T10:00:00+08:00');
  const { ticket } = await openTicket(t.running.desk, {
    intake: {
      customerName: '王小明',
      customerId: 'C20240501001',
      phone: '13812345678',
      email: 'wang@example.com',
      company: '',
      keyAccount: false,
      contactChannel: 'website',
      requestType: 'service_request',
      category: 'functional_fault',
      description: 'Paying order DD20240315001 with a coupon in the app shows invalid since 14:30.',
      desiredOutcome: 'refund',
      urgency: 'normal',
      impact: 'partial',
      urgencyReason: '',
      orderNumber: '',
      keywords: [],
    },
    openedBy: PEOPLE.agentEn,
    intakeKey: 'fuzz-seed',
  });
  await publishNewTicket(t.running.desk, ticket);
  seededNumber = ticket.number;
});

afterAll(async () => {
  await t?.stop();
});

afterEach(async () => {
  await t.idle();
  assertSlackAcceptedEverything();
});

/** No Slack call was refused for its content, and every posted/updated message passes the Block Kit checks. */
function assertSlackAcceptedEverything(): void {
  const refused = t.stub.calls.filter(
    (c) => isObject(c.response) && c.response.ok === false && REJECTED.has(String(c.response.error)),
  );
  expect(refused.map((c) => `${c.method}: ${JSON.stringify(c.response)}`)).toEqual([]);
  for (const c of t.stub.calls) {
    if (!['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(c.method)) continue;
    if (c.args.blocks !== undefined) expect(checkBlocks(c.args.blocks, 'message'), c.method).toEqual([]);
    expect([...String(c.args.text ?? '')].length).toBeLessThanOrEqual(4000);
  }
  for (const c of [...t.stub.callsTo('views.open'), ...t.stub.callsTo('views.update')])
    expect(checkView(c.args.view), c.method).toEqual([]);
  const badResponses = t.stub.responses.filter((r) => r.errors.length > 0 || r.status !== 200);
  expect(badResponses.map((r) => r.errors)).toEqual([]);
  t.stub.clear();
}

// ---------------------------------------------------------------- generators

const OPERATOR_LOOKALIKES = [
  '$where',
  '{"$gt": ""}',
  '{"$ne": null}',
  '$where: function() { return true }',
  '{"$regex": ".*"}',
  'this.constructor.constructor("return process")()',
  '__proto__',
  '{"__proto__": {"admin": true}}',
  '$set',
  'db.tickets.drop()',
  '<script>alert(1)</script>',
  '<!channel> <@U0DIRECTR1> *bold* `code`',
  '$' + '{7*7}', // a template-injection lookalike
];
const RTL = ['مرحبا بالعالم، الدفع لا يعمل', 'שלום עולם התשלום נכשל', '\u202Eevil\u202C', '\u200F\u200Etext'];
const EMOJI = ['😀', '👩‍👩‍👧‍👦', '🇨🇳', '🏳️‍🌈', '❤️', '🧑🏽‍💻'];
const CONTROL = ['\u0000', '\u0007', '\u001b[31m', '\r\n', '\u2028', '\uFEFF', '\u200B', '\uD800', '\t'];

/** Text a person (or an attacker) could type. */
const nastyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constantFrom(...OPERATOR_LOOKALIKES, ...RTL),
  fc
    .array(fc.constantFrom(...EMOJI, ...CONTROL, ...RTL, ...OPERATOR_LOOKALIKES, 'a', '支付', ' '), {
      maxLength: 40,
    })
    .map((a) => a.join('')),
  fc
    .tuple(fc.constantFrom('x', '长', '😀', 'é', 'a\u0301', '$'), fc.integer({ min: 2000, max: 6000 }))
    .map(([c, n]) => c.repeat(n)),
  // Plausible values, so a share of the runs gets past validation.
  fc.constantFrom(
    'Li Lei',
    '13812345678',
    '+447911123456',
    'li.lei@example.com',
    'Since 14:30 today paying order DD20240315001 fails with "invalid coupon".',
  ),
);

/** A state entry of any element type, with a value that may be of the wrong type. */
function stateEntry(value: unknown, type: string): Record<string, unknown> {
  switch (type) {
    case 'static_select':
    case 'radio_buttons':
      return { type, selected_option: value === null ? null : { value } };
    case 'checkboxes':
    case 'multi_static_select':
      return { type, selected_options: Array.isArray(value) ? value.map((v) => ({ value: v })) : value };
    case 'datepicker':
      return { type, selected_date: value };
    case 'users_select':
      return { type, selected_user: value };
    default:
      return { type, value };
  }
}

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: nastyText },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constant({ $gt: '' }) },
  { weight: 1, arbitrary: fc.array(nastyText, { maxLength: 3 }) },
);

const elementType = fc.constantFrom(
  'plain_text_input',
  'static_select',
  'checkboxes',
  'datepicker',
  'users_select',
  'radio_buttons',
);

/** Per field: leave the filled value, replace it with a random (possibly mistyped) one, or drop the block. */
type FieldFuzz = { kind: 'keep' } | { kind: 'drop' } | { kind: 'set'; value: unknown; type: string };
const fieldFuzz: fc.Arbitrary<FieldFuzz> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<FieldFuzz>({ kind: 'keep' }) },
  { weight: 1, arbitrary: fc.constant<FieldFuzz>({ kind: 'drop' }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('set' as const), value: anyValue, type: elementType }),
  },
);

const extraBlocks = fc.dictionary(
  fc.oneof(fc.constantFrom('$where', '__proto__', 'constructor', 'extra'), fc.string({ maxLength: 20 })),
  fc.record({ value: fc.record({ type: fc.constant('plain_text_input'), value: nastyText }) }),
  { maxKeys: 3 },
);

/** Valid choices for the intake modal's selects; values outside them are also tried. */
function validIntake(): Record<string, string> {
  return {
    customer_name: '王小明',
    customer_phone: '13812345678',
    contact_channel: 'website',
    request_type: 'service_request',
    category: 'functional_fault',
    description: 'Since 14:30 today paying order DD20240315001 with a coupon in the app shows "invalid".',
    desired_outcome: 'refund',
    urgency: 'normal',
    impact: 'partial',
  };
}

/**
 * The answers that mean "it failed": the database is away, or something went wrong on our side
 * (a bug, with its ref). While the database is up, none of them is a valid answer to any input.
 */
function failureText(m: string): string | undefined {
  for (const lang of ['en', 'zh-CN'] as const) {
    for (const key of ['error.database', 'intake.error.database', 'error.generic'] as const)
      if (m.includes(translate(lang, key))) return `${key} (${lang})`;
    const [before, after] = translate(lang, 'error.internal').split('{ref}');
    if (m.includes(before!) && m.includes(after!)) return `error.internal (${lang})`;
  }
  return undefined;
}

/** A translated message: non-empty text, not a bare catalog key, no unfilled {placeholder}, not a failure. */
function expectTranslated(errors: Record<string, unknown>, blockIds: Iterable<string>): void {
  const known = new Set(blockIds);
  expect(Object.keys(errors).length).toBeGreaterThan(0);
  for (const [blockId, message] of Object.entries(errors)) {
    expect(known.has(blockId), `error on unknown block ${blockId}`).toBe(true);
    expect(typeof message).toBe('string');
    const m = message as string;
    expect(m.trim().length).toBeGreaterThan(0);
    expect(m).not.toMatch(/^[a-z]+(\.[a-zA-Z_]+)+$/);
    expect(m).not.toMatch(/\{[a-zA-Z]+\}/);
    expect(failureText(m), `a failure answered on ${blockId}: ${m}`).toBeUndefined();
  }
}

// ---------------------------------------------------------------- intake

describe('intake modal submissions', () => {
  it('always answer with translated field errors or store one valid ticket', async () => {
    const fields = Object.values(INTAKE_FIELD);
    const users = [PEOPLE.agentEn, PEOPLE.agentZh];
    const seen = { errors: 0, stored: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...users),
        fc.dictionary(fc.constantFrom(...fields), fieldFuzz),
        extraBlocks,
        async (user, fuzz, extra) => {
          let view = t.stub.openModal(user);
          if (!view) {
            const res = await t.driver.command('', { user, channel: CHANNELS.frontDesk });
            expect(res.status).toBe(200);
            view = await waitFor(() => t.stub.openModal(user));
          }
          const stateValues: Record<string, Record<string, Record<string, unknown>>> = { ...extra };
          for (const [blockId, f] of Object.entries(fuzz)) {
            if (f.kind === 'drop') stateValues[blockId] = {};
            if (f.kind === 'set') stateValues[blockId] = { [INPUT_ACTION]: stateEntry(f.value, f.type) };
          }
          const res = await submitIntake(t.driver, t.stub, {
            user,
            values: validIntake(),
            stateValues,
            skipClientChecks: true,
          });
          expect(res.status).toBe(200);
          expect(res.outcome.problems).toEqual([]);
          if (res.outcome.action === 'errors') {
            expectTranslated(res.outcome.errors ?? {}, fields);
            expect(await t.running.desk.models.Ticket.findOne({ intakeKey: res.viewId }).lean()).toBeNull();
            seen.errors++;
            return;
          }
          expect(res.result).toBe('created');
          const stored = await t.running.desk.models.Ticket.findOne({ intakeKey: res.viewId }).lean();
          expect(stored).not.toBeNull();
          const c = stored!.customer!;
          for (const v of [
            c.name,
            c.phone,
            c.email,
            c.customerId,
            stored!.description,
            stored!.desiredOutcome,
          ])
            expect(typeof v).toBe('string');
          expect(stored!.description).not.toMatch(/(?![\n\t])\p{Cc}/u);
          expect([...stored!.description].length).toBeLessThanOrEqual(3000);
          expect(stored!.keywords.every((k) => typeof k === 'string')).toBe(true);
          seen.stored++;
        },
      ),
      { numRuns: RUNS },
    );
    // Both outcomes were exercised (the generators mix plausible and hostile values).
    expect(seen.errors).toBeGreaterThan(0);
    expect(seen.stored).toBeGreaterThan(0);
    await t.idle();
  }, 120_000);
});

// ---------------------------------------------------------------- other modals

/** The block ids of each modal's fields (a view callback without an entry gets random ones). */
const MODAL_FIELDS: Record<string, string[]> = {
  [CALLBACK.progress]: Object.values(PROGRESS_FIELD),
  [CALLBACK.transfer]: Object.values(TRANSFER_FIELD),
  [CALLBACK.collaborators]: Array.from({ length: COLLAB_ROWS }, (_, i) =>
    Object.values(collabField(i + 1)),
  ).flat(),
  [CALLBACK.escalate]: Object.values(ESCALATE_FIELD),
  [CALLBACK.resolve]: Object.values(RESOLVE_FIELD),
  [CALLBACK.reassign]: Object.values(REASSIGN_FIELD),
  [CALLBACK.reopen]: Object.values(REASON_FIELD),
  [CALLBACK.reject]: Object.values(REASON_FIELD),
  [CALLBACK.survey]: Object.values(SURVEY_FIELD),
  [CALLBACK.contact]: Object.values(CONTACT_FIELD),
  [CALLBACK.handOver]: Object.values(HAND_OVER_FIELD),
  [CALLBACK.customerEdit]: Object.values(CUSTOMER_FIELD),
  [CALLBACK.homeSearch]: [BLOCK.homeSearchQuery],
};

/** callback_ids named in listener files that register view submissions (src/listeners/**). */
function viewCallbacksInSource(): string[] {
  const root = path.resolve('src/listeners');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const names = new Set<string>();
  for (const f of files) {
    const src = readFileSync(path.join(root, f), 'utf8');
    if (!src.includes('app.view')) continue;
    for (const m of src.matchAll(/CALLBACK\.(\w+)/g)) names.add(m[1]!);
  }
  const all = CALLBACK as Record<string, string>;
  return [...names].map((n) => all[n]).filter((id): id is string => !!id && id !== CALLBACK.intake);
}

/** A view_submission as Slack would send it for a modal we cannot open from here. */
function submission(callbackId: string, user: string, values: unknown, metadata: string) {
  return {
    type: 'view_submission',
    team: { id: t.stub.teamId, domain: t.stub.teamDomain },
    user: { id: user, username: user, name: user, team_id: t.stub.teamId },
    api_app_id: t.stub.appId,
    token: 'stub-verification-token',
    trigger_id: t.stub.issueTrigger({ user }),
    view: {
      id: `V0FUZZ${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
      team_id: t.stub.teamId,
      type: 'modal',
      callback_id: callbackId,
      private_metadata: metadata,
      blocks: [],
      state: { values },
      hash: '1.abc',
      title: { type: 'plain_text', text: 'Fuzz' },
      app_id: t.stub.appId,
      bot_id: t.stub.botId,
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

describe('handling and survey modal submissions', () => {
  it('answer 200 with translated field errors, a refusal, an update or a close for any input', async () => {
    // Every callback named in a listener file that registers view submissions must answer: one
    // without a listener fails here instead of silently dropping out of the fuzz.
    const registered = viewCallbacksInSource();
    expect(registered).toContain(CALLBACK.survey);
    expect(registered).toContain(CALLBACK.resolve);
    for (const cb of registered) {
      const probe = await t.driver.interaction(submission(cb, PEOPLE.techSupervisor, {}, '{}'));
      expect(probe.status, cb).toBe(200);
      expect(isObject(probe.body) && probe.body.response_action, cb).toBe('errors');
    }
    const answers = new Map<string, number>();
    const users = [
      PEOPLE.techSupervisor,
      PEOPLE.techMember,
      PEOPLE.agentEn,
      PEOPLE.csSupervisor,
      PEOPLE.outsider,
    ];
    const metadata = fc.oneof(
      fc.constant(JSON.stringify({ number: seededNumber })),
      fc.constant(JSON.stringify({ number: seededNumber, resolvedAt: Date.now() })),
      fc.constant(JSON.stringify({ number: { $gt: '' } })),
      fc.constant(JSON.stringify({ number: seededNumber, card: { channel: { $ne: 1 }, ts: 5 } })),
      nastyText,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...registered),
        fc.constantFrom(...users),
        fc.array(fc.tuple(fc.nat(), fieldFuzz), { maxLength: 8 }),
        extraBlocks,
        metadata,
        async (cb, user, picks, extra, meta) => {
          const fields = MODAL_FIELDS[cb] ?? ['value'];
          const values: Record<string, unknown> = { ...extra };
          for (const [i, f] of picks) {
            const blockId = fields[i % fields.length]!;
            if (f.kind === 'drop') values[blockId] = {};
            else
              values[blockId] = {
                [INPUT_ACTION]:
                  f.kind === 'set' ? stateEntry(f.value, f.type) : stateEntry('', 'plain_text_input'),
              };
          }
          const res = await t.driver.interaction(submission(cb, user, values, meta));
          expect(res.status).toBe(200);
          const kind = isObject(res.body) ? String(res.body.response_action) : 'close';
          answers.set(kind, (answers.get(kind) ?? 0) + 1);
          if (res.body === '' || res.body === undefined) return;
          expect(isObject(res.body)).toBe(true);
          const body = res.body as Record<string, unknown>;
          if (body.response_action === 'errors') {
            expectTranslated(body.errors as Record<string, unknown>, [...fields, ...Object.keys(values)]);
          } else if (body.response_action === 'update' || body.response_action === 'push') {
            expect(checkView(body.view)).toEqual([]);
          } else {
            expect(body.response_action).toBe('clear');
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(answers.get('errors')).toBeGreaterThan(0);
  }, 120_000);
});

// ---------------------------------------------------------------- /ticket text

describe('/ticket text', () => {
  it('always acknowledges and answers with a modal or an ephemeral message Slack accepts', async () => {
    const prefixes = ['', 'show ', 'search ', 'customer ', 'export ', 'mine ', 'help ', 'SHOW ', '  show  '];
    const users = [PEOPLE.agentEn, PEOPLE.agentZh, PEOPLE.techSupervisor, PEOPLE.director, PEOPLE.outsider];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...prefixes),
        fc.oneof(nastyText, fc.constant(seededNumber), fc.constant(seededNumber.toLowerCase())),
        fc.constantFrom(...users),
        async (prefix, tail, user) => {
          const before = t.stub.callsTo('views.open').length;
          const res = await t.driver.command(`${prefix}${tail}`, { user, channel: CHANNELS.frontDesk });
          expect(res.status).toBe(200);
          // The command's answer: a modal opened or something posted to its response URL.
          await waitFor(
            () =>
              t.stub.callsTo('views.open').length > before ||
              t.stub.responses.some((r) => r.id === res.responseUrlId),
            5000,
            'an answer to /ticket',
          );
          for (const r of t.stub.responses.filter((x) => x.id === res.responseUrlId)) {
            expect(r.status).toBe(200);
            expect(r.errors).toEqual([]);
            expect(r.outcome).not.toBe('in_channel');
            const text = isObject(r.body) ? String(r.body.text ?? '') : '';
            expect(failureText(text), `a failure answered /ticket ${prefix}${tail}: ${text}`).toBeUndefined();
          }
          t.stub.closeModal(user, true);
        },
      ),
      { numRuns: RUNS },
    );
  }, 120_000);
});
