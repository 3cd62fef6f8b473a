/** A MongoDB lease: one instance at a time runs a given job. */
import type { Desk } from '../context.ts';
import { INSTANCE_ID } from './outbox.ts';

export async function acquireLease(desk: Desk, name: string, now: Date, ttlMs: number): Promise<boolean> {
  try {
    const res = await desk.models.Lease.updateOne(
      { _id: name, $or: [{ until: { $lte: now } }, { owner: INSTANCE_ID }] },
      { $set: { owner: INSTANCE_ID, until: new Date(now.getTime() + ttlMs) } },
      { upsert: true },
    );
    return res.modifiedCount + res.upsertedCount === 1;
  } catch (err) {
    // Another instance holds an unexpired lease: the upsert collides with its document.
    if ((err as { code?: number }).code === 11000) return false;
    throw err;
  }
}

export async function releaseLease(desk: Desk, name: string): Promise<void> {
  await desk.models.Lease.deleteOne({ _id: name, owner: INSTANCE_ID });
}
