/**
 * MongoDB connection. With MONGODB_URI: that server, with bounded timeouts (the driver
 * reconnects by itself). Without it: an embedded mongod from mongodb-memory-server-core with
 * its data kept under ./data/mongo, for a first run on a laptop.
 */
import { mkdirSync } from 'node:fs';
import mongoose, { type Connection } from 'mongoose';
import { ConfigError } from '../config/env.ts';
import type { Logger } from '../logger.ts';

export interface Database {
  connection: Connection;
  uri: string;
  embedded: boolean;
  /** True when a ping answers within a second. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

const CONNECT_OPTIONS: mongoose.ConnectOptions = {
  serverSelectionTimeoutMS: 5_000,
  connectTimeoutMS: 5_000,
  socketTimeoutMS: 30_000,
  heartbeatFrequencyMS: 2_000,
  maxPoolSize: 20,
  // Commands wait for the connection for a short while only, so a request during an outage
  // gets a clear "try again" answer instead of hanging past Slack's 3-second limit.
  bufferCommands: false,
  autoIndex: true,
};

/** Hides credentials in a URI for logs and messages. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, '//***@');
}

async function startEmbedded(log: Logger): Promise<{ uri: string; stop: () => Promise<void> }> {
  const dbPath = 'data/mongo';
  mkdirSync(dbPath, { recursive: true });
  const moduleName = 'mongodb-memory-server-core';
  try {
    const { MongoBinary, MongoMemoryServer } = (await import(
      moduleName
    )) as typeof import('mongodb-memory-server-core');
    // The binary first: where it cannot be downloaded this throws quietly, while a failed
    // MongoMemoryServer.create() also prints the library's own stack trace to the console.
    const binary = await MongoBinary.getPath();
    const server = await MongoMemoryServer.create({
      instance: { dbPath, storageEngine: 'wiredTiger' },
      binary: { systemBinary: binary },
    });
    log.info({ dbPath }, 'using the embedded MongoDB (set MONGODB_URI to use your own server)');
    return {
      uri: server.getUri('servicedesk'),
      stop: async () => void (await server.stop({ doCleanup: false })),
    };
  } catch (err) {
    throw new ConfigError(
      `MONGODB_URI is not set and the embedded MongoDB could not be started (${(err as Error).message.replace(/\s+/g, ' ').trim()}).\n` +
        '  Set MONGODB_URI to a MongoDB 4.4+ server, e.g. MONGODB_URI=mongodb://127.0.0.1:27017/servicedesk',
    );
  }
}

/** `options` are added to the connection options (e.g. `monitorCommands` when metrics are on). */
export async function connectDatabase(
  uri: string | undefined,
  log: Logger,
  options: mongoose.ConnectOptions = {},
): Promise<Database> {
  let stopEmbedded: (() => Promise<void>) | undefined;
  let target = uri;
  if (!target) {
    const embedded = await startEmbedded(log);
    target = embedded.uri;
    stopEmbedded = embedded.stop;
  }
  const connection = mongoose.createConnection(target, { ...CONNECT_OPTIONS, ...options });
  connection.on('disconnected', () => log.warn('database disconnected; the driver keeps reconnecting'));
  connection.on('reconnected', () => log.info('database reconnected'));
  try {
    await connection.asPromise();
  } catch (err) {
    await connection.close().catch(() => undefined);
    throw new ConfigError(
      `Cannot reach MongoDB at ${redactUri(target)}: ${(err as Error).message}\n` +
        '  Check that the server runs and MONGODB_URI is right.',
    );
  }
  log.info({ uri: redactUri(target) }, 'database connected');
  return {
    connection,
    uri: target,
    embedded: !uri,
    async ping() {
      try {
        const db = connection.db;
        if (!db || connection.readyState !== 1) return false;
        await Promise.race([
          db.admin().command({ ping: 1 }),
          new Promise((_, reject) => setTimeout(() => reject(new Error('ping timeout')), 1000).unref()),
        ]);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await connection.close();
      await stopEmbedded?.();
    },
  };
}
