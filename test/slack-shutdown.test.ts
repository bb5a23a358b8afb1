/**
 * `npm start`'s process (dist/slack/main.js) against the Slack stand-in, stopped with SIGTERM while answers are
 * in flight: readiness, the grace for work in flight, the Socket Mode connection and its hello deadline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { FAREWELL } from '../src/slack/farewell.js';
import { ROOT } from './helpers/cli.js';
import {
  appMentionEvent,
  DEFAULT_WORKSPACE as W,
  dmMessageEvent,
  postEvent,
  startSlackStandIn,
  startSocketModeStandIn,
  type LogLine,
  type SlackStandIn,
  type SocketModeStandIn,
} from './support/slack/index.js';

const BOT_TOKEN = 'xoxb-1111-2222-shutdownBotToken';
const APP_TOKEN = 'xapp-1-A0PORTHOLE-3333-shutdownAppToken';
const SECRET = '45c48cce2e2d7fbdea1afc51c7c6ad26';

/** The app as a child process; its JSON log lines as they come, and a way to wait for one. */
class MainProcess {
  readonly lines: LogLine[] = [];
  stderr = '';
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  private readonly waiters = new Set<() => void>();

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ['dist/slack/main.js'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', SLACK_BOT_TOKEN: BOT_TOKEN, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stderr!.setEncoding('utf8').on('data', (text: string) => (this.stderr += text));
    createInterface({ input: this.child.stdout! }).on('line', (text) => {
      this.lines.push(JSON.parse(text) as LogLine);
      for (const wake of [...this.waiters]) wake();
    });
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 60_000);
    this.exited = once(this.child, 'close').then(([code]) => {
      clearTimeout(killer);
      return code as number | null;
    });
  }

  waitFor(pred: (l: LogLine) => boolean, timeoutMs = 10_000): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.lines.find(pred);
        if (found === undefined) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no log line matched within ${timeoutMs} ms; stderr: ${this.stderr}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** The port it serves /healthz and /readyz on (and, in HTTP mode, Slack's requests). */
  async port(): Promise<number> {
    return Number((await this.waitFor((l) => l.msg === 'porthole Slack app started')).port);
  }

  audits(): Record<string, unknown>[] {
    return this.lines.filter((l) => l.msg === 'audit').map((l) => l.audit as Record<string, unknown>);
  }
}

function readyz(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/readyz', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

let slack: SlackStandIn | undefined;
let socket: SocketModeStandIn | undefined;
let main: MainProcess | undefined;
afterEach(async () => {
  main?.child.kill('SIGKILL');
  await main?.exited;
  await socket?.close();
  await slack?.close();
  main = socket = slack = undefined;
});

async function socketModeApp(env: Record<string, string> = {}): Promise<{ main: MainProcess; slack: SlackStandIn; socket: SocketModeStandIn; port: number }> {
  slack = await startSlackStandIn({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  socket = await startSocketModeStandIn({ webApi: slack });
  main = new MainProcess({ SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: slack.apiUrl, ...env });
  const port = await main.port();
  await socket.waitForConnection();
  return { main, slack, socket, port };
}

describe('SIGTERM (Socket Mode)', () => {
  it('turns /readyz to 503 at once, closes the connection, and finishes a burst of 30 answers with 30 audit lines, then exits 0', async () => {
    const { main, slack, socket, port } = await socketModeApp();
    expect(await readyz(port)).toBe(200);
    slack.fail('chat.postMessage', { delayMs: 1500, slowOnly: true });
    // Thirty people, each in their own direct messages (one person's thirty would meet the rate limit).
    const burst = Array.from({ length: 30 }, (_, i) => {
      const n = String(i).padStart(3, '0');
      return dmMessageEvent({ text: 'dns in eu-de', channel: `D0BURST${n}`, user: `U0BURST${n}` });
    });
    await Promise.all(burst.map((event) => socket.push('events_api', event)));
    main.child.kill('SIGTERM');
    await main.waitFor((l) => l.msg.startsWith('stopping'));
    expect(await readyz(port)).toBe(503);
    expect(await main.exited).toBe(0);
    const answered = slack.callsTo('chat.postMessage').filter((c) => c.result.ok);
    expect(new Set(answered.map((c) => c.args.channel))).toEqual(new Set(burst.map((e) => e.event.channel)));
    const audits = main.audits();
    expect(audits).toHaveLength(burst.length);
    expect(audits.every((a) => a.outcome === 'answered')).toBe(true);
    expect(socket.openConnections).toBe(0);
    expect(main.lines.find((l) => l.msg.startsWith('stopping'))).toMatchObject({ signal: 'SIGTERM', inFlight: burst.length });
    expect(main.lines.at(-1)).toMatchObject({ msg: 'stopped: all work in flight finished', finished: true });
  });

  it('past SHUTDOWN_GRACE_MS: logs each piece of work it abandons and exits 3', async () => {
    const { main, slack, socket } = await socketModeApp({ SHUTDOWN_GRACE_MS: '300' });
    slack.fail('chat.postMessage', { delayMs: 5000, slowOnly: true });
    const channels = ['D0SLOW0001', 'D0SLOW0002'];
    await Promise.all(channels.map((channel) => socket.push('events_api', dmMessageEvent({ text: 'dns in eu-de', channel }))));
    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(3);
    const abandoned = main.lines.filter((l) => l.msg.startsWith('work abandoned at shutdown'));
    expect(abandoned.map((l) => (l.abandoned as { what: { channelId: string } }).what.channelId).sort()).toEqual(channels);
    for (const line of abandoned) expect(line.abandoned).toMatchObject({ what: { kind: 'event', name: 'message', userId: W.userId } });
    expect(main.lines.at(-1)).toMatchObject({ msg: 'stopped: work in flight abandoned', abandoned: channels.length });
    // Each abandoned request still has its one audit line.
    expect(main.audits().map((a) => [a.channelId, a.outcome]).sort()).toEqual(channels.map((c) => [c, 'abandoned']));
  });
});

describe('askers abandoned at shutdown', () => {
  it('are told privately, where their answer would have come, within SHUTDOWN_GRACE_MS', async () => {
    const graceMs = 1500;
    const { main, slack, socket } = await socketModeApp({ SHUTDOWN_GRACE_MS: String(graceMs) });
    // Answers hang; the notices of the stop go through.
    slack.fail('chat.postMessage', { delayMs: 20_000, slowOnly: true, when: (args) => !String(args.text).includes(FAREWELL.text) });
    const dm = dmMessageEvent({ text: 'dns in eu-de', channel: 'D0FAREWELL', user: 'U0FAREDM01' });
    const mention = appMentionEvent({ text: `<@${W.botUserId}> dns in eu-de`, user: 'U0FAREMENT' });
    await socket.push('events_api', dm);
    await socket.push('events_api', mention);
    const stoppedAt = Date.now();
    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(3);
    const told = slack.calls.filter((c) => c.result.ok && String(c.args.text).includes(FAREWELL.text));
    expect(told.map((c) => [c.method, c.args.channel, c.args.user ?? null]).sort()).toEqual([
      ['chat.postEphemeral', W.channelId, 'U0FAREMENT'],
      ['chat.postMessage', 'D0FAREWELL', null],
    ]);
    for (const call of told) expect(call.at - stoppedAt).toBeLessThanOrEqual(graceMs);
    expect(main.audits().map((a) => a.outcome)).toEqual(['abandoned', 'abandoned']);
  });
});

describe('SIGINT twice (Ctrl-C again at a terminal)', () => {
  it('stops at once, logging what it abandons with its audit lines, and exits 3', async () => {
    const { main, slack, socket } = await socketModeApp({ SHUTDOWN_GRACE_MS: '60000' });
    slack.fail('chat.postMessage', { delayMs: 30_000, slowOnly: true });
    await socket.push('events_api', dmMessageEvent({ text: 'dns in eu-de', channel: 'D0CTRLC001' }));
    // push() resolved with the app's ack: the request is in flight, its reply held 30 s by the stand-in.
    main.child.kill('SIGINT');
    expect(await main.waitFor((l) => l.msg.startsWith('stopping'))).toMatchObject({ signal: 'SIGINT', inFlight: 1 });
    const started = Date.now();
    main.child.kill('SIGINT');
    expect(await main.exited).toBe(3);
    expect(Date.now() - started).toBeLessThan(10_000);
    const abandoned = main.lines.filter((l) => l.msg === 'work abandoned at shutdown (second SIGINT)');
    expect(abandoned.map((l) => (l.abandoned as { what: { channelId: string } }).what.channelId)).toEqual(['D0CTRLC001']);
    expect(main.audits().map((a) => [a.channelId, a.outcome])).toEqual([['D0CTRLC001', 'abandoned']]);
  });
});

describe('SIGTERM (HTTP)', () => {
  it('still uploads the file of a long answer whose summary is on its way, then exits 0', async () => {
    slack = await startSlackStandIn({ botToken: BOT_TOKEN });
    main = new MainProcess({ SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl });
    const port = await main.port();
    slack.fail('chat.postMessage', { delayMs: 1000, slowOnly: true });
    slack.fail('files.completeUploadExternal', { delayMs: 1000, slowOnly: true });
    const mention = appMentionEvent({ text: `<@${W.botUserId}> everything in eu-de` });
    expect((await postEvent(`http://127.0.0.1:${port}`, SECRET, mention)).status).toBe(200);
    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(0);
    const complete = slack.callsTo('files.completeUploadExternal')[0];
    expect(complete?.result.ok).toBe(true);
    expect(complete?.args.thread_ts).toBe(mention.event.ts);
    expect(slack.uploads[0]?.text).toContain('kubectl');
    expect(main.audits()).toEqual([expect.objectContaining({ entry: 'app-mention', outcome: 'answered' })]);
  });
});
