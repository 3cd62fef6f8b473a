/** Events API events: App Home opened, 🎫 reactions and mentions (tickets from conversations). */
import type { App } from '@slack/bolt';
import type { Desk } from '../../context.ts';
import { register as registerAppHomeOpened } from './app-home-opened.ts';
import { register as registerAppMention } from './app-mention.ts';
import { register as registerReactionAdded } from './reaction-added.ts';

export function registerEvents(app: App, desk: Desk): void {
  registerAppHomeOpened(app, desk);
  registerReactionAdded(app, desk);
  registerAppMention(app, desk);
}
