import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, isValidSlackRequest, type HTTPReceiver, type SocketModeReceiver } from '@slack/bolt';
import type { Logger } from 'pino';

/**
 * What Bolt lets through and should not: requests are screened here before Bolt reads them.
 * - A signed body that is not a JSON object (`null`, a number, an array) crashes Bolt's receivers: refused, 400.
 * - A request from another team than the app's own would get a Web API client of its own, which Bolt keeps for
 *   good (one per team id): refused before Bolt sees it, 403.
 * - Bolt refuses a signature timestamp older than five minutes, not one in the future: refused alike, 401.
 */

/** How far a signed request's timestamp may be from now, either way (Slack's own rule for old ones). */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;
/** The Events API path of Bolt's HTTP receiver. */
const EVENTS_PATH = '/slack/events';

export interface GuardOptions {
  /** The app's own team id (auth.test's `team_id`); undefined until the start-up check has run. */
  ownTeamId(): string | undefined;
  logger: Logger;
  /** Seconds since the epoch (tests). */
  nowSeconds?: () => number;
}

export interface Refusal {
  status: 400 | 401 | 403 | 413;
  reason: string;
  teamId?: string;
}

type Body = Record<string, unknown>;

const isRecord = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The id Bolt keys its Web API clients by, as Bolt reads it from a request (its `buildSource`): the team of the
 * installation, else the enterprise.
 */
export function clientKey(body: Body): string | undefined {
  const team = isRecord(body.team) ? str(body.team.id) : undefined;
  const user = isRecord(body.user) ? str(body.user.team_id) : undefined;
  if (isRecord(body.event)) {
    const authorization = Array.isArray(body.authorizations) && isRecord(body.authorizations[0]) ? body.authorizations[0] : undefined;
    return str(authorization?.team_id) ?? str(body.team_id) ?? str(authorization?.enterprise_id) ?? str(body.enterprise_id);
  }
  if (typeof body.command === 'string') return str(body.team_id) ?? str(body.enterprise_id);
  const installedIn = isRecord(body.view) ? str(body.view.app_installed_team_id) : undefined;
  const enterprise = isRecord(body.enterprise) ? str(body.enterprise.id) : undefined;
  return installedIn ?? team ?? user ?? enterprise;
}

/** Why a parsed request must not reach Bolt, or undefined when it may. */
export function screenBody(body: unknown, ownTeamId: string | undefined): Refusal | undefined {
  if (!isRecord(body)) return { status: 400, reason: `the body is ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}, not an object` };
  if (body.event !== undefined && !isRecord(body.event)) return { status: 400, reason: 'its event is not an object' };
  const key = clientKey(body);
  if (ownTeamId !== undefined && key !== undefined && key !== ownTeamId) return { status: 403, reason: 'it comes from another team than the app’s own', teamId: key };
  return undefined;
}

/** Reads a request's body, at most `limit` bytes. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function refuse(res: ServerResponse, refusal: Refusal, logger: Logger): void {
  logger.warn({ refused: { status: refusal.status, reason: refusal.reason, teamId: refusal.teamId ?? null } }, 'request refused');
  res.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${refusal.reason}\n`);
}

/**
 * Screens a signed request: its timestamp (both ways), then, once its signature holds, its body. Undefined: hand
 * it on to Bolt, its body already read (Bolt checks the signature again, and reads `rawBody`).
 */
function screenRequest(req: IncomingMessage, raw: Buffer, signingSecret: string, options: GuardOptions): Refusal | undefined {
  const text = raw.toString('utf8');
  const contentType = req.headers['content-type'];
  // Slack's unsigned SSL check: Bolt answers it and drops anything else in it.
  if (contentType === 'application/x-www-form-urlencoded' && new URLSearchParams(text).get('ssl_check') === '1') return undefined;
  const timestamp = Number(req.headers['x-slack-request-timestamp']);
  const now = options.nowSeconds?.() ?? Math.floor(Date.now() / 1000);
  if (!Number.isFinite(timestamp) || Math.abs(now - timestamp) > MAX_CLOCK_SKEW_SECONDS) return { status: 401, reason: 'its timestamp is more than five minutes from now' };
  const signature = req.headers['x-slack-signature'];
  const signed = typeof signature === 'string' && isValidSlackRequest({ signingSecret, body: text, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp } });
  if (!signed) return { status: 401, reason: 'its signature does not match' };
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(Object.assign(req, { rawBody: raw }));
  } catch {
    return { status: 400, reason: 'its body does not parse' };
  }
  return screenBody(body, options.ownTeamId());
}

/** Puts the screen in front of Bolt's HTTP receiver (its `requestListener`, which its server calls per request). */
export function guardHttpReceiver(receiver: HTTPReceiver, signingSecret: string, options: GuardOptions): void {
  const handOn = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== EVENTS_PATH || req.method !== 'POST') {
      handOn(req, res);
      return;
    }
    void readBody(req, HTTPModuleFunctions.defaultBodyLimit).then(
      (raw) => {
        const refusal = raw === undefined ? { status: 413 as const, reason: 'its body is too large' } : screenRequest(req, raw, signingSecret, options);
        if (refusal === undefined) handOn(req, res);
        else refuse(res, refusal, options.logger);
      },
      (error: unknown) => {
        options.logger.warn({ err: error }, 'could not read a request');
        res.destroy();
      },
    );
  };
}

/** Why a Socket Mode frame must not reach the client, or undefined when it may. */
export function screenFrame(text: string, ownTeamId: string | undefined): Refusal | undefined {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return undefined; // the client ignores what does not parse
  }
  if (!isRecord(frame)) return { status: 400, reason: `the frame is ${frame === null ? 'null' : typeof frame}, not an object` };
  if (frame.type === 'hello' || frame.type === 'disconnect') return undefined;
  if (typeof frame.envelope_id !== 'string') return { status: 400, reason: 'the frame has no envelope_id' };
  if (frame.type === 'events_api' && !(isRecord(frame.payload) && isRecord(frame.payload.event))) return { status: 400, reason: 'its payload has no event' };
  return screenBody(frame.payload, ownTeamId);
}

/**
 * Puts the screen in front of the Socket Mode client's frame handler. A refused envelope is acknowledged (with
 * nothing), so that Slack does not send it again.
 */
export function guardSocketMode(receiver: SocketModeReceiver, options: GuardOptions): void {
  const client = receiver.client;
  const handOn = client.listeners('ws_message') as ((data: unknown, isBinary: boolean) => void)[];
  client.removeAllListeners('ws_message');
  client.on('ws_message', (data: unknown, isBinary: boolean) => {
    const text = isBinary ? undefined : typeof data === 'string' ? data : new TextDecoder().decode(data as ArrayBuffer);
    const refusal = text === undefined ? undefined : screenFrame(text, options.ownTeamId());
    if (refusal === undefined) {
      for (const listener of handOn) listener(data, isBinary);
      return;
    }
    options.logger.warn({ refused: { reason: refusal.reason, teamId: refusal.teamId ?? null } }, 'Socket Mode frame refused');
    const envelopeId = (JSON.parse(text!) as { envelope_id?: unknown } | null)?.envelope_id;
    // The client's own `send` (private in its types) is what its ack() calls.
    const sender = client as unknown as { send(envelopeId: string): Promise<void> };
    if (typeof envelopeId === 'string') sender.send(envelopeId).catch((error: unknown) => options.logger.debug({ err: error }, 'acknowledging a refused frame'));
  });
}
