/** Events API events: App Home opened. */
import type { App } from '@slack/bolt';
import type { Desk } from '../../context.ts';
import { register as registerAppHomeOpened } from './app-home-opened.ts';

export function registerEvents(app: App, desk: Desk): void {
  registerAppHomeOpened(app, desk);
}
