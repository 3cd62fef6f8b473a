/**
 * The listener surfaces as routing tables: every modal submission and every button goes through one
 * Bolt listener per surface that looks its handler up by callback or action id. Bolt matches every
 * registered listener against every request, so one registration per id (about 40 here) cost each
 * answer more than the handler's own work (measured with `npm run bench`, see the README's
 * "Reliability and performance").
 *
 * The listener files keep Bolt's API (`app.view(id, handler)`, `app.action(id, handler)`): they
 * are handed a facade of the App that records those in the tables; everything else goes to Bolt.
 */
import type { AllMiddlewareArgs, App, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { CARD_MENUS, menuChoice } from '../../blocks/ids.ts';

type ViewArgs = AllMiddlewareArgs & SlackViewMiddlewareArgs;
type ActionArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs;
type Handler<A> = (args: A) => Promise<void>;

export interface RoutingTable {
  /** The App as the listener files see it: `view` and `action` fill the tables. */
  app: App;
  /** Registers the one Bolt listener per surface; call once, after every listener file. */
  mount(): void;
}

function add<A>(table: Map<string, Handler<A>>, surface: string, id: unknown, handlers: unknown[]) {
  if (typeof id !== 'string' || handlers.length !== 1)
    throw new Error(`${surface}: register one handler under a string id (got ${String(id)})`);
  if (table.has(id)) throw new Error(`${surface}: "${id}" is registered twice`);
  table.set(id, handlers[0] as Handler<A>);
}

/**
 * A choice in one of the card's overflow menus, as the click on the button it stands for: the same
 * payload with the action replaced by a button of that action id and value, so one handler answers
 * both (blocks/ids.ts menuValue).
 */
function fromMenu(args: ActionArgs): { id: string; args: ActionArgs } | null {
  const action = args.action as {
    selected_option?: { value?: string };
    block_id?: string;
    action_ts?: string;
  };
  const choice = menuChoice(action.selected_option?.value);
  if (!choice) return null;
  const button = {
    type: 'button',
    action_id: choice.actionId,
    block_id: action.block_id ?? '',
    action_ts: action.action_ts ?? '',
    value: choice.value,
    text: { type: 'plain_text', text: choice.actionId },
  };
  const body = { ...(args.body as object), actions: [button] };
  return {
    id: choice.actionId,
    args: { ...args, body, action: button, payload: button } as unknown as ActionArgs,
  };
}

export function routingTable(app: App): RoutingTable {
  const views = new Map<string, Handler<ViewArgs>>();
  const actions = new Map<string, Handler<ActionArgs>>();
  const facade = new Proxy(app, {
    get(target, prop, receiver) {
      if (prop === 'view') return (id: unknown, ...handlers: unknown[]) => add(views, 'view', id, handlers);
      if (prop === 'action')
        return (id: unknown, ...handlers: unknown[]) => add(actions, 'action', id, handlers);
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    app: facade,
    mount() {
      // An id without a handler is left unanswered, as Bolt leaves a request no listener matched.
      app.view(/^/, async (args) => {
        await views.get(args.view.callback_id)?.(args);
      });
      app.action(/^/, async (args) => {
        const id = (args.action as { action_id?: string }).action_id ?? '';
        const chosen = CARD_MENUS.includes(id) ? fromMenu(args) : null;
        if (chosen) await actions.get(chosen.id)?.(chosen.args);
        else await actions.get(id)?.(args);
      });
    },
  };
}
