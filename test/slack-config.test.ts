import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../src/data-files/load.js';
import { createApp, StartupError } from '../src/slack/app.js';
import { DEFAULT_SHUTDOWN_GRACE_MS, DEFAULT_SOCKET_HELLO_TIMEOUT_MS, readConfig } from '../src/slack/config.js';
import { createLogger } from '../src/slack/logger.js';
import { startSlackStandIn, type SlackStandIn } from './support/slack/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BOT = 'xoxb-1234-5678-configTestBotToken';
const APP = 'xapp-1-A0PORTHOLE-99-configTestAppToken';
const SECRET = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';

describe('readConfig', () => {
  it('chooses Socket Mode with an app token, and fills the defaults', () => {
    const result = readConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP });
    expect(result).toEqual({
      ok: true,
      config: {
        mode: 'socket',
        botToken: BOT,
        appToken: APP,
        signingSecret: undefined,
        port: 3000,
        host: undefined,
        slackApiUrl: undefined,
        rateLimitPerMinute: 20,
        logLevel: 'info',
        dataDir: undefined,
        redisUrl: undefined,
        shutdownGraceMs: DEFAULT_SHUTDOWN_GRACE_MS,
        socketHelloTimeoutMs: DEFAULT_SOCKET_HELLO_TIMEOUT_MS,
        tables: true,
      },
    });
  });

  it('chooses HTTP with a signing secret, and reads every optional variable', () => {
    const result = readConfig({
      SLACK_BOT_TOKEN: BOT,
      SLACK_SIGNING_SECRET: SECRET,
      PORT: '8080',
      HOST: '127.0.0.1',
      SLACK_API_URL: 'https://slack-proxy.example.com/api',
      RATE_LIMIT_PER_MINUTE: '5',
      LOG_LEVEL: 'DEBUG',
      PORTHOLE_DATA_DIR: '/srv/data',
      REDIS_URL: 'redis://redis:6379',
      SHUTDOWN_GRACE_MS: '2500',
      SOCKET_HELLO_TIMEOUT_MS: '4000',
      SLACK_TABLES: ' Off ',
      ADMIN_USER_IDS: ' U0ADMIN01, W0ADMIN02 ',
      STATE_DIR: '/var/lib/porthole/state',
    });
    expect(result.ok && result.config).toEqual({
      mode: 'http',
      botToken: BOT,
      appToken: undefined,
      signingSecret: SECRET,
      port: 8080,
      host: '127.0.0.1',
      slackApiUrl: 'https://slack-proxy.example.com/api/',
      rateLimitPerMinute: 5,
      logLevel: 'debug',
      dataDir: '/srv/data',
      redisUrl: 'redis://redis:6379',
      shutdownGraceMs: 2500,
      socketHelloTimeoutMs: 4000,
      tables: false,
      adminUserIds: ['U0ADMIN01', 'W0ADMIN02'],
      stateDir: '/var/lib/porthole/state',
    });
  });

  it('refuses a SLACK_TABLES other than on or off, naming it', () => {
    const result = readConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, SLACK_TABLES: 'no' });
    expect(result.ok ? [] : result.errors).toEqual([expect.stringMatching(/^SLACK_TABLES must be on .* or off .*; got "no"\.$/)]);
  });

  it('refuses an ADMIN_USER_IDS that is not a list of Slack user ids, naming it', () => {
    for (const bad of ['C0CHANNEL1', 'U0ADMIN01,alice', ',']) {
      const result = readConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, ADMIN_USER_IDS: bad });
      expect(result.ok ? [] : result.errors, bad).toEqual([expect.stringMatching(/^ADMIN_USER_IDS must be a comma-separated list of Slack user ids/)]);
    }
  });

  it('refuses a SHUTDOWN_GRACE_MS or SOCKET_HELLO_TIMEOUT_MS that is not a whole number of milliseconds in range, naming it', () => {
    const result = readConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, SHUTDOWN_GRACE_MS: '10s', SOCKET_HELLO_TIMEOUT_MS: '5' });
    expect(result.ok ? [] : result.errors).toEqual([
      expect.stringMatching(/^SHUTDOWN_GRACE_MS must be how long a stop waits .* a whole number from 0 to 600000; got "10s"\.$/),
      expect.stringMatching(/^SOCKET_HELLO_TIMEOUT_MS must be how long Socket Mode start-up waits .* a whole number from 100 to 600000; got "5"\.$/),
    ]);
  });

  it('refuses a REDIS_URL that is not a redis:// or rediss:// URL, naming it', () => {
    for (const bad of ['http://redis:6379', 'redis:6379', 'redis://']) {
      const result = readConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, REDIS_URL: bad });
      expect(result.ok, bad).toBe(false);
      expect(result.ok ? [] : result.errors, bad).toEqual([expect.stringMatching(/^REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/)]);
    }
  });

  it('names every missing variable on its own line, with what it looks like and where to get it', () => {
    const result = readConfig({});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(2);
    expect(result.errors[0]).toMatch(/^SLACK_BOT_TOKEN is missing: .*xoxb-.*OAuth & Permissions/);
    expect(result.errors[1]).toMatch(/^SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is missing: .*xapp-.*Socket Mode.*32 hexadecimal.*App-Level Tokens.*Signing Secret/);
    for (const line of result.errors) expect(line).not.toContain('\n');
  });

  it('explains each malformed value without repeating a secret', () => {
    const result = readConfig({
      SLACK_BOT_TOKEN: 'xoxp-user-token-not-a-bot-secretpart',
      SLACK_APP_TOKEN: 'xoxb-wrong-kind-of-token-secretpart',
      SLACK_SIGNING_SECRET: 'not-hex-secretpart',
      PORT: '70000',
      SLACK_API_URL: 'ftp://nope',
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'loud',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byVar = (name: string) => result.errors.filter((e) => e.startsWith(name));
    expect(byVar('SLACK_BOT_TOKEN')[0]).toContain('it should start with xoxb-');
    expect(byVar('SLACK_BOT_TOKEN')[0]).toContain('(it starts with "xoxp-")');
    expect(byVar('SLACK_APP_TOKEN')[0]).toContain('it should start with xapp-');
    expect(byVar('SLACK_SIGNING_SECRET')[0]).toContain('32 hexadecimal characters');
    expect(byVar('PORT')[0]).toContain('from 0 to 65535');
    expect(byVar('SLACK_API_URL')[0]).toContain('http(s) URL');
    expect(byVar('RATE_LIMIT_PER_MINUTE')[0]).toContain('from 1 to 100000');
    expect(byVar('LOG_LEVEL')[0]).toContain('one of fatal, error, warn, info, debug, trace, silent');
    expect(result.errors).toHaveLength(7);
    expect(result.errors.join('\n')).not.toContain('secretpart');
  });

  it('treats empty variables as unset', () => {
    const result = readConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, PORT: '', LOG_LEVEL: ' ' });
    expect(result.ok && result.config.port).toBe(3000);
    expect(result.ok && result.config.logLevel).toBe('info');
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm start`'s entry point as a child process, with only the given environment (and PATH). */
function startMain(env: Record<string, string>, onStdout?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/slack/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function getStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('npm start (src/slack/main.ts)', () => {
  let standIn: SlackStandIn;
  beforeAll(async () => {
    standIn = await startSlackStandIn({ botToken: BOT });
  });
  afterAll(async () => standIn.close());

  it('with no tokens: one line per missing variable on stderr, exit code 1, no stack trace', async () => {
    const run = await startMain({});
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^porthole: SLACK_BOT_TOKEN is missing: /);
    expect(lines[1]).toMatch(/^porthole: SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is missing: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('with a token Slack refuses: one line naming SLACK_BOT_TOKEN and the Slack error, exit code 1', async () => {
    const run = await startMain({
      SLACK_BOT_TOKEN: 'xoxb-9999-refused-token',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: standIn.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      'porthole: Slack did not accept SLACK_BOT_TOKEN (auth.test: invalid_auth): check the token, and SLACK_API_URL if you set it.',
    ]);
    expect(run.stderr).not.toContain('xoxb-9999');
  });

  it('with Slack unreachable: gives up within seconds with one line naming SLACK_API_URL, exit code 1', async () => {
    const closed = await startSlackStandIn();
    const apiUrl = closed.apiUrl;
    await closed.close();
    const started = Date.now();
    const run = await startMain({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: apiUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
    expect(run.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`porthole: Could not reach Slack's Web API at ${apiUrl} to check SLACK_BOT_TOKEN`);
    expect(lines[0]).toContain('SLACK_API_URL');
  });

  it('Socket Mode with an app token Slack refuses: a StartupError naming SLACK_APP_TOKEN', async () => {
    const strict = await startSlackStandIn({ botToken: BOT, appToken: APP });
    const loaded = await loadDataset();
    if (!loaded.ok) throw new Error('the bundled dataset does not load');
    const app = createApp({
      config: {
        mode: 'socket',
        botToken: BOT,
        appToken: 'xapp-1-A0PORTHOLE-0-refusedAppToken',
        signingSecret: undefined,
        port: 0,
        host: '127.0.0.1',
        slackApiUrl: strict.apiUrl,
        rateLimitPerMinute: 20,
        logLevel: 'silent',
        dataDir: undefined,
        redisUrl: undefined,
      },
      dataset: loaded.dataset,
      logger: createLogger({ level: 'silent', secrets: [] }),
      retryConfig: { retries: 0 },
    });
    try {
      const error = await app.start().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StartupError);
      expect((error as Error).message).toBe(
        'Could not connect over Socket Mode (apps.connections.open: invalid_auth): check SLACK_APP_TOKEN (xapp-, with the connections:write scope).',
      );
      expect(app.isReady()).toBe(false);
    } finally {
      await app.stop();
      await strict.close();
    }
  });

  it('with a dataset folder that does not load: one line, exit code 1', async () => {
    const run = await startMain({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, PORTHOLE_DATA_DIR: '/nonexistent/porthole-data' });
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^porthole: the dataset in \/nonexistent\/porthole-data is not valid/);
  });

  it('with valid settings: starts in HTTP mode, serves /healthz and /readyz, and stops cleanly on SIGTERM', async () => {
    let port = 0;
    let checked: Promise<[number, number]> | undefined;
    const run = await startMain(
      { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: standIn.apiUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      (stdout, child) => {
        const started = stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { msg: string; port?: number })
          .find((l) => l.msg === 'porthole Slack app started');
        if (started === undefined || checked !== undefined) return;
        port = started.port ?? 0;
        checked = Promise.all([getStatus(port, '/healthz'), getStatus(port, '/readyz')]);
        void checked.finally(() => child.kill('SIGTERM'));
      },
    );
    expect(port).toBeGreaterThan(0);
    expect(await checked).toEqual([200, 200]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(BOT);
    expect(run.stdout).toContain('"msg":"stopped: all work in flight finished"');
  });
});
