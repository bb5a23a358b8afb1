import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { App, SocketModeReceiver, webApi, type CustomRoute } from '@slack/bolt';
import type { Logger } from 'pino';
import { createBot, InFlight, logAuditSink, MemoryRateLimit, MemoryRedelivery, type AuditSink, type Drained, type LookupCluster, type RateLimit, type Redelivery } from '../bot/index.js';
import { Metrics } from '../bot/metrics.js';
import type { Dataset } from '../core/dataset/build.js';
import { DEFAULT_SOCKET_HELLO_TIMEOUT_MS, type SlackConfig } from './config.js';
import type { Deps, Registration } from './deps.js';
import { errorReason } from './errors.js';
import { renderHome } from './help.js';
import { LISTENERS, REGISTRATIONS } from './listeners/index.js';
import { boltLevel, toBoltLogger } from './logger.js';
import { countedFetch, REPLY_RETRY, REPLY_TIMEOUT_MS, STARTUP_RETRY, STARTUP_TIMEOUT_MS } from './web-api.js';

export interface CreateAppOptions {
  config: SlackConfig;
  dataset: Dataset;
  logger: Logger;
  /** Cluster lookup seam (src/bot/clusters.ts over src/clusters); unset: questions naming a cluster get the region answer and a note. */
  lookupCluster?: LookupCluster;
  /** Web API client retries; default REPLY_RETRY (tests: { retries: 0 }). */
  retryConfig?: webApi.RetryOptions;
  /** Wall clock for the rate limiter (tests). */
  clock?: () => number;
  /** Per-person rate limit and redelivery memory; default: this process's memory. */
  rateLimit?: RateLimit;
  redelivery?: Redelivery;
  /** What GET /metrics serves; default: a registry of this app's own. */
  metrics?: Metrics;
}

export interface StartedApp {
  /** Port of the HTTP server: the Events API in HTTP mode, /healthz and /readyz in both modes. */
  port: number;
}

export interface PortholeApp {
  readonly bolt: App;
  readonly mode: SlackConfig['mode'];
  /** Every listener registered, with its manifest entry and scopes (read from the listener files). */
  readonly registrations: readonly Registration[];
  readonly deps: Deps;
  /** Started, not stopping, and (Socket Mode) connected to Slack. */
  isReady(): boolean;
  /** Requests, replies and file uploads in flight. */
  readonly inFlight: InFlight;
  /** Checks the bot token (auth.test), then serves HTTP or connects over Socket Mode. */
  start(): Promise<StartedApp>;
  /**
   * A graceful stop: /readyz answers 503 at once, no new work is taken (HTTP: the listener closes; Socket Mode:
   * the connection closes), work in flight gets up to `graceMs` to finish, then everything stops. Resolves with
   * what had to be abandoned.
   */
  shutdown(graceMs: number): Promise<Drained>;
  /** Stops at once. */
  stop(): Promise<void>;
}

/** A startup failure with a one-line explanation for the operator. */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}


/** One line on why auth.test failed: Slack's answer, or why Slack could not be reached. */
function authProblem(error: unknown, apiUrl: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === webApi.ErrorCode.PlatformError) {
    return `Slack did not accept SLACK_BOT_TOKEN (auth.test: ${errorReason(error)}): check the token, and SLACK_API_URL if you set it.`;
  }
  const detail = error instanceof Error ? error.message : String(error);
  return `Could not reach Slack's Web API at ${apiUrl} to check SLACK_BOT_TOKEN (${detail}): check the network, and SLACK_API_URL if you set it.`;
}

/** Every audit record, also counted: answers by entry and outcome with their latency, and cluster lookups. */
function countedAuditSink(sink: AuditSink, metrics: Metrics): AuditSink {
  return (record) => {
    sink(record);
    metrics.answered(record.entry, record.outcome, record.latencyMs / 1000);
    if (record.clusterLookup !== null) metrics.clusterLookup(record.clusterLookup.status, record.clusterLookup.cached);
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

/** What a request is, for the log line of work abandoned at shutdown. */
function describeRequest(body: Record<string, unknown>): Record<string, string | null> {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  if (typeof body.command === 'string') return { kind: 'command', name: body.command, userId: str(body.user_id), channelId: str(body.channel_id) };
  const event = body.event as Record<string, unknown> | undefined;
  if (event !== undefined) return { kind: 'event', name: str(event.type), userId: str(event.user), channelId: str(event.channel) };
  const action = (body.actions as Record<string, unknown>[] | undefined)?.[0];
  const user = body.user as { id?: unknown } | undefined;
  const channel = body.channel as { id?: unknown } | undefined;
  return { kind: str(body.type) ?? 'unknown', name: str(action?.action_id), userId: str(user?.id), channelId: str(channel?.id) };
}

/** Builds the Bolt app for porthole: Socket Mode or HTTP from the config, listeners registered, not started. */
export function createApp(options: CreateAppOptions): PortholeApp {
  const { config, dataset, logger } = options;
  const log = logger.child({ mode: config.mode });
  let authChecked = false;
  let started = false;
  let stopping = false;
  // Socket Mode: a connection to Slack is open (Slack said hello and it has not closed since).
  let connected = config.mode === 'http';
  const isReady = () => authChecked && started && connected && !stopping;

  const metrics = options.metrics ?? new Metrics();
  const showReady = () => metrics.setReady(isReady());
  const health = (_req: IncomingMessage, res: ServerResponse) => json(res, 200, { status: 'ok' });
  const ready = (_req: IncomingMessage, res: ServerResponse) => {
    const status = stopping ? 'stopping' : !(authChecked && started) ? 'starting' : connected ? 'ready' : 'disconnected';
    json(res, isReady() ? 200 : 503, { status, dataset: dataset.meta.version, slackAuth: authChecked, mode: config.mode });
  };
  const scrape = (_req: IncomingMessage, res: ServerResponse) => {
    showReady();
    metrics.text().then(
      (text) => {
        res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
        res.end(text);
      },
      (error: unknown) => json(res, 500, { status: 'error', error: errorReason(error) }),
    );
  };
  const routes: CustomRoute[] = [
    { path: '/healthz', method: ['GET'], handler: health },
    { path: '/readyz', method: ['GET'], handler: ready },
    { path: '/metrics', method: ['GET'], handler: scrape },
  ];

  const boltLogger = toBoltLogger(log);
  const apiUrl = config.slackApiUrl ?? 'https://slack.com/api/';
  const callLog = log.child({ component: 'slack-calls' });
  const clientOptions: webApi.WebClientOptions = {
    fetch: countedFetch({ metrics, logger: callLog, apiUrl, timeoutMs: REPLY_TIMEOUT_MS }),
    retryConfig: options.retryConfig ?? REPLY_RETRY,
  };
  if (config.slackApiUrl !== undefined) clientOptions.slackApiUrl = config.slackApiUrl;

  // Our own receiver in Socket Mode, to follow the connection: /readyz is 200 only while it is open.
  const receiver =
    config.mode === 'socket'
      ? new SocketModeReceiver({
          appToken: config.appToken!,
          logger: boltLogger,
          logLevel: boltLevel(logger.level),
          // apps.connections.open keeps the Socket Mode client's own retries (it reconnects for as long as it takes).
          installerOptions: { clientOptions: { ...clientOptions, retryConfig: undefined } },
        })
      : undefined;
  if (receiver !== undefined) {
    const socket = receiver.client;
    socket.on('connected', () => {
      if (!connected) log.info('Socket Mode connection open');
      connected = true;
      showReady();
    });
    for (const state of ['close', 'disconnecting', 'disconnected', 'reconnecting'] as const) {
      socket.on(state, () => {
        if (connected && !stopping) log.warn({ state }, 'Socket Mode connection lost: not ready until it is open again');
        connected = false;
        showReady();
      });
    }
  }

  const bolt =
    receiver !== undefined
      ? new App({
          token: config.botToken,
          receiver,
          logger: boltLogger,
          logLevel: boltLevel(logger.level),
          clientOptions,
          deferInitialization: true,
          // porthole keeps its conversation state in the messages (src/bot/state.ts): no Bolt conversation store.
          convoStore: false,
        })
      : new App({
          token: config.botToken,
          signingSecret: config.signingSecret,
          customRoutes: routes,
          logger: boltLogger,
          logLevel: boltLevel(logger.level),
          clientOptions,
          deferInitialization: true,
          // porthole keeps its conversation state in the messages (src/bot/state.ts): no Bolt conversation store.
          convoStore: false,
        });

  const inFlight = new InFlight();
  const bot = createBot(
    {
      dataset,
      lookupCluster: options.lookupCluster,
      rateLimit: options.rateLimit ?? new MemoryRateLimit(config.rateLimitPerMinute, options.clock),
      redelivery: options.redelivery ?? new MemoryRedelivery(),
      audit: countedAuditSink(logAuditSink(log), metrics),
      now: () => performance.now(),
    },
    inFlight,
  );
  const deps: Deps = { bot, logger: log, homeBlocks: renderHome(dataset), metrics, tables: config.tables !== false };

  // Every request is work in flight from the moment the receiver hands it over (before its ack: a stop right
  // after the ack must still wait for it) to its last reply, file upload and audit line. Both receivers call
  // the app's processEvent; a global middleware would start only after the ack.
  const processEvent = bolt.processEvent.bind(bolt);
  bolt.processEvent = (event) => inFlight.track(describeRequest(event.body as Record<string, unknown>), () => processEvent(event));

  // A redelivered event (same event_id; Slack adds X-Slack-Retry-Num) is acknowledged and otherwise ignored.
  bolt.use(async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await bot.redelivery.firstTime(`event:${eventId}`))) {
      log.info({ eventId, retryNum: context.retryNum ?? null, retryReason: context.retryReason ?? null }, 'redelivered event ignored');
      metrics.redeliveryDropped();
      return;
    }
    await next();
  });

  for (const listener of LISTENERS) listener.register(bolt, deps);

  bolt.error(async (error) => {
    log.error({ err: error }, 'unhandled error in a listener');
  });

  let healthServer: Server | undefined;

  async function startHealthServer(): Promise<number> {
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const route = routes.find((r) => r.path === path);
      if (route === undefined || req.method !== 'GET') {
        json(res, 404, { status: 'not found' });
        return;
      }
      route.handler(req as never, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: config.port, host: config.host }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    healthServer = server;
    return (server.address() as AddressInfo).port;
  }

  /** Connects over Socket Mode, or fails when Slack has not said hello within SOCKET_HELLO_TIMEOUT_MS. */
  async function connectSocketMode(): Promise<void> {
    const helloMs = config.socketHelloTimeoutMs ?? DEFAULT_SOCKET_HELLO_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new StartupError(
              `Slack's Socket Mode server did not say hello within ${helloMs} ms (SOCKET_HELLO_TIMEOUT_MS): check that SLACK_APP_TOKEN belongs to this app, that Socket Mode is enabled for it, and the network to Slack.`,
            ),
          ),
        helloMs,
      );
    });
    try {
      await Promise.race([bolt.start(), deadline]);
    } catch (error) {
      if (error instanceof StartupError) {
        await receiver?.client.disconnect().catch(() => undefined);
        throw error;
      }
      throw new StartupError(
        `Could not connect over Socket Mode (apps.connections.open: ${errorReason(error)}): check SLACK_APP_TOKEN (xapp-, with the connections:write scope).`,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  async function closeHealthServer(): Promise<void> {
    if (healthServer === undefined) return;
    const server = healthServer;
    healthServer = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** No new work: the HTTP listener closes, or the Socket Mode connection. */
  async function stopTakingWork(): Promise<void> {
    try {
      await bolt.stop();
    } catch (error) {
      log.debug({ err: error }, 'stopping the Bolt app');
    }
  }

  return {
    bolt,
    mode: config.mode,
    registrations: REGISTRATIONS,
    deps,
    inFlight,
    isReady,
    async start() {
      try {
        // Checked first with few retries, so that a wrong token or an unreachable Slack stops the start at once.
        const check = new webApi.WebClient(config.botToken, {
          ...clientOptions,
          retryConfig: options.retryConfig ?? STARTUP_RETRY,
          fetch: countedFetch({ metrics, logger: callLog, apiUrl, timeoutMs: STARTUP_TIMEOUT_MS }),
          logger: boltLogger,
        });
        await check.auth.test();
        await bolt.init();
      } catch (error) {
        throw new StartupError(authProblem(error, apiUrl), { cause: error });
      }
      authChecked = true;
      let port: number;
      if (config.mode === 'http') {
        try {
          const server = (await bolt.start({ port: config.port, host: config.host })) as Server;
          port = (server.address() as AddressInfo).port;
        } catch (error) {
          throw new StartupError(`Could not listen on PORT ${config.port}: ${errorReason(error)}.`, { cause: error });
        }
      } else {
        try {
          port = await startHealthServer();
        } catch (error) {
          throw new StartupError(`Could not listen on PORT ${config.port} for /healthz and /readyz: ${errorReason(error)}.`, { cause: error });
        }
        await connectSocketMode();
      }
      started = true;
      showReady();
      log.info({ port, dataset: dataset.meta.version, rateLimitPerMinute: config.rateLimitPerMinute }, 'porthole Slack app started');
      return { port };
    },
    async shutdown(graceMs) {
      stopping = true;
      showReady();
      // The HTTP listener's close waits for open connections: work in flight is waited for below, not here.
      const closing = stopTakingWork();
      const drained = await inFlight.drain(graceMs);
      await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
      await closeHealthServer();
      bot.redelivery.close();
      return drained;
    },
    async stop() {
      stopping = true;
      started = false;
      showReady();
      await stopTakingWork();
      await closeHealthServer();
      bot.redelivery.close();
    },
  };
}
