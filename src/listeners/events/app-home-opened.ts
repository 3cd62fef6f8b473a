/** app_home_opened: redraws the user's App Home from the stored tickets (and keeps it redrawn after changes). */
import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Desk } from '../../context.ts';
import { slackErrorInfo } from '../../outbox/slack-errors.ts';
import { openHome } from '../../reports/home.ts';

type Args = AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_home_opened'>;

export function register(app: App, desk: Desk): void {
  app.event('app_home_opened', async ({ event }: Args) => {
    if (event.tab && event.tab !== 'home') return;
    try {
      await openHome(desk, event.user);
    } catch (err) {
      desk.log.warn({ user: event.user, err: slackErrorInfo(err).code }, 'App Home not published');
    }
  });
}
