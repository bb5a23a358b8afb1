/** The Slack adapter's runtime pieces that are not a listener: the logger and respond(). */
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { webApi, type RespondFn } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { logAuditSink } from '../src/bot/index.js';
import { respondWith } from '../src/slack/deliver.js';
import { createLogger, flushLog, REDACTED, toBoltLogger } from '../src/slack/logger.js';
import { listenOnLoopback } from './support/listen.js';

function capture(level: 'debug' | 'info', secrets: string[]) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ level, secrets, destination }), lines };
}

describe('logging', () => {
  it('redacts token and secret fields, and scrubs token-shaped strings and configured secrets from messages and errors', () => {
    const bot = 'xoxb-1-2-redactionTestBot';
    const app = 'xapp-1-A1-2-redactionTestApp';
    const secret = 'a3f1c2d4e5b6a7980123456789abcdef';
    const { logger, lines } = capture('debug', [bot, app, secret]);
    logger.info({ config: { botToken: bot, appToken: app, signingSecret: secret, port: 3000 } }, 'starting');
    logger.info({ req: { headers: { authorization: `Bearer ${bot}`, 'x-slack-signature': 'v0=abc' } } }, 'request');
    logger.info({ token: bot }, `token ${bot} and ${app} and a user token xoxp-9-9-userToken`);
    logger.error({ err: new Error(`call failed with ${secret}`, { cause: new Error(`because of ${bot}`) }) }, 'failed');
    toBoltLogger(logger).debug('http request body:', { token: bot }, `secret=${secret}`);
    toBoltLogger(logger).error(new Error(`bolt error with ${app}`));
    const all = lines.join('\n');
    for (const s of [bot, app, secret, 'redactionTest', 'xoxp-9-9-userToken', 'Bearer']) expect(all).not.toContain(s);
    expect(all).toContain(REDACTED);
    const first = JSON.parse(lines[0]!) as { config: Record<string, unknown> };
    expect(first.config).toEqual({ botToken: REDACTED, appToken: REDACTED, signingSecret: REDACTED, port: 3000 });
  });

  it("keeps Slack's error data (response_metadata says what is wrong in invalid_blocks), scrubbed", () => {
    const bot = 'xoxb-1-2-dataTestBot';
    const { logger, lines } = capture('info', [bot]);
    const error = Object.assign(new Error('An API error occurred: invalid_blocks'), {
      code: webApi.ErrorCode.PlatformError,
      data: { ok: false, error: 'invalid_blocks', response_metadata: { messages: ['[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]'], token: bot } },
    });
    const logged = { err: error };
    logger.error(logged, 'reply failed');
    const line = JSON.parse(lines[0]!) as { err: { type: string; code: string; message: string; data: { error: string; response_metadata: { messages: string[]; token: string } } } };
    expect(line.err.code).toBe(webApi.ErrorCode.PlatformError);
    expect(line.err.data.error).toBe('invalid_blocks');
    expect(line.err.data.response_metadata.messages[0]).toContain('/blocks/0/text/text');
    expect(line.err.data.response_metadata.token).toBe(REDACTED);
    // The object logged is not changed by logging it.
    expect(logged.err.data.response_metadata.token).toBe(bot);
  });

  it('writes each audit record as one line under "audit"', () => {
    const { logger, lines } = capture('info', []);
    logAuditSink(logger)({ entry: 'export', teamId: 'T1', channelId: 'C1', userId: 'U1', query: null, outcome: 'error', rules: 0, latencyMs: 1, clusterLookup: null });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'audit', audit: { entry: 'export', outcome: 'error' } });
  });
});

describe('respondWith', () => {
  it("reads Slack's answer to the end (the connection is free again) and passes a refusal on", async () => {
    let served = 0;
    const server = createServer((req, res) => {
      req.resume();
      served += 1;
      res.writeHead(req.url === '/gone' ? 404 : 200, { 'content-type': 'text/plain' });
      res.end('x'.repeat(100_000));
    });
    const port = await listenOnLoopback(server);
    try {
      let drained = false;
      const respond = async (body: unknown) => {
        const answer = await fetch(`http://127.0.0.1:${port}/ok`, { method: 'POST', body: JSON.stringify(body) });
        return {
          ok: answer.ok,
          arrayBuffer: async () => {
            const bytes = await answer.arrayBuffer();
            drained = bytes.byteLength === 100_000;
            return bytes;
          },
        };
      };
      await respondWith(respond as unknown as RespondFn, { text: 'hi' });
      expect(drained).toBe(true);
      const refusing = async () => {
        throw new Error('Failed to respond to the response_url: 404');
      };
      await expect(respondWith(refusing, { text: 'hi' })).rejects.toThrow('404');
      expect(served).toBe(1);
    } finally {
      server.close();
    }
  });
});

describe('flushLog, the last step before exit', () => {
  it('writes out what was logged and leaves the log open: a line logged after it is written, never "SonicBoom destroyed"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'porthole-log-'));
    try {
      const file = join(dir, 'log.jsonl');
      const destination = pino.destination({ dest: file, sync: false, minLength: 4096 });
      await once(destination, 'ready');
      const logger = createLogger({ level: 'info', secrets: [], destination });
      logger.info('before the flush');
      await flushLog(logger);
      expect(readFileSync(file, 'utf8')).toContain('before the flush');
      // What a late callback (a socket closing, a reply finishing) may still log on the way out.
      expect(() => logger.info('after the flush')).not.toThrow();
      await flushLog(logger);
      expect(readFileSync(file, 'utf8')).toContain('after the flush');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
