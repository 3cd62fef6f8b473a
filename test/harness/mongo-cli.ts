// `npm run test:server`: starts the test MongoDB server and keeps it up until Ctrl-C.
import { startTestMongo } from './mongo.ts';

const started = performance.now();
const mongo = await startTestMongo();
console.log(`${mongo.kind} MongoDB ready in ${Math.round(performance.now() - started)} ms`);
console.log(mongo.uri);
console.log('Ctrl-C to stop.');

const shutdown = async () => {
  await mongo.stop();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
