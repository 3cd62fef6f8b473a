/**
 * Security: request signatures cannot be turned off; a permission matrix of every role against
 * every registered ticket action; no customer contact detail leaves unmasked outside permitted
 * views, and no token or secret is ever logged.
 */
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, PROGRESS_FIELD } from '../../blocks/ids.ts';
import { ENV_DOCS, loadEnv } from '../../src/config/env.ts';
import type { Desk } from '../../src/context.ts';
import { t as translate } from '../../src/i18n/index.ts';
import { openTicket, publishNewTicket } from '../../src/services/open-ticket.ts';
import { BOT_TOKEN, CHANNELS, PEOPLE, SIGNING_SECRET, startTestDesk, type TestDesk } from '../harness/app.ts';
import { waitFor } from '../harness/slack-stub.ts';

const FULL_NAME = '欧阳娜娜';
const PHONE = '13987654321';
const EMAIL = 'nana.ouyang@example.com';
const SECRETS = [BOT_TOKEN, SIGNING_SECRET];

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
  // The most talkative level an operator would turn on: nothing sensitive may appear even then.
  previousLevel = process.env.TEST_LOG_LEVEL;
  process.env.TEST_LOG_LEVEL = 'debug';
  t = await startTestDesk('security', { logDestination: logStream });
  t.clock.set('2026-11-24T10:00:00+08:00');
});
afterAll(async () => {
  if (previousLevel === undefined) delete process.env.TEST_LOG_LEVEL;
  else process.env.TEST_LOG_LEVEL = previousLevel;
  await t?.stop();
});

let serial = 0;
async function seedTicket(desk: Desk, owner?: string) {
  const { ticket } = await openTicket(desk, {
    intake: {
      customerName: FULL_NAME,
      customerId: 'C20240501001',
      phone: PHONE,
      email: EMAIL,
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
    intakeKey: `security-${++serial}`,
  });
  await publishNewTicket(desk, ticket);
  await t.idle();
  if (owner) {
    // Claimed through the card, so the card shows the handling buttons.
    const posted = (await desk.models.Ticket.findById(ticket._id).lean())!;
    await t.driver.clickButton({ user: owner, actionId: ACTION.claim, message: card(posted) });
    await t.idle();
    await waitFor(async () => (await desk.models.Ticket.findById(ticket._id).lean())?.ownerId === owner);
    await t.idle();
  }
  const stored = (await desk.models.Ticket.findById(ticket._id).lean())!;
  return stored;
}

// ---------------------------------------------------------------- signatures

describe('request signatures', () => {
  it('no environment variable or config key can turn signature checking off', () => {
    const envKeys = Object.keys(ENV_DOCS);
    const keys = new Set<string>();
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          keys.add(k);
          walk(x);
        }
    };
    walk(t.config);
    const configKeys = [...keys].join(' ');
    const off = /verif|signature|insecure|skip.?auth|no.?auth|unsafe|disable/i;
    expect(envKeys.filter((k) => off.test(k) && k !== 'SLACK_SIGNING_SECRET')).toEqual([]);
    expect(configKeys).not.toMatch(/signatureVerification|skipVerification|verifySignature/i);
    const app = readFileSync('src/app.ts', 'utf8');
    expect(app).not.toMatch(/signatureVerification\s*:/);
    // HTTP mode refuses to start without a signing secret.
    expect(() =>
      loadEnv({
        SLACK_BOT_TOKEN: BOT_TOKEN,
        DESK_CONFIG: 'config/example.yml',
        MONGODB_URI: 'mongodb://x/y',
      }),
    ).toThrow(/SLACK_SIGNING_SECRET/);
  });

  it.each([
    ['a wrong signature', { badSignature: true }],
    ['no signature', { omitSignature: true }],
    ['a replayed request older than 5 minutes', { ageSeconds: 600 }],
  ])('answers 401 to %s and does nothing', async (_name, opts) => {
    const before = t.stub.calls.length;
    const res = await t.driver.command('', { user: PEOPLE.agentEn, channel: CHANNELS.frontDesk, ...opts });
    expect(res.status).toBe(401);
    const ev = await t.driver.event({ type: 'app_home_opened', user: PEOPLE.agentEn, tab: 'home' }, opts);
    expect(ev.status).toBe(401);
    await t.idle();
    expect(t.stub.calls.slice(before).filter((c) => c.method !== 'auth.test')).toEqual([]);
  });
});

// ---------------------------------------------------------------- permission matrix

const ROLES = {
  agent: PEOPLE.agentEn, // opened the ticket (first-contact owner)
  member: PEOPLE.techMember, // member of the ticket's department
  owner: PEOPLE.techMember2, // claimed the ticket
  supervisor: PEOPLE.techSupervisor,
  director: PEOPLE.director,
  outsider: PEOPLE.outsider,
} as const;
type Role = keyof typeof ROLES;
type Outcome = 'allowed' | 'refused' | 'full' | 'masked';

/** What domain.md asks for, per action and role. */
const EXPECTED: Record<string, Record<Role, Outcome>> = {
  // Full customer details: the handlers (owner, first-contact agent), the supervisors, the director.
  details: {
    agent: 'full',
    member: 'masked',
    owner: 'full',
    supervisor: 'full',
    director: 'full',
    outsider: 'masked',
  },
  show: {
    agent: 'full',
    member: 'masked',
    owner: 'full',
    supervisor: 'full',
    director: 'full',
    outsider: 'masked',
  },
  // The department claims its tickets (channel members, supervisors among them).
  claim: {
    agent: 'refused',
    member: 'allowed',
    owner: 'allowed',
    supervisor: 'allowed',
    director: 'refused',
    outsider: 'refused',
  },
  // Handling a claimed ticket: its owner, the department's supervisor, the director.
  progress: {
    agent: 'refused',
    member: 'refused',
    owner: 'allowed',
    supervisor: 'allowed',
    director: 'allowed',
    outsider: 'refused',
  },
  resolve: {
    agent: 'refused',
    member: 'refused',
    owner: 'allowed',
    supervisor: 'allowed',
    director: 'allowed',
    outsider: 'refused',
  },
  // Exports: supervisors (their departments) and the director.
  export: {
    agent: 'refused',
    member: 'refused',
    owner: 'refused',
    supervisor: 'allowed',
    director: 'allowed',
    outsider: 'refused',
  },
};

function card(ticket: { card?: { channel?: string | null; ts?: string | null } | null }) {
  return { channel: ticket.card!.channel!, ts: ticket.card!.ts! };
}

/** Drives one action as one user; returns what they got. */
async function drive(action: string, role: Role): Promise<Outcome | 'not_registered'> {
  const desk = t.running.desk;
  const user = ROLES[role];
  switch (action) {
    case 'details': {
      const ticket = await seedTicket(desk, ROLES.owner);
      const res = await t.driver.clickButton({ user, actionId: ACTION.details, message: card(ticket) });
      if (res.status === 404) return 'not_registered';
      await t.idle();
      const seen = t.stub.responses.filter((r) => r.context.user === user).at(-1);
      const text = JSON.stringify(seen?.body ?? '');
      expect(text).toContain(ticket.number);
      return text.includes(PHONE) ? 'full' : 'masked';
    }
    case 'show': {
      const ticket = await seedTicket(desk, ROLES.owner);
      const res = await t.driver.command(`show ${ticket.number}`, { user, channel: CHANNELS.frontDesk });
      const r = await waitFor(() => t.stub.responses.find((x) => x.id === res.responseUrlId));
      const text = JSON.stringify(r.body);
      expect(text).toContain(ticket.number);
      return text.includes(PHONE) ? 'full' : 'masked';
    }
    case 'claim': {
      const ticket = await seedTicket(desk);
      const res = await t.driver.clickButton({ user, actionId: ACTION.claim, message: card(ticket) });
      if (res.status === 404) return 'not_registered';
      await t.idle();
      const after = await desk.models.Ticket.findById(ticket._id).lean();
      return after?.ownerId === user ? 'allowed' : 'refused';
    }
    case 'progress':
    case 'resolve': {
      const ticket = await seedTicket(desk, ROLES.owner);
      t.stub.closeModal(user, true);
      const actionId = action === 'progress' ? ACTION.progress : ACTION.resolve;
      const res = await t.driver.clickButton({ user, actionId, message: card(ticket) });
      if (res.status === 404) return 'not_registered';
      await t.idle();
      const view = t.stub.openModal(user);
      const hasInputs = (view?.blocks ?? []).some((b) => (b as { type?: string }).type === 'input');
      if (action === 'progress' && hasInputs)
        expect(JSON.stringify(view?.blocks)).toContain(PROGRESS_FIELD.note);
      return hasInputs ? 'allowed' : 'refused';
    }
    case 'export': {
      const res = await t.driver.command('export 2026-11-01 2026-11-30', {
        user,
        channel: CHANNELS.frontDesk,
      });
      const r = await waitFor(() => t.stub.responses.find((x) => x.id === res.responseUrlId), 10_000);
      await t.idle();
      const text = JSON.stringify(r.body);
      return text.includes(JSON.stringify(translate('en', 'report.refused')).slice(1, -1))
        ? 'refused'
        : 'allowed';
    }
    default:
      throw new Error(`no driver for ${action}`);
  }
}

describe('permission matrix', () => {
  it('every role against every registered action gets what the procedures allow', async () => {
    const got: Record<string, Record<string, string>> = {};
    const notRegistered: string[] = [];
    for (const action of Object.keys(EXPECTED)) {
      got[action] = {};
      for (const role of Object.keys(ROLES) as Role[]) {
        const outcome = await drive(action, role);
        if (outcome === 'not_registered') {
          notRegistered.push(action);
          delete got[action];
          break;
        }
        got[action]![role] = outcome;
      }
    }
    const expected = Object.fromEntries(Object.entries(EXPECTED).filter(([a]) => !notRegistered.includes(a)));
    if (notRegistered.length) console.info(`[security] not registered yet: ${notRegistered.join(', ')}`);
    expect(got).toEqual(expected);
    // Every full view was recorded on the ticket (who, when).
    const views = await t.running.desk.models.Ticket.find({ 'history.action': 'view_full' }).lean();
    expect(views.length).toBeGreaterThan(0);
  }, 60_000);
});

// ---------------------------------------------------------------- leaks

describe('customer details and secrets', () => {
  it('never appear unmasked outside permitted views, and secrets are never logged', async () => {
    // A full intake through the modal, clicks and commands by everyone, then scan everything.
    t.stub.closeModal(PEOPLE.agentEn, true);
    const res = await t.driver.command('', { user: PEOPLE.agentEn, channel: CHANNELS.frontDesk });
    expect(res.status).toBe(200);
    await waitFor(() => t.stub.openModal(PEOPLE.agentEn));
    const submitted = await t.driver.submitView({
      user: PEOPLE.agentEn,
      values: {
        customer_name: FULL_NAME,
        customer_id: 'C20240501002',
        customer_phone: PHONE,
        customer_email: EMAIL,
        contact_channel: 'website',
        request_type: 'complaint',
        category: 'service_experience',
        description: 'The branch 12 clerk refused to process the refund for order DD20240315009.',
        desired_outcome: 'apology and refund',
        urgency: 'urgent',
        impact: 'partial',
      },
    });
    expect(submitted.outcome.action).toBe('closed');
    await t.idle();
    const ticket = (await t.running.desk.models.Ticket.findOne({ intakeKey: submitted.viewId }).lean())!;
    for (const user of Object.values(ROLES)) {
      await t.driver.clickButton({ user, actionId: ACTION.details, message: card(ticket) });
      await t.driver.command(`show ${ticket.number}`, { user, channel: CHANNELS.frontDesk });
      // (search by the name itself would echo what the asker typed: not a leak, so search by order.)
      await t.driver.command('search DD20240315009', { user, channel: CHANNELS.frontDesk });
      await t.driver.command(`customer ${PHONE.slice(-4)}`, { user, channel: CHANNELS.frontDesk });
    }
    await t.idle();

    const sensitive = [FULL_NAME, PHONE, EMAIL];
    // Web API calls: cards, thread replies, DMs, ephemerals, modals, App Home, files.
    const apiLeaks = t.stub.calls
      .filter((c) => sensitive.some((s) => JSON.stringify(c.args).includes(s)))
      .map((c) => c.method);
    expect(apiLeaks).toEqual([]);
    // Exports (files) in full only to people allowed full details (the supervisor's and director's
    // exports of the matrix above), in their direct messages, never in a channel.
    const fullExportDms = new Set([t.stub.dmChannelId(ROLES.supervisor), t.stub.dmChannelId(ROLES.director)]);
    const fileLeaks = t.stub.files
      .filter((f) => sensitive.some((s) => (f.bytes?.toString('utf8') ?? '').includes(s)))
      .filter((f) => !fullExportDms.has(f.channel ?? ''))
      .map((f) => ({ file: f.filename, channel: f.channel }));
    expect(fileLeaks).toEqual([]);
    // Ephemeral answers (response_url): full details only to people allowed to see them.
    const permitted = new Set<string>([ROLES.agent, ROLES.owner, ROLES.supervisor, ROLES.director]);
    const responseLeaks = t.stub.responses
      .filter((r) => sensitive.some((s) => JSON.stringify(r.body).includes(s)))
      .filter((r) => !permitted.has(r.context.user ?? '') || r.outcome === 'in_channel')
      .map((r) => ({ user: r.context.user, outcome: r.outcome, body: JSON.stringify(r.body).slice(0, 600) }));
    expect(responseLeaks).toEqual([]);
    expect(t.stub.responses.some((r) => JSON.stringify(r.body).includes(PHONE))).toBe(true);

    // Logs (at debug level): no contact detail, no token, no signing secret.
    expect(logLines.length).toBeGreaterThan(0);
    const logText = logLines.join('');
    for (const s of [...sensitive, ...SECRETS]) expect(logText.includes(s), `log contains ${s}`).toBe(false);
  }, 60_000);
});
