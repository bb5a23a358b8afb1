/**
 * A local stand-in for Slack's Web API (https://slack.com/api/<method>), the pre-signed file upload URL
 * that `files.getUploadURLExternal` hands out, and interaction `response_url`s.
 *
 * Listens on 127.0.0.1 only, on a random port. Point a Bolt app or a WebClient at `apiUrl`
 * (`clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } }`).
 *
 * Everything that arrives is recorded in order (`calls`, `responses()`, `uploads`), each item with a
 * monotonically increasing `seq`, so tests can assert on what the app sent and `waitFor` what it will send.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../listen.js';

/** Ids of the fake workspace. `auth.test` answers with these; the payload builders in signing.ts use them. */
export const DEFAULT_WORKSPACE = {
  teamId: 'T0PORTHOLE',
  teamDomain: 'porthole-test',
  teamName: 'Porthole Test',
  appId: 'A0PORTHOLE',
  botUserId: 'U0PORTBOT',
  botUserName: 'porthole',
  botId: 'B0PORTBOT',
  userId: 'U0HUMAN01',
  userName: 'tester',
  channelId: 'C0GENERAL',
  channelName: 'general',
} as const;

export type Workspace = { -readonly [K in keyof typeof DEFAULT_WORKSPACE]: string };

/** A JSON object as answered by a Web API method. */
export type ApiResult = { ok: boolean; error?: string; [key: string]: unknown };

/** A file part of a multipart/form-data Web API call. */
export interface FilePart {
  filename: string;
  size: number;
  content: Buffer;
}

export interface RecordedCall {
  kind: 'call';
  seq: number;
  method: string;
  /** The token from `Authorization: Bearer`, else from a `token` argument; undefined when none was sent. */
  token: string | undefined;
  /** Arguments with JSON-string values (blocks, attachments, view, files, ...) parsed. `token` is removed. */
  args: Record<string, unknown>;
  /** Arguments exactly as they arrived (form values are strings). */
  rawArgs: Record<string, unknown>;
  contentType: string;
  /** Date.now() at arrival. */
  at: number;
  /** HTTP status and body this stand-in answered with. */
  status: number;
  result: ApiResult;
}

export interface RecordedResponse {
  kind: 'response';
  seq: number;
  id: string;
  /** Parsed JSON body (or form fields); the raw text is in `raw`. */
  body: unknown;
  raw: string;
  contentType: string;
  at: number;
  status: number;
}

export interface RecordedUpload {
  kind: 'upload';
  seq: number;
  fileId: string;
  /** Filename of the multipart part, else the one given to files.getUploadURLExternal. */
  filename: string | undefined;
  /** The `length` declared to files.getUploadURLExternal, if the file id was issued here. */
  declaredLength: number | undefined;
  size: number;
  content: Buffer;
  /** `content` decoded as UTF-8. */
  text: string;
  contentType: string;
  at: number;
  status: number;
  /** Set once files.completeUploadExternal names this file. */
  completed?: { title: string | undefined; channelId: string | undefined; threadTs: string | undefined; initialComment: string | undefined };
}

export type StandInEvent = RecordedCall | RecordedResponse | RecordedUpload;

export interface PostedMessage {
  channel: string;
  ts: string;
  text: string | undefined;
  blocks: unknown;
  threadTs: string | undefined;
  /** For chat.postEphemeral: the user who sees it. */
  ephemeralTo: string | undefined;
  /** Number of chat.update calls applied to it. */
  updates: number;
}

/**
 * A failure to inject. `method` may be a Web API method name, `'*'` (every method), `'upload_url'` or
 * `'response_url'`.
 */
export interface Failure {
  /** Slack error code for `{ok:false,error}`; default `'internal_error'`. Ignored for the upload URL. */
  error?: string;
  /** HTTP status to answer with (default 200 for Web API methods, 500 for upload/response URLs). */
  status?: number;
  /** Seconds for the `Retry-After` header when status is 429 (default 1). */
  retryAfterSec?: number;
  /** Extra fields merged into the error body, e.g. `{ response_metadata: { messages: [...] } }`. */
  body?: Record<string, unknown>;
  /** Answer only this many times, then behave normally again (default: until cleared). */
  times?: number;
  /** Delay the answer by this many ms (simulates a slow Slack). Combined with no error: a slow success. */
  delayMs?: number;
  /** With `delayMs` only: answer normally after the delay instead of failing. */
  slowOnly?: boolean;
  /** Web API methods only: fail only the calls whose arguments match (e.g. one person's channel). */
  when?: (args: Record<string, unknown>) => boolean;
}

export interface MethodContext {
  method: string;
  token: string | undefined;
  args: Record<string, unknown>;
  standIn: SlackStandIn;
}

export type MethodHandler = (ctx: MethodContext) => ApiResult;

export interface SlackStandInOptions {
  /** Bot token the app must use; other tokens get `invalid_auth`. Unset: any token is accepted. */
  botToken?: string;
  /** Further accepted non-app tokens (e.g. a user token). */
  extraTokens?: string[];
  /** App-level token (`xapp-…`) that `apps.connections.open` requires. Unset: any `xapp-` token. */
  appToken?: string;
  /** Workspace ids answered by auth.test and used for message records. */
  workspace?: Partial<Workspace>;
  /** Failures active from the start (same as calling `fail()` for each). */
  failures?: Record<string, Failure>;
  /** Check Block Kit limits (50 blocks, section text 3000, header 150, ...) like Slack does. Default true. */
  validateBlocks?: boolean;
  /** Total characters of block text above which chat.* answers `msg_blocks_too_long` (default 12000). */
  maxBlocksTextChars?: number;
  /** How many POSTs one response_url accepts before answering 404 `used_url` (Slack: 5). */
  responseUrlMaxUses?: number;
  /** Add or override method handlers. */
  methods?: Record<string, MethodHandler>;
}

export interface SlackStandIn {
  /** `http://127.0.0.1:PORT/api/` — give this to `slackApiUrl`. */
  readonly apiUrl: string;
  /** `http://127.0.0.1:PORT` */
  readonly baseUrl: string;
  readonly port: number;
  readonly workspace: Readonly<Workspace>;
  /** All Web API calls since the last reset, in arrival order (a copy). */
  readonly calls: RecordedCall[];
  /** Uploads to upload URLs since the last reset (a copy). */
  readonly uploads: RecordedUpload[];
  /** Messages posted with chat.postMessage / chat.postEphemeral (and updated by chat.update). */
  readonly messages: PostedMessage[];
  /** Sequence number of the latest recorded event; pass it as `since` to wait only for newer ones. */
  readonly seq: number;
  callsTo(method: string): RecordedCall[];
  /** A response_url that posts back to this stand-in. */
  responseUrl(id: string): string;
  /** POSTs received on response URLs (for one id, or all). */
  responses(id?: string): RecordedResponse[];
  /**
   * Resolves with the first recorded call to `method` (or event matching `predicate`) with seq > `since`,
   * including ones that already arrived. Rejects after `timeoutMs` listing what did arrive.
   */
  waitFor(method: string, timeoutMs?: number, since?: number): Promise<RecordedCall>;
  waitFor(predicate: (event: StandInEvent) => boolean, timeoutMs?: number, since?: number): Promise<StandInEvent>;
  /** Shorthand for waiting on a response_url POST (for `id`, or any). */
  waitForResponse(id?: string, timeoutMs?: number, since?: number): Promise<RecordedResponse>;
  /** Inject a failure for a method (see {@link Failure}). Replaces any earlier failure for it. */
  fail(method: string, failure?: Failure): void;
  clearFailures(): void;
  /**
   * Play a workspace that refuses table blocks: a chat.* message with a table gets `{ok:false, error: code}`, a
   * response_url POST with one gets 400 and `code`. `null` takes tables again.
   */
  refuseTables(code: string | null): void;
  /** Socket Mode: called by the socket-mode stand-in; `issueUrl` makes a fresh ws:// URL with a ticket. */
  attachSocketMode(issueUrl: (() => string) | undefined): void;
  /** Forget all recorded calls, responses, uploads, messages and failures (seq keeps counting). */
  reset(): void;
  /** A one-line-per-event summary of what arrived, for error messages. */
  describe(events?: StandInEvent[]): string;
  close(): Promise<void>;
}

/** Object arguments the WebClient JSON-encodes into form fields. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'files', 'metadata']);
/** Arguments that are strings even when they look like JSON. */
const STRING_FIELDS = new Set([
  'text',
  'initial_comment',
  'title',
  'filename',
  'content',
  'alt_text',
  'user_auth_message',
  'icon_emoji',
  'username',
]);

const MAX_BODY_BYTES = 50 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function maybeJson(key: string, value: unknown): unknown {
  if (typeof value !== 'string' || STRING_FIELDS.has(key)) return value;
  const trimmed = value.trim();
  if (!JSON_FIELDS.has(key) && !(trimmed.startsWith('{') || trimmed.startsWith('['))) return value;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return value;
  }
}

interface ParsedBody {
  fields: Record<string, unknown>;
  /** Set when the body could not be parsed as its content type claims. */
  error?: string;
}

async function parseBody(contentType: string, body: Buffer): Promise<ParsedBody> {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (body.length === 0) return { fields: {} };
  if (type === 'application/json') {
    try {
      const parsed = JSON.parse(body.toString('utf8')) as unknown;
      return isRecord(parsed) ? { fields: parsed } : { fields: {}, error: 'invalid_json' };
    } catch {
      return { fields: {}, error: 'invalid_json' };
    }
  }
  if (type === 'multipart/form-data') {
    try {
      const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
      const fields: Record<string, unknown> = {};
      for (const [key, value] of form.entries()) {
        if (typeof value === 'string') {
          fields[key] = value;
        } else {
          const content = Buffer.from(await value.arrayBuffer());
          const part: FilePart = { filename: value.name, size: content.length, content };
          fields[key] = part;
        }
      }
      return { fields };
    } catch {
      return { fields: {}, error: 'invalid_form_data' };
    }
  }
  // application/x-www-form-urlencoded, or no content type at all: Slack treats both as a form.
  return { fields: Object.fromEntries(new URLSearchParams(body.toString('utf8'))) };
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1];
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

// ---------------------------------------------------------------------------------------------------------------
// Block Kit checks (documented limits of the blocks porthole sends; other block types pass)

interface BlockCheck {
  errors: string[];
  textChars: number;
}

function textOf(obj: unknown): string | undefined {
  return isRecord(obj) ? str(obj.text) : undefined;
}

function collectText(value: unknown): number {
  if (typeof value === 'string') return 0;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + collectText(item), 0);
  if (!isRecord(value)) return 0;
  let total = 0;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'text' && typeof inner === 'string') total += inner.length;
    else total += collectText(inner);
  }
  return total;
}

/** An overflow menu holds 2 to 5 options, a static select 1 to 100; each option value at most 150 characters. */
function checkMenu(element: unknown, at: string): string[] {
  if (!isRecord(element) || (element.type !== 'overflow' && element.type !== 'static_select')) return [];
  const options = Array.isArray(element.options) ? element.options : [];
  const [min, max] = element.type === 'overflow' ? [2, 5] : [1, 100];
  const errors: string[] = [];
  if (options.length < min) errors.push(`[ERROR] must provide at least ${min} items ${at}/options]`);
  if (options.length > max) errors.push(`[ERROR] no more than ${max} items allowed ${at}/options]`);
  options.forEach((option: unknown, k) => {
    const value = isRecord(option) ? str(option.value) : undefined;
    if (value !== undefined && value.length > 150) errors.push(`[ERROR] must be less than 151 characters ${at}/options/${k}/value]`);
  });
  return errors;
}

/**
 * The texts of blocks as a person reads them: text objects as they are, and each rich text section (a table cell)
 * as one mrkdwn line, its code, italic and bold spans marked as mrkdwn would (`code`, _italic_, *bold*).
 */
export function shownText(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(shownText);
  if (!isRecord(value)) return [];
  if (value.type === 'rich_text_section' && Array.isArray(value.elements)) {
    const spans = value.elements.map((e: unknown) => {
      if (!isRecord(e)) return '';
      const text = str(e.text) ?? str(e.url) ?? '';
      const style = isRecord(e.style) ? e.style : {};
      if (style.code === true) return `\`${text}\``;
      if (style.italic === true) return `_${text}_`;
      if (style.bold === true) return `*${text}*`;
      return text;
    });
    return [spans.join('')];
  }
  return Object.entries(value).flatMap(([key, inner]) => (key === 'text' && typeof inner === 'string' ? [inner] : shownText(inner)));
}

/**
 * Validates `blocks` the way Slack answers `invalid_blocks` (the block types porthole sends); returns `[ERROR] ...`
 * messages. A view (App Home, 100 blocks) takes no table block: porthole treats tables as message-only.
 */
export function checkBlocks(blocks: unknown, maxBlocks = 50, tablesAllowed = maxBlocks === 50): BlockCheck {
  const errors: string[] = [];
  if (!Array.isArray(blocks)) {
    return { errors: ['[ERROR] blocks must be an array [json-pointer:/blocks]'], textChars: 0 };
  }
  if (blocks.length > maxBlocks) errors.push(`[ERROR] no more than ${maxBlocks} items allowed [json-pointer:/blocks]`);
  const blockIds = new Set<string>();
  blocks.forEach((block: unknown, i) => {
    const at = `[json-pointer:/blocks/${i}`;
    if (!isRecord(block) || typeof block.type !== 'string') {
      errors.push(`[ERROR] missing required field: type ${at}]`);
      return;
    }
    const blockId = str(block.block_id);
    if (blockId !== undefined) {
      if (blockId.length > 255) errors.push(`[ERROR] must be less than 256 characters ${at}/block_id]`);
      if (blockIds.has(blockId)) errors.push(`[ERROR] duplicate block_id ${at}/block_id]`);
      blockIds.add(blockId);
    }
    switch (block.type) {
      case 'section': {
        const text = textOf(block.text);
        const fields = block.fields;
        if (text === undefined && !Array.isArray(fields)) errors.push(`[ERROR] must provide text or fields ${at}]`);
        if (block.text !== undefined && (text === undefined || text.length === 0)) {
          errors.push(`[ERROR] must be more than 0 characters ${at}/text/text]`);
        }
        if (text !== undefined && text.length > 3000) errors.push(`[ERROR] must be less than 3001 characters ${at}/text/text]`);
        if (Array.isArray(fields)) {
          if (fields.length > 10) errors.push(`[ERROR] no more than 10 items allowed ${at}/fields]`);
          fields.forEach((field: unknown, j) => {
            const fieldText = textOf(field) ?? '';
            if (fieldText.length > 2000) errors.push(`[ERROR] must be less than 2001 characters ${at}/fields/${j}/text]`);
          });
        }
        break;
      }
      case 'header': {
        const text = textOf(block.text);
        if (!isRecord(block.text) || block.text.type !== 'plain_text') {
          errors.push(`[ERROR] must be a plain_text text object ${at}/text]`);
        }
        if (text !== undefined && text.length > 150) errors.push(`[ERROR] must be less than 151 characters ${at}/text/text]`);
        break;
      }
      case 'context': {
        const elements = block.elements;
        if (!Array.isArray(elements) || elements.length === 0) errors.push(`[ERROR] must provide elements ${at}/elements]`);
        else if (elements.length > 10) errors.push(`[ERROR] no more than 10 items allowed ${at}/elements]`);
        break;
      }
      case 'actions': {
        const elements = block.elements;
        if (!Array.isArray(elements) || elements.length === 0) errors.push(`[ERROR] must provide elements ${at}/elements]`);
        else if (elements.length > 25) errors.push(`[ERROR] no more than 25 items allowed ${at}/elements]`);
        else elements.forEach((element: unknown, j) => errors.push(...checkMenu(element, `${at}/elements/${j}`)));
        break;
      }
      case 'table': {
        // docs.slack.dev/reference/block-kit/blocks/table-block: 100 rows of 20 cells, raw_text or rich_text cells,
        // 20 column settings, one table per message, 10,000 characters across the cells.
        const rows = Array.isArray(block.rows) ? block.rows : [];
        if (rows.length === 0) errors.push(`[ERROR] missing required field: rows ${at}]`);
        if (rows.length > 100) errors.push(`[ERROR] no more than 100 items allowed ${at}/rows]`);
        if (Array.isArray(block.column_settings) && block.column_settings.length > 20) errors.push(`[ERROR] no more than 20 items allowed ${at}/column_settings]`);
        rows.forEach((row: unknown, r) => {
          const cells = Array.isArray(row) ? row : [];
          if (cells.length > 20) errors.push(`[ERROR] no more than 20 items allowed ${at}/rows/${r}]`);
          cells.forEach((cell: unknown, c) => {
            if (!isRecord(cell) || (cell.type !== 'raw_text' && cell.type !== 'rich_text')) errors.push(`[ERROR] failed to match any allowed schemas ${at}/rows/${r}/${c}]`);
            else if (collectText(cell) === 0) errors.push(`[ERROR] must be more than 0 characters ${at}/rows/${r}/${c}]`);
          });
        });
        if (collectText(rows) > 10000) errors.push(`[ERROR] table cells hold more than 10000 characters ${at}/rows]`);
        break;
      }
      default:
        break;
    }
  });
  const tables = blocks.filter((b: unknown) => isRecord(b) && b.type === 'table').length;
  if (!tablesAllowed && tables > 0) errors.push('[ERROR] table blocks are not allowed in this surface [json-pointer:/blocks]');
  else if (tables > 1) errors.push('[ERROR] only one table block is allowed per message [json-pointer:/blocks]');
  return { errors, textChars: collectText(blocks) };
}

// ---------------------------------------------------------------------------------------------------------------

interface Waiter {
  matches: (event: StandInEvent) => boolean;
  since: number;
  resolve: (event: StandInEvent) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface IssuedFile {
  filename: string | undefined;
  length: number | undefined;
}

/** Start the Web API stand-in on 127.0.0.1 (random port). */
export async function startSlackStandIn(opts: SlackStandInOptions = {}): Promise<SlackStandIn> {
  const workspace: Workspace = { ...DEFAULT_WORKSPACE, ...opts.workspace };
  const validateBlocks = opts.validateBlocks ?? true;
  const maxBlocksTextChars = opts.maxBlocksTextChars ?? 12000;
  const responseUrlMaxUses = opts.responseUrlMaxUses ?? 5;

  let seq = 0;
  let tsCounter = 0;
  let idCounter = 0;
  let events: StandInEvent[] = [];
  let messages: PostedMessage[] = [];
  const failures = new Map<string, Failure>();
  const issuedFiles = new Map<string, IssuedFile>();
  const responseUrlUses = new Map<string, number>();
  const waiters = new Set<Waiter>();
  /** Pending simulated delays; close() ends them early so no handler is left hanging. */
  const delays = new Map<NodeJS.Timeout, () => void>();
  let issueSocketUrl: (() => string) | undefined;
  let closed = false;

  for (const [method, failure] of Object.entries(opts.failures ?? {})) failures.set(method, failure);

  const tsBase = Math.floor(Date.now() / 1000);
  const nextTs = (): string => {
    tsCounter += 1;
    return `${tsBase + Math.floor(tsCounter / 1_000_000)}.${String(tsCounter % 1_000_000).padStart(6, '0')}`;
  };
  const nextId = (prefix: string): string => {
    idCounter += 1;
    return `${prefix}0SI${idCounter.toString(36).toUpperCase().padStart(6, '0')}`;
  };

  function record<T extends StandInEvent>(event: T): T {
    events.push(event);
    for (const waiter of [...waiters]) {
      if (event.seq > waiter.since && waiter.matches(event)) {
        waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.resolve(event);
      }
    }
    return event;
  }

  function takeFailure(name: string, args?: Record<string, unknown>): Failure | undefined {
    const failure = failures.get(name) ?? (name.includes('.') ? failures.get('*') : undefined);
    if (failure === undefined) return undefined;
    if (failure.when !== undefined && (args === undefined || !failure.when(args))) return undefined;
    if (failure.times !== undefined) {
      const key = failures.get(name) === failure ? name : '*';
      if (failure.times <= 1) failures.delete(key);
      else failures.set(key, { ...failure, times: failure.times - 1 });
    }
    return failure;
  }

  function delay(ms: number): Promise<void> {
    if (closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        delays.delete(timer);
        resolve();
      }, ms);
      delays.set(timer, resolve);
    });
  }

  // --- method handlers ----------------------------------------------------------------------------------------

  const botTokens = (): string[] | undefined =>
    opts.botToken === undefined ? undefined : [opts.botToken, ...(opts.extraTokens ?? [])];

  function authError(method: string, token: string | undefined): ApiResult | undefined {
    if (token === undefined || token === '') return { ok: false, error: 'not_authed' };
    const isAppToken = token.startsWith('xapp-');
    if (method === 'apps.connections.open') {
      if (!isAppToken) return { ok: false, error: 'not_allowed_token_type' };
      if (opts.appToken !== undefined && token !== opts.appToken) return { ok: false, error: 'invalid_auth' };
      return undefined;
    }
    if (isAppToken) {
      if (opts.appToken !== undefined && token !== opts.appToken) return { ok: false, error: 'invalid_auth' };
      return { ok: false, error: 'not_allowed_token_type' };
    }
    const allowed = botTokens();
    if (allowed !== undefined && !allowed.includes(token)) return { ok: false, error: 'invalid_auth' };
    return undefined;
  }

  let tableRefusal: string | null = null;
  const hasTable = (blocks: unknown) => Array.isArray(blocks) && blocks.some((b: unknown) => isRecord(b) && b.type === 'table');

  function checkMessage(args: Record<string, unknown>, requireContent: boolean): ApiResult | undefined {
    const channel = str(args.channel);
    if (channel === undefined || channel === '') return { ok: false, error: 'channel_not_found' };
    const text = str(args.text);
    const hasContent =
      (text !== undefined && text !== '') ||
      args.blocks !== undefined ||
      args.attachments !== undefined;
    if (requireContent && !hasContent) return { ok: false, error: 'no_text' };
    if (text !== undefined && text.length > 40000) return { ok: false, error: 'msg_too_long' };
    if (tableRefusal !== null && hasTable(args.blocks)) return { ok: false, error: tableRefusal };
    if (validateBlocks && args.blocks !== undefined) {
      const check = checkBlocks(args.blocks);
      if (check.errors.length > 0) {
        return { ok: false, error: 'invalid_blocks', response_metadata: { messages: check.errors } };
      }
      if (check.textChars > maxBlocksTextChars) return { ok: false, error: 'msg_blocks_too_long' };
    }
    return undefined;
  }

  function messageObject(args: Record<string, unknown>, ts: string): Record<string, unknown> {
    const message: Record<string, unknown> = {
      type: 'message',
      user: workspace.botUserId,
      bot_id: workspace.botId,
      app_id: workspace.appId,
      team: workspace.teamId,
      text: str(args.text) ?? '',
      ts,
    };
    if (args.blocks !== undefined) message.blocks = args.blocks;
    if (args.attachments !== undefined) message.attachments = args.attachments;
    const threadTs = str(args.thread_ts);
    if (threadTs !== undefined) message.thread_ts = threadTs;
    return message;
  }

  const builtins: Record<string, MethodHandler> = {
    'api.test': ({ args }) => ({ ok: true, args }),
    'auth.test': () => ({
      ok: true,
      url: `https://${workspace.teamDomain}.slack.com/`,
      team: workspace.teamName,
      user: workspace.botUserName,
      team_id: workspace.teamId,
      user_id: workspace.botUserId,
      bot_id: workspace.botId,
      is_enterprise_install: false,
    }),
    'chat.postMessage': ({ args }) => {
      const invalid = checkMessage(args, true);
      if (invalid !== undefined) return invalid;
      // Posting to a user id opens the bot's direct message with that person: Slack answers with its D… id.
      const asked = str(args.channel) ?? '';
      const channel = /^[UW][A-Z0-9]+$/.test(asked) ? `D${asked.slice(1)}` : asked;
      const ts = nextTs();
      messages.push({
        channel,
        ts,
        text: str(args.text),
        blocks: args.blocks,
        threadTs: str(args.thread_ts),
        ephemeralTo: undefined,
        updates: 0,
      });
      return { ok: true, channel, ts, message: messageObject(args, ts) };
    },
    'chat.postEphemeral': ({ args }) => {
      const invalid = checkMessage(args, true);
      if (invalid !== undefined) return invalid;
      const user = str(args.user);
      if (user === undefined || user === '') return { ok: false, error: 'user_not_in_channel' };
      const ts = nextTs();
      messages.push({
        channel: str(args.channel) ?? '',
        ts,
        text: str(args.text),
        blocks: args.blocks,
        threadTs: str(args.thread_ts),
        ephemeralTo: user,
        updates: 0,
      });
      return { ok: true, message_ts: ts };
    },
    'chat.update': ({ args }) => {
      const invalid = checkMessage(args, false);
      if (invalid !== undefined) return invalid;
      const channel = str(args.channel) ?? '';
      const ts = str(args.ts);
      if (ts === undefined || ts === '') return { ok: false, error: 'message_not_found' };
      const existing = messages.find((m) => m.channel === channel && m.ts === ts && m.ephemeralTo === undefined);
      if (existing !== undefined) {
        if (args.text !== undefined) existing.text = str(args.text);
        if (args.blocks !== undefined) existing.blocks = args.blocks;
        existing.updates += 1;
      }
      return { ok: true, channel, ts, text: str(args.text) ?? '', message: messageObject(args, ts) };
    },
    'views.publish': ({ args }) => {
      const userId = str(args.user_id);
      if (userId === undefined || userId === '') return { ok: false, error: 'invalid_arguments' };
      const view = args.view;
      if (!isRecord(view)) return { ok: false, error: 'invalid_arguments' };
      if (view.type !== 'home') return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] must be home [json-pointer:/view/type]'] } };
      if (validateBlocks) {
        const check = checkBlocks(view.blocks, 100);
        if (check.errors.length > 0) {
          return { ok: false, error: 'invalid_arguments', response_metadata: { messages: check.errors.map((e) => e.replace('/blocks', '/view/blocks')) } };
        }
      }
      const id = nextId('V');
      return {
        ok: true,
        view: {
          id,
          team_id: workspace.teamId,
          app_id: workspace.appId,
          bot_id: workspace.botId,
          type: 'home',
          blocks: view.blocks ?? [],
          private_metadata: str(view.private_metadata) ?? '',
          callback_id: str(view.callback_id) ?? '',
          external_id: str(view.external_id) ?? '',
          hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
          state: { values: {} },
          root_view_id: id,
          previous_view_id: null,
        },
      };
    },
    'files.getUploadURLExternal': ({ args, standIn }) => {
      const filename = str(args.filename);
      const lengthText = str(args.length);
      const length = lengthText === undefined ? Number.NaN : Number(lengthText);
      if (filename === undefined || filename === '' || !Number.isInteger(length) || length < 0) {
        return { ok: false, error: 'invalid_arguments' };
      }
      const fileId = nextId('F');
      issuedFiles.set(fileId, { filename, length });
      return { ok: true, upload_url: `${standIn.baseUrl}/upload/v1/${fileId}`, file_id: fileId };
    },
    'files.completeUploadExternal': ({ args }) => {
      const files = args.files;
      if (!Array.isArray(files) || files.length === 0) return { ok: false, error: 'invalid_arguments' };
      const out: Record<string, unknown>[] = [];
      for (const file of files) {
        const id = isRecord(file) ? str(file.id) : undefined;
        if (id === undefined || !issuedFiles.has(id)) return { ok: false, error: 'file_not_found' };
        const upload = events.find((e): e is RecordedUpload => e.kind === 'upload' && e.fileId === id && e.status === 200);
        if (upload === undefined) return { ok: false, error: 'file_upload_not_found' };
        const title = isRecord(file) ? str(file.title) : undefined;
        upload.completed = {
          title,
          channelId: str(args.channel_id),
          threadTs: str(args.thread_ts),
          initialComment: str(args.initial_comment),
        };
        const channelId = str(args.channel_id);
        out.push({
          id,
          title: title ?? upload.filename ?? '',
          name: upload.filename ?? '',
          size: upload.size,
          created: Math.floor(upload.at / 1000),
          user: workspace.botUserId,
          channels: channelId === undefined ? [] : [channelId],
          permalink: `https://${workspace.teamDomain}.slack.com/files/${workspace.botUserId}/${id}`,
        });
      }
      return { ok: true, files: out };
    },
    'apps.connections.open': () => {
      if (issueSocketUrl === undefined) return { ok: false, error: 'socket_mode_not_attached' };
      return { ok: true, url: issueSocketUrl() };
    },
    ...opts.methods,
  };

  // --- HTTP handlers ------------------------------------------------------------------------------------------

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string, url: URL): Promise<void> {
    const at = Date.now();
    const contentType = req.headers['content-type'] ?? '';
    const body = await readBody(req);
    const parsed = await parseBody(contentType, body);
    const rawArgs: Record<string, unknown> = { ...Object.fromEntries(url.searchParams), ...parsed.fields };
    const token = bearer(req) ?? str(rawArgs.token);
    const args: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(rawArgs)) {
      if (key !== 'token') args[key] = maybeJson(key, value);
    }

    let status = 200;
    let result: ApiResult;
    const headers: Record<string, string> = {};
    const failure = takeFailure(method, args);
    if (failure?.delayMs !== undefined) await delay(failure.delayMs);
    if (failure !== undefined && !(failure.slowOnly ?? false)) {
      status = failure.status ?? 200;
      result = { ok: false, error: failure.error ?? (status === 429 ? 'ratelimited' : 'internal_error'), ...failure.body };
      if (status === 429) headers['retry-after'] = String(failure.retryAfterSec ?? 1);
    } else if (parsed.error !== undefined) {
      result = { ok: false, error: parsed.error };
    } else {
      const handler = builtins[method];
      const denied = handler === undefined ? undefined : authError(method, token);
      if (handler === undefined) result = { ok: false, error: 'unknown_method' };
      else if (denied !== undefined) result = denied;
      else result = handler({ method, token, args, standIn });
    }
    const call: RecordedCall = { kind: 'call', seq: ++seq, method, token, args, rawArgs, contentType, at, status, result };
    record(call);
    sendJson(res, status, result, headers);
  }

  async function handleUpload(req: IncomingMessage, res: ServerResponse, fileId: string): Promise<void> {
    const at = Date.now();
    const contentType = req.headers['content-type'] ?? '';
    const body = await readBody(req);
    let content = body;
    let partName: string | undefined;
    if (contentType.toLowerCase().startsWith('multipart/form-data')) {
      const parsed = await parseBody(contentType, body);
      const part = Object.values(parsed.fields).find((v): v is FilePart => isRecord(v) && Buffer.isBuffer(v.content));
      if (part !== undefined) {
        content = part.content;
        partName = part.filename;
      } else {
        const text = str(parsed.fields.body) ?? str(parsed.fields.file);
        content = Buffer.from(text ?? '', 'utf8');
      }
    }
    const issued = issuedFiles.get(fileId);
    let status = issued === undefined ? 404 : 200;
    const failure = takeFailure('upload_url');
    if (failure?.delayMs !== undefined) await delay(failure.delayMs);
    if (failure !== undefined && !(failure.slowOnly ?? false)) status = failure.status ?? 500;
    const upload: RecordedUpload = {
      kind: 'upload',
      seq: ++seq,
      fileId,
      filename: partName !== undefined && partName !== 'Untitled' && partName !== 'blob' ? partName : issued?.filename,
      declaredLength: issued?.length,
      size: content.length,
      content,
      text: content.toString('utf8'),
      contentType,
      at,
      status,
    };
    record(upload);
    if (status === 200) sendText(res, 200, `OK - ${content.length}`);
    else sendText(res, status, status === 404 ? 'file_not_found' : 'upload_failed');
  }

  async function handleResponseUrl(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const at = Date.now();
    const contentType = req.headers['content-type'] ?? '';
    const body = await readBody(req);
    const raw = body.toString('utf8');
    let parsedBody: unknown = raw;
    const type = contentType.toLowerCase();
    if (type.startsWith('application/json') || /^\s*[[{]/.test(raw)) {
      try {
        parsedBody = JSON.parse(raw) as unknown;
      } catch {
        parsedBody = raw;
      }
    } else if (type.startsWith('application/x-www-form-urlencoded')) {
      parsedBody = Object.fromEntries(new URLSearchParams(raw));
    }
    const uses = (responseUrlUses.get(id) ?? 0) + 1;
    responseUrlUses.set(id, uses);
    const failure = takeFailure('response_url');
    if (failure?.delayMs !== undefined) await delay(failure.delayMs);
    let status = 200;
    let answer = '{"ok":true}';
    if (failure !== undefined && !(failure.slowOnly ?? false)) {
      status = failure.status ?? 500;
      answer = failure.error ?? 'internal_error';
    } else if (uses > responseUrlMaxUses) {
      status = 404;
      answer = 'used_url';
    } else if (tableRefusal !== null && isRecord(parsedBody) && hasTable(parsedBody.blocks)) {
      status = 400;
      answer = tableRefusal;
    } else if (parsedBody === raw && raw.trim() !== '' && !type.startsWith('text/')) {
      status = 400;
      answer = 'invalid_payload';
    }
    record<RecordedResponse>({ kind: 'response', seq: ++seq, id, body: parsedBody, raw, contentType, at, status });
    if (status === 200) sendJson(res, 200, { ok: true });
    else sendText(res, status, answer);
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    let work: Promise<void>;
    const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(path);
    const upload = /^\/upload\/v1\/([A-Za-z0-9_-]+)$/.exec(path);
    const response = /^\/response\/([^/]+)$/.exec(path);
    if (api?.[1] !== undefined) {
      work = handleApi(req, res, api[1], url);
    } else if (upload?.[1] !== undefined && req.method === 'POST') {
      work = handleUpload(req, res, upload[1]);
    } else if (response?.[1] !== undefined && req.method === 'POST') {
      work = handleResponseUrl(req, res, decodeURIComponent(response[1]));
    } else {
      req.resume();
      sendText(res, 404, 'not found');
      return;
    }
    work.catch((error: unknown) => {
      if (!res.headersSent) sendText(res, 500, `stand-in error: ${error instanceof Error ? error.message : String(error)}`);
      else res.destroy();
    });
  });

  const port = await listenOnLoopback(server);
  const baseUrl = `http://127.0.0.1:${port}`;

  function describeEvent(event: StandInEvent): string {
    switch (event.kind) {
      case 'call': {
        const detail = ['channel', 'user', 'user_id', 'ts', 'filename']
          .map((k) => (event.args[k] === undefined ? undefined : `${k}=${String(event.args[k])}`))
          .filter(Boolean)
          .join(' ');
        const outcome = event.result.ok ? 'ok' : `error=${event.result.error ?? '?'}`;
        return `#${event.seq} call ${event.method}${detail ? ` (${detail})` : ''} -> ${event.status} ${outcome}`;
      }
      case 'response':
        return `#${event.seq} response_url ${event.id} -> ${event.status} ${event.raw.slice(0, 120)}`;
      case 'upload':
        return `#${event.seq} upload ${event.fileId} (${event.size} bytes) -> ${event.status}`;
    }
  }

  function waitForEvent(matches: (event: StandInEvent) => boolean, label: string, timeoutMs: number, since: number): Promise<StandInEvent> {
    const existing = events.find((e) => e.seq > since && matches(e));
    if (existing !== undefined) return Promise.resolve(existing);
    if (closed) return Promise.reject(new Error(`waitFor(${label}): the Slack stand-in is closed`));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        matches,
        since,
        resolve,
        reject,
        timer: setTimeout(() => {
          waiters.delete(waiter);
          const arrived = events.filter((e) => e.seq > since);
          reject(
            new Error(
              `waitFor(${label}) timed out after ${timeoutMs} ms; ` +
                (arrived.length === 0 ? 'nothing arrived' : `what arrived:\n  ${standIn.describe(arrived)}`),
            ),
          );
        }, timeoutMs),
      };
      waiters.add(waiter);
    });
  }

  function waitFor(method: string, timeoutMs?: number, since?: number): Promise<RecordedCall>;
  function waitFor(predicate: (event: StandInEvent) => boolean, timeoutMs?: number, since?: number): Promise<StandInEvent>;
  function waitFor(matcher: string | ((event: StandInEvent) => boolean), timeoutMs = 2000, since = 0): Promise<StandInEvent> {
    if (typeof matcher === 'string') {
      return waitForEvent((e) => e.kind === 'call' && e.method === matcher, matcher, timeoutMs, since);
    }
    return waitForEvent(matcher, matcher.name || 'predicate', timeoutMs, since);
  }

  const standIn: SlackStandIn = {
    apiUrl: `${baseUrl}/api/`,
    baseUrl,
    port,
    workspace,
    get calls() {
      return events.filter((e): e is RecordedCall => e.kind === 'call');
    },
    get uploads() {
      return events.filter((e): e is RecordedUpload => e.kind === 'upload');
    },
    get messages() {
      return [...messages];
    },
    get seq() {
      return seq;
    },
    callsTo(method) {
      return events.filter((e): e is RecordedCall => e.kind === 'call' && e.method === method);
    },
    responseUrl(id) {
      return `${baseUrl}/response/${encodeURIComponent(id)}`;
    },
    responses(id) {
      return events.filter((e): e is RecordedResponse => e.kind === 'response' && (id === undefined || e.id === id));
    },
    waitFor,
    waitForResponse(id, timeoutMs = 2000, since = 0) {
      return waitForEvent(
        (e) => e.kind === 'response' && (id === undefined || e.id === id),
        id === undefined ? 'response_url' : `response_url ${id}`,
        timeoutMs,
        since,
      ) as Promise<RecordedResponse>;
    },
    refuseTables(code) {
      tableRefusal = code;
    },
    fail(method, failure = {}) {
      failures.set(method, failure);
    },
    clearFailures() {
      failures.clear();
    },
    attachSocketMode(issueUrl) {
      issueSocketUrl = issueUrl;
    },
    reset() {
      events = [];
      messages = [];
      failures.clear();
      tableRefusal = null;
      issuedFiles.clear();
      responseUrlUses.clear();
    },
    describe(list = events) {
      return list.length === 0 ? '(nothing)' : list.map(describeEvent).join('\n  ');
    },
    async close() {
      if (closed) return;
      closed = true;
      issueSocketUrl = undefined;
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error('the Slack stand-in was closed while waiting'));
      }
      waiters.clear();
      for (const [timer, finish] of delays) {
        clearTimeout(timer);
        finish();
      }
      delays.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return standIn;
}
