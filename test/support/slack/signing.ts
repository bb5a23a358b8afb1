/**
 * Signed requests to a Bolt app in HTTP mode, as Slack sends them, and builders for realistic payloads.
 *
 * Slack signs `v0:<timestamp>:<raw body>` with HMAC-SHA256 under the app's signing secret and sends
 * `X-Slack-Request-Timestamp` and `X-Slack-Signature: v0=<hex>`. Bolt refuses a bad signature and a timestamp
 * older than 5 minutes with 401.
 *
 * Requests go through `node:http` with no keep-alive agent, so the exact body and content type reach Bolt
 * (Bolt answers 400 to `application/x-www-form-urlencoded; charset=utf-8`, which `fetch` would send for a
 * URLSearchParams body) and no idle socket outlives the test.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { DEFAULT_WORKSPACE } from './web-api.js';

export interface SignatureHeaders {
  'X-Slack-Request-Timestamp': string;
  'X-Slack-Signature': string;
}

/** Signs `body` like Slack does. `timestamp` in Unix seconds, default now. */
export function signRequest(secret: string, body: string, timestamp: number = Math.floor(Date.now() / 1000)): SignatureHeaders {
  const ts = String(Math.floor(timestamp));
  const hex = createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
  return { 'X-Slack-Request-Timestamp': ts, 'X-Slack-Signature': `v0=${hex}` };
}

export interface PostOptions {
  /** Endpoint path appended when `baseUrl` has no path of its own (default `/slack/events`). */
  path?: string;
  /** Sign, then corrupt the signature (Bolt must answer 401). */
  badSignature?: boolean;
  /** Sign with a timestamp 6 minutes old (Bolt must answer 401). */
  oldTimestamp?: boolean;
  /** Sign with this timestamp (Unix seconds). */
  timestamp?: number;
  /** Send no signature headers at all. */
  unsigned?: boolean;
  /** Events API retries: `X-Slack-Retry-Num` / `X-Slack-Retry-Reason` (e.g. 1 / 'http_timeout'). */
  retryNum?: number;
  retryReason?: string;
  /** Extra or overriding headers (e.g. a content type with charset, to test Bolt's refusal). */
  headers?: Record<string, string>;
  /** Give up after this many ms (default 10000). */
  timeoutMs?: number;
}

export interface PostResult {
  status: number;
  /** Response body as text. */
  body: string;
  /** Response body parsed as JSON when it is JSON, else undefined. */
  json: unknown;
  headers: Record<string, string | string[] | undefined>;
  /** Milliseconds from sending the request to receiving the complete response. */
  latencyMs: number;
  /** What was sent, for debugging. */
  sent: { url: string; body: string; headers: Record<string, string> };
}

function targetUrl(baseUrl: string, path: string | undefined): URL {
  const url = new URL(baseUrl);
  if (url.pathname === '/' || url.pathname === '') url.pathname = path ?? '/slack/events';
  else if (path !== undefined) url.pathname = path;
  return url;
}

/** POST a raw string body to a Bolt app, signed with `secret`. */
export function postSigned(baseUrl: string, secret: string, body: string, contentType: string, opts: PostOptions = {}): Promise<PostResult> {
  const url = targetUrl(baseUrl, opts.path);
  if (url.protocol !== 'http:') return Promise.reject(new Error(`postSigned: only http:// URLs are supported, got ${url.href}`));
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000) - (opts.oldTimestamp === true ? 6 * 60 : 0);
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(body)),
    'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
  if (opts.unsigned !== true) {
    const signed = signRequest(secret, body, timestamp);
    if (opts.badSignature === true) {
      const last = signed['X-Slack-Signature'].slice(-1);
      signed['X-Slack-Signature'] = signed['X-Slack-Signature'].slice(0, -1) + (last === '0' ? '1' : '0');
    }
    Object.assign(headers, signed);
  }
  if (opts.retryNum !== undefined) headers['X-Slack-Retry-Num'] = String(opts.retryNum);
  if (opts.retryReason !== undefined) headers['X-Slack-Retry-Reason'] = opts.retryReason;
  Object.assign(headers, opts.headers);
  const timeoutMs = opts.timeoutMs ?? 10_000;

  return new Promise<PostResult>((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text === '' ? undefined : (JSON.parse(text) as unknown);
        } catch {
          json = undefined;
        }
        resolve({
          status: res.statusCode ?? 0,
          body: text,
          json,
          headers: res.headers,
          latencyMs: performance.now() - started,
          sent: { url: url.href, body, headers },
        });
      });
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`POST ${url.href} got no complete response within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}

/** Slash command: form-encoded top-level fields (see {@link slashCommandFields}). */
export function postSlashCommand(baseUrl: string, secret: string, fields: Record<string, string>, opts: PostOptions = {}): Promise<PostResult> {
  return postSigned(baseUrl, secret, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', opts);
}

/** Events API: a JSON `event_callback` (or `url_verification`) body. */
export function postEvent(baseUrl: string, secret: string, body: unknown, opts: PostOptions = {}): Promise<PostResult> {
  return postSigned(baseUrl, secret, JSON.stringify(body), 'application/json', opts);
}

/** Interactivity (block_actions, view_submission, ...): one form field `payload=<JSON>`. */
export function postInteraction(baseUrl: string, secret: string, payload: unknown, opts: PostOptions = {}): Promise<PostResult> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postSigned(baseUrl, secret, body, 'application/x-www-form-urlencoded', opts);
}

// ---------------------------------------------------------------------------------------------------------------
// Payload builders. Ids default to DEFAULT_WORKSPACE, which is also what the Web API stand-in's auth.test answers.

const W = DEFAULT_WORKSPACE;
let tsCounter = 0;

/** A message timestamp like Slack's ("1700000000.000100"), unique within this process. */
export function slackTs(): string {
  tsCounter += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(tsCounter % 1_000_000).padStart(6, '0')}`;
}

function alnum(n: number): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return [...randomBytes(n)].map((b) => chars[b % chars.length]).join('');
}

function triggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e12)}.${randomBytes(16).toString('hex')}`;
}

export interface SlashCommandFields {
  token: string;
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
  user_id: string;
  user_name: string;
  command: string;
  text: string;
  api_app_id: string;
  is_enterprise_install: string;
  response_url: string;
  trigger_id: string;
  [key: string]: string;
}

/** Fields of a `/porthole` slash command as Slack posts them. Pass `response_url` from the stand-in. */
export function slashCommandFields(overrides: Partial<SlashCommandFields> = {}): SlashCommandFields {
  const base: SlashCommandFields = {
    token: 'legacy-verification-token',
    team_id: W.teamId,
    team_domain: W.teamDomain,
    channel_id: W.channelId,
    channel_name: W.channelName,
    user_id: W.userId,
    user_name: W.userName,
    command: '/porthole',
    text: '',
    api_app_id: W.appId,
    is_enterprise_install: 'false',
    response_url: `https://hooks.slack.com/commands/${W.teamId}/${Date.now()}/${alnum(24).toLowerCase()}`,
    trigger_id: triggerId(),
  };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) base[key] = value;
  return base;
}

export interface EventCallbackBody {
  token: string;
  team_id: string;
  api_app_id: string;
  event: Record<string, unknown>;
  type: 'event_callback';
  event_id: string;
  event_time: number;
  authorizations: { enterprise_id: string | null; team_id: string; user_id: string; is_bot: boolean; is_enterprise_install: boolean }[];
  is_ext_shared_channel: boolean;
  event_context: string;
  [key: string]: unknown;
}

/** Wrap an inner event the way the Events API does (also the `payload` of a Socket Mode `events_api` envelope). */
export function eventCallback(event: Record<string, unknown>, overrides: Partial<EventCallbackBody> = {}): EventCallbackBody {
  return {
    token: 'legacy-verification-token',
    team_id: W.teamId,
    api_app_id: W.appId,
    event,
    type: 'event_callback',
    event_id: `Ev${alnum(9)}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: W.teamId, user_id: W.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(24).toString('base64url')}`,
    ...overrides,
  };
}

function richText(text: string): Record<string, unknown>[] {
  return [
    {
      type: 'rich_text',
      block_id: alnum(5).toLowerCase(),
      elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }],
    },
  ];
}

export interface MessageEventInput {
  text: string;
  user?: string;
  channel?: string;
  ts?: string;
  thread_ts?: string;
  /** Extra fields on the inner event (e.g. `bot_id` to simulate a bot message, `subtype`). */
  extra?: Record<string, unknown>;
}

/** A message event as Slack shapes it; what differs between kinds comes in `fields`. */
function messageEvent(input: MessageEventInput, fields: Record<string, unknown>, overrides: Partial<EventCallbackBody>): EventCallbackBody {
  const ts = input.ts ?? slackTs();
  const event: Record<string, unknown> = {
    user: input.user ?? W.userId,
    text: input.text,
    ts,
    client_msg_id: randomUUID(),
    team: W.teamId,
    blocks: richText(input.text),
    event_ts: ts,
    ...fields,
    ...(input.channel !== undefined ? { channel: input.channel } : {}),
    ...input.extra,
  };
  if (input.thread_ts !== undefined) event.thread_ts = input.thread_ts;
  return eventCallback(event, overrides);
}

/** `app_mention` in a channel. `text` should start with `<@U0PORTBOT>` like the real thing. */
export function appMentionEvent(input: MessageEventInput, overrides: Partial<EventCallbackBody> = {}): EventCallbackBody {
  return messageEvent(input, { type: 'app_mention', channel: W.channelId }, overrides);
}

/** A direct message to the bot (`message` with `channel_type: 'im'`). */
export function dmMessageEvent(input: MessageEventInput, overrides: Partial<EventCallbackBody> = {}): EventCallbackBody {
  return messageEvent(input, { type: 'message', channel: 'D0HUMANDM1', channel_type: 'im' }, overrides);
}

/** Body Slack sends when the Events URL is first configured; Bolt answers with the challenge. */
export function urlVerificationBody(challenge = alnum(32)): { token: string; challenge: string; type: 'url_verification' } {
  return { token: 'legacy-verification-token', challenge, type: 'url_verification' };
}

export interface BlockActionInput {
  actionId: string;
  value?: string;
  blockId?: string;
  /** Button label. */
  text?: string;
  user?: string;
  channel?: string;
  /** Pass `standIn.responseUrl(id)`. */
  responseUrl?: string;
  /** The message holding the button (default: a bot message posted just now). */
  message?: Record<string, unknown>;
  /** The button sits in an ephemeral message (then there is no `message` in the payload). */
  ephemeral?: boolean;
}

/** A `block_actions` payload for a button click, shaped like Slack's. */
export function blockActionsPayload(input: BlockActionInput): Record<string, unknown> {
  const channel = input.channel ?? W.channelId;
  const user = input.user ?? W.userId;
  const blockId = input.blockId ?? alnum(5).toLowerCase();
  const message = input.message ?? {
    type: 'message',
    user: W.botUserId,
    bot_id: W.botId,
    app_id: W.appId,
    team: W.teamId,
    text: 'porthole answer',
    ts: slackTs(),
    blocks: [],
  };
  const messageTs = typeof message.ts === 'string' ? message.ts : slackTs();
  const ephemeral = input.ephemeral === true;
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    user: { id: user, username: W.userName, name: W.userName, team_id: W.teamId },
    api_app_id: W.appId,
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: ephemeral },
    trigger_id: triggerId(),
    team: { id: W.teamId, domain: W.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: channel === W.channelId ? W.channelName : 'privategroup' },
    state: { values: {} },
    response_url: input.responseUrl ?? `https://hooks.slack.com/actions/${W.teamId}/${Date.now()}/${alnum(24).toLowerCase()}`,
    actions: [
      {
        action_id: input.actionId,
        block_id: blockId,
        text: { type: 'plain_text', text: input.text ?? 'Button', emoji: true },
        value: input.value ?? '',
        type: 'button',
        action_ts: `${(Date.now() / 1000).toFixed(6)}`,
      },
    ],
  };
  if (!ephemeral) payload.message = message;
  return payload;
}
