/**
 * Calls to Slack that fail, through the real app (with its own retry policy) against the Slack stand-in:
 * bounded retries, each failure logged with Slack's error and response_metadata and counted by method and
 * error in /metrics, and the asker told when the answer could not be delivered. Then the counted fetch on its
 * own: its timeout, and the answer it hands on.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockTexts } from '../src/slack/limits.js';
import pino from 'pino';
import { Metrics } from '../src/bot/metrics.js';
import { countedFetch, RETRY_AFTER_CAP_MS } from '../src/slack/web-api.js';
import { shippedDataset } from './helpers/dataset.js';
import { freeLoopbackPort } from './support/listen.js';
import { appMentionEvent, DEFAULT_WORKSPACE as W, dmMessageEvent, SlackAppHarness, slashCommandFields, startSlackStandIn, type SlackStandIn } from './support/slack/index.js';

const TOKENS = { botToken: 'xoxb-1111-2222-webApiBotToken', appToken: 'xapp-1-A0PORTHOLE-3333-webApiApp', signingSecret: 'a87ff679a2f3e71d9181a67b7542122c' };

function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('Web API failures (HTTP mode, the app’s own retry policy)', () => {
  const h = new SlackAppHarness('http', {
    tokens: TOKENS,
    rateLimitPerMinute: 100,
    logLevel: 'info',
    logTimeoutMs: 15_000,
    // The app's default retries, not the harness's none.
    appOptions: () => ({ retryConfig: undefined }),
  });
  beforeAll(async () => {
    await h.start(await shippedDataset());
  });
  afterAll(() => h.stop());

  const metrics = async () => (await fetch(`${h.baseUrl}/metrics`)).text();
  const failedCalls = (from: number, method: string) => h.logs.slice(from).filter((l) => l.msg === 'Slack call failed' && (l.webApi as { method: string }).method === method);

  it('retries a repeatable call (the file upload) Slack answers with 500, logs and counts each failure, and delivers the file', async () => {
    const before = await metrics();
    const logsBefore = h.rawLogs.length;
    const since = h.standIn.seq;
    h.standIn.fail('upload_url', { status: 500, times: 2 });
    await h.event(dmMessageEvent({ text: 'everything in eu-gb', channel: 'D0RETRY001', user: 'U0RETRY001' }));
    await h.call('files.completeUploadExternal', () => true, since);
    expect(failedCalls(logsBefore, 'file_upload').map((l) => l.webApi)).toEqual([
      { method: 'file_upload', error: 'http_500', status: 500 },
      { method: 'file_upload', error: 'http_500', status: 500 },
    ]);
    const after = await metrics();
    const delta = (series: string) => sample(after, series) - sample(before, series);
    expect(delta('porthole_chat_api_calls_total{method="file_upload"}')).toBe(3);
    expect(delta('porthole_chat_api_failures_total{method="file_upload",error="http_500"}')).toBe(2);
    expect(h.standIn.uploads.filter((u) => u.seq > since && u.status === 200)).toHaveLength(1);
  });

  it('never repeats a post Slack answers with 5xx (it may have posted it): one try, and the asker is told within seconds', async () => {
    const logsBefore = h.rawLogs.length;
    const since = h.standIn.seq;
    h.standIn.fail('chat.postMessage', { status: 503 });
    const started = Date.now();
    const mention = appMentionEvent({ text: `<@${W.botUserId}> dns in eu-de`, user: 'U0GIVEUP01' });
    await h.event(mention);
    const sorry = await h.call('chat.postEphemeral', (c) => c.args.user === 'U0GIVEUP01', since);
    h.standIn.clearFailures();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(sorry.args.channel).toBe(W.channelId);
    expect(blockTexts(sorry.args.blocks).join('\n')).toContain('something went wrong');
    expect(h.standIn.callsTo('chat.postMessage').filter((c) => c.seq > since)).toHaveLength(1);
    expect(failedCalls(logsBefore, 'chat.postMessage')).toHaveLength(1);
    const audit = await h.waitForLog((l) => l.msg === 'audit' && (l.audit as { userId: string }).userId === 'U0GIVEUP01', logsBefore);
    expect(audit.audit).toMatchObject({ entry: 'app-mention', outcome: 'error' });
  });

  it('posts an answer once when chat.postMessage takes 10.5 s: no second post, no "something went wrong" after it', async () => {
    const logsBefore = h.rawLogs.length;
    const since = h.standIn.seq;
    h.standIn.fail('chat.postMessage', { delayMs: 10_500, slowOnly: true, times: 1 });
    await h.event(appMentionEvent({ text: `<@${W.botUserId}> dns in eu-de`, user: 'U0SLOWPOST' }));
    const audit = await h.waitForLog((l) => l.msg === 'audit' && (l.audit as { userId: string }).userId === 'U0SLOWPOST', logsBefore, 20_000);
    expect(audit.audit).toMatchObject({ entry: 'app-mention', outcome: 'answered' });
    // Time for a retry or a notice to arrive, had one been sent.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const posts = h.standIn.callsTo('chat.postMessage').filter((c) => c.seq > since);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.result.ok).toBe(true);
    expect(h.standIn.callsTo('chat.postEphemeral').filter((c) => c.seq > since)).toHaveLength(0);
    expect(h.logs.slice(logsBefore).filter((l) => l.msg === 'request failed' || l.msg === 'Slack call failed')).toEqual([]);
  }, 30_000);

  it('logs Slack’s error with its response_metadata, does not retry a refusal as it was, and counts it by error', async () => {
    const before = await metrics();
    const logsBefore = h.rawLogs.length;
    const since = h.standIn.seq;
    const messages = ['[ERROR] must be less than 3001 characters [json-pointer:/blocks/1/text/text]'];
    h.standIn.fail('chat.postMessage', { error: 'invalid_blocks', body: { response_metadata: { messages } }, times: 1 });
    const channel = 'D0REFUSED1';
    await h.event(dmMessageEvent({ text: 'dns in eu-de', channel }));
    await h.waitForLog((l) => l.msg === 'audit' && (l.audit as { channelId?: string }).channelId === channel, logsBefore);
    expect(failedCalls(logsBefore, 'chat.postMessage').map((l) => l.webApi)).toEqual([{ method: 'chat.postMessage', error: 'invalid_blocks', status: 200, response_metadata: { messages } }]);
    // Not retried as it was: the message with a table went once; the answer followed without its table.
    const posts = h.standIn.callsTo('chat.postMessage').filter((c) => c.seq > since);
    expect(posts.filter((c) => !c.result.ok)).toHaveLength(1);
    const hasTable = (blocks: unknown) => Array.isArray(blocks) && blocks.some((b) => (b as { type?: string }).type === 'table');
    expect(posts.map((c) => [c.result.ok, hasTable(c.args.blocks)])).toEqual([
      [false, true],
      [true, false],
    ]);
    const after = await metrics();
    expect(sample(after, 'porthole_chat_api_failures_total{method="chat.postMessage",error="invalid_blocks"}') - sample(before, 'porthole_chat_api_failures_total{method="chat.postMessage",error="invalid_blocks"}')).toBe(1);
  });

  it('counts file uploads and each Web API method under its own name', async () => {
    const since = h.standIn.seq;
    await h.sendSlash(slashCommandFields({ text: 'everything in eu-gb', user_id: 'U0COUNTS01', response_url: h.standIn.responseUrl(h.nextId('slash')) }));
    await h.call('files.completeUploadExternal', () => true, since);
    const text = await metrics();
    expect(sample(text, 'porthole_chat_api_calls_total{method="file_upload"}')).toBeGreaterThan(0);
    expect(sample(text, 'porthole_chat_api_calls_total{method="files.getUploadURLExternal"}')).toBeGreaterThan(0);
    expect(sample(text, 'porthole_chat_api_calls_total{method="auth.test"}')).toBeGreaterThan(0);
  });
});

describe('countedFetch, on its own against the Slack stand-in', () => {
  let standIn: SlackStandIn;
  beforeAll(async () => {
    standIn = await startSlackStandIn({ botToken: TOKENS.botToken });
  });
  afterAll(() => standIn.close());

  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  const post = (doFetch: ReturnType<typeof countedFetch>, method: string) =>
    doFetch(`${standIn.apiUrl}${method}`, { method: 'POST', headers: { authorization: `Bearer ${TOKENS.botToken}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'channel=C1&text=x' });

  it('gives up on a call Slack does not answer within timeoutMs, counted and logged as a timeout', async () => {
    const metrics = new Metrics();
    const doFetch = countedFetch({ metrics, logger, apiUrl: standIn.apiUrl, timeoutMs: 150 });
    standIn.fail('chat.postMessage', { delayMs: 2000, slowOnly: true, times: 1 });
    const started = Date.now();
    await expect(post(doFetch, 'chat.postMessage')).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(sample(await metrics.text(), 'porthole_chat_api_failures_total{method="chat.postMessage",error="timeout"}')).toBe(1);
    expect(lines.at(-1)).toMatchObject({ msg: 'Slack call failed', webApi: { method: 'chat.postMessage', error: 'timeout' } });
  });

  it('hands on the whole answer, read once, and finds Slack’s refusal in it', async () => {
    const metrics = new Metrics();
    const doFetch = countedFetch({ metrics, logger, apiUrl: standIn.apiUrl, timeoutMs: 5000 });
    const fine = await post(doFetch, 'chat.postMessage');
    expect(((await fine.json()) as { ok: boolean }).ok).toBe(true);
    standIn.fail('chat.postMessage', { error: 'channel_not_found', times: 1 });
    const refused = await post(doFetch, 'chat.postMessage');
    expect(refused.status).toBe(200);
    expect(await refused.json()).toMatchObject({ ok: false, error: 'channel_not_found' });
    const text = await metrics.text();
    expect(sample(text, 'porthole_chat_api_calls_total{method="chat.postMessage"}')).toBe(2);
    expect(sample(text, 'porthole_chat_api_failures_total{method="chat.postMessage",error="channel_not_found"}')).toBe(1);
  });
});

describe('countedFetch retries only what provably did not reach Slack', () => {
  let standIn: SlackStandIn;
  beforeAll(async () => {
    standIn = await startSlackStandIn({ botToken: TOKENS.botToken });
  });
  afterAll(() => standIn.close());

  const logger = pino({ level: 'silent' });
  const retry = { retries: 2, factor: 1, minTimeout: 300, maxTimeout: 300 };
  const form = { method: 'POST', headers: { authorization: `Bearer ${TOKENS.botToken}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'channel=C0RETRIES&text=x' };


  /** Starts a server on `port` (or a free one) that hands each request to `handle`, counting the requests it read. */
  async function serverOn(port: number, handle: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<{ server: Server; received: () => number }> {
    let received = 0;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received += 1;
        handle(req, body, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return { server, received: () => received };
  }

  /** Forwards a call to the Slack stand-in, as a proxy in front of Slack would. */
  function forwardToStandIn(req: IncomingMessage, body: string, res: ServerResponse): void {
    const method = (req.url ?? '').replace(/^\/api\//, '');
    void fetch(`${standIn.apiUrl}${method}`, { method: 'POST', headers: { authorization: req.headers.authorization ?? '', 'content-type': req.headers['content-type'] ?? '' }, body }).then(async (answer) => {
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(await answer.text());
    });
  }

  it('tries a post again when the connection was refused (nothing was sent), and it is posted once', async () => {
    const port = await freeLoopbackPort();
    const metrics = new Metrics();
    const apiUrl = `http://127.0.0.1:${port}/api/`;
    const doFetch = countedFetch({ metrics, logger, apiUrl, timeoutMs: 5000, retry });
    const since = standIn.seq;
    const posting = doFetch(`${apiUrl}chat.postMessage`, form);
    // Slack (here: a proxy to the stand-in) comes up after the first try was refused.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const proxy = await serverOn(port, forwardToStandIn);
    try {
      const answer = await posting;
      expect(((await answer.json()) as { ok: boolean }).ok).toBe(true);
      expect(standIn.callsTo('chat.postMessage').filter((c) => c.seq > since)).toHaveLength(1);
      const text = await metrics.text();
      expect(sample(text, 'porthole_chat_api_failures_total{method="chat.postMessage",error="request_error"}')).toBe(1);
      expect(sample(text, 'porthole_chat_api_calls_total{method="chat.postMessage"}')).toBe(2);
    } finally {
      proxy.server.closeAllConnections();
      await new Promise((resolve) => proxy.server.close(resolve));
    }
  });

  it('never tries a post again once it was sent (the connection broke before the answer); a repeatable call is', async () => {
    const broken = await serverOn(0, (_req, _body, res) => res.socket?.destroy());
    const port = (broken.server.address() as AddressInfo).port;
    const apiUrl = `http://127.0.0.1:${port}/api/`;
    try {
      const doFetch = countedFetch({ metrics: new Metrics(), logger, apiUrl, timeoutMs: 5000, retry });
      await expect(doFetch(`${apiUrl}chat.postMessage`, form)).rejects.toThrow();
      expect(broken.received()).toBe(1);
      await expect(doFetch(`${apiUrl}auth.test`, form)).rejects.toThrow();
      expect(broken.received()).toBe(1 + 1 + retry.retries);
    } finally {
      broken.server.closeAllConnections();
      await new Promise((resolve) => broken.server.close(resolve));
    }
  });

  it('never tries a post again after its timeout, and waits for a post longer than for a repeatable call', async () => {
    const metrics = new Metrics();
    const doFetch = countedFetch({ metrics, logger, apiUrl: standIn.apiUrl, timeoutMs: 150, unrepeatableTimeoutMs: 600, retry });
    const since = standIn.seq;
    standIn.fail('chat.postMessage', { delayMs: 400, slowOnly: true, times: 1 });
    const posted = await doFetch(`${standIn.apiUrl}chat.postMessage`, form);
    expect(((await posted.json()) as { ok: boolean }).ok).toBe(true);
    standIn.fail('chat.postMessage', { delayMs: 1000, slowOnly: true });
    await expect(doFetch(`${standIn.apiUrl}chat.postMessage`, form)).rejects.toMatchObject({ name: 'TimeoutError' });
    // The slow post reaches the stand-in after the timeout all the same: it was sent once, never again.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    standIn.clearFailures();
    expect(standIn.callsTo('chat.postMessage').filter((c) => c.seq > since)).toHaveLength(2);
    expect(sample(await metrics.text(), 'porthole_chat_api_failures_total{method="chat.postMessage",error="timeout"}')).toBe(1);
  });

  it('waits out a 429 in that call alone when its Retry-After is within the cap, and fails at once past the cap', async () => {
    const metrics = new Metrics();
    const doFetch = countedFetch({ metrics, logger, apiUrl: standIn.apiUrl, timeoutMs: 5000, retry, retryAfterCapMs: RETRY_AFTER_CAP_MS });
    standIn.fail('chat.postMessage', { status: 429, retryAfterSec: 1, times: 1 });
    const started = Date.now();
    const waited = await doFetch(`${standIn.apiUrl}chat.postMessage`, form);
    expect(waited.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    standIn.fail('chat.postMessage', { status: 429, retryAfterSec: Math.ceil(RETRY_AFTER_CAP_MS / 1000) + 25, times: 1 });
    const refusedAt = Date.now();
    const refused = await doFetch(`${standIn.apiUrl}chat.postMessage`, form);
    expect(refused.status).toBe(429);
    expect(Date.now() - refusedAt).toBeLessThan(1000);
    expect(sample(await metrics.text(), 'porthole_chat_api_failures_total{method="chat.postMessage",error="ratelimited"}')).toBe(2);
  });
});

describe('a 429 for one person (HTTP mode, the app’s own retry policy)', () => {
  const h = new SlackAppHarness('http', { tokens: TOKENS, rateLimitPerMinute: 100, logLevel: 'info', logTimeoutMs: 15_000, appOptions: () => ({ retryConfig: undefined }) });
  beforeAll(async () => {
    await h.start(await shippedDataset());
  });
  afterAll(() => h.stop());

  const OTHERS = 30;
  const p99 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.99) - 1]!;

  /** Direct messages from OTHERS people, 20 ms apart: how long each took from its event to its answer in Slack. */
  async function othersLatencies(round: string): Promise<number[]> {
    const since = h.standIn.seq;
    const sent = new Map<string, number>();
    for (let i = 0; i < OTHERS; i += 1) {
      const channel = `D0${round}${String(i).padStart(3, '0')}`;
      sent.set(channel, Date.now());
      await h.event(dmMessageEvent({ text: 'dns in eu-de', channel, user: `U0${round}${String(i).padStart(3, '0')}` }));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const latencies: number[] = [];
    for (const [channel, at] of sent) {
      const answer = await h.standIn.waitFor((e) => e.kind === 'call' && e.method === 'chat.postMessage' && e.result.ok && e.args.channel === channel, 20_000, since);
      latencies.push(answer.at - at);
    }
    return latencies;
  }

  it("leaves the others' p99 unchanged, and the limited person is told at once, their post tried once", async () => {
    const baseline = p99(await othersLatencies('BASE'));
    const logsBefore = h.rawLogs.length;
    const since = h.standIn.seq;
    const limited = 'D0LIMITED1';
    h.standIn.fail('chat.postMessage', { status: 429, retryAfterSec: 30, when: (args) => args.channel === limited });
    await h.event(dmMessageEvent({ text: 'dns in eu-de', channel: limited, user: 'U0LIMITED1' }));
    const withFault = p99(await othersLatencies('FLT'));
    const audit = await h.waitForLog((l) => l.msg === 'audit' && (l.audit as { userId: string }).userId === 'U0LIMITED1', logsBefore);
    h.standIn.clearFailures();
    expect(audit.audit).toMatchObject({ outcome: 'error' });
    expect((audit.audit as { latencyMs: number }).latencyMs).toBeLessThan(RETRY_AFTER_CAP_MS);
    // The answer, then the notice of the failure: each refused once, neither tried again after Retry-After.
    expect(h.standIn.callsTo('chat.postMessage').filter((c) => c.seq > since && c.args.channel === limited).map((c) => c.status)).toEqual([429, 429]);
    // Unchanged within the noise of a busy machine, and far from the 30 s the person's Retry-After asked for.
    expect(withFault).toBeLessThan(baseline + 1000);
  }, 60_000);
});
