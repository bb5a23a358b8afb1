/**
 * Socket Mode readiness against the stand-in's WebSocket side of Slack: /readyz follows the connection, and a
 * server that never says hello is a one-line start-up error.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { shippedDataset } from './helpers/dataset.js';
import { ROOT } from './helpers/cli.js';
import { SlackAppHarness, startSlackStandIn, startSocketModeStandIn, type SlackStandIn, type SocketModeStandIn } from './support/slack/index.js';

const TOKENS = { botToken: 'xoxb-1111-2222-readinessBotToken', appToken: 'xapp-1-A0PORTHOLE-3333-readinessApp', signingSecret: 'c4ca4238a0b923820dcc509a6f75849b' };

function readyz(port: number): Promise<{ status: number; body: { status?: string } }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/readyz', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as { status?: string } }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Socket Mode readiness', () => {
  let h: SlackAppHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('/readyz is 503 while the connection is down and reconnecting, and 200 again once Slack says hello', async () => {
    h = await new SlackAppHarness('socket', { tokens: TOKENS, rateLimitPerMinute: 20, logLevel: 'info' }).start(await shippedDataset());
    const socket = h.socket!;
    expect((await readyz(h.port)).status).toBe(200);
    expect(await h.app.deps.metrics.text()).toMatch(/^porthole_ready 1$/m);

    // Slack recycles the connection; the next apps.connections.open fails once, so reconnecting takes a while.
    h.standIn.fail('apps.connections.open', { error: 'internal_error', times: 1 });
    socket.requestDisconnect('refresh_requested');
    const down = await until(() => readyz(h!.port), (r) => r.status === 503, 3000);
    expect(down).toEqual({ status: 503, body: expect.objectContaining({ status: 'disconnected' }) });
    expect(h.app.isReady()).toBe(false);
    expect(await h.app.deps.metrics.text()).toMatch(/^porthole_ready 0$/m);
    await h.waitForLog((l) => l.msg.startsWith('Socket Mode connection lost'));

    await socket.waitForConnection({ minTotal: 2, timeoutMs: 20_000 });
    const up = await until(() => readyz(h!.port), (r) => r.status === 200, 3000);
    expect(up.status).toBe(200);
    expect(h.standIn.callsTo('apps.connections.open').map((c) => c.result.ok)).toEqual([true, false, true]);
  });
});

describe('Socket Mode start-up', () => {
  let slack: SlackStandIn | undefined;
  let socket: SocketModeStandIn | undefined;
  afterEach(async () => {
    await socket?.close();
    await slack?.close();
  });

  it('a server that never says hello within SOCKET_HELLO_TIMEOUT_MS: one line on stderr, exit code 1, no hang', async () => {
    slack = await startSlackStandIn({ botToken: TOKENS.botToken, appToken: TOKENS.appToken });
    socket = await startSocketModeStandIn({ webApi: slack, hello: false });
    const started = Date.now();
    const child = spawn(process.execPath, ['dist/slack/main.js'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        SLACK_BOT_TOKEN: TOKENS.botToken,
        SLACK_APP_TOKEN: TOKENS.appToken,
        SLACK_API_URL: slack.apiUrl,
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'silent',
        SOCKET_HELLO_TIMEOUT_MS: '700',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.stdout.resume();
    const [code] = (await once(child, 'close')) as [number | null];
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(socket.totalConnections).toBe(1);
    expect(stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^porthole: Slack's Socket Mode server did not say hello within 700 ms \(SOCKET_HELLO_TIMEOUT_MS\): check that SLACK_APP_TOKEN/),
    ]);
  });
});
