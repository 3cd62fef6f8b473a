/**
 * The bench's yardstick: a bare Bolt app, run as its own process (forked by bench/run.ts), that does
 * the minimum Slack work for each measured action and nothing else (no database, no config):
 *  - `/ticket`: acknowledge, then views.open with the trigger (as the desk does: ack first);
 *  - the intake view submission: acknowledge (closes the modal);
 *  - Claim: acknowledge, then chat.update of the card it was clicked on.
 * Environment: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL, PORT (0: any free port on 127.0.0.1).
 * Sends `{ type: 'ready', port }` over IPC once listening; exits when the IPC channel closes.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { ACTION, CALLBACK } from '../blocks/ids.ts';

async function main() {
  const app = new App({
    token: process.env.SLACK_BOT_TOKEN,
    signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
    clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
    logLevel: LogLevel.ERROR,
  });
  app.command('/ticket', async ({ ack, body, client }) => {
    await ack();
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: CALLBACK.intake,
        title: { type: 'plain_text', text: 'New ticket' },
        submit: { type: 'plain_text', text: 'Submit' },
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Bare intake' } }],
      },
    });
  });
  app.view(CALLBACK.intake, async ({ ack }) => ack());
  app.action(ACTION.claim, async ({ ack, body, client }) => {
    await ack();
    if (body.type !== 'block_actions' || !body.container?.channel_id) return;
    await client.chat.update({
      channel: body.container.channel_id,
      ts: body.container.message_ts,
      text: `Claimed by <@${body.user.id}>`,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `Claimed by <@${body.user.id}>` } }],
    });
  });
  app.error(async (err) => {
    process.stderr.write(`bare app: ${err.message}\n`);
  });
  const server = (await app.start({
    port: Number(process.env.PORT ?? 0),
    host: '127.0.0.1',
  })) as unknown as Server;
  const { port } = server.address() as AddressInfo;
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
  process.send?.({ type: 'ready', port });
}

if (process.send) void main();
