// Vitest globalSetup: one MongoDB server for the whole run; test files get its URI via inject('mongoUri').
import type { TestProject } from 'vitest/node';
import { startTestMongo } from './mongo.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = performance.now();
  const mongo = await startTestMongo();
  const where = mongo.kind === 'external' ? 'MONGODB_URI' : mongo.uri; // do not print credentials
  console.log(
    `[test-mongo] ${mongo.kind} at ${where}, ready in ${Math.round(performance.now() - started)} ms`,
  );
  project.provide('mongoUri', mongo.uri);
  return () => mongo.stop();
}
