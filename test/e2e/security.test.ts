/**
 * Security: request signatures cannot be turned off; a permission matrix of every role against
 * every registered ticket action; no customer contact detail leaves unmasked outside permitted
 * views, and no token or secret is ever logged.
 */
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTION,
  CALLBACK,
  collabField,
  ESCALATE_FIELD,
  PROGRESS_FIELD,
  REASON_FIELD,
  REASSIGN_FIELD,
  RESOLVE_FIELD,
  SURVEY_FIELD,
  TRANSFER_FIELD,
} from '../../blocks/ids.ts';
import { runJob } from '../../jobs/runner.ts';
import { ENV_DOCS, loadEnv } from '../../src/config/env.ts';
import type { Desk } from '../../src/context.ts';
import { maskPhone } from '../../src/domain/masking.ts';
import { t as translate } from '../../src/i18n/index.ts';
import { refusalText } from '../../src/listeners/actions/common.ts';
import { scheduleFollowUp } from '../../src/notices/followup.ts';
import { deliverTasksNow } from '../../src/outbox/deliver-now.ts';
import { addCollaborators } from '../../src/tickets/collaborate.ts';
import type { Refusal } from '../../src/tickets/handling.ts';
import { openTicket, publishNewTicket } from '../../src/tickets/open-ticket.ts';
import { resolveTicket } from '../../src/tickets/resolve.ts';
import { BOT_TOKEN, CHANNELS, PEOPLE, SIGNING_SECRET, startTestDesk, type TestDesk } from '../harness/app.ts';
import { submitIntake } from '../harness/intake.ts';
import { waitFor } from '../harness/slack-stub.ts';
import { dmsAbout } from './jobs-fixtures.ts';
import { withButton } from './workflow-fixtures.ts';

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
  t = await startTestDesk('security', {
    logDestination: logStream,
    config: (c) => {
      c.jobs.channelPaceMs = 0; // the nudge job posts to the department channel (Snooze / Ask for help)
      c.access.technicalLeads = [PEOPLE.techLead];
    },
  });
  t.clock.set('2026-11-24T10:00:00+08:00');
});
afterAll(async () => {
  if (previousLevel === undefined) delete process.env.TEST_LOG_LEVEL;
  else process.env.TEST_LOG_LEVEL = previousLevel;
  await t?.stop();
});

let serial = 0;
async function seedTicket(desk: Desk, owner?: string, category = 'functional_fault') {
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
      category,
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
  // Supervises after-sales, not the tech ticket's department: a supervisor, but not of this ticket.
  otherSupervisor: PEOPLE.afterSalesSupervisor,
} as const;
type Role = keyof typeof ROLES;
type Outcome = 'allowed' | 'refused' | 'full' | 'masked';

/** What domain.md asks for, per action and role. */
const EXPECTED: Record<string, Record<Role, Outcome>> = {
  // Full customer details: the handlers (owner, first-contact agent), the supervisors, the director.
  // Looking up a record needs a role (issue 13): anyone else is refused with "Request access".
  details: {
    agent: 'full',
    member: 'masked',
    owner: 'full',
    supervisor: 'full',
    director: 'full',
    outsider: 'refused',
    otherSupervisor: 'masked',
  },
  show: {
    agent: 'full',
    member: 'masked',
    owner: 'full',
    supervisor: 'full',
    director: 'full',
    outsider: 'refused',
    otherSupervisor: 'masked',
  },
  // The department claims its tickets (channel members, supervisors among them).
  claim: {
    agent: 'refused',
    member: 'allowed',
    owner: 'allowed',
    supervisor: 'allowed',
    director: 'refused',
    outsider: 'refused',
    otherSupervisor: 'refused',
  },
  // Handling a claimed ticket: its owner, the department's supervisor, the director.
  progress: {
    agent: 'refused',
    member: 'refused',
    owner: 'allowed',
    supervisor: 'allowed',
    director: 'allowed',
    outsider: 'refused',
    otherSupervisor: 'refused',
  },
  resolve: {
    agent: 'refused',
    member: 'refused',
    owner: 'allowed',
    supervisor: 'allowed',
    director: 'allowed',
    outsider: 'refused',
    otherSupervisor: 'refused',
  },
  // Exports: supervisors (their own departments only) and the director.
  export: {
    agent: 'refused',
    member: 'refused',
    owner: 'refused',
    supervisor: 'allowed',
    director: 'allowed',
    outsider: 'refused',
    otherSupervisor: 'allowed',
  },
  // The other handling buttons of a claimed card: its owner, the department's supervisor, the director.
  transfer: {
    agent: 'refused',
    member: 'refused',
    owner: 'allowed',
    supervisor: 'allowed',
    director: 'allowed',
    outsider: 'refused',
    otherSupervisor: 'refused',
  },
  collaborators: {
    agent: 'refused',
    member: 'refused',
    owner: 'allowed',
    supervisor: 'allowed',
    director: 'allowed',
    outsider: 'refused',
    otherSupervisor: 'refused',
  },
  escalate: {
    agent: 'refused',
    member: 'refused',
    owner: 'allowed',
    supervisor: 'allowed',
    director: 'allowed',
    outsider: 'refused',
    otherSupervisor: 'refused',
  },
  // Reassignment and the decision on a resolution above the owner's authority: supervisors (the
  // director counts as one, as for exports); never the owner deciding on their own resolution.
  reassign: {
    agent: 'refused',
    member: 'refused',
    owner: 'refused',
    supervisor: 'allowed',
    director: 'allowed',
    outsider: 'refused',
    otherSupervisor: 'refused',
  },
  approve: {
    agent: 'refused',
    member: 'refused',
    owner: 'refused',
    supervisor: 'allowed',
    director: 'allowed',
    outsider: 'refused',
    otherSupervisor: 'refused',
  },
  reject: {
    agent: 'refused',
    member: 'refused',
    owner: 'refused',
    supervisor: 'allowed',
    director: 'allowed',
    outsider: 'refused',
    otherSupervisor: 'refused',
  },
  // Reopen: owner, supervisor or agent (README); the director handles like a supervisor.
  reopen: {
    agent: 'allowed',
    member: 'refused',
    owner: 'allowed',
    supervisor: 'allowed',
    director: 'allowed',
    outsider: 'refused',
    otherSupervisor: 'refused',
  },
  // Customer notified: the agent's duty (the button is in the agent's DM); the handlers may record it too.
  customerNotified: {
    agent: 'allowed',
    member: 'refused',
    owner: 'allowed',
    supervisor: 'allowed',
    director: 'allowed',
    outsider: 'refused',
    otherSupervisor: 'refused',
  },
  // Acknowledge: members of the cooperating department (here a customer-service ticket asks tech
  // support, so the tech member, the tech "owner" of the other tickets and the tech supervisor are members).
  acknowledge: {
    agent: 'refused',
    member: 'allowed',
    owner: 'allowed',
    supervisor: 'allowed',
    director: 'refused',
    outsider: 'refused',
    otherSupervisor: 'refused',
  },
  // The nudge's Snooze and Ask for help: the owner (or whoever may handle the ticket).
  snooze: {
    agent: 'refused',
    member: 'refused',
    owner: 'allowed',
    supervisor: 'allowed',
    director: 'allowed',
    outsider: 'refused',
    otherSupervisor: 'refused',
  },
  askHelp: {
    agent: 'refused',
    member: 'refused',
    owner: 'allowed',
    supervisor: 'allowed',
    director: 'allowed',
    outsider: 'refused',
    otherSupervisor: 'refused',
  },
  // The satisfaction survey: the first-contact agent (the department's supervisor and the director
  // may record it too); never the owner grading their own work.
  survey: {
    agent: 'allowed',
    member: 'refused',
    owner: 'refused',
    supervisor: 'allowed',
    director: 'allowed',
    outsider: 'refused',
    otherSupervisor: 'refused',
  },
};

function card(ticket: { card?: { channel?: string | null; ts?: string | null } | null }) {
  return { channel: ticket.card!.channel!, ts: ticket.card!.ts! };
}

/** The explanation a refused user gets, as the app words it for the ticket (in English). */
async function refusal(reason: Refusal, id: Types.ObjectId): Promise<string> {
  return refusalText(t.running.desk, 'en', reason, await t.running.desk.models.Ticket.findById(id));
}

type Stored = NonNullable<Awaited<ReturnType<typeof storedTicket>>>;
async function storedTicket(id: Types.ObjectId) {
  const doc = await t.running.desk.models.Ticket.findById(id).lean();
  if (!doc) throw new Error('ticket gone');
  return doc;
}

/** What a refusal must leave alone: the whole stored ticket, every field. */
async function fingerprint(id: Types.ObjectId) {
  return JSON.parse(JSON.stringify(await storedTicket(id))) as Record<string, unknown>;
}

/** The history entries added since `before` (a fingerprint), as [action, by]. */
function addedHistory(before: Record<string, unknown>, after: Stored): [string, string][] {
  return after.history.slice((before.history as unknown[]).length).map((h) => [h.action, h.by]);
}

/** The answer posted to the response URL of one click (ephemeral text or the redrawn message). */
async function answerTo(click: { responseUrl?: string }) {
  // Matched on the whole path segment: R1 is a prefix of R12.
  const reply = await waitFor(() =>
    t.stub.responses.find((r) => r.id && click.responseUrl?.includes(`/${r.id}/`)),
  );
  return reply.body as { text?: string; replace_original?: boolean; response_type?: string };
}

/** A ticket claimed by the owner, resolved by them (with compensation above the threshold: pending approval). */
async function seedResolved(compensation?: number) {
  const desk = t.running.desk;
  const ticket = await seedTicket(desk, ROLES.owner);
  const res = await resolveTicket(desk, {
    ticketId: ticket._id,
    by: ROLES.owner,
    summary: 'Coupon re-issued and the difference refunded',
    ...(compensation ? { type: 'compensation' as const, compensation } : { type: 'answer' as const }),
  });
  expect(res.ok).toBe(true);
  await t.idle();
  const doc = await storedTicket(ticket._id);
  expect(doc.status).toBe(compensation ? 'pending_approval' : 'resolved');
  return doc;
}

/**
 * A button that opens a handling modal. Allowed: the modal opens, and submitting it changes the
 * ticket (a new history entry by the user). Refused: the modal is replaced by the explanation
 * (nothing to submit), the same text is said ephemerally, and the ticket is unchanged.
 */
async function modalButton(o: {
  user: string;
  ticket: Stored;
  actionId: string;
  message: { channel: string; ts: string };
  callbackId: string;
  values: Record<string, string | string[]>;
  historyAction: string;
  refusal: string;
  check?: (after: Stored) => void;
}): Promise<Outcome> {
  t.stub.closeModal(o.user, true);
  const before = await fingerprint(o.ticket._id);
  const click = await t.driver.clickButton({ user: o.user, actionId: o.actionId, message: o.message });
  expect(click.status).toBe(200);
  await t.idle();
  const view = t.stub.openModal(o.user);
  if (view?.callback_id === o.callbackId) {
    const submitted = await t.driver.submitView({ user: o.user, values: o.values });
    await t.idle();
    expect(submitted.outcome.action, `${o.historyAction} by ${o.user}`).toBe('closed');
    const after = await storedTicket(o.ticket._id);
    expect(after.version).toBeGreaterThan(before.version as number);
    expect(addedHistory(before, after)).toContainEqual([o.historyAction, o.user]);
    o.check?.(after);
    return 'allowed';
  }
  expect(view?.submit).toBeFalsy();
  expect(JSON.stringify(view?.blocks)).toContain(JSON.stringify(o.refusal).slice(1, -1));
  expect((await answerTo(click)).text).toBe(o.refusal);
  expect(await fingerprint(o.ticket._id)).toEqual(before);
  return 'refused';
}

/**
 * A button on a notice that acts at once (Approve, Customer notified, Acknowledge, Snooze, Ask for
 * help). Allowed: the expected entry is in the history. Refused: exactly `refusal`, ephemerally, and
 * the ticket is unchanged.
 */
async function noticeButton(o: {
  user: string;
  ticket: Stored;
  actionId: string;
  message: { channel: string; ts: string };
  historyAction: string;
  refusal: string;
  allowedAnswer: (answer: { text?: string; replace_original?: boolean }) => void;
  check?: (after: Stored) => void;
}): Promise<Outcome> {
  const before = await fingerprint(o.ticket._id);
  const click = await t.driver.clickButton({ user: o.user, actionId: o.actionId, message: o.message });
  expect(click.status).toBe(200);
  const answer = await answerTo(click);
  await t.idle();
  const after = await storedTicket(o.ticket._id);
  if (answer.text === o.refusal) {
    expect(answer.replace_original).toBe(false);
    expect(await fingerprint(o.ticket._id)).toEqual(before);
    return 'refused';
  }
  o.allowedAnswer(answer);
  expect(addedHistory(before, after)).toContainEqual([o.historyAction, o.user]);
  o.check?.(after);
  return 'allowed';
}

/**
 * What a customer-details answer shows: 'full' (name, phone and email in full, and the view
 * recorded on the ticket as view_full by this user) or 'masked' (none of them in full, the masked
 * phone shown instead, and no view_full recorded). Anything in between fails.
 */
async function detailsShown(text: string, ticket: Stored, user: string): Promise<Outcome> {
  if (text.includes(translate('en', 'access.refused'))) {
    // Refused: nothing of the ticket but its number, a Request access button, no view recorded.
    expect(text).not.toContain(maskPhone(PHONE));
    expect(text).not.toContain('DD20240315001');
    expect(text).toContain(ACTION.requestAccess);
    return 'refused';
  }
  const full = [FULL_NAME, PHONE, EMAIL].map((v) => text.includes(v));
  const after = await storedTicket(ticket._id);
  const recorded = after.history.filter((h) => h.action === 'view_full' && h.by === user).length;
  if (full.every(Boolean)) {
    expect(recorded, 'the full view is recorded on the ticket').toBe(1);
    return 'full';
  }
  expect(full, 'no customer detail in full').toEqual([false, false, false]);
  expect(text).toContain(maskPhone(PHONE));
  expect(recorded, 'no full view recorded').toBe(0);
  return 'masked';
}

/** Drives one action as one user; returns what they got. */
async function drive(action: string, role: Role): Promise<Outcome> {
  const desk = t.running.desk;
  const user = ROLES[role];
  switch (action) {
    case 'details': {
      const ticket = await seedTicket(desk, ROLES.owner);
      const res = await t.driver.clickButton({ user, actionId: ACTION.details, message: card(ticket) });
      expect(res.status).toBe(200);
      await t.idle();
      const text = JSON.stringify((await answerTo(res)) ?? '');
      return detailsShown(text, ticket, user);
    }
    case 'show': {
      const ticket = await seedTicket(desk, ROLES.owner);
      const res = await t.driver.command(`show ${ticket.number}`, { user, channel: CHANNELS.frontDesk });
      expect(res.status).toBe(200);
      const r = await waitFor(() => t.stub.responses.find((x) => x.id === res.responseUrlId));
      await t.idle();
      const text = JSON.stringify(r.body);
      return detailsShown(text, ticket, user);
    }
    case 'claim': {
      const ticket = await seedTicket(desk);
      const before = await fingerprint(ticket._id);
      const res = await t.driver.clickButton({ user, actionId: ACTION.claim, message: card(ticket) });
      expect(res.status).toBe(200);
      await t.idle();
      const after = await storedTicket(ticket._id);
      if (after.ownerId === user) {
        expect(after.status).toBe('claimed');
        expect(addedHistory(before, after)).toContainEqual(['claim', user]);
        return 'allowed';
      }
      expect((await answerTo(res)).text).toBe(await refusal('not_member', ticket._id));
      expect(await fingerprint(ticket._id)).toEqual(before);
      return 'refused';
    }
    case 'progress':
    case 'resolve': {
      const ticket = await seedTicket(desk, ROLES.owner);
      const spec: {
        actionId: string;
        callbackId: string;
        historyAction: string;
        values: Record<string, string>;
        check: (a: Stored) => void;
      } =
        action === 'progress'
          ? {
              actionId: ACTION.progress,
              callbackId: CALLBACK.progress,
              historyAction: 'progress',
              values: {
                [PROGRESS_FIELD.stage]: 'executing',
                [PROGRESS_FIELD.note]: 'Reproduced with the coupon; the fix is being tested',
              },
              check: (a: Stored) => expect(a.history.at(-1)?.action).toBe('progress'),
            }
          : {
              actionId: ACTION.resolve,
              callbackId: CALLBACK.resolve,
              historyAction: 'resolve',
              values: {
                [RESOLVE_FIELD.summary]: 'Coupon re-issued; the payment went through',
                [RESOLVE_FIELD.type]: 'answer',
              },
              check: (a: Stored) => expect(a.status).toBe('resolved'),
            };
      return modalButton({
        user,
        ticket,
        message: card(ticket),
        refusal: await refusal('not_permitted', ticket._id),
        ...spec,
      });
    }
    case 'export': {
      // A ticket of tech support opened this month: in the export of whoever may export tech.
      const ticket = await seedTicket(desk, ROLES.owner);
      const filesBefore = t.stub.files.length;
      const res = await t.driver.command('export 2026-11-01 2026-11-30', {
        user,
        channel: CHANNELS.frontDesk,
      });
      expect(res.status).toBe(200);
      const r = await waitFor(() => t.stub.responses.find((x) => x.id === res.responseUrlId), 10_000);
      await t.idle();
      const text = String((r.body as { text?: string }).text ?? '');
      const files = t.stub.files.slice(filesBefore);
      if (text === translate('en', 'report.refused')) {
        expect(files).toEqual([]);
        return 'refused';
      }
      expect(text).toMatch(/^Export ready: \d+ tickets opened 2026-11-01 – 2026-11-30/);
      expect(files).toHaveLength(1);
      const csv = files[0]!.bytes!.toString('utf8');
      expect(csv.split('\n')[0]).toContain('number,status,priority');
      // Only the departments the user may export: tech's ticket for the tech supervisor and the
      // director, not for a supervisor of another department.
      const mayExportTech = user === PEOPLE.techSupervisor || user === PEOPLE.director;
      expect(csv.includes(ticket.number), `tech ticket in ${role}'s export`).toBe(mayExportTech);
      return 'allowed';
    }
    case 'transfer':
    case 'collaborators':
    case 'escalate':
    case 'reassign': {
      const ticket = await seedTicket(desk, ROLES.owner);
      const specs = {
        transfer: {
          actionId: ACTION.transfer,
          callbackId: CALLBACK.transfer,
          historyAction: 'transfer',
          values: {
            [TRANSFER_FIELD.department]: 'cs',
            [TRANSFER_FIELD.reason]: 'The coupon rules belong to customer service',
          },
          check: (a: Stored) => expect(a.departmentId).toBe('cs'),
        },
        collaborators: {
          actionId: ACTION.collaborators,
          callbackId: CALLBACK.collaborators,
          historyAction: 'add_collaborators',
          values: {
            [collabField(1).department]: 'aftersales',
            [collabField(1).need]: 'Confirm whether a refund is possible',
          },
          check: (a: Stored) => expect(a.collaborators.map((c) => c.departmentId)).toEqual(['aftersales']),
        },
        escalate: {
          actionId: ACTION.escalate,
          callbackId: CALLBACK.escalate,
          historyAction: 'escalate',
          values: {
            [ESCALATE_FIELD.level]: 'senior',
            [ESCALATE_FIELD.reason]: 'Beyond the knowledge base',
          },
          check: (a: Stored) => expect(a.escalation?.level).toBe('senior'),
        },
        reassign: {
          actionId: ACTION.reassign,
          callbackId: CALLBACK.reassign,
          historyAction: 'reassign',
          values: {
            [REASSIGN_FIELD.owner]: PEOPLE.techMember,
            [REASSIGN_FIELD.reason]: 'Knows the coupon service best',
          },
          check: (a: Stored) => expect(a.ownerId).toBe(PEOPLE.techMember),
        },
      } as const;
      return modalButton({
        user,
        ticket,
        message: card(ticket),
        refusal: await refusal(action === 'reassign' ? 'not_supervisor' : 'not_permitted', ticket._id),
        ...specs[action],
      });
    }
    case 'approve': {
      const ticket = await seedResolved(800);
      const dm = withButton(t.stub.dmsTo(PEOPLE.techSupervisor), ACTION.approve, ticket.number).at(-1)!;
      return noticeButton({
        user,
        ticket,
        actionId: ACTION.approve,
        message: dm,
        historyAction: 'approve',
        refusal: await refusal('not_supervisor', ticket._id),
        allowedAnswer: (a) => {
          expect(a.replace_original).toBe(true);
          expect(JSON.stringify(a)).toContain(`Approved by <@${user}>`);
        },
        check: (after) => {
          expect(after.status).toBe('resolved');
          expect(after.approval?.decidedBy).toBe(user);
        },
      });
    }
    case 'reject': {
      const ticket = await seedResolved(800);
      const dm = withButton(t.stub.dmsTo(PEOPLE.techSupervisor), ACTION.reject, ticket.number).at(-1)!;
      return modalButton({
        user,
        ticket,
        actionId: ACTION.reject,
        message: dm,
        callbackId: CALLBACK.reject,
        values: { [REASON_FIELD.reason]: 'Offer 400 first, please' },
        historyAction: 'reject',
        refusal: await refusal('not_supervisor', ticket._id),
        check: (after) => expect(after.status).toBe('in_progress'),
      });
    }
    case 'reopen': {
      const ticket = await seedResolved();
      return modalButton({
        user,
        ticket,
        actionId: ACTION.reopen,
        message: card(ticket),
        callbackId: CALLBACK.reopen,
        values: { [REASON_FIELD.reason]: 'The customer says the coupon still fails' },
        historyAction: 'reopen',
        refusal: await refusal('not_permitted', ticket._id),
        check: (after) => {
          expect(after.status).toBe('in_progress');
          expect(after.ownerId).toBe(ROLES.owner);
          expect(after.reopenCount).toBe(1);
        },
      });
    }
    case 'customerNotified': {
      const ticket = await seedResolved();
      const dm = withButton(t.stub.dmsTo(ROLES.agent), ACTION.customerNotified, ticket.number).at(-1)!;
      return noticeButton({
        user,
        ticket,
        actionId: ACTION.customerNotified,
        message: dm,
        historyAction: 'notify_customer',
        refusal: await refusal('not_permitted', ticket._id),
        allowedAnswer: (a) => {
          expect(a.replace_original).toBe(true);
          expect(JSON.stringify(a)).toContain('Customer notified');
        },
        check: (after) => expect(after.customerNotifiedAt).toBeInstanceOf(Date),
      });
    }
    case 'acknowledge': {
      // A customer-service ticket that asks tech support for help.
      const seeded = await seedTicket(desk, PEOPLE.csMember, 'service_experience');
      expect(seeded.departmentId).toBe('cs');
      const asked = await addCollaborators(desk, {
        ticketId: seeded._id,
        by: PEOPLE.csMember,
        requests: [{ departmentId: 'tech', need: 'Check the coupon service logs' }],
      });
      expect(asked.ok).toBe(true);
      await t.idle();
      const ticket = await storedTicket(seeded._id);
      const notice = withButton(t.stub.messages(CHANNELS.tech), ACTION.acknowledge, ticket.number).at(-1)!;
      const tech = desk.config.departments.find((d) => d.id === 'tech')!;
      return noticeButton({
        user,
        ticket,
        actionId: ACTION.acknowledge,
        message: notice,
        historyAction: 'acknowledge',
        refusal: translate('en', 'deny.ack_not_member', { department: tech.name.en }),
        allowedAnswer: (a) => {
          expect(a.replace_original).toBe(true);
          expect(JSON.stringify(a)).toContain(`Acknowledged by <@${user}>`);
        },
        check: (after) => expect(after.collaborators[0]?.acknowledgedBy).toBe(user),
      });
    }
    case 'snooze':
    case 'askHelp': {
      // Claimed, then no progress for 4 working days: the owner is nudged with both buttons.
      const seeded = await seedTicket(desk, ROLES.owner);
      const stale = new Date('2026-11-18T10:00:00+08:00');
      await desk.models.Ticket.updateOne(
        { _id: seeded._id },
        { $set: { claimedAt: stale, lastProgressAt: stale } },
      );
      await runJob(desk, 'nudge', { now: t.clock.now() });
      await t.idle();
      const dm = await waitFor(() =>
        dmsAbout(t, ROLES.owner, seeded.number).find((m) => JSON.stringify(m.blocks).includes(ACTION.snooze)),
      );
      const ticket = await storedTicket(seeded._id);
      if (action === 'snooze')
        return noticeButton({
          user,
          ticket,
          actionId: ACTION.snooze,
          message: dm,
          historyAction: 'snooze',
          refusal: translate('en', 'snooze.denied.forbidden', { number: ticket.number }),
          allowedAnswer: (a) => expect(a.text).toContain('snoozed until'),
          check: (after) => expect(after.nudge?.snoozedUntil).toBeInstanceOf(Date),
        });
      return noticeButton({
        user,
        ticket,
        actionId: ACTION.askHelp,
        message: dm,
        historyAction: 'ask_help',
        refusal: translate('en', 'askHelp.denied.forbidden', { number: ticket.number }),
        allowedAnswer: (a) =>
          expect(a.text).toBe(
            translate('en', 'askHelp.done', {
              number: ticket.number,
              supervisors: `<@${PEOPLE.techSupervisor}>`,
            }),
          ),
      });
    }
    case 'survey': {
      // Resolved; the follow-up DM with Record goes to the first-contact agent.
      const ticket = await seedResolved();
      await scheduleFollowUp(desk, (await desk.models.Ticket.findById(ticket._id))!);
      const task = await desk.models.Task.findOne({ kind: 'followup', ticketId: ticket._id }).lean();
      await deliverTasksNow(desk, [task!.key]);
      await t.idle();
      const dm = withButton(t.stub.dmsTo(ROLES.agent), ACTION.survey, ticket.number).at(-1)!;
      t.stub.closeModal(user, true);
      const before = await fingerprint(ticket._id);
      const click = await t.driver.clickButton({ user, actionId: ACTION.survey, message: dm });
      expect(click.status).toBe(200);
      // The form opens for whoever clicks; who may record is checked on submit.
      const view = await waitFor(() => t.stub.openModal(user));
      expect(view.callback_id).toBe(CALLBACK.survey);
      const submitted = await t.driver.submitView({
        user,
        values: {
          [SURVEY_FIELD.outcome]: 'reached',
          [SURVEY_FIELD.overall]: 'excellent',
          [SURVEY_FIELD.satisfaction]: 'satisfied',
          [SURVEY_FIELD.responseSpeed]: '5',
          [SURVEY_FIELD.problemSolving]: '5',
          [SURVEY_FIELD.serviceAttitude]: '5',
          [SURVEY_FIELD.processClarity]: '5',
          [SURVEY_FIELD.result]: '5',
          [SURVEY_FIELD.solved]: 'yes',
        },
      });
      await t.idle();
      if (submitted.outcome.action === 'errors') {
        expect(submitted.outcome.errors).toEqual({
          [SURVEY_FIELD.outcome]: translate('en', 'survey.refused.forbidden', { number: ticket.number }),
        });
        expect(await fingerprint(ticket._id)).toEqual(before);
        return 'refused';
      }
      expect(submitted.outcome.action).toBe('closed');
      const after = await storedTicket(ticket._id);
      expect(after.survey?.by).toBe(user);
      expect(after.status).toBe('closed');
      expect(addedHistory(before, after)).toContainEqual(['survey', user]);
      return 'allowed';
    }
    default:
      throw new Error(`no driver for ${action}`);
  }
}

describe('permission matrix', () => {
  // One case per cell, so that a failure names its role and action.
  const cells = Object.entries(EXPECTED).flatMap(([action, row]) =>
    (Object.keys(ROLES) as Role[]).map((role) => [action, role, row[role]] as const),
  );
  it('has a row for every action and a cell for every role', () => {
    for (const row of Object.values(EXPECTED))
      expect(Object.keys(row).sort()).toEqual(Object.keys(ROLES).sort());
  });
  it.each(cells)('%s by %s: %s', async (action, role, expected) => {
    expect(await drive(action, role)).toBe(expected);
  });
});

describe('lookup matrix (need-to-know access, issue 13)', () => {
  const LOOKUP_ROLES = {
    ...ROLES,
    // Member of another department (customer service) than the ticket's (tech support).
    otherMember: PEOPLE.csMember,
    techLead: PEOPLE.techLead,
    // Holds an approved, unexpired grant for the customer only.
    granted: PEOPLE.granted,
    // Held a grant for the ticket that has expired.
    expired: PEOPLE.afterSalesMember,
  } as const;
  type LookupRole = keyof typeof LOOKUP_ROLES;
  const LOOKUP: Record<'show' | 'search' | 'customer', Record<LookupRole, Outcome>> = {
    show: {
      agent: 'full',
      member: 'masked',
      owner: 'full',
      supervisor: 'full',
      director: 'full',
      outsider: 'refused',
      otherSupervisor: 'masked',
      otherMember: 'refused',
      techLead: 'full',
      granted: 'masked',
      expired: 'refused',
    },
    search: {
      agent: 'allowed',
      member: 'allowed',
      owner: 'allowed',
      supervisor: 'allowed',
      director: 'allowed',
      outsider: 'refused',
      otherSupervisor: 'allowed',
      otherMember: 'refused',
      techLead: 'allowed',
      granted: 'allowed',
      expired: 'refused',
    },
    customer: {
      agent: 'allowed',
      member: 'allowed',
      owner: 'allowed',
      supervisor: 'allowed',
      director: 'allowed',
      outsider: 'refused',
      otherSupervisor: 'allowed',
      otherMember: 'refused',
      techLead: 'allowed',
      granted: 'allowed',
      expired: 'refused',
    },
  };
  const cells = Object.entries(LOOKUP).flatMap(([kind, row]) =>
    (Object.keys(row) as LookupRole[]).map((role) => [kind, role, row[role]] as const),
  );

  async function lookup(kind: string, role: LookupRole): Promise<Outcome> {
    const desk = t.running.desk;
    const user = LOOKUP_ROLES[role];
    const ticket = await seedTicket(desk, ROLES.owner);
    const customerId = `CU-${String(ticket._id).slice(-8).toUpperCase()}`;
    await desk.models.Ticket.updateOne({ _id: ticket._id }, { $set: { 'customer.customerId': customerId } });
    const now = t.clock.now();
    await desk.models.AccessGrant.create([
      {
        user: PEOPLE.granted,
        scope: 'customer',
        target: customerId,
        departmentId: 'tech',
        status: 'approved',
        requestedAt: now,
        decidedBy: PEOPLE.techSupervisor,
        decidedAt: now,
        expiresAt: new Date(now.getTime() + 86_400_000),
      },
      {
        user: PEOPLE.afterSalesMember,
        scope: 'ticket',
        target: ticket.number,
        departmentId: 'tech',
        status: 'approved',
        requestedAt: now,
        decidedBy: PEOPLE.techSupervisor,
        decidedAt: now,
        expiresAt: new Date(now.getTime() - 1000),
      },
    ]);
    const query =
      kind === 'show'
        ? `show ${ticket.number}`
        : kind === 'search'
          ? `search ${ticket.number}`
          : `customer ${customerId}`;
    const res = await t.driver.command(query, { user, channel: CHANNELS.frontDesk });
    expect(res.status).toBe(200);
    const r = await waitFor(() => t.stub.responses.find((x) => x.id === res.responseUrlId));
    await t.idle();
    const text = JSON.stringify(r.body);
    if (kind === 'show') return detailsShown(text, (await storedTicket(ticket._id)) as Stored, user);
    if (text.includes(translate('en', 'access.refused'))) {
      expect(text).not.toContain('DD20240315001');
      expect(text).toContain(ACTION.requestAccess);
      if (kind === 'customer') expect(text).not.toContain(ticket.number);
      return 'refused';
    }
    expect(text).toContain(ticket.number);
    return 'allowed';
  }

  it.each(cells)('%s by %s: %s', async (kind, role, expected) => {
    expect(await lookup(kind, role)).toBe(expected);
  });
});

// ---------------------------------------------------------------- leaks

describe('customer details and secrets', () => {
  it('never appear unmasked outside permitted views, and secrets are never logged', async () => {
    // A full intake through the modal, clicks and commands by everyone, then scan everything.
    t.stub.closeModal(PEOPLE.agentEn, true);
    const res = await t.driver.command('', { user: PEOPLE.agentEn, channel: CHANNELS.frontDesk });
    expect(res.status).toBe(200);
    await waitFor(() => t.stub.openModal(PEOPLE.agentEn));
    const submitted = await submitIntake(t.driver, t.stub, {
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
    expect(submitted.result).toBe('created');
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
    // Web API calls: cards, thread replies, DMs, ephemerals, modals, App Home, files. The one
    // exception (issue 18): the first-contact agent's result and follow-up DMs carry the contact
    // details the agent may see (each sending audited on the ticket), only in the agent's DM.
    const agentDm = new Set<unknown>([ROLES.agent, t.stub.dmChannelId(ROLES.agent)]);
    const toAgentWithContact = (c: { method: string; args: unknown }) => {
      const args = c.args as { channel?: string; blocks?: unknown };
      return (
        c.method === 'chat.postMessage' &&
        agentDm.has(args.channel) &&
        JSON.stringify(args.blocks ?? []).includes('*Customer contact*')
      );
    };
    const apiCalls = t.stub.calls.filter((c) => sensitive.some((s) => JSON.stringify(c.args).includes(s)));
    expect(apiCalls.filter((c) => !toAgentWithContact(c)).map((c) => c.method)).toEqual([]);
    // And each of those DMs left its audit entry (who was shown the details, when).
    if (apiCalls.some(toAgentWithContact)) {
      const audited = await t.running.desk.models.Ticket.countDocuments({
        history: { $elemMatch: { action: 'view_full', by: ROLES.agent, note: /sent by DM/ } },
      });
      expect(audited).toBeGreaterThan(0);
    }
    // Exports (files) in full only to people allowed full details (the supervisor's and director's
    // exports of the matrix above), in their direct messages, never in a channel.
    const fullExportDms = new Set([t.stub.dmChannelId(ROLES.supervisor), t.stub.dmChannelId(ROLES.director)]);
    const fileLeaks = t.stub.files
      .filter((f) => sensitive.some((s) => (f.bytes?.toString('utf8') ?? '').includes(s)))
      .filter((f) => !fullExportDms.has(f.channel ?? ''))
      .map((f) => ({ file: f.filename, channel: f.channel }));
    expect(fileLeaks).toEqual([]);
    // Ephemeral answers (response_url): full details only to people allowed to see them.
    const permitted = new Set<string>([
      ROLES.agent,
      ROLES.owner,
      ROLES.supervisor,
      ROLES.director,
      PEOPLE.techLead,
    ]);
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
