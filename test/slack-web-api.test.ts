/**
 * Calls to Slack that fail, through the real app (with its own retry policy) against the Slack stand-in:
 * bounded retries, each failure logged with Slack's error and response_metadata and counted by method and
 * error in /metrics, and the asker told when the answer could not be delivered. Then the counted fetch on its
 * own: its timeout, and the answer it hands on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockTexts } from '../src/slack/limits.js';
import pino from 'pino';
import { Metrics } from '../src/bot/metrics.js';
import { countedFetch, REPLY_RETRY } from '../src/slack/web-api.js';
import { shippedDataset } from './helpers/dataset.js';
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

  it('retries a reply Slack answers with 500, logs and counts each failure, and delivers the answer', async () => {
    const before = await metrics();
    const logsBefore = h.rawLogs.length;
    const since = h.standIn.seq;
    h.standIn.fail('chat.postMessage', { status: 500, times: 2 });
    const channel = 'D0RETRY001';
    await h.event(dmMessageEvent({ text: 'dns in eu-de', channel }));
    const answer = await h.standIn.waitFor((e) => e.kind === 'call' && e.method === 'chat.postMessage' && e.result.ok && e.args.channel === channel, 10_000, since);
    expect(answer.seq).toBeGreaterThan(since);
    expect(failedCalls(logsBefore, 'chat.postMessage').map((l) => l.webApi)).toEqual([
      { method: 'chat.postMessage', error: 'http_500', status: 500 },
      { method: 'chat.postMessage', error: 'http_500', status: 500 },
    ]);
    const after = await metrics();
    const delta = (series: string) => sample(after, series) - sample(before, series);
    expect(delta('porthole_chat_api_calls_total{method="chat.postMessage"}')).toBe(3);
    expect(delta('porthole_chat_api_failures_total{method="chat.postMessage",error="http_500"}')).toBe(2);
  });

  it('gives up after REPLY_RETRY’s retries, within seconds, and tells the asker in the channel', async () => {
    const logsBefore = h.rawLogs.length;
    const since = h.standIn.seq;
    h.standIn.fail('chat.postMessage', { status: 503 });
    const started = Date.now();
    const mention = appMentionEvent({ text: `<@${W.botUserId}> dns in eu-de`, user: 'U0GIVEUP01' });
    await h.event(mention);
    const sorry = await h.call('chat.postEphemeral', (c) => c.args.user === 'U0GIVEUP01', since);
    h.standIn.clearFailures();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(sorry.args.channel).toBe(W.channelId);
    expect(blockTexts(sorry.args.blocks).join('\n')).toContain('something went wrong');
    expect(h.standIn.callsTo('chat.postMessage').filter((c) => c.seq > since)).toHaveLength(1 + REPLY_RETRY.retries!);
    expect(failedCalls(logsBefore, 'chat.postMessage')).toHaveLength(1 + REPLY_RETRY.retries!);
    const audit = await h.waitForLog((l) => l.msg === 'audit' && (l.audit as { userId: string }).userId === 'U0GIVEUP01', logsBefore);
    expect(audit.audit).toMatchObject({ entry: 'app-mention', outcome: 'error' });
  });

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
