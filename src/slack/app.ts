import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { App, webApi, type CustomRoute } from '@slack/bolt';
import type { Logger } from 'pino';
import { createBot, logAuditSink, MemoryRateLimit, MemoryRedelivery, type AuditSink, type LookupCluster, type RateLimit, type Redelivery } from '../bot/index.js';
import { Metrics } from '../bot/metrics.js';
import type { Dataset } from '../core/dataset/build.js';
import type { SlackConfig } from './config.js';
import type { Deps, Registration } from './deps.js';
import { errorReason } from './errors.js';
import { renderHome } from './help.js';
import { LISTENERS, REGISTRATIONS } from './listeners/index.js';
import { boltLevel, toBoltLogger } from './logger.js';

export interface CreateAppOptions {
  config: SlackConfig;
  dataset: Dataset;
  logger: Logger;
  /** Cluster lookup seam (src/bot/clusters.ts over src/clusters); unset: questions naming a cluster get the region answer and a note. */
  lookupCluster?: LookupCluster;
  /** Web API client retries (tests: { retries: 0 }). */
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
  isReady(): boolean;
  /** Checks the bot token (auth.test), then serves HTTP or connects over Socket Mode. */
  start(): Promise<StartedApp>;
  stop(): Promise<void>;
}

/** A startup failure with a one-line explanation for the operator. */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/** The start-up token check gives up within seconds when Slack cannot be reached (replies keep Bolt's retries). */
const STARTUP_RETRY: webApi.RetryOptions = { retries: 2, factor: 2, minTimeout: 300, maxTimeout: 2000 };
const STARTUP_TIMEOUT_MS = 10_000;

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

/** Builds the Bolt app for porthole: Socket Mode or HTTP from the config, listeners registered, not started. */
export function createApp(options: CreateAppOptions): PortholeApp {
  const { config, dataset, logger } = options;
  const log = logger.child({ mode: config.mode });
  let authChecked = false;
  let started = false;

  const health = (_req: IncomingMessage, res: ServerResponse) => json(res, 200, { status: 'ok' });
  const ready = (_req: IncomingMessage, res: ServerResponse) => {
    const body = { status: authChecked && started ? 'ready' : 'starting', dataset: dataset.meta.version, slackAuth: authChecked, mode: config.mode };
    json(res, authChecked && started ? 200 : 503, body);
  };
  const metrics = options.metrics ?? new Metrics();
  const scrape = (_req: IncomingMessage, res: ServerResponse) => {
    metrics.setReady(authChecked && started);
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
  const clientOptions: webApi.WebClientOptions = {};
  if (config.slackApiUrl !== undefined) clientOptions.slackApiUrl = config.slackApiUrl;
  if (options.retryConfig !== undefined) clientOptions.retryConfig = options.retryConfig;

  const bolt =
    config.mode === 'socket'
      ? new App({
          token: config.botToken,
          appToken: config.appToken,
          socketMode: true,
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

  const bot = createBot({
    dataset,
    lookupCluster: options.lookupCluster,
    rateLimit: options.rateLimit ?? new MemoryRateLimit(config.rateLimitPerMinute, options.clock),
    redelivery: options.redelivery ?? new MemoryRedelivery(),
    audit: countedAuditSink(logAuditSink(log), metrics),
    now: () => performance.now(),
  });
  const deps: Deps = { bot, logger: log, homeBlocks: renderHome(dataset), metrics };

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

  return {
    bolt,
    mode: config.mode,
    registrations: REGISTRATIONS,
    deps,
    isReady: () => authChecked && started,
    async start() {
      const apiUrl = config.slackApiUrl ?? 'https://slack.com/api/';
      try {
        // Checked first with few retries, so that a wrong token or an unreachable Slack stops the start at once.
        const check = new webApi.WebClient(config.botToken, {
          ...clientOptions,
          retryConfig: options.retryConfig ?? STARTUP_RETRY,
          timeout: STARTUP_TIMEOUT_MS,
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
        try {
          await bolt.start();
        } catch (error) {
          throw new StartupError(
            `Could not connect over Socket Mode (apps.connections.open: ${errorReason(error)}): check SLACK_APP_TOKEN (xapp-, with the connections:write scope).`,
            { cause: error },
          );
        }
      }
      started = true;
      log.info({ port, dataset: dataset.meta.version, rateLimitPerMinute: config.rateLimitPerMinute }, 'porthole Slack app started');
      return { port };
    },
    async stop() {
      started = false;
      try {
        await bolt.stop();
      } catch (error) {
        log.debug({ err: error }, 'stopping the Bolt app');
      }
      if (healthServer !== undefined) {
        const server = healthServer;
        healthServer = undefined;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      }
      bot.redelivery.close();
    },
  };
}
