import type { App } from '@slack/bolt';
import type { Desk } from '../context.ts';
import { registerActions } from './actions/index.ts';
import { registerCommands } from './commands/index.ts';
import { registerEvents } from './events/index.ts';
import { routingTable } from './routing-table.ts';
import { registerShortcuts } from './shortcuts/index.ts';
import { registerViews } from './views/index.ts';

/**
 * Registers every listener, one index per Slack surface; modal submissions and buttons go into
 * routing tables (one Bolt listener per surface, see routing-table.ts).
 */
export function registerListeners(bolt: App, desk: Desk): void {
  const routes = routingTable(bolt);
  const app = routes.app;
  registerCommands(app, desk);
  registerShortcuts(app, desk);
  registerViews(app, desk);
  registerActions(app, desk);
  registerEvents(app, desk);
  routes.mount();
}
