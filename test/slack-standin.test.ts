/**
 * Tests of the local Slack stand-in itself, driven by the real Slack SDKs (WebClient, SocketModeClient, Bolt).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, verifySlackRequest, type Logger } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import { ErrorCode, WebClient, type WebAPIHTTPError, type WebAPIPlatformError } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  appMentionEvent,
  blockActionsPayload,
  DEFAULT_WORKSPACE,
  dmMessageEvent,
  postEvent,
  postInteraction,
  postSigned,
  postSlashCommand,
  signRequest,
  slashCommandFields,
  startSlackStandIn,
  startSocketModeStandIn,
  type RecordedCall,
  type SlackStandIn,
  type SocketModeStandIn,
} from './support/slack/index.js';

const BOT_TOKEN = 'xoxb-standin-test';
const APP_TOKEN = 'xapp-1-standin-test';
const SECRET = 'standin-signing-secret';

/** WebClient logs `[ERROR]` lines of response_metadata.messages at error level; keep the test output quiet. */
const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

function client(standIn: SlackStandIn, token = BOT_TOKEN): WebClient {
  return new WebClient(token, { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 }, logger: silentLogger });
}

async function platformError(promise: Promise<unknown>): Promise<WebAPIPlatformError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect((error as { code?: string }).code).toBe(ErrorCode.PlatformError);
  return error as WebAPIPlatformError;
}

describe('Web API stand-in', () => {
  let standIn: SlackStandIn;
  beforeAll(async () => {
    standIn = await startSlackStandIn({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  });
  afterEach(() => standIn.reset());
  afterAll(async () => standIn.close());

  it('listens on 127.0.0.1 and answers auth.test with the workspace ids', async () => {
    expect(standIn.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    const result = await client(standIn).auth.test();
    expect(result).toMatchObject({
      ok: true,
      team_id: DEFAULT_WORKSPACE.teamId,
      user_id: DEFAULT_WORKSPACE.botUserId,
      bot_id: DEFAULT_WORKSPACE.botId,
      team: DEFAULT_WORKSPACE.teamName,
    });
    expect(result.url).toMatch(/^https:\/\//);
    expect(standIn.callsTo('auth.test')).toHaveLength(1);
    expect(standIn.calls[0]?.token).toBe(BOT_TOKEN);
  });

  it('records chat.postMessage with blocks parsed from the form', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*TCP 443* to `c1.us-south`' } }];
    const result = await client(standIn).chat.postMessage({ channel: 'C0ABC', text: 'ports', blocks, thread_ts: '1.2' });
    expect(result).toMatchObject({ ok: true, channel: 'C0ABC', message: { text: 'ports', blocks, thread_ts: '1.2' } });
    expect(result.ts).toMatch(/^\d+\.\d{6}$/);

    const call = await standIn.waitFor('chat.postMessage');
    expect(call.contentType).toBe('application/x-www-form-urlencoded');
    expect(call.args.blocks).toEqual(blocks);
    expect(typeof call.rawArgs.blocks).toBe('string');
    expect(call.args).not.toHaveProperty('token');
    expect(call.args.text).toBe('ports');
    expect(standIn.messages).toEqual([
      expect.objectContaining({ channel: 'C0ABC', ts: result.ts, text: 'ports', blocks, threadTs: '1.2' }),
    ]);
  });

  it('accepts JSON bodies with a Bearer token', async () => {
    const res = await fetch(`${standIn.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${BOT_TOKEN}` },
      body: JSON.stringify({ channel: 'C0ABC', text: 'json', blocks: [{ type: 'divider' }] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: 'C0ABC' });
    expect(standIn.callsTo('chat.postMessage')[0]?.args.blocks).toEqual([{ type: 'divider' }]);
  });

  it('answers invalid_auth for a wrong token and not_authed for none', async () => {
    expect((await platformError(client(standIn, 'xoxb-wrong').auth.test())).data.error).toBe('invalid_auth');
    expect((await platformError(new WebClient(undefined, { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } }).auth.test())).data.error).toBe(
      'not_authed',
    );
    expect((await platformError(client(standIn).apps.connections.open())).data.error).toBe('not_allowed_token_type');
  });

  it('records unknown methods and answers unknown_method', async () => {
    expect((await platformError(client(standIn).apiCall('porthole.nonsense', { a: 1 }))).data.error).toBe('unknown_method');
    expect(standIn.callsTo('porthole.nonsense')[0]?.args).toEqual({ a: '1' });
  });

  it('injects failures: Slack errors, HTTP statuses, limited times', async () => {
    standIn.fail('chat.postMessage', { error: 'channel_not_found', times: 1 });
    expect((await platformError(client(standIn).chat.postMessage({ channel: 'C1', text: 'x' }))).data.error).toBe('channel_not_found');
    await expect(client(standIn).chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });

    standIn.fail('chat.update', { status: 503 });
    const error = (await client(standIn)
      .chat.update({ channel: 'C1', ts: '1.1', text: 'x' })
      .catch((e: unknown) => e)) as WebAPIHTTPError;
    expect(error.code).toBe(ErrorCode.HTTPError);
    expect(error.statusCode).toBe(503);
    standIn.clearFailures();
    await expect(client(standIn).chat.update({ channel: 'C1', ts: '1.1', text: 'x' })).resolves.toMatchObject({ ok: true, ts: '1.1' });
  });

  it('checks Block Kit limits like Slack', async () => {
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const error = await platformError(client(standIn).chat.postMessage({ channel: 'C1', text: 'x', blocks: tooMany }));
    expect(error.data.error).toBe('invalid_blocks');
    expect(error.data.response_metadata?.messages?.[0]).toContain('no more than 50 items');
    const long = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }];
    expect((await platformError(client(standIn).chat.postMessage({ channel: 'C1', text: 'x', blocks: long }))).data.error).toBe('invalid_blocks');
    const heavy = Array.from({ length: 5 }, () => ({ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(2900) } }));
    expect((await platformError(client(standIn).chat.postMessage({ channel: 'C1', text: 'x', blocks: heavy }))).data.error).toBe(
      'msg_blocks_too_long',
    );
  });

  it('serves postEphemeral, update, views.publish, and a direct message by user id', async () => {
    const web = client(standIn);
    await expect(web.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'only you' })).resolves.toMatchObject({
      ok: true,
      message_ts: expect.stringMatching(/^\d+\.\d+$/) as unknown,
    });
    const posted = await web.chat.postMessage({ channel: 'C1', text: 'working…' });
    await web.chat.update({ channel: 'C1', ts: posted.ts ?? '', text: 'done' });
    expect(standIn.messages.find((m) => m.ts === posted.ts)).toMatchObject({ text: 'done', updates: 1 });
    const view = { type: 'home' as const, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Hi' } }] };
    await expect(web.views.publish({ user_id: 'U1', view })).resolves.toMatchObject({ ok: true, view: { type: 'home', blocks: view.blocks } });
    const dm = await web.chat.postMessage({ channel: 'U1', text: 'hello' });
    expect(dm.channel).toMatch(/^D/);
    expect((await web.chat.postMessage({ channel: 'U1', text: 'again' })).channel).toBe(dm.channel);
    const oneOption = [{ type: 'actions', elements: [{ type: 'overflow', action_id: 'a', options: [{ text: { type: 'plain_text', text: 'x' }, value: 'x' }] }] }];
    expect((await platformError(web.chat.postMessage({ channel: 'C1', text: 'x', blocks: oneOption }))).data.response_metadata?.messages?.[0]).toContain('at least 2 items');
  });

  it('completes a filesUploadV2 round trip and records the content', async () => {
    const content = 'port,protocol\n443,TCP\n'.repeat(50);
    const result = await client(standIn).filesUploadV2({
      channel_id: 'C0ABC',
      content,
      filename: 'ports.csv',
      title: 'Ports',
      initial_comment: 'full list',
    });
    expect(result.ok).toBe(true);
    const [upload] = standIn.uploads;
    expect(upload).toMatchObject({ filename: 'ports.csv', size: Buffer.byteLength(content), declaredLength: Buffer.byteLength(content), status: 200 });
    expect(upload?.text).toBe(content);
    expect(upload?.completed).toEqual({ title: 'Ports', channelId: 'C0ABC', threadTs: undefined, initialComment: 'full list' });
    const complete = await standIn.waitFor('files.completeUploadExternal');
    expect(complete.args.files).toEqual([{ id: upload?.fileId, title: 'Ports' }]);
    expect(complete.result).toMatchObject({ ok: true, files: [{ id: upload?.fileId, title: 'Ports' }] });
  });

  it('fails filesUploadV2 when the upload URL fails', async () => {
    standIn.fail('upload_url', { status: 500 });
    await expect(client(standIn).filesUploadV2({ channel_id: 'C1', content: 'x', filename: 'a.txt' })).rejects.toThrow(/statusCode = 500/);
    expect(standIn.callsTo('files.completeUploadExternal')).toHaveLength(0);
  });

  it('records response_url posts, supports failures, and explains waitFor timeouts', async () => {
    const url = standIn.responseUrl('cmd-1');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/response\/cmd-1$/);
    const since = standIn.seq;
    const waiting = standIn.waitForResponse('cmd-1', 1000, since);
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'hi', replace_original: true }) });
    expect(res.status).toBe(200);
    expect((await waiting).body).toEqual({ text: 'hi', replace_original: true });

    standIn.fail('response_url', { status: 404, error: 'expired_url' });
    const failed = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(failed.status).toBe(404);
    expect(standIn.responses('cmd-1').map((r) => r.status)).toEqual([200, 404]);

    await client(standIn).auth.test();
    await expect(standIn.waitFor('chat.postMessage', 50)).rejects.toThrow(
      /waitFor\(chat\.postMessage\) timed out after 50 ms; what arrived:[\s\S]*response_url cmd-1[\s\S]*call auth\.test/,
    );
    const predicate = standIn.waitFor((e) => e.kind === 'call' && e.method === 'chat.postMessage' && e.args.channel === 'C9', 1000);
    await client(standIn).chat.postMessage({ channel: 'C9', text: 'later' });
    expect(((await predicate) as RecordedCall).args.text).toBe('later');
  });
});

describe('Socket Mode stand-in', () => {
  let standIn: SlackStandIn;
  let socket: SocketModeStandIn;
  beforeAll(async () => {
    standIn = await startSlackStandIn({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
    socket = await startSocketModeStandIn({ webApi: standIn });
  });
  afterAll(async () => {
    await socket.close();
    await standIn.close();
  });

  it('says hello, delivers envelopes and times the acks (SocketModeClient)', async () => {
    const sm = new SocketModeClient({
      appToken: APP_TOKEN,
      autoReconnectEnabled: false,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } },
    });
    const hello = new Promise<unknown>((resolve) => sm.once('connected', resolve));
    sm.on('slash_commands', ({ ack, body }: { ack: (r?: unknown) => Promise<void>; body: { text: string } }) => {
      void ack({ text: `echo ${body.text}` });
    });
    sm.on('app_mention', ({ ack }: { ack: () => Promise<void> }) => {
      void ack();
    });
    await sm.start();
    await hello;
    const connection = await socket.waitForConnection();
    expect(connection.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=[\w-]+&app_id=A0PORTHOLE$/);
    expect(standIn.callsTo('apps.connections.open')[0]?.token).toBe(APP_TOKEN);

    const ack = await socket.push('slash_commands', slashCommandFields({ text: 'vpc' }));
    expect(ack.payload).toEqual({ text: 'echo vpc' });
    expect(ack.latencyMs).toBeLessThan(3000);
    const eventAck = await socket.push('events_api', appMentionEvent({ text: `<@${DEFAULT_WORKSPACE.botUserId}> ports` }));
    expect(eventAck.payload).toEqual({});
    expect(socket.envelopes.map((e) => [e.type, e.accepts_response_payload])).toEqual([
      ['slash_commands', true],
      ['events_api', false],
    ]);

    // Nobody acks an interactive envelope here: push must reject, not hang.
    await expect(socket.push('interactive', blockActionsPayload({ actionId: 'x' }), { timeoutMs: 100 })).rejects.toThrow(/no ack for interactive envelope/);
    await expect(socket.push('events_api', { type: 'event_callback' })).rejects.toThrow(/event\.type/);
    await sm.disconnect();
  });

  it('makes the client reconnect on a disconnect message, and refuses connections without a ticket', async () => {
    const sm = new SocketModeClient({
      appToken: APP_TOKEN,
      clientPingTimeout: 300, // also the delay before a reconnect (default 5 s)
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } },
    });
    sm.on('slash_commands', ({ ack }: { ack: () => Promise<void> }) => void ack());
    await sm.start();
    const first = await socket.waitForConnection();
    socket.requestDisconnect('refresh_requested');
    const second = await socket.waitForConnection({ minTotal: first.index + 1 });
    expect(second.ticket).not.toBe(first.ticket);
    await expect(socket.push('slash_commands', slashCommandFields())).resolves.toMatchObject({ envelope_id: expect.any(String) as unknown });
    await sm.disconnect();

    const bogus = new WebSocket(`ws://127.0.0.1:${socket.port}/link/?ticket=bogus`);
    const status = await new Promise<number | undefined>((resolve) => {
      bogus.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      bogus.on('error', () => resolve(undefined));
    });
    expect(status).toBe(401);
  });

  it('runs a Bolt app in Socket Mode end to end', async () => {
    const app = new App({
      token: BOT_TOKEN,
      appToken: APP_TOKEN,
      socketMode: true,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/porthole', async ({ ack, respond, command }) => {
      await ack({ response_type: 'ephemeral', text: 'looking…' });
      await respond({ text: `ports for ${command.text}`, replace_original: true });
    });
    app.message(async ({ message, say }) => {
      if ('text' in message) await say(`dm: ${message.text ?? ''}`);
    });
    const before = socket.totalConnections;
    await app.start();
    try {
      await socket.waitForConnection({ minTotal: before + 1 });
      const ack = await socket.push('slash_commands', slashCommandFields({ text: 'classic', response_url: standIn.responseUrl('bolt-sm') }));
      expect(ack.payload).toEqual({ response_type: 'ephemeral', text: 'looking…' });
      expect((await standIn.waitForResponse('bolt-sm')).body).toMatchObject({ text: 'ports for classic' });

      await socket.push('events_api', dmMessageEvent({ text: 'hello', channel: 'D0HUMANDM1' }));
      const said = await standIn.waitFor('chat.postMessage');
      expect(said.args).toMatchObject({ channel: 'D0HUMANDM1', text: 'dm: hello' });
    } finally {
      await app.stop();
    }
  });
});

describe('signed HTTP requests', () => {
  it('produces signatures that Bolt verifies, and tampered ones it refuses', () => {
    const body = 'command=%2Fporthole&text=vpc';
    const now = Math.floor(Date.now() / 1000);
    const headers = signRequest(SECRET, body, now);
    expect(headers['X-Slack-Signature']).toMatch(/^v0=[0-9a-f]{64}$/);
    const verify = (h: typeof headers, b = body): void =>
      verifySlackRequest({
        signingSecret: SECRET,
        body: b,
        headers: { 'x-slack-signature': h['X-Slack-Signature'], 'x-slack-request-timestamp': Number(h['X-Slack-Request-Timestamp']) },
      });
    expect(() => verify(headers)).not.toThrow();
    expect(() => verify(headers, `${body}x`)).toThrow();
    expect(() => verify(signRequest('other-secret', body, now))).toThrow();
    expect(() => verify(signRequest(SECRET, body, now - 6 * 60))).toThrow(/stale|old|timestamp/i);
  });

  describe('against a Bolt app in HTTP mode', () => {
    let standIn: SlackStandIn;
    let app: App;
    let baseUrl: string;
    const retryNums: (number | undefined)[] = [];

    beforeAll(async () => {
      standIn = await startSlackStandIn({ botToken: BOT_TOKEN });
      app = new App({
        token: BOT_TOKEN,
        signingSecret: SECRET,
        logLevel: LogLevel.ERROR,
        deferInitialization: true,
        clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } },
      });
      app.command('/porthole', async ({ ack, command }) => {
        await ack({ response_type: 'ephemeral', text: `you asked: ${command.text}` });
      });
      app.event('app_mention', async ({ event, say, context }) => {
        retryNums.push(context.retryNum);
        await say({ text: `mention: ${event.text}`, thread_ts: event.ts });
      });
      app.action('refresh', async ({ ack, respond }) => {
        await ack();
        await respond({ text: 'refreshed', replace_original: true });
      });
      await app.init();
      const server = (await app.start(0)) as Server;
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await app.stop();
      await standIn.close();
    });

    it('delivers a slash command and returns the ack body', async () => {
      const res = await postSlashCommand(baseUrl, SECRET, slashCommandFields({ text: 'vpc gen2' }));
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ response_type: 'ephemeral', text: 'you asked: vpc gen2' });
      expect(res.latencyMs).toBeGreaterThan(0);
      expect(res.sent.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
    });

    it('gets 401 for a bad signature or an old timestamp, 400 for a charset content type', async () => {
      const fields = slashCommandFields({ text: 'x' });
      expect((await postSlashCommand(baseUrl, SECRET, fields, { badSignature: true })).status).toBe(401);
      expect((await postSlashCommand(baseUrl, SECRET, fields, { oldTimestamp: true })).status).toBe(401);
      const body = new URLSearchParams(fields).toString();
      expect((await postSigned(baseUrl, SECRET, body, 'application/x-www-form-urlencoded; charset=utf-8')).status).toBe(400);
    });

    it('delivers events with retry headers and interactions with a response_url', async () => {
      const mention = appMentionEvent({ text: `<@${DEFAULT_WORKSPACE.botUserId}> ports` });
      const res = await postEvent(baseUrl, SECRET, mention, { retryNum: 1, retryReason: 'http_timeout' });
      expect(res.status).toBe(200);
      const said = await standIn.waitFor('chat.postMessage');
      expect(said.args).toMatchObject({ channel: DEFAULT_WORKSPACE.channelId, thread_ts: mention.event.ts });
      expect(retryNums).toEqual([1]);

      const click = await postInteraction(baseUrl, SECRET, blockActionsPayload({ actionId: 'refresh', responseUrl: standIn.responseUrl('click-1') }));
      expect(click.status).toBe(200);
      expect((await standIn.waitForResponse('click-1')).body).toEqual({ text: 'refreshed', replace_original: true });
    });
  });
});
