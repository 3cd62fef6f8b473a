import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { failureRef, isDatabaseError } from '../../src/runtime/errors.ts';
import { DeadlineError, withDeadline } from '../../src/tickets/deadline.ts';

describe('isDatabaseError', () => {
  it('is true for a real driver error: no server to select', async () => {
    const conn = mongoose.createConnection('mongodb://127.0.0.1:1/none', { serverSelectionTimeoutMS: 200 });
    const err = await conn.asPromise().catch((e: unknown) => e);
    await conn.close().catch(() => undefined);
    expect(err).toBeInstanceOf(Error);
    expect(isDatabaseError(err)).toBe(true);
  });

  it('is true for the ack budget running out and for driver errors by class', async () => {
    const late = await withDeadline(new Promise(() => undefined), 5, 'waiting').catch((e: unknown) => e);
    expect(late).toBeInstanceOf(DeadlineError);
    expect(isDatabaseError(late)).toBe(true);
    expect(
      isDatabaseError(new mongoose.mongo.MongoServerError({ message: 'not primary', code: 10107 })),
    ).toBe(true);
    expect(isDatabaseError(new mongoose.mongo.MongoNetworkError('connection reset'))).toBe(true);
    expect(isDatabaseError(new mongoose.Error('Operation `tickets.findOne()` buffering timed out'))).toBe(
      true,
    );
  });

  it('is false for bugs: plain errors, and mongoose errors about data our code built', () => {
    const Model = mongoose.model('ErrorsProbe', new mongoose.Schema({ n: { type: Number, required: true } }));
    const invalid = new Model({ n: 'not a number' }).validateSync();
    expect(invalid).toBeInstanceOf(mongoose.Error.ValidationError);
    expect(isDatabaseError(invalid)).toBe(false);
    expect(isDatabaseError(new mongoose.Error.CastError('Number', 'x', 'n'))).toBe(false);
    expect(isDatabaseError(new TypeError("Cannot read properties of null (reading 'trim')"))).toBe(false);
    expect(isDatabaseError(new Error('database'))).toBe(false);
    expect(isDatabaseError('a string')).toBe(false);
    expect(isDatabaseError(undefined)).toBe(false);
  });
});

describe('failureRef', () => {
  it('is a short reference, different each time', () => {
    const refs = new Set(Array.from({ length: 50 }, () => failureRef()));
    expect(refs.size).toBe(50);
    for (const r of refs) expect(r).toMatch(/^[0-9a-f]{8}$/);
  });
});
