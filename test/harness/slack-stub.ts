/**
 * A stand-in for the Slack Web API (plus upload URLs and response URLs) on 127.0.0.1, for end-to-end
 * tests. The app under test talks to it through `new WebClient(token, { slackApiUrl: stub.url })`.
 *
 * It speaks the Web API the way @slack/web-api calls it: `POST <base>/<method>` with a form-encoded
 * (objects as JSON strings), JSON or multipart body and `Authorization: Bearer <token>`; it answers
 * HTTP 200 with `{ ok: true, ... }` / `{ ok: false, error }`, 429 with `Retry-After`, or 500.
 * Every message and view goes through the Block Kit checks of ./block-kit.ts.
 * Socket Mode: `apps.connections.open` (app-level token only) hands out a `ws://…/socket?ticket=…` URL;
 * the WebSocket there says `hello`, answers pings, and carries envelopes (`stub.socketSend`).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { checkMessage, checkView, isObject } from './block-kit.ts';

type Obj = Record<string, unknown>;

/** The bot scopes `manifest.yml` asks for: a method needing another scope answers `missing_scope`. */
function manifestScopes(): Set<string> {
  const manifest = parseYaml(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')) as {
    oauth_config?: { scopes?: { bot?: string[] } };
  };
  return new Set(manifest.oauth_config?.scopes?.bot ?? []);
}

/** Scopes that each grant a method (any one is enough); methods not listed need none. */
const METHOD_SCOPES: Record<string, string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'reactions.add': ['reactions:write'],
  'reactions.remove': ['reactions:write'],
  'conversations.open': ['im:write', 'mpim:write'],
  'conversations.info': ['channels:read', 'groups:read', 'im:read', 'mpim:read'],
  'conversations.members': ['channels:read', 'groups:read', 'im:read', 'mpim:read'],
  'conversations.join': ['channels:join'],
  'conversations.history': ['channels:history', 'groups:history', 'im:history', 'mpim:history'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history', 'mpim:history'],
  'users.info': ['users:read'],
  'users.lookupByEmail': ['users:read.email'],
  'usergroups.users.list': ['usergroups:read'],
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
};

/** A workspace member known to the stub. Missing fields get defaults (locale en-US, tz UTC). */
export interface StubUser {
  id: string;
  name?: string;
  real_name?: string;
  display_name?: string;
  email?: string;
  /** e.g. `en-US`, `zh-CN`; only returned by users.info with `include_locale: true`, as Slack does. */
  locale?: string;
  tz?: string;
  tz_label?: string;
  /** Seconds east of UTC. */
  tz_offset?: number;
  is_bot?: boolean;
  is_admin?: boolean;
  deleted?: boolean;
  /** users.getPresence (default active). */
  presence?: 'active' | 'away';
  /** The profile's status (users.info). */
  status_emoji?: string;
  status_text?: string;
}

export interface SlackStubOptions {
  botToken: string;
  /** App-level token accepted by `apps.connections.open` (Socket Mode); default `xapp-test-token`. */
  appToken?: string;
  teamId?: string;
  teamDomain?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  users?: StubUser[];
  /** channel id -> member user ids (the bot is a member unless listed in `botNotInChannels`). */
  channels?: Record<string, string[]>;
  /** channel id -> name (default: the id in lower case). */
  channelNames?: Record<string, string>;
  archivedChannels?: string[];
  botNotInChannels?: string[];
  privateChannels?: string[];
  /** usergroup id -> user ids */
  usergroups?: Record<string, string[]>;
}

/**
 * How a call fails: an HTTP 429 or 500, an `ok: false` error, or one of two answers that follow a
 * call Slack did perform:
 * - `lost`: the call is applied (a post is stored), then the connection is closed with no answer,
 *   as when Slack's answer is lost on the way back;
 * - `hold`: the call is applied and its answer is held until `releaseHeld()` (a test can kill the
 *   app in that window, after Slack accepted the post and before the app heard of it);
 * - `slowMs`: the call is applied and answered normally after that many milliseconds;
 * - `holdBefore`: the call waits, not yet applied, until `releaseHeld()`; then it is applied and
 *   answered (a request overtaken on its way to Slack by a later one).
 */
export type StubFailure =
  | { status: 429; retryAfter: number }
  | { status: 500 }
  | { error: string }
  | { lost: true }
  | { hold: true }
  | { holdBefore: true }
  | { slowMs: number };

/** A call whose answer is held (see `StubFailure` `hold`). */
export interface HeldCall {
  method: string;
  args: Obj;
}

export interface RecordedCall {
  method: string;
  /** Parsed arguments (`blocks`, `view`, `attachments`, `files`, `metadata` parsed from JSON); no token. */
  args: Obj;
  /** Stub clock (ms) when the call arrived. */
  at: number;
  status: number;
  response: Obj | string;
}

export interface StoredMessage {
  type: 'message';
  channel: string;
  ts: string;
  user: string;
  text: string;
  team: string;
  bot_id?: string;
  app_id?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  reply_broadcast?: boolean;
  metadata?: unknown;
  edited?: { user: string; ts: string };
  reactions?: { name: string; users: string[]; count: number }[];
  files?: { id: string; name: string; title: string }[];
}

export interface StoredEphemeral {
  channel: string;
  user: string;
  message_ts: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
  source: 'chat.postEphemeral' | 'response_url' | 'ack';
  /** Set when replaced (replace_original) or deleted (delete_original) through a response URL. */
  deleted?: boolean;
}

export interface StoredView {
  id: string;
  team_id: string;
  type: 'modal' | 'home';
  /** The user the view is shown to. */
  user: string;
  title: unknown;
  submit: unknown;
  close: unknown;
  blocks: unknown[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: Obj };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  root_view_id: string | null;
  previous_view_id: string | null;
  app_id: string;
  bot_id: string;
  app_installed_team_id: string;
  /** Closed views stay in `stub.views` for inspection. */
  closed: boolean;
  /** The last `response_action: 'errors'` shown on this view, if any. */
  errors?: Record<string, string>;
}

export interface StubFile {
  id: string;
  filename: string;
  title: string;
  /** Length declared to files.getUploadURLExternal. */
  length: number;
  alt_text?: string;
  snippet_type?: string;
  /** Bytes POSTed to the upload URL (undefined until uploaded). */
  bytes?: Buffer;
  completed: boolean;
  channel?: string;
  initial_comment?: string;
  thread_ts?: string;
  /** ts of the message that shared the file in `channel`. */
  message_ts?: string;
}

/** What a response URL is tied to (set by the driver for commands, actions and shortcuts). */
export interface ResponseUrlContext {
  user?: string;
  channel?: string;
  /** The message the interaction came from (for replace_original / delete_original). */
  messageTs?: string;
  isEphemeral?: boolean;
}

export interface RecordedResponse {
  id: string;
  at: number;
  /** The JSON body POSTed by the app. */
  body: unknown;
  status: number;
  /** Block Kit / message violations (empty = accepted). */
  errors: string[];
  /** What the stub did with it. */
  outcome: 'ephemeral' | 'in_channel' | 'replaced' | 'deleted' | 'rejected';
  context: ResponseUrlContext;
  via: 'response_url' | 'ack';
}

export interface StubChannel {
  id: string;
  name: string;
  members: string[];
  archived: boolean;
  botMember: boolean;
  isPrivate: boolean;
  isIm: boolean;
  isMpim: boolean;
  /** For a DM: the other user. */
  imUser?: string;
}

/** Result of applying an app's answer to a view_submission (see SlackStub.applyViewSubmissionAnswer). */
export interface ViewSubmissionOutcome {
  action: 'closed' | 'errors' | 'update' | 'push' | 'clear' | 'none';
  /** Reasons the real Slack would refuse the answer (the modal then shows a generic error). */
  problems: string[];
  errors?: Record<string, string>;
}

interface Trigger {
  issuedAt: number;
  used: boolean;
  user?: string;
}

interface ResponseUrlState {
  context: ResponseUrlContext;
  createdAt: number;
  uses: number;
}

/** A Socket Mode envelope as Slack sends it over the WebSocket (envelope_id defaults to a fresh one). */
export interface SocketEnvelope {
  type: 'slash_commands' | 'interactive' | 'events_api';
  payload: Obj;
  envelope_id?: string;
  /** true for slash commands and interactive payloads (the ack may carry a response payload). */
  accepts_response_payload?: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

/** What the app sent back for an envelope: `{ envelope_id, payload }`. */
export interface SocketAck {
  envelope_id: string;
  payload?: Obj;
}

/** One accepted WebSocket connection (Socket Mode). */
interface StubSocket {
  socket: Socket;
  buffer: Buffer;
  /** Fragments of a message split over continuation frames. */
  fragments: Buffer[];
  open: boolean;
}

type ApiResult = {
  status?: number;
  body: Obj | string;
  headers?: Record<string, string>;
  /** The call was applied; its answer is never sent (`lost`) or sent on release (`hold`) or late. */
  after?: 'lost' | 'hold';
  delayMs?: number;
};
type Handler = (args: Obj) => Obj;

/** Keys whose form-encoded value is JSON (as @slack/web-api serialises objects). */
const JSON_ARGS = new Set(['blocks', 'attachments', 'view', 'files', 'metadata']);
const TRIGGER_RE = /^\d+\.\d+\.[0-9a-f]+$/;
const TRIGGER_TTL_MS = 3000;
const RESPONSE_URL_USES = 5;
const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;
const MODAL_STACK_MAX = 3;

const ok = (extra: Obj = {}): Obj => ({ ok: true, ...extra });
const fail = (error: string, extra: Obj = {}): Obj => ({ ok: false, error, ...extra });
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const bool = (v: unknown): boolean => v === true || v === 'true' || v === '1' || v === 1;
const clone = <T>(v: T): T => structuredClone(v);

/** Polls `predicate` until it returns a truthy value (no fixed sleeps); rejects after `timeoutMs`. */
export async function waitFor<T>(
  predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 5000,
  message = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`waitFor: ${message} not met within ${timeoutMs} ms${why}`);
    }
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** Gives blocks (and their elements) without ids a stable generated block_id/action_id, as Slack does. */
function withGeneratedIds(blocks: unknown[]): unknown[] {
  const short = (seed: string) => createHash('sha1').update(seed).digest('base64url').slice(0, 5);
  return blocks.map((b, i) => {
    if (!isObject(b)) return b;
    const block: Obj = clone(b);
    if (block.block_id === undefined) block.block_id = short(`${i}:${JSON.stringify(b)}`);
    const elements: unknown[] = [];
    if (Array.isArray(block.elements) && block.type === 'actions') elements.push(...block.elements);
    if (isObject(block.accessory)) elements.push(block.accessory);
    if (isObject(block.element)) elements.push(block.element);
    elements.forEach((el, j) => {
      if (isObject(el) && el.action_id === undefined && el.type !== 'image') {
        el.action_id = short(`${block.block_id}:${j}:${JSON.stringify(el)}`);
      }
    });
    return block;
  });
}

export class SlackStub {
  /** Base URL to give as `slackApiUrl` (ends with `/api/`). */
  readonly url: string;
  /** Root of the stub server (ends with `/`). */
  readonly root: string;
  readonly teamId: string;
  readonly teamDomain: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  readonly botToken: string;
  readonly appToken: string;

  /** Ack frames the app sent over Socket Mode, oldest first. */
  readonly socketAcks: SocketAck[] = [];

  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  /** Every view ever opened/published, by id (closed ones have `closed: true`). */
  readonly views = new Map<string, StoredView>();
  /** Files created by files.getUploadURLExternal, with the uploaded bytes. */
  readonly files: StubFile[] = [];

  private readonly server: Server;
  private readonly users = new Map<string, StubUser>();
  private readonly channels = new Map<string, StubChannel>();
  private readonly usergroups = new Map<string, string[]>();
  private readonly store = new Map<string, StoredMessage[]>();
  /** `${channel}:${ts}` → message, so look-ups stay cheap however many messages pile up (bench). */
  private readonly byTs = new Map<string, StoredMessage>();
  private readonly ephemerals: StoredEphemeral[] = [];
  private readonly triggers = new Map<string, Trigger>();
  private readonly responseUrls = new Map<string, ResponseUrlState>();
  private readonly modalStacks = new Map<string, string[]>();
  private readonly homeViews = new Map<string, string>();
  private readonly failures = new Map<string, { failure: StubFailure; remaining: number }[]>();
  private readonly held: { call: HeldCall; release: () => void }[] = [];
  private readonly failurePlans = new Map<
    string,
    { plan: (n: number) => StubFailure | undefined; calls: number }
  >();
  private heldWaiters: (() => void)[] = [];
  private readonly mpims = new Map<string, string>();
  private readonly handlers: Record<string, Handler>;
  /** The bot scopes granted (manifest.yml's). */
  readonly scopes: Set<string> = manifestScopes();
  private clockOffsetMs = 0;
  private lastTsMicros = 0n;
  private counter = 0;
  private tokenError: string | undefined;
  private readonly sockets: StubSocket[] = [];
  /** One-time tickets handed out by apps.connections.open. */
  private readonly socketTickets = new Set<string>();
  private readonly ackWaiters = new Map<string, (ack: SocketAck) => void>();

  constructor(server: Server, port: number, opts: SlackStubOptions) {
    this.server = server;
    this.root = `http://127.0.0.1:${port}/`;
    this.url = `${this.root}api/`;
    this.botToken = opts.botToken;
    this.appToken = opts.appToken ?? 'xapp-test-token';
    server.on('upgrade', (req: IncomingMessage, socket: Socket) => this.upgrade(req, socket));
    this.teamId = opts.teamId ?? 'T0STUBTEAM';
    this.teamDomain = opts.teamDomain ?? 'stub';
    this.botUserId = opts.botUserId ?? 'U0STUBBOT';
    this.botId = opts.botId ?? 'B0STUBBOT';
    this.appId = opts.appId ?? 'A0STUBAPP';
    this.addUser({ id: this.botUserId, name: 'service-desk', real_name: 'Service Desk', is_bot: true });
    for (const u of opts.users ?? []) this.addUser(u);
    for (const [id, members] of Object.entries(opts.channels ?? {})) {
      this.addChannel({
        id,
        name: opts.channelNames?.[id],
        members,
        archived: opts.archivedChannels?.includes(id),
        botMember: !opts.botNotInChannels?.includes(id),
        isPrivate: opts.privateChannels?.includes(id),
      });
    }
    for (const [id, users] of Object.entries(opts.usergroups ?? {})) this.usergroups.set(id, [...users]);
    this.handlers = this.buildHandlers();
  }

  // ---------------------------------------------------------------- test controls

  /** Stub clock in ms (Date.now() shifted by advanceClock); used for triggers, ts and response URLs. */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  /** A trigger_id valid for 3 s and once; `ageMs` makes it that old already (≥ 3000 = expired). */
  issueTrigger(opts: { user?: string; ageMs?: number } = {}): string {
    const n = ++this.counter;
    const id = `${Math.floor(this.now() / 1000)}.${n}.${randomBytes(8).toString('hex')}`;
    this.triggers.set(id, { issuedAt: this.now() - (opts.ageMs ?? 0), used: false, user: opts.user });
    return id;
  }

  /** Makes the next `times` calls of `method` ('*' = any method) fail. */
  failNext(method: string, failure: StubFailure, times = 1): void {
    const list = this.failures.get(method) ?? [];
    list.push({ failure, remaining: times });
    this.failures.set(method, list);
  }

  /**
   * Decides the failure of every later call of `method` by its number (0, 1, 2…), e.g. every 4th
   * post's answer lost; undefined lets the call through. `failNext` entries are used first.
   */
  setFailurePlan(method: string, plan: ((n: number) => StubFailure | undefined) | undefined): void {
    if (plan) this.failurePlans.set(method, { plan, calls: 0 });
    else this.failurePlans.delete(method);
  }

  /** Calls held (`hold`: applied, answer held; `holdBefore`: not yet applied), oldest first. */
  get heldCalls(): HeldCall[] {
    return this.held.map((h) => h.call);
  }

  /** Resolves when at least `n` answers are held. */
  async waitForHeld(n = 1, timeoutMs = 10_000): Promise<HeldCall[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.held.length < n) {
      if (Date.now() > deadline) throw new Error(`waitForHeld: ${this.held.length} of ${n} answers held`);
      await new Promise<void>((r) => {
        this.heldWaiters.push(r);
        setTimeout(r, 50).unref();
      });
    }
    return this.heldCalls;
  }

  /** Sends every held answer (to clients still connected). */
  releaseHeld(): void {
    for (const h of this.held.splice(0)) h.release();
  }

  /** Every later call fails with this error (e.g. `token_revoked`, `account_inactive`); undefined restores. */
  setTokenError(error: string | undefined): void {
    this.tokenError = error;
  }

  addUser(user: StubUser): void {
    this.users.set(user.id, { ...user });
  }

  user(id: string): StubUser | undefined {
    return this.users.get(id);
  }

  addChannel(ch: {
    id: string;
    name?: string;
    members?: string[];
    archived?: boolean;
    botMember?: boolean;
    isPrivate?: boolean;
  }): StubChannel {
    const channel: StubChannel = {
      id: ch.id,
      name: ch.name ?? ch.id.toLowerCase(),
      members: [...(ch.members ?? [])],
      archived: ch.archived ?? false,
      botMember: ch.botMember ?? true,
      isPrivate: ch.isPrivate ?? false,
      isIm: false,
      isMpim: false,
    };
    this.channels.set(ch.id, channel);
    return channel;
  }

  /** Replaces the members of a channel (creating it if unknown). */
  setChannelMembers(channel: string, users: string[]): void {
    const ch = this.channels.get(channel) ?? this.addChannel({ id: channel });
    ch.members = [...users];
  }

  setChannelArchived(channel: string, archived = true): void {
    this.requireChannel(channel).archived = archived;
  }

  setBotInChannel(channel: string, member: boolean): void {
    this.requireChannel(channel).botMember = member;
  }

  /** Sets a user's presence and status (users.getPresence, users.info's profile). */
  setUserStatus(id: string, status: Pick<StubUser, 'presence' | 'status_emoji' | 'status_text'>): void {
    const u = this.users.get(id);
    if (!u) throw new Error(`no user ${id}`);
    Object.assign(u, status);
  }

  setUsergroup(id: string, users: string[]): void {
    this.usergroups.set(id, [...users]);
  }

  channel(id: string): StubChannel | undefined {
    return this.channels.get(id);
  }

  /** The stable DM channel id between the bot and `userId`. */
  dmChannelId(userId: string): string {
    return this.dmChannel(userId).id;
  }

  /** A response URL on the stub; POSTs to it are recorded in `responses` and applied to the stored state. */
  responseUrl(id: string = `R${++this.counter}`, context: ResponseUrlContext = {}): string {
    this.responseUrls.set(id, { context, createdAt: this.now(), uses: 0 });
    return `${this.root}response/${this.teamId}/${id}/${randomBytes(6).toString('hex')}`;
  }

  /** Clears the recorded calls and responses (not the workspace state). */
  clear(): void {
    this.calls.length = 0;
    this.responses.length = 0;
  }

  /** Clears the recorded calls and all state created by the app (messages, views, files, triggers…). */
  reset(): void {
    this.clear();
    this.store.clear();
    this.byTs.clear();
    this.ephemerals.length = 0;
    this.views.clear();
    this.files.length = 0;
    this.triggers.clear();
    this.responseUrls.clear();
    this.modalStacks.clear();
    this.homeViews.clear();
    this.failures.clear();
    this.failurePlans.clear();
    this.releaseHeld();
    this.tokenError = undefined;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  waitFor<T>(
    predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>,
    timeoutMs = 5000,
    message?: string,
  ): Promise<T> {
    return waitFor(predicate, timeoutMs, message);
  }

  stop(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((err) => (err ? reject(err) : resolve()));
      this.server.closeAllConnections();
      for (const s of this.sockets) s.socket.destroy();
    });
  }

  // ---------------------------------------------------------------- Socket Mode (WebSocket)

  /** Open Socket Mode connections (the app holds one once started in Socket Mode). */
  socketConnections(): number {
    return this.sockets.filter((s) => s.open).length;
  }

  /**
   * Sends an envelope to the app over its newest open connection and resolves with the app's ack
   * frame (`{ envelope_id, payload }`); rejects when no ack comes within `timeoutMs` (Slack waits 3 s).
   */
  socketSend(envelope: SocketEnvelope, timeoutMs = 5000): Promise<SocketAck> {
    const conn = this.sockets.findLast((s) => s.open);
    if (!conn) return Promise.reject(new Error('socketSend: the app has no open Socket Mode connection'));
    const envelope_id = envelope.envelope_id ?? randomUUID();
    const frame = {
      envelope_id,
      accepts_response_payload: envelope.type !== 'events_api',
      ...envelope,
    };
    return new Promise<SocketAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.ackWaiters.delete(envelope_id);
        reject(new Error(`socketSend: no ack for ${envelope.type} ${envelope_id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.ackWaiters.set(envelope_id, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      wsSend(conn.socket, 0x1, Buffer.from(JSON.stringify(frame)));
    });
  }

  /** Sends Slack's `disconnect` message (e.g. `refresh_requested`, `warning`, `link_disabled`) on every connection. */
  socketDisconnect(reason = 'refresh_requested'): void {
    const msg = { type: 'disconnect', reason, debug_info: { host: 'stub-applink' } };
    for (const s of this.sockets) if (s.open) wsSend(s.socket, 0x1, Buffer.from(JSON.stringify(msg)));
  }

  /** WebSocket handshake (RFC 6455) on `/socket?ticket=…` from apps.connections.open, then `hello`. */
  private upgrade(req: IncomingMessage, socket: Socket): void {
    const url = new URL(req.url ?? '/', this.root);
    const ticket = url.searchParams.get('ticket') ?? '';
    const key = req.headers['sec-websocket-key'];
    if (url.pathname !== '/socket' || !this.socketTickets.delete(ticket) || typeof key !== 'string') {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    socket.setNoDelay(true);
    const conn: StubSocket = { socket, buffer: Buffer.alloc(0), fragments: [], open: true };
    this.sockets.push(conn);
    const gone = () => {
      conn.open = false;
      const i = this.sockets.indexOf(conn);
      if (i >= 0) this.sockets.splice(i, 1);
    };
    socket.on('close', gone);
    socket.on('error', gone);
    socket.on('data', (chunk: Buffer) => {
      conn.buffer = Buffer.concat([conn.buffer, chunk]);
      this.readFrames(conn);
    });
    const hello = {
      type: 'hello',
      num_connections: this.sockets.length,
      debug_info: { host: 'stub-applink', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: this.appId },
    };
    wsSend(socket, 0x1, Buffer.from(JSON.stringify(hello)));
  }

  /** Parses the (masked) client frames in the buffer: text messages, ping → pong, close → close. */
  private readFrames(conn: StubSocket): void {
    for (;;) {
      const b = conn.buffer;
      if (b.length < 2) return;
      const fin = (b[0]! & 0x80) !== 0;
      const opcode = b[0]! & 0x0f;
      const masked = (b[1]! & 0x80) !== 0;
      let len = b[1]! & 0x7f;
      let at = 2;
      if (len === 126) {
        if (b.length < 4) return;
        len = b.readUInt16BE(2);
        at = 4;
      } else if (len === 127) {
        if (b.length < 10) return;
        len = Number(b.readBigUInt64BE(2));
        at = 10;
      }
      const mask = masked ? b.subarray(at, at + 4) : undefined;
      if (masked) at += 4;
      if (b.length < at + len) return;
      const data = Buffer.from(b.subarray(at, at + len));
      if (mask) for (let i = 0; i < data.length; i++) data[i]! ^= mask[i % 4]!;
      conn.buffer = b.subarray(at + len);
      if (opcode === 0x9) {
        wsSend(conn.socket, 0xa, data);
      } else if (opcode === 0x8) {
        conn.open = false;
        wsSend(conn.socket, 0x8, data.subarray(0, 2));
        conn.socket.end();
        return;
      } else if (opcode === 0x1 || opcode === 0x0) {
        conn.fragments.push(data);
        if (fin) {
          const text = Buffer.concat(conn.fragments).toString('utf8');
          conn.fragments = [];
          this.receiveSocketMessage(text);
        }
      }
    }
  }

  private receiveSocketMessage(text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (!isObject(msg) || typeof msg.envelope_id !== 'string') return;
    const ack: SocketAck = {
      envelope_id: msg.envelope_id,
      ...(isObject(msg.payload) ? { payload: msg.payload } : {}),
    };
    this.socketAcks.push(ack);
    const waiter = this.ackWaiters.get(ack.envelope_id);
    this.ackWaiters.delete(ack.envelope_id);
    waiter?.(ack);
  }

  // ---------------------------------------------------------------- state read-out

  /** Current (not deleted) messages of a channel, thread replies included, oldest first. A user id means their DM. */
  messages(channel: string): StoredMessage[] {
    const ch = this.resolveChannel(channel);
    return ch ? clone(this.store.get(ch.id) ?? []) : [];
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    return this.messages(channel).find((m) => m.ts === ts);
  }

  /** Replies in the thread of `threadTs` (parent excluded). */
  threadReplies(channel: string, threadTs: string): StoredMessage[] {
    return this.messages(channel).filter((m) => m.thread_ts === threadTs && m.ts !== threadTs);
  }

  /** Messages in the bot's DM with `userId`. */
  dmsTo(userId: string): StoredMessage[] {
    const id = this.dmChannel(userId).id;
    return clone(this.store.get(id) ?? []);
  }

  /** Ephemeral messages shown to `userId` (chat.postEphemeral, response URLs, command acks). */
  ephemeralsTo(userId: string): StoredEphemeral[] {
    return clone(this.ephemerals.filter((e) => e.user === userId && !e.deleted));
  }

  /** The modal on top of the user's stack, if one is open. */
  openModal(userId: string): StoredView | undefined {
    const stack = this.modalStacks.get(userId);
    const top = stack?.[stack.length - 1];
    return top ? clone(this.views.get(top)) : undefined;
  }

  /** The user's open modals, bottom first. */
  modalStack(userId: string): StoredView[] {
    return (this.modalStacks.get(userId) ?? []).map((id) => clone(this.views.get(id)!));
  }

  homeView(userId: string): StoredView | undefined {
    const id = this.homeViews.get(userId);
    return id ? clone(this.views.get(id)) : undefined;
  }

  view(id: string): StoredView | undefined {
    const v = this.views.get(id);
    return v ? clone(v) : undefined;
  }

  /** Adds a message written by a person (e.g. a customer) and returns it; the driver sends the event. */
  addMessage(
    channel: string,
    msg: { user: string; text: string; thread_ts?: string; blocks?: unknown[] },
  ): StoredMessage {
    const ch = this.resolveChannel(channel);
    if (!ch) throw new Error(`addMessage: unknown channel ${channel}`);
    const stored: StoredMessage = {
      type: 'message',
      channel: ch.id,
      ts: this.nextTs(),
      user: msg.user,
      text: msg.text,
      team: this.teamId,
      ...(msg.blocks ? { blocks: withGeneratedIds(msg.blocks) } : {}),
      ...(msg.thread_ts ? { thread_ts: this.threadRoot(ch.id, msg.thread_ts) } : {}),
    };
    this.pushMessage(stored);
    return clone(stored);
  }

  /** Closes the user's modal stack (as if they pressed Close / Esc). */
  closeModal(userId: string, all = true): void {
    const stack = this.modalStacks.get(userId) ?? [];
    const toClose = all ? stack.splice(0) : stack.splice(-1);
    for (const id of toClose) this.views.get(id)!.closed = true;
    if (stack.length === 0) this.modalStacks.delete(userId);
  }

  /** A fresh ts like "1732300000.000100", unique and increasing. */
  nextTs(): string {
    const nowMicros = BigInt(this.now()) * 1000n;
    const next = nowMicros > this.lastTsMicros + 100n ? nowMicros : this.lastTsMicros + 100n;
    this.lastTsMicros = next;
    return `${next / 1_000_000n}.${(next % 1_000_000n).toString().padStart(6, '0')}`;
  }

  /**
   * Applies the app's HTTP answer to a view_submission the way Slack does: empty 200 closes the view,
   * `response_action` errors/update/push/clear. Used by the driver.
   */
  applyViewSubmissionAnswer(
    userId: string,
    viewId: string,
    status: number,
    body: unknown,
  ): ViewSubmissionOutcome {
    const view = this.views.get(viewId);
    if (!view) return { action: 'none', problems: [`unknown view ${viewId}`] };
    if (status !== 200) return { action: 'none', problems: [`app answered HTTP ${status}`] };
    const answer = isObject(body) ? body : undefined;
    const action = answer?.response_action;
    if (action === undefined) {
      if (body !== undefined && body !== '' && !isObject(body)) {
        return { action: 'none', problems: [`unexpected answer body ${JSON.stringify(body)}`] };
      }
      this.closeModal(userId, false);
      return { action: 'closed', problems: [] };
    }
    if (action === 'errors') {
      const errors = answer?.errors;
      if (!isObject(errors))
        return { action: 'none', problems: ['response_action errors needs an errors object'] };
      const inputIds = new Set(
        view.blocks.filter((b) => isObject(b) && b.type === 'input').map((b) => (b as Obj).block_id),
      );
      const problems = Object.keys(errors)
        .filter((k) => !inputIds.has(k))
        .map((k) => `errors key ${k} is not the block_id of an input block`);
      for (const [k, msg] of Object.entries(errors)) {
        if (typeof msg !== 'string' || msg.length === 0)
          problems.push(`errors.${k} must be a non-empty string`);
        // Field errors are plain text: markup (a mention, a link, an entity) shows raw.
        else if (/<[@#!]|<https?:|&(?:amp|lt|gt);/.test(msg))
          problems.push(`errors.${k} shows raw markup (field errors are plain text): ${JSON.stringify(msg)}`);
      }
      if (problems.length === 0) view.errors = errors as Record<string, string>;
      return { action: 'errors', problems, errors: errors as Record<string, string> };
    }
    if (action === 'clear') {
      this.closeModal(userId, true);
      return { action: 'clear', problems: [] };
    }
    if (action === 'update' || action === 'push') {
      const spec = answer?.view;
      const problems = checkView(spec);
      if (!isObject(spec) || problems.length > 0) return { action: 'none', problems };
      if (spec.type !== 'modal') return { action: 'none', problems: ['view type must be modal'] };
      if (action === 'update') {
        this.replaceView(view, spec);
        return { action: 'update', problems: [] };
      }
      const stack = this.modalStacks.get(userId) ?? [];
      if (stack.length >= MODAL_STACK_MAX) return { action: 'none', problems: ['push_limit_reached'] };
      this.pushModal(userId, spec, stack);
      return { action: 'push', problems: [] };
    }
    return { action: 'none', problems: [`unknown response_action ${JSON.stringify(action)}`] };
  }

  /**
   * Applies a message body given to a response URL (or as a command's ack body, `via: 'ack'`).
   * Returns the HTTP status and JSON body the stub answers with.
   */
  deliverResponse(
    id: string,
    body: unknown,
    via: 'response_url' | 'ack' = 'response_url',
  ): { status: number; body: Obj } {
    const state = this.responseUrls.get(id);
    const context = state?.context ?? {};
    const errorCode = (errors: string[]) => errors[0]!.split(':')[0]!;
    const record = (status: number, errors: string[], outcome: RecordedResponse['outcome']) => {
      this.responses.push({ id, at: this.now(), body: clone(body), status, errors, outcome, context, via });
      return { status, body: errors.length > 0 ? fail(errorCode(errors), { errors }) : ok() };
    };
    if (via === 'response_url') {
      if (!state) return record(404, ['invalid_url: unknown response URL'], 'rejected');
      if (this.now() - state.createdAt > RESPONSE_URL_TTL_MS)
        return record(404, ['expired_url: older than 30 minutes'], 'rejected');
      if (state.uses >= RESPONSE_URL_USES) return record(404, ['used_url: used 5 times already'], 'rejected');
      state.uses++;
    }
    if (!isObject(body)) return record(400, ['invalid_payload: body must be a JSON object'], 'rejected');

    const originalTs = context.messageTs;
    if (bool(body.delete_original)) {
      if (!originalTs || !context.channel)
        return record(404, ['message_not_found: no original message'], 'rejected');
      if (context.isEphemeral) {
        const e = this.ephemerals.find((x) => x.message_ts === originalTs && x.user === context.user);
        if (e) e.deleted = true;
      } else {
        this.removeMessage(context.channel, originalTs);
      }
      return record(200, [], 'deleted');
    }
    const check = checkMessage(body);
    if (check)
      return record(
        400,
        check.errors.map((e) => `${check.error}: ${e}`),
        'rejected',
      );
    const text = str(body.text) ?? '';
    const blocks = Array.isArray(body.blocks) ? withGeneratedIds(body.blocks) : undefined;

    if (bool(body.replace_original) && originalTs && context.channel) {
      if (context.isEphemeral) {
        const e = this.ephemerals.find((x) => x.message_ts === originalTs && x.user === context.user);
        if (e) Object.assign(e, { text, blocks });
      } else {
        const m = this.findMessage(context.channel, originalTs);
        if (!m) return record(404, ['message_not_found: original message is gone'], 'rejected');
        Object.assign(m, { text, blocks, edited: { user: this.botUserId, ts: this.nextTs() } });
      }
      return record(200, [], 'replaced');
    }
    if (body.response_type === 'in_channel' && context.channel) {
      this.pushMessage({
        ...this.botMessageBase(context.channel),
        text,
        ...(blocks ? { blocks } : {}),
        ...(str(body.thread_ts) ? { thread_ts: str(body.thread_ts) } : {}),
      });
      return record(200, [], 'in_channel');
    }
    this.ephemerals.push({
      channel: context.channel ?? '',
      user: context.user ?? '',
      message_ts: this.nextTs(),
      text,
      ...(blocks ? { blocks } : {}),
      ...(str(body.thread_ts) ? { thread_ts: str(body.thread_ts) } : {}),
      source: via,
    });
    return record(200, [], 'ephemeral');
  }

  // ---------------------------------------------------------------- HTTP

  /** Entry point of the HTTP server. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', this.root);
    const send = (r: ApiResult) => {
      const isText = typeof r.body === 'string';
      res.writeHead(r.status ?? 200, {
        'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
        ...r.headers,
      });
      res.end(isText ? r.body : JSON.stringify(r.body));
    };
    try {
      if (url.pathname.startsWith('/api/')) {
        const method = url.pathname.slice(5);
        const r = await this.handleApi(method, req, raw, url);
        if (r.after === 'lost') {
          req.socket.destroy();
          return;
        }
        if (r.after === 'hold') {
          await new Promise<void>((release) => {
            this.held.push({ call: { method, args: this.calls.at(-1)?.args ?? {} }, release });
            for (const w of this.heldWaiters.splice(0)) w();
          });
          if (req.socket.destroyed) return;
        }
        if (r.delayMs) await new Promise((wake) => setTimeout(wake, r.delayMs));
        send(r);
      } else if (url.pathname.startsWith('/upload/v1/')) {
        send(await this.handleUpload(url.pathname.slice('/upload/v1/'.length), req, raw));
      } else if (url.pathname.startsWith('/response/')) {
        const id = url.pathname.split('/')[3] ?? '';
        const body = parseResponseBody(req.headers['content-type'], raw);
        const r = this.deliverResponse(id, body);
        send({ status: r.status, body: r.body });
      } else {
        send({ status: 404, body: 'not found' });
      }
    } catch (e) {
      send({ status: 500, body: `stub error: ${e instanceof Error ? e.stack : String(e)}` });
    }
  }

  private async handleApi(method: string, req: IncomingMessage, raw: Buffer, url: URL): Promise<ApiResult> {
    const args = await parseArgs(req.headers['content-type'], raw, url.searchParams);
    const token = bearer(req.headers.authorization) ?? str(args.token);
    delete args.token;
    const next = this.failures.get(method)?.[0]?.failure;
    let applyOnly = false;
    if (next && 'holdBefore' in next) {
      this.takeFailure(method);
      await new Promise<void>((release) => {
        this.held.push({ call: { method, args }, release });
        for (const w of this.heldWaiters.splice(0)) w();
      });
      applyOnly = true;
    }
    const result = this.answer(method, args, token, applyOnly);
    this.calls.push({
      method,
      args,
      at: this.now(),
      status: result.status ?? 200,
      response: typeof result.body === 'string' ? result.body : clone(result.body),
    });
    return result;
  }

  private answer(method: string, args: Obj, token: string | undefined, applyOnly = false): ApiResult {
    const failure = applyOnly
      ? undefined
      : (this.takeFailure(method) ?? this.takeFailure('*') ?? this.planned(method));
    if (failure && ('lost' in failure || 'hold' in failure)) {
      return { ...this.answer(method, args, token, true), after: 'lost' in failure ? 'lost' : 'hold' };
    }
    if (failure && 'slowMs' in failure)
      return { ...this.answer(method, args, token, true), delayMs: failure.slowMs };
    // A holdBefore reached here through `*` or a plan: it holds only when set for the method.
    if (failure && 'holdBefore' in failure) return this.answer(method, args, token, true);
    if (failure) {
      if ('error' in failure) return { body: fail(failure.error) };
      if (failure.status === 429) {
        return {
          status: 429,
          body: fail('ratelimited'),
          headers: { 'retry-after': String(failure.retryAfter) },
        };
      }
      return { status: 500, body: 'Internal Server Error' };
    }
    if (!token) return { body: fail('not_authed') };
    // Socket Mode: apps.connections.open takes the app-level token (xapp-) and nothing else does.
    if (method === 'apps.connections.open') {
      if (token === this.botToken) return { body: fail('not_allowed_token_type') };
      if (token !== this.appToken) return { body: fail('invalid_auth') };
      const ticket = randomBytes(12).toString('hex');
      this.socketTickets.add(ticket);
      return {
        body: ok({ url: `ws://${new URL(this.root).host}/socket?ticket=${ticket}&app_id=${this.appId}` }),
      };
    }
    if (token === this.appToken) return { body: fail('not_allowed_token_type') };
    if (token !== this.botToken) return { body: fail('invalid_auth') };
    if (this.tokenError) return { body: fail(this.tokenError) };
    const handler = this.handlers[method];
    if (!handler) return { body: fail('unknown_method', { req_method: method }) };
    const needed = METHOD_SCOPES[method];
    if (needed && !needed.some((scope) => this.scopes.has(scope)))
      return {
        body: fail('missing_scope', { needed: needed.join(','), provided: [...this.scopes].join(',') }),
      };
    return { body: handler(args) };
  }

  private planned(method: string): StubFailure | undefined {
    const p = this.failurePlans.get(method);
    return p ? p.plan(p.calls++) : undefined;
  }

  private takeFailure(method: string): StubFailure | undefined {
    const list = this.failures.get(method);
    const first = list?.[0];
    if (!list || !first) return undefined;
    first.remaining--;
    if (first.remaining <= 0) list.shift();
    return first.failure;
  }

  private async handleUpload(fileId: string, req: IncomingMessage, raw: Buffer): Promise<ApiResult> {
    const file = this.files.find((f) => f.id === fileId);
    if (!file) return { status: 404, body: 'file not found' };
    const ct = req.headers['content-type'] ?? '';
    let bytes = raw;
    if (ct.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': ct } }).formData();
      for (const [, value] of form) {
        if (typeof value !== 'string') {
          bytes = Buffer.from(await value.arrayBuffer());
          break;
        }
        bytes = Buffer.from(value);
      }
    }
    file.bytes = bytes;
    return { status: 200, body: `OK - ${bytes.length}` };
  }

  // ---------------------------------------------------------------- channels & messages

  private requireChannel(id: string): StubChannel {
    const ch = this.channels.get(id);
    if (!ch) throw new Error(`unknown channel ${id}`);
    return ch;
  }

  private dmChannel(userId: string): StubChannel {
    const id = `D${userId}`;
    let ch = this.channels.get(id);
    if (!ch) {
      ch = {
        id,
        name: id,
        members: [userId, this.botUserId],
        archived: false,
        botMember: true,
        isPrivate: true,
        isIm: true,
        isMpim: false,
        imUser: userId,
      };
      this.channels.set(id, ch);
    }
    return ch;
  }

  /** Channel id, DM channel id, or a user id (→ the bot's DM with that user). */
  private resolveChannel(idOrUser: string | undefined): StubChannel | undefined {
    if (!idOrUser) return undefined;
    const ch = this.channels.get(idOrUser);
    if (ch) return ch;
    const user = this.users.get(idOrUser);
    if (user && !user.is_bot && /^[UW]/.test(idOrUser)) return this.dmChannel(idOrUser);
    return undefined;
  }

  /** Error for posting as the bot in a channel, if any. */
  private postError(ch: StubChannel | undefined): string | undefined {
    if (!ch) return 'channel_not_found';
    if (ch.archived) return 'is_archived';
    if (!ch.botMember) return ch.isPrivate ? 'channel_not_found' : 'not_in_channel';
    if (ch.isIm && ch.imUser && this.users.get(ch.imUser)?.deleted) return 'user_disabled';
    return undefined;
  }

  /** The fields every message the bot posts carries (a new ts each time). */
  private botMessageBase(
    channel: string,
  ): Pick<StoredMessage, 'type' | 'channel' | 'ts' | 'user' | 'bot_id' | 'app_id' | 'team'> {
    return {
      type: 'message',
      channel,
      ts: this.nextTs(),
      user: this.botUserId,
      bot_id: this.botId,
      app_id: this.appId,
      team: this.teamId,
    };
  }

  private findMessage(channel: string, ts: string): StoredMessage | undefined {
    return this.byTs.get(`${channel}:${ts}`);
  }

  /** The ts of the thread root for a thread_ts (a reply's ts maps to its parent, as in Slack). */
  private threadRoot(channel: string, threadTs: string): string {
    return this.findMessage(channel, threadTs)?.thread_ts ?? threadTs;
  }

  private pushMessage(m: StoredMessage): void {
    const list = this.store.get(m.channel) ?? [];
    const last = list.at(-1);
    list.push(m);
    // Kept in ts order; new messages almost always come last, so sort only when one does not.
    if (last && compareTs(last.ts, m.ts) > 0) list.sort((a, b) => compareTs(a.ts, b.ts));
    this.store.set(m.channel, list);
    this.byTs.set(`${m.channel}:${m.ts}`, m);
    if (m.thread_ts && m.thread_ts !== m.ts) {
      const parent = this.findMessage(m.channel, m.thread_ts);
      if (parent && parent.thread_ts === undefined) parent.thread_ts = parent.ts;
    }
  }

  private removeMessage(channel: string, ts: string): boolean {
    const list = this.store.get(channel);
    const i = list?.findIndex((m) => m.ts === ts) ?? -1;
    if (!list || i < 0) return false;
    list.splice(i, 1);
    this.byTs.delete(`${channel}:${ts}`);
    return true;
  }

  /** A stored message as Slack returns it in API answers and interaction payloads. */
  messagePayload(m: StoredMessage): Obj {
    const { channel: _channel, ...rest } = clone(m);
    return rest;
  }

  private channelObject(ch: StubChannel): Obj {
    return {
      id: ch.id,
      name: ch.isIm ? undefined : ch.name,
      is_channel: !ch.isIm && !ch.isMpim && !ch.isPrivate,
      is_group: ch.isPrivate && !ch.isIm && !ch.isMpim,
      is_im: ch.isIm,
      is_mpim: ch.isMpim,
      is_private: ch.isPrivate,
      is_archived: ch.archived,
      is_member: ch.botMember,
      is_general: false,
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      context_team_id: this.teamId,
      created: 1700000000,
      creator: 'U0CREATOR',
      ...(ch.isIm ? { user: ch.imUser, is_open: true } : {}),
    };
  }

  /** Members as conversations.members lists them (the bot included when it is a member). */
  private channelMembers(ch: StubChannel): string[] {
    const list = [...ch.members];
    if (ch.botMember && !list.includes(this.botUserId)) list.push(this.botUserId);
    return list;
  }

  private userObject(u: StubUser, includeLocale: boolean): Obj {
    const realName = u.real_name ?? u.name ?? u.id;
    const displayName = u.display_name ?? u.name ?? '';
    return {
      id: u.id,
      team_id: this.teamId,
      name: u.name ?? u.id.toLowerCase(),
      deleted: u.deleted ?? false,
      real_name: realName,
      tz: u.tz ?? 'UTC',
      tz_label: u.tz_label ?? 'Coordinated Universal Time',
      tz_offset: u.tz_offset ?? 0,
      is_admin: u.is_admin ?? false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: u.is_bot ?? false,
      is_app_user: false,
      updated: 1700000000,
      ...(includeLocale ? { locale: u.locale ?? 'en-US' } : {}),
      profile: {
        real_name: realName,
        real_name_normalized: realName,
        display_name: displayName,
        display_name_normalized: displayName,
        email: u.email,
        image_72: `https://stub.slack.test/avatars/${u.id}.png`,
        team: this.teamId,
        ...(u.is_bot ? { bot_id: this.botId } : {}),
        status_emoji: u.status_emoji ?? '',
        status_text: u.status_text ?? '',
      },
    };
  }

  // ---------------------------------------------------------------- views

  private newViewId(): string {
    return `V0STUB${(++this.counter).toString(36).toUpperCase().padStart(5, '0')}`;
  }

  private newHash(): string {
    return `${Math.floor(this.now() / 1000)}.${randomBytes(6).toString('base64url')}`;
  }

  private makeView(id: string, user: string, spec: Obj, previous: StoredView | undefined): StoredView {
    return {
      id,
      team_id: this.teamId,
      type: spec.type === 'home' ? 'home' : 'modal',
      user,
      title: spec.title ?? null,
      submit: spec.submit ?? null,
      close: spec.close ?? null,
      blocks: withGeneratedIds(Array.isArray(spec.blocks) ? spec.blocks : []),
      private_metadata: str(spec.private_metadata) ?? '',
      callback_id: str(spec.callback_id) ?? '',
      external_id: str(spec.external_id) ?? '',
      state: { values: {} },
      hash: this.newHash(),
      clear_on_close: bool(spec.clear_on_close),
      notify_on_close: bool(spec.notify_on_close),
      root_view_id: previous ? (previous.root_view_id ?? previous.id) : spec.type === 'home' ? null : id,
      previous_view_id: previous?.id ?? null,
      app_id: this.appId,
      bot_id: this.botId,
      app_installed_team_id: this.teamId,
      closed: false,
    };
  }

  /** The view as Slack returns it in API answers and payloads. */
  viewPayload(v: StoredView): Obj {
    const { user: _user, closed: _closed, errors: _errors, ...rest } = clone(v);
    return rest;
  }

  private replaceView(view: StoredView, spec: Obj): void {
    const updated = this.makeView(view.id, view.user, spec, undefined);
    updated.root_view_id = view.root_view_id;
    updated.previous_view_id = view.previous_view_id;
    this.views.set(view.id, updated);
  }

  private pushModal(user: string, spec: Obj, stack: string[]): StoredView {
    const previous = stack.length > 0 ? this.views.get(stack[stack.length - 1]!) : undefined;
    const view = this.makeView(this.newViewId(), user, spec, previous);
    this.views.set(view.id, view);
    stack.push(view.id);
    this.modalStacks.set(user, stack);
    return view;
  }

  /** Checks a trigger for views.open/push; returns an error code or the trigger. */
  private useTrigger(id: unknown): Trigger | string {
    if (typeof id !== 'string' || !TRIGGER_RE.test(id)) return 'invalid_trigger_id';
    const trigger = this.triggers.get(id);
    if (!trigger) return 'expired_trigger_id';
    if (trigger.used) return 'exchanged_trigger_id';
    if (this.now() - trigger.issuedAt > TRIGGER_TTL_MS) return 'expired_trigger_id';
    return trigger;
  }

  private viewError(view: unknown): Obj | undefined {
    const errors = checkView(view);
    if (errors.length === 0) return undefined;
    return fail('invalid_blocks', {
      errors,
      response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) },
    });
  }

  // ---------------------------------------------------------------- Web API methods

  private buildHandlers(): Record<string, Handler> {
    const messageError = (check: ReturnType<typeof checkMessage>) =>
      check &&
      fail(check.error, {
        errors: check.errors,
        response_metadata: { messages: check.errors.map((e) => `[ERROR] ${e}`) },
      });

    return {
      'api.test': (args) => ok({ args }),

      'auth.test': () =>
        ok({
          url: `https://${this.teamDomain}.slack.test/`,
          team: 'Stub Workspace',
          user: 'service-desk',
          team_id: this.teamId,
          user_id: this.botUserId,
          bot_id: this.botId,
          is_enterprise_install: false,
        }),

      'chat.postMessage': (args) => {
        const ch = this.resolveChannel(str(args.channel));
        const err = this.postError(ch);
        if (err || !ch) return fail(err ?? 'channel_not_found');
        const bad = messageError(checkMessage(args));
        if (bad) return bad;
        const threadTs = str(args.thread_ts);
        if (threadTs && !this.findMessage(ch.id, threadTs)) return fail('thread_not_found');
        const m: StoredMessage = {
          ...this.botMessageBase(ch.id),
          text: str(args.text) ?? '',
          ...(Array.isArray(args.blocks) ? { blocks: withGeneratedIds(args.blocks) } : {}),
          ...(Array.isArray(args.attachments) ? { attachments: clone(args.attachments) } : {}),
          ...(threadTs ? { thread_ts: this.threadRoot(ch.id, threadTs) } : {}),
          ...(bool(args.reply_broadcast) ? { reply_broadcast: true } : {}),
          ...(args.metadata !== undefined ? { metadata: clone(args.metadata) } : {}),
        };
        this.pushMessage(m);
        return ok({ channel: ch.id, ts: m.ts, message: this.messagePayload(m) });
      },

      'chat.postEphemeral': (args) => {
        const ch = this.resolveChannel(str(args.channel));
        const user = str(args.user);
        if (!user) return fail('user_not_found');
        const err = this.postError(ch);
        if (err || !ch) return fail(err ?? 'channel_not_found');
        if (!this.users.has(user)) return fail('user_not_found');
        if (!ch.isIm && !ch.members.includes(user)) return fail('user_not_in_channel');
        if (ch.isIm && ch.imUser !== user) return fail('user_not_in_channel');
        const bad = messageError(checkMessage(args));
        if (bad) return bad;
        const e: StoredEphemeral = {
          channel: ch.id,
          user,
          message_ts: this.nextTs(),
          text: str(args.text) ?? '',
          ...(Array.isArray(args.blocks) ? { blocks: withGeneratedIds(args.blocks) } : {}),
          ...(str(args.thread_ts) ? { thread_ts: str(args.thread_ts) } : {}),
          source: 'chat.postEphemeral',
        };
        this.ephemerals.push(e);
        return ok({ message_ts: e.message_ts });
      },

      'chat.update': (args) => {
        const ch = this.resolveChannel(str(args.channel));
        if (!ch) return fail('channel_not_found');
        const m = this.findMessage(ch.id, str(args.ts) ?? '');
        if (!m) return fail('message_not_found');
        if (m.user !== this.botUserId) return fail('cant_update_message');
        if (ch.archived) return fail('is_archived');
        const bad = messageError(checkMessage(args, false));
        if (bad) return bad;
        if (typeof args.text === 'string') m.text = args.text;
        // As in Slack: omitted blocks are kept; an empty array removes them.
        if (Array.isArray(args.blocks)) {
          if (args.blocks.length > 0) m.blocks = withGeneratedIds(args.blocks);
          else delete m.blocks;
        }
        if (Array.isArray(args.attachments)) m.attachments = clone(args.attachments);
        if (args.metadata !== undefined) m.metadata = clone(args.metadata);
        if (!m.text && !m.blocks?.length && !m.attachments?.length) return fail('no_text');
        m.edited = { user: this.botUserId, ts: this.nextTs() };
        return ok({ channel: ch.id, ts: m.ts, text: m.text, message: this.messagePayload(m) });
      },

      'chat.delete': (args) => {
        const ch = this.resolveChannel(str(args.channel));
        if (!ch) return fail('channel_not_found');
        const ts = str(args.ts) ?? '';
        const m = this.findMessage(ch.id, ts);
        if (!m) return fail('message_not_found');
        if (m.user !== this.botUserId) return fail('cant_delete_message');
        this.removeMessage(ch.id, ts);
        return ok({ channel: ch.id, ts });
      },

      'chat.getPermalink': (args) => {
        const ch = this.resolveChannel(str(args.channel));
        if (!ch) return fail('channel_not_found');
        const ts = str(args.message_ts) ?? '';
        const m = this.findMessage(ch.id, ts);
        if (!m) return fail('message_not_found');
        const base = `https://stub.slack.test/archives/${ch.id}/p${ts.replace('.', '')}`;
        const permalink =
          m.thread_ts && m.thread_ts !== m.ts ? `${base}?thread_ts=${m.thread_ts}&cid=${ch.id}` : base;
        return ok({ channel: ch.id, permalink });
      },

      'reactions.add': (args) => {
        const ch = this.resolveChannel(str(args.channel));
        if (!ch) return fail('channel_not_found');
        const m = this.findMessage(ch.id, str(args.timestamp) ?? '');
        if (!m) return fail('message_not_found');
        const name = str(args.name);
        if (!name || name.includes(':')) return fail('invalid_name');
        m.reactions ??= [];
        const r = m.reactions.find((x) => x.name === name);
        if (r?.users.includes(this.botUserId)) return fail('already_reacted');
        if (r) {
          r.users.push(this.botUserId);
          r.count++;
        } else {
          m.reactions.push({ name, users: [this.botUserId], count: 1 });
        }
        return ok();
      },

      'reactions.remove': (args) => {
        const ch = this.resolveChannel(str(args.channel));
        if (!ch) return fail('channel_not_found');
        const m = this.findMessage(ch.id, str(args.timestamp) ?? '');
        if (!m) return fail('message_not_found');
        const r = m.reactions?.find((x) => x.name === str(args.name));
        if (!r?.users.includes(this.botUserId)) return fail('no_reaction');
        r.users = r.users.filter((u) => u !== this.botUserId);
        r.count--;
        if (r.count === 0) m.reactions = m.reactions?.filter((x) => x !== r);
        return ok();
      },

      'conversations.open': (args) => {
        const channelArg = str(args.channel);
        if (channelArg) {
          const ch = this.channels.get(channelArg);
          return ch ? ok({ channel: { id: ch.id }, already_open: true }) : fail('channel_not_found');
        }
        const users = (str(args.users) ?? '')
          .split(',')
          .map((u) => u.trim())
          .filter(Boolean);
        if (users.length === 0) return fail('users_list_not_supplied');
        if (users.length > 8) return fail('too_many_users');
        for (const u of users) if (!this.users.has(u)) return fail('user_not_found');
        if (users.length === 1) {
          const ch = this.dmChannel(users[0]!);
          return ok({ channel: bool(args.return_im) ? this.channelObject(ch) : { id: ch.id } });
        }
        const key = [...users].sort().join(',');
        let id = this.mpims.get(key);
        if (!id) {
          id = `G0STUB${(++this.counter).toString(36).toUpperCase().padStart(5, '0')}`;
          this.mpims.set(key, id);
          this.channels.set(id, {
            id,
            name: `mpdm-${users.join('--')}-1`,
            members: [...users, this.botUserId],
            archived: false,
            botMember: true,
            isPrivate: true,
            isIm: false,
            isMpim: true,
          });
        }
        return ok({ channel: { id } });
      },

      'conversations.info': (args) => {
        const ch = this.channels.get(str(args.channel) ?? '');
        if (!ch || (ch.isPrivate && !ch.botMember)) return fail('channel_not_found');
        const extra = bool(args.include_num_members) ? { num_members: this.channelMembers(ch).length } : {};
        return ok({ channel: { ...this.channelObject(ch), ...extra } });
      },

      'conversations.members': (args) => {
        const ch = this.channels.get(str(args.channel) ?? '');
        if (!ch || (ch.isPrivate && !ch.botMember)) return fail('channel_not_found');
        const limit = Math.min(Math.max(Number(args.limit ?? 100) || 100, 1), 1000);
        let start = 0;
        const cursor = str(args.cursor);
        if (cursor) {
          const decoded = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
          if (!decoded) return fail('invalid_cursor');
          start = Number(decoded[1]);
        }
        const all = this.channelMembers(ch);
        const members = all.slice(start, start + limit);
        const next =
          start + limit < all.length ? Buffer.from(`offset:${start + limit}`).toString('base64') : '';
        return ok({ members, response_metadata: { next_cursor: next } });
      },

      'conversations.join': (args) => {
        const ch = this.channels.get(str(args.channel) ?? '');
        if (!ch || ch.isPrivate) return fail('channel_not_found');
        if (ch.archived) return fail('is_archived');
        ch.botMember = true;
        return ok({ channel: this.channelObject(ch) });
      },

      'conversations.history': (args) => {
        const ch = this.channels.get(str(args.channel) ?? '');
        if (!ch) return fail('channel_not_found');
        if (!ch.botMember) return fail('not_in_channel');
        const limit = Math.min(Number(args.limit ?? 100) || 100, 999);
        // `latest` bounds the range, exclusive unless `inclusive` (as Slack does). `oldest` is not
        // applied: the stand-in's message ts follow the real clock, the desk's tests a test clock.
        const inclusive = args.inclusive === true || args.inclusive === 'true';
        const latest = str(args.latest);
        const within = (ts: string) =>
          !latest || (inclusive ? Number(ts) <= Number(latest) : Number(ts) < Number(latest));
        const top = (this.store.get(ch.id) ?? []).filter(
          (m) => (!m.thread_ts || m.thread_ts === m.ts || m.reply_broadcast) && within(m.ts),
        );
        const messages = top
          .reverse()
          .slice(0, limit)
          .map((m) => this.messagePayload(m));
        return ok({ messages, has_more: top.length > limit, response_metadata: { next_cursor: '' } });
      },

      'conversations.replies': (args) => {
        const ch = this.channels.get(str(args.channel) ?? '');
        if (!ch) return fail('channel_not_found');
        const ts = this.threadRoot(ch.id, str(args.ts) ?? '');
        const parent = this.findMessage(ch.id, ts);
        if (!parent) return fail('thread_not_found');
        const thread = (this.store.get(ch.id) ?? []).filter((m) => m.ts === ts || m.thread_ts === ts);
        return ok({ messages: thread.map((m) => this.messagePayload(m)), has_more: false });
      },

      'users.info': (args) => {
        const u = this.users.get(str(args.user) ?? '');
        if (!u) return fail('user_not_found');
        return ok({ user: this.userObject(u, bool(args.include_locale)) });
      },

      'users.getPresence': (args) => {
        const u = this.users.get(str(args.user) ?? '');
        if (!u) return fail('user_not_found');
        return ok({ presence: u.presence ?? 'active' });
      },

      'users.lookupByEmail': (args) => {
        const email = str(args.email);
        const u = [...this.users.values()].find((x) => x.email !== undefined && x.email === email);
        return u ? ok({ user: this.userObject(u, false) }) : fail('users_not_found');
      },

      'usergroups.users.list': (args) => {
        const users = this.usergroups.get(str(args.usergroup) ?? '');
        return users ? ok({ users: [...users] }) : fail('no_such_subteam');
      },

      'views.open': (args) => {
        const trigger = this.useTrigger(args.trigger_id);
        if (typeof trigger === 'string') return fail(trigger);
        const bad = this.viewError(args.view);
        if (bad) return bad;
        const spec = args.view as Obj;
        if (spec.type !== 'modal') return fail('invalid_arguments');
        trigger.used = true;
        const user = trigger.user ?? 'U0UNKNOWN';
        // views.open starts a new stack (an already open one is replaced)
        for (const id of this.modalStacks.get(user) ?? []) this.views.get(id)!.closed = true;
        const view = this.pushModal(user, spec, []);
        return ok({ view: this.viewPayload(view) });
      },

      'views.push': (args) => {
        const trigger = this.useTrigger(args.trigger_id);
        if (typeof trigger === 'string') return fail(trigger);
        const bad = this.viewError(args.view);
        if (bad) return bad;
        const spec = args.view as Obj;
        if (spec.type !== 'modal') return fail('invalid_arguments');
        const user = trigger.user ?? 'U0UNKNOWN';
        const stack = this.modalStacks.get(user) ?? [];
        if (stack.length >= MODAL_STACK_MAX) return fail('push_limit_reached');
        trigger.used = true;
        const view = this.pushModal(user, spec, stack);
        return ok({ view: this.viewPayload(view) });
      },

      'views.update': (args) => {
        const viewId = str(args.view_id);
        const externalId = str(args.external_id);
        const view = viewId
          ? this.views.get(viewId)
          : [...this.views.values()].find((v) => externalId && v.external_id === externalId && !v.closed);
        if (!view || view.closed) return fail('not_found');
        const hash = str(args.hash);
        if (hash && hash !== view.hash) return fail('hash_conflict');
        const bad = this.viewError(args.view);
        if (bad) return bad;
        if ((args.view as Obj).type !== view.type) return fail('invalid_arguments');
        this.replaceView(view, args.view as Obj);
        return ok({ view: this.viewPayload(this.views.get(view.id)!) });
      },

      'views.publish': (args) => {
        const user = str(args.user_id) ?? '';
        if (!this.users.has(user)) return fail('user_not_found');
        const bad = this.viewError(args.view);
        if (bad) return bad;
        const spec = args.view as Obj;
        if (spec.type !== 'home') return fail('invalid_arguments');
        const existing = this.views.get(this.homeViews.get(user) ?? '');
        const hash = str(args.hash);
        if (existing && hash && hash !== existing.hash) return fail('hash_conflict');
        const view = this.makeView(existing?.id ?? this.newViewId(), user, spec, undefined);
        this.views.set(view.id, view);
        this.homeViews.set(user, view.id);
        return ok({ view: this.viewPayload(view) });
      },

      'files.getUploadURLExternal': (args) => {
        const filename = str(args.filename);
        const length = Number(args.length);
        if (!filename || !Number.isInteger(length) || length < 1) return fail('invalid_arguments');
        const id = `F0STUB${(++this.counter).toString(36).toUpperCase().padStart(5, '0')}`;
        this.files.push({
          id,
          filename,
          title: filename,
          length,
          completed: false,
          ...(str(args.alt_text) ? { alt_text: str(args.alt_text) } : {}),
          ...(str(args.snippet_type) ? { snippet_type: str(args.snippet_type) } : {}),
        });
        return ok({ upload_url: `${this.root}upload/v1/${id}`, file_id: id });
      },

      'files.completeUploadExternal': (args) => {
        if (!Array.isArray(args.files) || args.files.length === 0) return fail('invalid_arguments');
        const entries = args.files.filter(isObject);
        const files = entries.map((e) => this.files.find((f) => f.id === e.id));
        if (files.some((f) => !f?.bytes || f.completed)) return fail('file_not_found');
        const channelId = str(args.channel_id) ?? str(args.channels);
        // Uploads take a conversation ID (C…, G…, D…); a user ID is not one.
        if (channelId && !this.channels.has(channelId)) return fail('invalid_channel');
        const ch = channelId ? this.resolveChannel(channelId) : undefined;
        if (channelId) {
          const err = this.postError(ch);
          if (err) return fail(err);
        }
        const comment = str(args.initial_comment);
        if (comment !== undefined) {
          const bad = messageError(checkMessage({ text: comment }));
          if (bad) return bad;
        }
        const threadTs = str(args.thread_ts);
        const done = files as StubFile[];
        done.forEach((f, i) => {
          f.completed = true;
          f.title = str(entries[i]?.title) ?? f.title;
        });
        if (ch) {
          const m: StoredMessage = {
            ...this.botMessageBase(ch.id),
            text: comment ?? '',
            files: done.map((f) => ({ id: f.id, name: f.filename, title: f.title })),
            ...(threadTs ? { thread_ts: this.threadRoot(ch.id, threadTs) } : {}),
          };
          this.pushMessage(m);
          for (const f of done) {
            f.channel = ch.id;
            f.message_ts = m.ts;
            if (comment !== undefined) f.initial_comment = comment;
            if (threadTs) f.thread_ts = threadTs;
          }
        }
        return ok({
          files: done.map((f) => ({
            id: f.id,
            name: f.filename,
            title: f.title,
            size: f.bytes?.length ?? 0,
            user: this.botUserId,
            permalink: `https://stub.slack.test/files/${this.botUserId}/${f.id}/${f.filename}`,
            url_private: `https://files.stub.slack.test/files-pri/${this.teamId}-${f.id}/${f.filename}`,
          })),
        });
      },
    };
  }
}

function compareTs(a: string, b: string): number {
  const [as, au] = a.split('.');
  const [bs, bu] = b.split('.');
  return Number(as) - Number(bs) || Number(au) - Number(bu);
}

/** Writes one unmasked WebSocket frame (server → client). */
function wsSend(socket: Socket, opcode: number, data: Buffer): void {
  if (socket.destroyed || !socket.writable) return;
  const len = data.length;
  const head =
    len < 126
      ? Buffer.from([0x80 | opcode, len])
      : len < 65536
        ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(len)]);
  socket.write(Buffer.concat([head, data]));
}

function bigLength(len: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(len));
  return b;
}

function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return m?.[1];
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses Web API arguments from a form, JSON or multipart body (and the query string). */
async function parseArgs(contentType: string | undefined, raw: Buffer, query: URLSearchParams): Promise<Obj> {
  const args: Obj = Object.fromEntries(query);
  const ct = (contentType ?? '').toLowerCase();
  if (ct.startsWith('application/json')) {
    const parsed: unknown = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {};
    if (isObject(parsed)) Object.assign(args, parsed);
    return args;
  }
  if (ct.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType ?? '' } }).formData();
    for (const [k, v] of form) args[k] = typeof v === 'string' ? v : Buffer.from(await v.arrayBuffer());
  } else {
    for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) args[k] = v;
  }
  for (const key of JSON_ARGS) {
    const v = args[key];
    if (typeof v === 'string' && /^\s*[[{]/.test(v)) {
      try {
        args[key] = JSON.parse(v);
      } catch {
        // left as a string: the checks will report it
      }
    }
  }
  return args;
}

/** A response URL body: JSON, or a form with `payload=<json>`. */
function parseResponseBody(contentType: string | undefined, raw: Buffer): unknown {
  const text = raw.toString('utf8');
  try {
    if ((contentType ?? '').startsWith('application/x-www-form-urlencoded')) {
      return JSON.parse(new URLSearchParams(text).get('payload') ?? 'null');
    }
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Starts the stub on 127.0.0.1 with an ephemeral port. */
export async function startSlackStub(opts: SlackStubOptions): Promise<SlackStub> {
  let stub: SlackStub | undefined;
  const server = createServer((req, res) => {
    if (!stub) {
      res.writeHead(503).end();
      return;
    }
    stub.handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  stub = new SlackStub(server, port, opts);
  return stub;
}
