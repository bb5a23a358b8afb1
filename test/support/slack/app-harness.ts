/**
 * The real porthole Slack app (src/slack) started against the local Slack stand-in, in HTTP or Socket Mode,
 * with its log captured, and one way to send each kind of request in either mode. Shared by the end-to-end
 * tests (test/slack-e2e, test/slack-export, test/slack-clusters); what differs between them is an option.
 */
import { Writable } from 'node:stream';
import { expect } from 'vitest';
import { MemoryRateLimit, WINDOW_MS, type RateLimit } from '../../../src/bot/index.js';
import type { Dataset } from '../../../src/core/dataset/build.js';
import { createApp, type CreateAppOptions, type PortholeApp } from '../../../src/slack/app.js';
import type { SlackConfig } from '../../../src/slack/config.js';
import { createLogger } from '../../../src/slack/logger.js';
import { postEvent, postInteraction, postSlashCommand, type EventCallbackBody } from './signing.js';
import { startSocketModeStandIn, type SocketModeStandIn } from './socket-mode.js';
import { startSlackStandIn, type RecordedCall, type RecordedResponse, type SlackStandIn, type StandInEvent } from './web-api.js';

export type Mode = 'http' | 'socket';

/** One line of the app's JSON log. */
export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** The credentials the app is started with (and which the logger must redact). */
export interface AppTokens {
  botToken: string;
  appToken: string;
  signingSecret: string;
}

type Logger = CreateAppOptions['logger'];

export interface AppHarnessOptions {
  tokens: AppTokens;
  /** RATE_LIMIT_PER_MINUTE of the default config. */
  rateLimitPerMinute: number;
  /** Level of the logger, and of the default config. */
  logLevel: 'debug' | 'info';
  /** The app's rate limit starts afresh whenever the harness's clock (`clockMs`) enters a new minute; unset: the wall clock only. */
  fakeClock?: boolean;
  /** Further strings the logger must redact. */
  extraSecrets?: string[];
  /** Default timeout of waitForLog (ms); 5000 unless set. */
  logTimeoutMs?: number;
  /** Builds the app's config instead of the default one (e.g. through readConfig, as main.ts does). */
  config?: (standIn: SlackStandIn, mode: Mode) => SlackConfig;
  /** Further createApp options (e.g. the cluster lookup seam, or `retryConfig: undefined` for the app's own retries), built with the app's logger. */
  appOptions?: (logger: Logger) => Partial<CreateAppOptions>;
  /** Runs on stop, after the app has stopped. */
  onStop?: () => void;
}

/** The app under test with its Slack (and, in Socket Mode, the WebSocket side of Slack). */
export class SlackAppHarness {
  standIn!: SlackStandIn;
  socket: SocketModeStandIn | undefined;
  app!: PortholeApp;
  port = 0;
  /** The log as written, one JSON line per entry. */
  readonly rawLogs: string[] = [];
  clockMs = Date.parse('2030-01-01T00:00:00Z');
  private ids = 0;
  private readonly logWaiters = new Set<() => void>();

  constructor(
    readonly mode: Mode,
    readonly options: AppHarnessOptions,
  ) {}

  get tokens(): AppTokens {
    return this.options.tokens;
  }

  /** Starts Slack's side, then the app; resolves with the harness once the app is listening (Socket Mode: connected). */
  async start(dataset: Dataset): Promise<this> {
    const { botToken, appToken, signingSecret } = this.tokens;
    this.standIn = await startSlackStandIn({ botToken, appToken });
    if (this.mode === 'socket') this.socket = await startSocketModeStandIn({ webApi: this.standIn });
    const config: SlackConfig = this.options.config?.(this.standIn, this.mode) ?? {
      mode: this.mode,
      botToken,
      appToken: this.mode === 'socket' ? appToken : undefined,
      signingSecret,
      port: 0,
      host: '127.0.0.1',
      slackApiUrl: this.standIn.apiUrl,
      rateLimitPerMinute: this.options.rateLimitPerMinute,
      logLevel: this.options.logLevel,
      dataDir: undefined,
      redisUrl: undefined,
    };
    const destination = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        this.rawLogs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        for (const wake of [...this.logWaiters]) wake();
        done();
      },
    });
    const secrets = [botToken, appToken, signingSecret, ...(this.options.extraSecrets ?? [])];
    const logger = createLogger({ level: this.options.logLevel, secrets, destination });
    this.app = createApp({
      config,
      dataset,
      logger,
      retryConfig: { retries: 0 },
      ...this.options.appOptions?.(logger),
      ...(this.options.fakeClock === true ? { rateLimit: this.minuteByClock(config.rateLimitPerMinute) } : {}),
    });
    this.port = (await this.app.start()).port;
    if (this.socket !== undefined) await this.socket.waitForConnection();
    return this;
  }

  /** The app's in-memory rate limit, counting afresh whenever `clockMs` enters a new minute. */
  private minuteByClock(perMinute: number): RateLimit {
    let minute = Math.floor(this.clockMs / WINDOW_MS);
    let limit = new MemoryRateLimit(perMinute);
    return {
      perMinute,
      check: (userId) => {
        const now = Math.floor(this.clockMs / WINDOW_MS);
        if (now !== minute) [minute, limit] = [now, new MemoryRateLimit(perMinute)];
        return limit.check(userId);
      },
    };
  }

  async stop(): Promise<void> {
    await this.app?.stop();
    this.options.onStop?.();
    await this.socket?.close();
    await this.standIn?.close();
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get logs(): LogLine[] {
    return this.rawLogs.map((l) => JSON.parse(l) as LogLine);
  }

  /**
   * Resolves with the first log line matching `pred` after the first `from` lines, as soon as it is written;
   * rejects after `timeoutMs` (Infinity: never, the test's timeout bounds the wait).
   */
  waitForLog(pred: (l: LogLine) => boolean, from = 0, timeoutMs = this.options.logTimeoutMs ?? 5000): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.logs.slice(from).find(pred);
        if (found === undefined) return;
        this.logWaiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => {
            this.logWaiters.delete(check);
            reject(new Error(`no matching log line within ${timeoutMs} ms`));
          }, timeoutMs)
        : undefined;
      this.logWaiters.add(check);
      check();
    });
  }

  /** A fresh id (for a response_url): `<prefix>-<mode>-<n>`, or `<mode>-<n>` without a prefix. */
  nextId(prefix?: string): string {
    this.ids += 1;
    return prefix === undefined ? `${this.mode}-${this.ids}` : `${prefix}-${this.mode}-${this.ids}`;
  }

  /**
   * Sends slash-command `fields`; resolves when the ack has arrived, with its latency, its body as sent
   * (HTTP: the raw text; Socket Mode: the ack payload) and that body parsed (HTTP: JSON when it is JSON).
   */
  async sendSlash(fields: Record<string, string>): Promise<{ latencyMs: number; ackBody: unknown; ackJson: unknown }> {
    if (this.socket !== undefined) {
      const ack = await this.socket.push('slash_commands', fields);
      return { latencyMs: ack.latencyMs, ackBody: ack.payload, ackJson: ack.payload };
    }
    const res = await postSlashCommand(this.baseUrl, this.tokens.signingSecret, fields);
    expect(res.status).toBe(200);
    return { latencyMs: res.latencyMs, ackBody: res.body, ackJson: res.json ?? res.body };
  }

  async event(body: EventCallbackBody, retryNum?: number): Promise<void> {
    if (this.socket !== undefined) {
      await this.socket.push('events_api', body, retryNum !== undefined ? { retryAttempt: retryNum, retryReason: 'timeout' } : {});
      return;
    }
    const res = await postEvent(this.baseUrl, this.tokens.signingSecret, body, retryNum !== undefined ? { retryNum, retryReason: 'http_timeout' } : {});
    expect(res.status).toBe(200);
  }

  async interact(payload: Record<string, unknown>): Promise<void> {
    if (this.socket !== undefined) {
      await this.socket.push('interactive', payload);
      return;
    }
    const res = await postInteraction(this.baseUrl, this.tokens.signingSecret, payload);
    expect(res.status).toBe(200);
  }

  /** What the app posted to the response_url `id` (after event `since`). */
  waitForResponse(id: string, since = 0, timeoutMs = 5000): Promise<RecordedResponse> {
    return this.standIn.waitForResponse(id, timeoutMs, since);
  }

  /** The first Web API call of `method` matching `pred` (after event `since`). */
  call(method: string, pred: (c: RecordedCall) => boolean = () => true, since = 0): Promise<RecordedCall> {
    return this.standIn.waitFor((e: StandInEvent) => e.kind === 'call' && e.method === method && pred(e), 5000, since) as Promise<RecordedCall>;
  }
}
