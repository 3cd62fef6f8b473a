// The properties the domain relies on, checked against whichever server the harness provisioned.
import { Schema } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestDb, type TestDb } from './harness/db.ts';

let db: TestDb;

beforeAll(async () => {
  db = await connectTestDb('mongo_server');
});

afterAll(async () => {
  await db?.drop();
});

describe('test MongoDB server', () => {
  it('gives exactly one winner to 50 concurrent conditional claims', async () => {
    const Ticket = db.connection.model(
      'ClaimTicket',
      new Schema({ _id: String, owner: { type: String, default: null } }),
    );
    await Ticket.create({ _id: 'T-1', owner: null });

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        Ticket.findOneAndUpdate(
          { _id: 'T-1', owner: null },
          { $set: { owner: `agent-${i}` } },
          { returnDocument: 'after' },
        ).lean(),
      ),
    );

    const winners = results.filter((doc) => doc !== null);
    expect(winners).toHaveLength(1);
    expect((await Ticket.findById('T-1').lean())?.owner).toBe(winners[0]!.owner);
  });

  it('hands out 200 distinct values from 200 concurrent $inc upserts', async () => {
    const Counter = db.connection.model('Counter', new Schema({ _id: String, value: Number }));

    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        Counter.findOneAndUpdate(
          { _id: 'ticket-number' },
          { $inc: { value: 1 } },
          { returnDocument: 'after', upsert: true },
        ).lean(),
      ),
    );

    const values = results.map((doc) => doc!.value).sort((a, b) => a! - b!);
    expect(values).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('raises code 11000 on a duplicate key of a unique index', async () => {
    const Agent = db.connection.model('Agent', new Schema({ slackId: { type: String, unique: true } }));
    await Agent.init(); // waits for the unique index

    await Agent.create({ slackId: 'U123' });
    await expect(Agent.create({ slackId: 'U123' })).rejects.toMatchObject({ code: 11000 });
  });
});
