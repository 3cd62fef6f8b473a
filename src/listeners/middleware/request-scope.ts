/**
 * Opens the log scope of one Slack request (src/ops/log-scope.ts), first of all middleware: its id
 * is the Events API `event_id`, else the interaction's `trigger_id`, else the view id, so every log
 * line of the request, including its background work, can be found by that one id. In HTTP mode the
 * server has already opened an empty scope per request (to time the answer); it is filled in here.
 */
import { randomBytes } from 'node:crypto';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { currentScope, type LogScope, runInScope } from '../../ops/log-scope.ts';

type Body = Record<string, unknown> & {
  command?: string;
  type?: string;
  event_id?: string;
  trigger_id?: string;
  callback_id?: string;
  action_id?: string;
  view?: { id?: string; callback_id?: string };
  event?: { type?: string };
  actions?: { action_id?: string }[];
};

/** What Slack asked for and the id to log it under. */
export function describeRequest(body: unknown): LogScope {
  const b = (body ?? {}) as Body;
  const type = b.command ? 'command' : (b.type ?? 'unknown');
  let action: string | undefined;
  if (b.command) action = b.command;
  else if (type === 'block_actions') action = b.actions?.[0]?.action_id;
  else if (type === 'view_submission' || type === 'view_closed') action = b.view?.callback_id;
  else if (type === 'shortcut' || type === 'message_action') action = b.callback_id;
  else if (type === 'event_callback') action = b.event?.type;
  else if (type === 'block_suggestion') action = b.action_id;
  const rid = b.event_id || b.trigger_id || b.view?.id || `r${randomBytes(6).toString('hex')}`;
  return { rid, type, action };
}

export function requestScope(): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const found = describeRequest(body);
    const scope = currentScope();
    if (scope) {
      Object.assign(scope, found);
      await next();
      return;
    }
    await runInScope(found, next);
  };
}
