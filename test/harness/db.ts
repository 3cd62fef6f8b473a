// Per-test-file database on the server started by global-setup.ts. Never mock mongoose.
import mongoose from 'mongoose';
import { inject } from 'vitest';
import { testDatabaseUri } from './mongo.ts';

export interface TestDb {
  uri: string;
  connection: mongoose.Connection;
  /** Drops the database and closes the connection (call in afterAll). */
  drop(): Promise<void>;
}

export async function connectTestDb(fileTag: string): Promise<TestDb> {
  const uri = testDatabaseUri(inject('mongoUri'), fileTag);
  const connection = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000 }).asPromise();
  return {
    uri,
    connection,
    drop: async () => {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}
