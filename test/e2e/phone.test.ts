// Phone validation at intake (issue 13): each accepted form is stored normalised; each refused form
// gets a specific field error, stores nothing, and keeps what was typed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INTAKE_FIELD } from '../../blocks/ids.ts';
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { submitIntake } from '../harness/intake.ts';
import { waitFor } from '../harness/slack-stub.ts';

let t: TestDesk;
beforeAll(async () => {
  t = await startTestDesk('phone');
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(async () => {
  await t.idle();
  await t.running.desk.models.Ticket.deleteMany({});
  t.stub.reset();
});

function values(phone: string) {
  return {
    customer_name: '王小明',
    customer_phone: phone,
    contact_channel: 'hotline',
    request_type: 'consultation',
    category: 'consultation',
    description: 'Customer asks how to change the invoice title on order DD20240315001 placed yesterday.',
    desired_outcome: 'An answer by phone',
    urgency: 'normal',
    impact: 'none',
  };
}

async function submit(phone: string) {
  await t.driver.command('', { user: PEOPLE.agentEn, channel: CHANNELS.frontDesk });
  await waitFor(() => t.stub.openModal(PEOPLE.agentEn));
  return submitIntake(t.driver, t.stub, { user: PEOPLE.agentEn, values: values(phone) });
}

describe('accepted phone forms, stored normalised', () => {
  it.each([
    ['mainland mobile', '138 1234 5678', '13812345678', '138****5678'],
    ['mobile written with +86', '+86 139-0000-1111', '13900001111', '139****1111'],
    ['Beijing landline', '010-12345678', '010-12345678', '****5678'],
    ['Shenzhen landline in groups', '0755 8888 6666', '0755-88886666', '****6666'],
    ['landline with extension', '0755-88886666-8001', '0755-88886666-8001', '****6666'],
    ['landline with 转 extension', '(021)62345678转12', '021-62345678-12', '****5678'],
    ['400 service number', '400-820-8820', '4008208820', '****8820'],
    ['800 service number', '800 810 8888', '8008108888', '****8888'],
    ['95xxx short number', '95555', '95555', '****5555'],
    ['international', '+44 20 7946 0958', '+442079460958', '+44****0958'],
    ['international with 00', '001 415 555 2671', '+14155552671', '+1****2671'],
  ])('%s: %s → %s', async (_label, typed, stored, masked) => {
    const res = await submit(typed);
    expect(res.result).toBe('created');
    await t.idle();
    const ticket = (await t.running.desk.models.Ticket.findOne({}).lean())!;
    expect(ticket.customer?.phone).toBe(stored);
    // The department card shows it masked, never in full.
    const card = t.stub.messages(CHANNELS.cs).find((m) => JSON.stringify(m.blocks).includes(ticket.number));
    expect(JSON.stringify(card?.blocks)).toContain(masked);
    expect(JSON.stringify(card?.blocks)).not.toContain(stored.replace('+', ''));
  });
});

describe('refused phone forms', () => {
  it.each([
    ['too short', '12345', 'Enter a phone number'],
    ['twelve-digit mobile', '138123456789', 'Enter a phone number'],
    ['letters', 'call me', 'Enter a phone number'],
    ['landline without area code', '88886666', 'Add the area code'],
    ['unknown area code', '0123-12345678', 'Add the area code'],
    ['extension too long', '0755-88886666-1234567', 'extension of up to 6 digits'],
    ['international too short', '+12', 'Enter a phone number'],
  ])('%s: %s', async (_label, typed, message) => {
    const res = await submit(typed);
    expect(res.result).toBe('errors');
    expect(res.outcome.errors?.[INTAKE_FIELD.phone]).toContain(message);
    // Nothing stored; the form stays open with what was typed (an errors answer keeps the values).
    expect(await t.running.desk.models.Ticket.countDocuments({})).toBe(0);
    expect(t.stub.openModal(PEOPLE.agentEn)?.id).toBe(res.viewId);
  });
});
