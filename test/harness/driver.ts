/**
 * Plays the part of Slack towards the app under test: signed slash commands, interactivity payloads
 * and Events API callbacks, built the way Slack builds them and tied to the state of the Slack stub
 * (trigger ids, response URLs, stored messages and views).
 */
import { createHmac } from 'node:crypto';
import { isObject } from './block-kit.ts';
import type { SlackStub, StoredMessage, StoredView, ViewSubmissionOutcome } from './slack-stub.ts';

type Obj = Record<string, unknown>;

export interface DriverOptions {
  /** e.g. http://127.0.0.1:PORT/slack/events */
  appUrl: string;
  signingSecret: string;
  stub: SlackStub;
  /** Defaults to the stub's team id. */
  teamId?: string;
  /** Defaults to the stub's app id. */
  apiAppId?: string;
  /** The (deprecated) verification token Slack still puts in payloads. */
  verificationToken?: string;
}

/** Per-request options to exercise the signature checks. */
export interface RequestOptions {
  /** Send a wrong X-Slack-Signature. */
  badSignature?: boolean;
  /** Send no signature headers at all. */
  omitSignature?: boolean;
  /** Make X-Slack-Request-Timestamp this many seconds old (> 300 is rejected by Bolt). */
  ageSeconds?: number;
  /** Extra headers. */
  headers?: Record<string, string>;
}

export interface DriverResponse {
  status: number;
  /** Parsed JSON when the answer is JSON, else the text ('' for an empty ack). */
  body: unknown;
  headers: Record<string, string>;
  /** Time until the app answered (Slack gives up after 3 s). */
  elapsedMs: number;
}

/** An option chosen by value; `text` is needed only for external selects. */
export interface OptionLike {
  value: string;
  text?: string;
}

/**
 * A value for one element, as a person would enter it:
 * plain_text/email/url/number input: string; static/external select, radio: option value or OptionLike;
 * multi selects, checkboxes: string[] / OptionLike[]; datepicker 'YYYY-MM-DD'; timepicker 'HH:mm';
 * datetimepicker: epoch seconds; users/conversations/channels select: id; multi ones: ids; null = empty.
 */
export type FillValue = string | number | null | readonly string[] | OptionLike | readonly OptionLike[];
/** A block's value; for a block with several elements (actions), per action_id. */
export type BlockFill = FillValue | { byActionId: Record<string, FillValue> };
/** `view.state.values` as Slack sends it: block_id -> action_id -> element state. */
export type ViewStateValues = Record<string, Record<string, Obj>>;

const textObj = (text: string): Obj => ({ type: 'plain_text', text, emoji: true });

function isByAction(v: BlockFill | undefined): v is { byActionId: Record<string, FillValue> } {
  return isObject(v) && 'byActionId' in v;
}

function allOptions(el: Obj): Obj[] {
  const direct = Array.isArray(el.options) ? el.options.filter(isObject) : [];
  const grouped = Array.isArray(el.option_groups)
    ? el.option_groups
        .filter(isObject)
        .flatMap((g) => (Array.isArray(g.options) ? g.options.filter(isObject) : []))
    : [];
  return [...direct, ...grouped];
}

function optionValue(v: string | OptionLike): string {
  return typeof v === 'string' ? v : v.value;
}

/** Finds a defined option by value (static selects, checkboxes, radios, overflow). */
function lookupOption(el: Obj, v: string | OptionLike, where: string): Obj {
  const value = optionValue(v);
  const found = allOptions(el).find((o) => o.value === value);
  if (!found) {
    const known = allOptions(el).map((o) => o.value);
    throw new Error(
      `${where}: option ${JSON.stringify(value)} is not defined (options: ${known.join(', ')})`,
    );
  }
  return structuredClone(found);
}

/** An external_select option: Slack echoes what the options handler returned; tests give value (+ text). */
function externalOption(v: string | OptionLike): Obj {
  const value = optionValue(v);
  return { text: textObj(typeof v === 'string' ? value : (v.text ?? value)), value };
}

function asList(v: FillValue, where: string): (string | OptionLike)[] {
  if (v === null) return [];
  if (Array.isArray(v)) return v as (string | OptionLike)[];
  if (typeof v === 'string' || isObject(v)) return [v as string | OptionLike];
  throw new Error(`${where}: expected a list of values, got ${JSON.stringify(v)}`);
}

function asOne(v: FillValue, where: string): string | OptionLike | null {
  if (v === null) return null;
  if (typeof v === 'string' || (isObject(v) && !Array.isArray(v))) return v as string | OptionLike;
  throw new Error(`${where}: expected one value, got ${JSON.stringify(v)}`);
}

function asString(v: FillValue, where: string): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  throw new Error(`${where}: expected a string, got ${JSON.stringify(v)}`);
}

/**
 * The state Slack reports for one element: the filled value, or (when `value` is undefined) the
 * element's initial value, or the empty shape (null / []).
 */
export function elementState(el: Obj, value: FillValue | undefined, where = String(el.action_id)): Obj {
  const type = String(el.type);
  const has = value !== undefined;
  switch (type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      return {
        type,
        value: has ? asString(value, where) : ((el.initial_value as string | undefined) ?? null),
      };
    case 'rich_text_input': {
      if (!has) return { type, rich_text_value: el.initial_value ?? null };
      const text = asString(value, where);
      return {
        type,
        rich_text_value:
          text === null
            ? null
            : {
                type: 'rich_text',
                elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }],
              },
      };
    }
    case 'static_select':
    case 'radio_buttons':
    case 'overflow': {
      if (!has) return { type, selected_option: el.initial_option ?? null };
      const one = asOne(value, where);
      return { type, selected_option: one === null ? null : lookupOption(el, one, where) };
    }
    case 'external_select': {
      if (!has) return { type, selected_option: el.initial_option ?? null };
      const one = asOne(value, where);
      return { type, selected_option: one === null ? null : externalOption(one) };
    }
    case 'multi_static_select':
    case 'checkboxes':
      return {
        type,
        selected_options: has
          ? asList(value, where).map((v) => lookupOption(el, v, where))
          : ((el.initial_options as unknown[] | undefined) ?? []),
      };
    case 'multi_external_select':
      return {
        type,
        selected_options: has
          ? asList(value, where).map(externalOption)
          : ((el.initial_options as unknown[] | undefined) ?? []),
      };
    case 'datepicker':
      return { type, selected_date: has ? asString(value, where) : (el.initial_date ?? null) };
    case 'timepicker':
      return { type, selected_time: has ? asString(value, where) : (el.initial_time ?? null) };
    case 'datetimepicker': {
      if (has && value !== null && typeof value !== 'number')
        throw new Error(`${where}: expected epoch seconds`);
      return { type, selected_date_time: has ? value : (el.initial_date_time ?? null) };
    }
    case 'users_select':
      return { type, selected_user: has ? asString(value, where) : (el.initial_user ?? null) };
    case 'multi_users_select':
      return { type, selected_users: has ? asList(value, where).map(optionValue) : (el.initial_users ?? []) };
    case 'conversations_select':
      return {
        type,
        selected_conversation: has ? asString(value, where) : (el.initial_conversation ?? null),
      };
    case 'multi_conversations_select':
      return {
        type,
        selected_conversations: has
          ? asList(value, where).map(optionValue)
          : (el.initial_conversations ?? []),
      };
    case 'channels_select':
      return { type, selected_channel: has ? asString(value, where) : (el.initial_channel ?? null) };
    case 'multi_channels_select':
      return {
        type,
        selected_channels: has ? asList(value, where).map(optionValue) : (el.initial_channels ?? []),
      };
    case 'file_input':
      return { type, files: has ? asList(value, where).map((v) => ({ id: optionValue(v) })) : [] };
    default:
      throw new Error(`${where}: element type ${type} has no state`);
  }
}

/** Stateful elements of a block, with their action ids. */
function statefulElements(block: Obj): Obj[] {
  if (block.type === 'input' && isObject(block.element)) return [block.element];
  if (block.type === 'actions' && Array.isArray(block.elements)) {
    return block.elements.filter(
      (e): e is Obj => isObject(e) && e.type !== 'button' && e.type !== 'workflow_button',
    );
  }
  if (
    block.type === 'section' &&
    isObject(block.accessory) &&
    !['button', 'image'].includes(String(block.accessory.type))
  ) {
    return [block.accessory];
  }
  return [];
}

/**
 * Builds `view.state.values` for a view the way Slack reports it on submission: every input block
 * is present (filled from `values`, else its initial value, else null / []); other stateful blocks
 * (actions, section accessories) only when given in `values`. Unknown block ids throw.
 */
export function fillModal(
  view: { blocks: unknown[] },
  values: Record<string, BlockFill> = {},
): ViewStateValues {
  const state: ViewStateValues = {};
  const used = new Set<string>();
  for (const b of view.blocks) {
    if (!isObject(b) || typeof b.block_id !== 'string') continue;
    const blockId = b.block_id;
    const fill = values[blockId];
    if (b.type !== 'input' && fill === undefined) continue;
    const elements = statefulElements(b);
    if (fill !== undefined && elements.length === 0)
      throw new Error(`fillModal: block ${blockId} has no stateful element`);
    state[blockId] = {};
    for (const el of elements) {
      const actionId = String(el.action_id);
      let v: FillValue | undefined;
      if (isByAction(fill)) v = fill.byActionId[actionId];
      else if (elements.length === 1) v = fill;
      else if (fill !== undefined)
        throw new Error(`fillModal: block ${blockId} has several elements, use { byActionId }`);
      state[blockId][actionId] = elementState(el, v, `${blockId}.${actionId}`);
    }
    if (fill !== undefined) used.add(blockId);
  }
  const unknown = Object.keys(values).filter((k) => !used.has(k));
  if (unknown.length > 0)
    throw new Error(`fillModal: no block with block_id ${unknown.join(', ')} in the view`);
  return state;
}

function isEmptyState(s: Obj): boolean {
  return Object.entries(s).every(
    ([k, v]) => k === 'type' || v === null || v === '' || (Array.isArray(v) && v.length === 0),
  );
}

/** What Slack's client would refuse to submit (required inputs, lengths, formats). */
export function clientSideProblems(view: { blocks: unknown[] }, state: ViewStateValues): string[] {
  const problems: string[] = [];
  for (const b of view.blocks) {
    if (!isObject(b) || b.type !== 'input' || !isObject(b.element) || typeof b.block_id !== 'string')
      continue;
    const el = b.element;
    const s = state[b.block_id]?.[String(el.action_id)];
    if (!s) continue;
    if (isEmptyState(s)) {
      if (b.optional !== true) problems.push(`${b.block_id}: required input is empty`);
      continue;
    }
    const value = typeof s.value === 'string' ? s.value : undefined;
    if (value === undefined) continue;
    const n = [...value].length;
    if (typeof el.max_length === 'number' && n > el.max_length)
      problems.push(`${b.block_id}: longer than max_length`);
    if (typeof el.min_length === 'number' && n < el.min_length)
      problems.push(`${b.block_id}: shorter than min_length`);
    if (el.type === 'email_text_input' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) {
      problems.push(`${b.block_id}: not an email address`);
    }
    if (el.type === 'url_text_input' && !/^https?:\/\/\S+$/.test(value))
      problems.push(`${b.block_id}: not a URL`);
    if (el.type === 'number_input') {
      const num = Number(value);
      if (!Number.isFinite(num) || (el.is_decimal_allowed !== true && !Number.isInteger(num))) {
        problems.push(`${b.block_id}: not a valid number`);
      } else {
        if (el.min_value !== undefined && num < Number(el.min_value))
          problems.push(`${b.block_id}: below min_value`);
        if (el.max_value !== undefined && num > Number(el.max_value))
          problems.push(`${b.block_id}: above max_value`);
      }
    }
  }
  return problems;
}

/** Where an action happens: a stored message (or ephemeral message) or an open view. */
export type ActionSource = { message: { channel: string; ts: string } } | { viewId: string };

export class SlackDriver {
  readonly appUrl: string;
  readonly stub: SlackStub;
  readonly teamId: string;
  readonly apiAppId: string;
  readonly verificationToken: string;
  private readonly signingSecret: string;
  private eventCounter = 0;

  constructor(opts: DriverOptions) {
    this.appUrl = opts.appUrl;
    this.signingSecret = opts.signingSecret;
    this.stub = opts.stub;
    this.teamId = opts.teamId ?? opts.stub.teamId;
    this.apiAppId = opts.apiAppId ?? opts.stub.appId;
    this.verificationToken = opts.verificationToken ?? 'stub-verification-token';
  }

  /** `v0=` + hex HMAC-SHA256(secret, `v0:{ts}:{body}`). */
  sign(rawBody: string, timestamp: number): string {
    return `v0=${createHmac('sha256', this.signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
  }

  /** Sends a raw body with signature headers (unless told otherwise). */
  async raw(
    body: string,
    headers: Record<string, string>,
    opts: RequestOptions = {},
  ): Promise<DriverResponse> {
    const ts = Math.floor(Date.now() / 1000) - (opts.ageSeconds ?? 0);
    const all: Record<string, string> = { ...headers, ...opts.headers };
    if (!opts.omitSignature) {
      all['x-slack-request-timestamp'] = String(ts);
      all['x-slack-signature'] = opts.badSignature ? this.sign(`${body}tampered`, ts) : this.sign(body, ts);
    }
    const started = performance.now();
    const res = await fetch(this.appUrl, { method: 'POST', headers: all, body });
    const text = await res.text();
    const elapsedMs = performance.now() - started;
    const contentType = res.headers.get('content-type') ?? '';
    let parsed: unknown = text;
    if (text.length > 0 && contentType.includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, body: parsed, headers: Object.fromEntries(res.headers), elapsedMs };
  }

  private form(fields: Record<string, string>, opts: RequestOptions): Promise<DriverResponse> {
    return this.raw(
      new URLSearchParams(fields).toString(),
      { 'content-type': 'application/x-www-form-urlencoded' },
      opts,
    );
  }

  /** Sends an interactivity payload (`payload=<json>`). */
  interaction(payload: Obj, opts: RequestOptions = {}): Promise<DriverResponse> {
    return this.form({ payload: JSON.stringify(payload) }, opts);
  }

  private userRef(id: string): Obj {
    const name = this.stub.user(id)?.name ?? id.toLowerCase();
    return { id, username: name, name, team_id: this.teamId };
  }

  private team(): Obj {
    return { id: this.teamId, domain: this.stub.teamDomain };
  }

  private channelRef(id: string): Obj {
    return { id, name: this.stub.channel(id)?.name ?? id };
  }

  /** Slash command as Slack sends it; the trigger and response URL come from the stub. */
  async command(
    text: string,
    opts: { user: string; channel: string; command?: string; triggerAgeMs?: number } & RequestOptions,
  ): Promise<DriverResponse & { triggerId: string; responseUrl: string; responseUrlId: string }> {
    const triggerId = this.stub.issueTrigger({ user: opts.user, ageMs: opts.triggerAgeMs });
    const responseUrlId = `C${++this.eventCounter}${Date.now().toString(36)}`;
    const responseUrl = this.stub.responseUrl(responseUrlId, { user: opts.user, channel: opts.channel });
    const ch = this.stub.channel(opts.channel);
    const res = await this.form(
      {
        token: this.verificationToken,
        team_id: this.teamId,
        team_domain: this.stub.teamDomain,
        channel_id: opts.channel,
        channel_name: ch?.isIm ? 'directmessage' : (ch?.name ?? opts.channel),
        user_id: opts.user,
        user_name: this.stub.user(opts.user)?.name ?? opts.user.toLowerCase(),
        command: opts.command ?? '/ticket',
        text,
        api_app_id: this.apiAppId,
        is_enterprise_install: 'false',
        response_url: responseUrl,
        trigger_id: triggerId,
      },
      opts,
    );
    // A non-empty ack body is shown to the user like a response_url message.
    if (res.status === 200 && res.body !== '' && res.body !== undefined) {
      const body = isObject(res.body) ? res.body : { text: String(res.body) };
      this.stub.deliverResponse(responseUrlId, body, 'ack');
    }
    return { ...res, triggerId, responseUrl, responseUrlId };
  }

  /** Finds the element `actionId` (and `blockId`) in a stored message / ephemeral / open view. */
  private locate(user: string, source: ActionSource, actionId: string, blockId?: string) {
    let blocks: unknown[] = [];
    let message: StoredMessage | undefined;
    let view: StoredView | undefined;
    let ephemeral = false;
    if ('viewId' in source) {
      view = this.stub.view(source.viewId);
      if (!view || view.closed) throw new Error(`view ${source.viewId} is not open`);
      blocks = view.blocks;
    } else {
      message = this.stub.message(source.message.channel, source.message.ts);
      if (message) {
        blocks = message.blocks ?? [];
      } else {
        const e = this.stub
          .ephemeralsTo(user)
          .find((x) => x.message_ts === source.message.ts && x.channel === source.message.channel);
        if (!e) throw new Error(`no message ${source.message.ts} in ${source.message.channel}`);
        blocks = e.blocks ?? [];
        ephemeral = true;
      }
    }
    const found: { block: Obj; element: Obj }[] = [];
    const seen: string[] = [];
    for (const b of blocks) {
      if (!isObject(b)) continue;
      const els: unknown[] = [];
      if (Array.isArray(b.elements) && b.type === 'actions') els.push(...b.elements);
      if (isObject(b.accessory)) els.push(b.accessory);
      if (isObject(b.element)) els.push(b.element);
      for (const el of els) {
        if (!isObject(el)) continue;
        seen.push(`${String(b.block_id)}/${String(el.action_id)}`);
        if (el.action_id === actionId && (blockId === undefined || b.block_id === blockId))
          found.push({ block: b, element: el });
      }
    }
    if (found.length === 0)
      throw new Error(`no element with action_id ${actionId} (have: ${seen.join(', ') || 'none'})`);
    if (found.length > 1) throw new Error(`several elements with action_id ${actionId}; give blockId`);
    return { ...found[0]!, message, view, ephemeral };
  }

  /**
   * A block_actions payload for any interactive element (button, select, overflow, datepicker…),
   * in a message (`message: { channel, ts }`) or an open view (`viewId`).
   * For views, `values` fills `view.state.values` (input blocks) as fillModal does.
   */
  async blockAction(
    opts: {
      user: string;
      actionId: string;
      blockId?: string;
      /** For buttons: overrides the button's value. For other elements: the chosen value. */
      value?: FillValue;
      values?: Record<string, BlockFill>;
    } & ActionSource &
      RequestOptions,
  ): Promise<DriverResponse & { triggerId: string; responseUrl?: string }> {
    const { block, element, message, view, ephemeral } = this.locate(
      opts.user,
      opts,
      opts.actionId,
      opts.blockId,
    );
    const actionTs = this.stub.nextTs();
    const base = { action_id: element.action_id, block_id: block.block_id, action_ts: actionTs };
    let action: Obj;
    if (element.type === 'button' || element.type === 'workflow_button') {
      const value = opts.value === undefined ? element.value : opts.value;
      action = {
        ...base,
        type: element.type,
        text: element.text,
        ...(value !== undefined ? { value } : {}),
        ...(element.style ? { style: element.style } : {}),
      };
    } else {
      action = { ...elementState(element, opts.value, opts.actionId), ...base };
      if (element.placeholder) action.placeholder = element.placeholder;
    }
    const triggerId = this.stub.issueTrigger({ user: opts.user });
    const common = {
      type: 'block_actions',
      user: this.userRef(opts.user),
      api_app_id: this.apiAppId,
      token: this.verificationToken,
      trigger_id: triggerId,
      team: this.team(),
      enterprise: null,
      is_enterprise_install: false,
      actions: [action],
    };
    if (view) {
      const payload = {
        ...common,
        container: { type: 'view', view_id: view.id },
        view: { ...this.stub.viewPayload(view), state: { values: fillModal(view, opts.values) } },
      };
      return { ...(await this.interaction(payload, opts)), triggerId };
    }
    const src = (opts as { message: { channel: string; ts: string } }).message;
    const responseUrl = this.stub.responseUrl(undefined, {
      user: opts.user,
      channel: src.channel,
      messageTs: src.ts,
      isEphemeral: ephemeral,
    });
    const payload: Obj = {
      ...common,
      container: {
        type: 'message',
        message_ts: src.ts,
        channel_id: src.channel,
        is_ephemeral: ephemeral,
        ...(message?.thread_ts ? { thread_ts: message.thread_ts } : {}),
      },
      channel: this.channelRef(src.channel),
      ...(message ? { message: this.stub.messagePayload(message) } : {}),
      state: { values: message ? fillModal({ blocks: message.blocks ?? [] }, opts.values) : {} },
      response_url: responseUrl,
    };
    return { ...(await this.interaction(payload, opts)), triggerId, responseUrl };
  }

  /**
   * Clicks the button `actionId` found in the stored message / view, as Slack would send it. When
   * the message has no such button but an overflow menu with an option standing for it (value
   * `<actionId>|<value>`, the department card's menus), that option is chosen instead: Slack then
   * sends the overflow's block_actions with `selected_option`.
   */
  clickButton(
    opts: { user: string; actionId: string; blockId?: string; value?: string } & ActionSource &
      RequestOptions,
  ): Promise<DriverResponse & { triggerId: string; responseUrl?: string }> {
    const menu = this.menuOptionFor(opts.user, opts, opts.actionId);
    if (menu)
      return this.blockAction({
        ...opts,
        actionId: menu.actionId,
        blockId: menu.blockId,
        value: opts.value === undefined ? menu.value : `${opts.actionId}|${opts.value}`,
      });
    return this.blockAction(opts);
  }

  /** The overflow option standing for `actionId` when no element has that action id (else null). */
  private menuOptionFor(
    user: string,
    source: ActionSource,
    actionId: string,
  ): { actionId: string; blockId: string; value: string } | null {
    try {
      this.locate(user, source, actionId);
      return null;
    } catch {
      // no such element: look for an overflow option standing for it
    }
    const blocks =
      'viewId' in source
        ? (this.stub.view(source.viewId)?.blocks ?? [])
        : (this.stub.message(source.message.channel, source.message.ts)?.blocks ??
          this.stub
            .ephemeralsTo(user)
            .find((x) => x.message_ts === source.message.ts && x.channel === source.message.channel)
            ?.blocks ??
          []);
    for (const b of blocks) {
      if (!isObject(b)) continue;
      const els: unknown[] = [...(Array.isArray(b.elements) ? b.elements : []), b.accessory];
      for (const el of els) {
        if (!isObject(el) || el.type !== 'overflow' || !Array.isArray(el.options)) continue;
        for (const o of el.options)
          if (isObject(o) && typeof o.value === 'string' && o.value.startsWith(`${actionId}|`))
            return { actionId: String(el.action_id), blockId: String(b.block_id), value: o.value };
      }
    }
    return null;
  }

  /**
   * Submits a view (default: the user's open modal) with `values` filled as fillModal does, then
   * applies the app's answer to the stub (close / errors / update / push / clear).
   * Throws when Slack's client would not let the user submit (required input empty…), unless
   * `skipClientChecks`.
   */
  async submitView(
    opts: {
      user: string;
      /** Default: the user's open modal. The current stored version of the view is used. */
      viewId?: string;
      view?: { id: string };
      values?: Record<string, BlockFill>;
      /** Raw state entries merged over the filled ones. */
      stateValues?: ViewStateValues;
      skipClientChecks?: boolean;
    } & RequestOptions,
  ): Promise<DriverResponse & { outcome: ViewSubmissionOutcome; viewId: string; payload: Obj }> {
    const viewId = opts.viewId ?? opts.view?.id;
    const view = viewId ? this.stub.view(viewId) : this.stub.openModal(opts.user);
    if (!view || view.closed) throw new Error(`submitView: no open view ${viewId ?? `for ${opts.user}`}`);
    if (view.type !== 'modal') throw new Error('submitView: only modals can be submitted');
    const values = { ...fillModal(view, opts.values), ...opts.stateValues };
    if (!opts.skipClientChecks) {
      const problems = clientSideProblems(view, values);
      if (problems.length > 0) throw new Error(`submitView: Slack would not submit: ${problems.join('; ')}`);
    }
    const payload = {
      type: 'view_submission',
      team: this.team(),
      user: this.userRef(opts.user),
      api_app_id: this.apiAppId,
      token: this.verificationToken,
      trigger_id: this.stub.issueTrigger({ user: opts.user }),
      view: { ...this.stub.viewPayload(view), state: { values } },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    const res = await this.interaction(payload, opts);
    const outcome = this.stub.applyViewSubmissionAnswer(opts.user, view.id, res.status, res.body);
    // `payload` is what was sent, so a test can deliver the very same submission again (as Slack redelivers).
    return { ...res, outcome, viewId: view.id, payload };
  }

  /** Closes the user's modal (Cancel); sends view_closed when the view asked for notify_on_close. */
  async closeView(
    opts: { user: string; viewId?: string } & RequestOptions,
  ): Promise<DriverResponse | undefined> {
    const view = opts.viewId ? this.stub.view(opts.viewId) : this.stub.openModal(opts.user);
    if (!view || view.closed) throw new Error('closeView: no open view');
    this.stub.closeModal(opts.user, true);
    if (!view.notify_on_close) return undefined;
    return this.interaction(
      {
        type: 'view_closed',
        team: this.team(),
        user: this.userRef(opts.user),
        api_app_id: this.apiAppId,
        token: this.verificationToken,
        view: this.stub.viewPayload(view),
        is_cleared: false,
        is_enterprise_install: false,
        enterprise: null,
      },
      opts,
    );
  }

  /** A message shortcut (`message_action`) on a stored message, or a global shortcut without one. */
  async shortcut(
    opts: { user: string; callbackId: string; message?: { channel: string; ts: string } } & RequestOptions,
  ): Promise<DriverResponse & { triggerId: string; responseUrl?: string }> {
    const triggerId = this.stub.issueTrigger({ user: opts.user });
    const common = {
      token: this.verificationToken,
      callback_id: opts.callbackId,
      trigger_id: triggerId,
      action_ts: this.stub.nextTs(),
      team: this.team(),
      user: this.userRef(opts.user),
      api_app_id: this.apiAppId,
      is_enterprise_install: false,
      enterprise: null,
    };
    if (!opts.message)
      return { ...(await this.interaction({ type: 'shortcut', ...common }, opts)), triggerId };
    const m = this.stub.message(opts.message.channel, opts.message.ts);
    if (!m) throw new Error(`shortcut: no message ${opts.message.ts} in ${opts.message.channel}`);
    const responseUrl = this.stub.responseUrl(undefined, { user: opts.user, channel: opts.message.channel });
    const payload = {
      type: 'message_action',
      ...common,
      channel: this.channelRef(opts.message.channel),
      message: this.stub.messagePayload(m),
      message_ts: m.ts,
      response_url: responseUrl,
    };
    return { ...(await this.interaction(payload, opts)), triggerId, responseUrl };
  }

  /**
   * An Events API `event_callback`. Give the same `eventId` with `retryNum` to simulate Slack's
   * retries (`x-slack-retry-num` / `x-slack-retry-reason`).
   */
  async event(
    event: Obj,
    opts: {
      eventId?: string;
      eventTime?: number;
      retryNum?: number;
      retryReason?: string;
    } & RequestOptions = {},
  ): Promise<DriverResponse & { eventId: string }> {
    const eventId =
      opts.eventId ?? `Ev0STUB${(++this.eventCounter).toString(36).toUpperCase().padStart(6, '0')}`;
    const eventTs =
      typeof event.event_ts === 'string'
        ? event.event_ts
        : typeof event.ts === 'string'
          ? event.ts
          : this.stub.nextTs();
    const body = {
      token: this.verificationToken,
      team_id: this.teamId,
      context_team_id: this.teamId,
      api_app_id: this.apiAppId,
      event: { ...event, event_ts: eventTs },
      type: 'event_callback',
      event_id: eventId,
      event_time: opts.eventTime ?? Math.floor(Number(eventTs)),
      authorizations: [
        {
          enterprise_id: null,
          team_id: this.teamId,
          user_id: this.stub.botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
      event_context: `4-stub-${eventId}`,
    };
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (opts.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(opts.retryNum);
      headers['x-slack-retry-reason'] = opts.retryReason ?? 'http_timeout';
    }
    return { ...(await this.raw(JSON.stringify(body), headers, opts)), eventId };
  }

  /**
   * A person posts a message: it is stored in the stub and a `message` (or `app_mention`) event is sent.
   */
  async userMessage(
    opts: {
      user: string;
      channel: string;
      text: string;
      threadTs?: string;
      eventType?: 'message' | 'app_mention';
      eventId?: string;
    } & RequestOptions,
  ): Promise<DriverResponse & { eventId: string; message: StoredMessage }> {
    const message = this.stub.addMessage(opts.channel, {
      user: opts.user,
      text: opts.text,
      thread_ts: opts.threadTs,
    });
    const ch = this.stub.channel(message.channel);
    const channelType = ch?.isIm ? 'im' : ch?.isMpim ? 'mpim' : ch?.isPrivate ? 'group' : 'channel';
    const event: Obj = {
      type: opts.eventType ?? 'message',
      user: opts.user,
      text: opts.text,
      ts: message.ts,
      channel: message.channel,
      team: this.teamId,
      ...(opts.eventType === 'app_mention' ? {} : { channel_type: channelType }),
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
      client_msg_id: `stub-${message.ts}`,
    };
    const res = await this.event(event, opts);
    return { ...res, message };
  }

  /** The `url_verification` handshake. */
  urlVerification(challenge = 'stub-challenge', opts: RequestOptions = {}): Promise<DriverResponse> {
    const body = JSON.stringify({ token: this.verificationToken, challenge, type: 'url_verification' });
    return this.raw(body, { 'content-type': 'application/json' }, opts);
  }
}
