/**
 * npm run bench:costs: only the "calls per action" section of the bench, quickly (about 20 s), with
 * every database command listed per action (command and collection), to see where round trips go.
 */

import { SIGNING_SECRET } from '../test/harness/app.ts';
import { startTestMongo, testDatabaseUri } from '../test/harness/mongo.ts';
import { startInProcessDesk } from './apps.ts';
import { measureCosts } from './costs.ts';
import { stopAll } from './processes.ts';
import { LoadGenerator, SlackProcess } from './slack-client.ts';
import { benchUsers } from './util.ts';

async function main() {
  const mongo = await startTestMongo();
  try {
    const mongoUri = testDatabaseUri(mongo.uri, 'bench-costs');
    const load = await LoadGenerator.start(SIGNING_SECRET);
    const slack = await SlackProcess.start(load, SIGNING_SECRET);
    await slack.call('addBenchUsers', benchUsers(10));
    const desk = await startInProcessDesk({ slackApiUrl: slack.url, mongoUri });
    try {
      const rows = await measureCosts(desk, slack);
      for (const r of rows) {
        process.stdout.write(
          `${r.action}: db ${r.dbRoundTrips} (target min ${r.minDb}), slack ${r.slackCalls} [${r.slackMethods}]\n` +
            `  ${r.dbTrace ?? ''}\n`,
        );
      }
    } finally {
      await desk.stop();
    }
  } finally {
    await stopAll();
    await mongo.stop().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`bench:costs failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
