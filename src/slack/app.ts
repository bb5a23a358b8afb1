import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { App, HTTPReceiver, SocketModeReceiver, webApi, type CustomRoute, type Receiver } from '@slack/bolt';
import type { Logger } from 'pino';
import { createBot, InFlight, logAuditSink, MemoryRateLimit, MemoryRedelivery, type AuditSink, type Bot, type Drained, type EditionSet, type LookupCluster, type RateLimit, type Redelivery } from '../bot/index.js';
import { Metrics } from '../bot/metrics.js';
import type { Dataset } from '../core/dataset/build.js';
import type { Announcement } from '../bot/announce.js';
import type { CommandRules } from '../bot/conversation-permission.js';
import { memoryStore, type ConversationStore } from '../bot/conversation-state.js';
import type { Conversations } from '../bot/conversations.js';
// Loaded with the app, so that the dispatcher's import of it on the first question does not wait for I/O.
import '../bot/conversations.js';
import { editionsInFolder } from '../data-files/edition-set.js';
import { liveEditions, type EditionSet as WatchedEditions, type EditionWatcher } from '../data-files/edition-watch.js';
import { renderAnnouncement, renderChangeNotice } from './conversation-message.js';
import { BUNDLED_DATA_DIR } from '../data-files/load.js';
import { DEFAULT_SOCKET_HELLO_TIMEOUT_MS, type SlackConfig } from './config.js';
import type { Deps, Registration } from './deps.js';
import { errorReason } from './errors.js';
import { farewellFor } from './farewell.js';
import { renderHome } from './help.js';
import { LISTENERS, REGISTRATIONS } from './listeners/index.js';
import { boltLevel, toBoltLogger } from './logger.js';
import { guardHttpReceiver, guardSocketMode, type GuardOptions } from './request-guard.js';
import { TrackedReceiver } from './tracked-receiver.js';
import { countedFetch, REPLY_RETRY, REPLY_TIMEOUT_MS, STARTUP_RETRY, STARTUP_TIMEOUT_MS, UNREPEATABLE_TIMEOUT_MS } from './web-api.js';

export interface CreateAppOptions {
  config: SlackConfig;
  dataset: Dataset;
  /** The editions a question may name ("as of 2019"); default: those of the data folder shipped with porthole. */
  editions?: EditionSet;
  logger: Logger;
  /** Cluster lookup seam (src/bot/clusters.ts over src/clusters); unset: questions naming a cluster get the region answer and a note. */
  lookupCluster?: LookupCluster;
  /** Retries of each call to Slack, made by the counted fetch (src/slack/web-api.ts); default REPLY_RETRY (tests: { retries: 0 }). */
  retryConfig?: webApi.RetryOptions;
  /** Per-person rate limit and redelivery memory; default: this process's memory. */
  rateLimit?: RateLimit;
  redelivery?: Redelivery;
  /** What GET /metrics serves; default: a registry of this app's own. */
  metrics?: Metrics;
  /** Where channel settings and watches are kept (openConversationStore); default: this process's memory. */
  conversations?: ConversationStore;
  /** Who may set a cluster default: the cluster lookup's access lists; default: everyone. */
  clusterAccess?: CommandRules['clusterAccess'];
  /**
   * The data folder's editions, kept current while the app runs: questions are answered from its newest edition,
   * and each new edition is announced to the channels whose watches it touches. Unset: `dataset` and `editions`.
   */
  editionWatcher?: EditionWatcher;
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
  /** Resolves when the announcements of the editions swapped in so far are done. */
  announcements(): Promise<void>;
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

/** Where the app stands, for /readyz and the readiness gauge. */
class Readiness {
  authChecked = false;
  started = false;
  stopping = false;
  /** Socket Mode: a connection to Slack is open (Slack said hello and it has not closed since). */
  connected: boolean;

  constructor(mode: SlackConfig['mode']) {
    this.connected = mode === 'http';
  }

  get ready(): boolean {
    return this.authChecked && this.started && this.connected && !this.stopping;
  }

  get status(): string {
    return this.stopping ? 'stopping' : !(this.authChecked && this.started) ? 'starting' : this.connected ? 'ready' : 'disconnected';
  }
}

/** GET /healthz, /readyz and /metrics: on the Events API's server in HTTP mode, on one of their own in Socket Mode. */
function healthRoutes(readiness: Readiness, metrics: Metrics, dataset: Dataset, mode: SlackConfig['mode']): CustomRoute[] {
  const health = (_req: IncomingMessage, res: ServerResponse) => json(res, 200, { status: 'ok' });
  const ready = (_req: IncomingMessage, res: ServerResponse) => {
    json(res, readiness.ready ? 200 : 503, { status: readiness.status, dataset: dataset.meta.version, slackAuth: readiness.authChecked, mode });
  };
  const scrape = (_req: IncomingMessage, res: ServerResponse) => {
    metrics.setReady(readiness.ready);
    metrics.text().then(
      (text) => {
        res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
        res.end(text);
      },
      (error: unknown) => json(res, 500, { status: 'error', error: errorReason(error) }),
    );
  };
  return [
    { path: '/healthz', method: ['GET'], handler: health },
    { path: '/readyz', method: ['GET'], handler: ready },
    { path: '/metrics', method: ['GET'], handler: scrape },
  ];
}

/** The Web API client's options: every call through the counted fetch, with the reply retries. */
function webClientOptions(config: SlackConfig, options: CreateAppOptions, metrics: Metrics, callLog: Logger): webApi.WebClientOptions {
  const apiUrl = config.slackApiUrl ?? 'https://slack.com/api/';
  // The counted fetch retries each call itself; the client's own retries, and its queue paused for a 429, never.
  const clientOptions: webApi.WebClientOptions = {
    fetch: countedFetch({
      metrics,
      logger: callLog,
      apiUrl,
      timeoutMs: REPLY_TIMEOUT_MS,
      unrepeatableTimeoutMs: UNREPEATABLE_TIMEOUT_MS,
      retry: options.retryConfig ?? REPLY_RETRY,
    }),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  };
  if (config.slackApiUrl !== undefined) clientOptions.slackApiUrl = config.slackApiUrl;
  return clientOptions;
}

/** /readyz follows the Socket Mode connection: 200 only while it is open. */
function followConnection(socketReceiver: SocketModeReceiver, readiness: Readiness, log: Logger, showReady: () => void): void {
  const socket = socketReceiver.client;
  socket.on('connected', () => {
    if (!readiness.connected) log.info('Socket Mode connection open');
    readiness.connected = true;
    showReady();
  });
  for (const state of ['close', 'disconnecting', 'disconnected', 'reconnecting'] as const) {
    socket.on(state, () => {
      if (readiness.connected && !readiness.stopping) log.warn({ state }, 'Socket Mode connection lost: not ready until it is open again');
      readiness.connected = false;
      showReady();
    });
  }
}

/**
 * The receiver Bolt would make from the config (Socket Mode, or HTTP with the health routes), built here so that
 * it can be tracked, and screened before Bolt reads a request (src/slack/request-guard.ts): bodies that are not
 * objects, other teams, timestamps in the future.
 */
function slackReceiver(
  config: SlackConfig,
  routes: CustomRoute[],
  clientOptions: webApi.WebClientOptions,
  boltLogger: ReturnType<typeof toBoltLogger>,
  level: string,
  guard: GuardOptions,
): Receiver {
  if (config.mode === 'socket') {
    const receiver = new SocketModeReceiver({
      appToken: config.appToken!,
      logger: boltLogger,
      logLevel: boltLevel(level),
      // apps.connections.open keeps the Socket Mode client's own retries (it reconnects for as long as it takes).
      installerOptions: { clientOptions: { ...clientOptions, retryConfig: undefined, rejectRateLimitedCalls: false } },
    });
    guardSocketMode(receiver, guard);
    return receiver;
  }
  const signingSecret = config.signingSecret ?? '';
  const receiver = new HTTPReceiver({ signingSecret, customRoutes: routes, logger: boltLogger, logLevel: boltLevel(level) });
  guardHttpReceiver(receiver, signingSecret, guard);
  return receiver;
}

/** The bot layer of this app: the dataset and editions, the cluster lookup, rate limit, redelivery memory and counted audit. */
function appBot(options: CreateAppOptions, log: Logger, metrics: Metrics, inFlight: InFlight, conversations: Conversations): Bot {
  const { config, dataset } = options;
  const watcher = options.editionWatcher;
  const bot = createBot(
    {
      dataset,
      editions: watcher !== undefined ? liveEditions(watcher) : (options.editions ?? editionsInFolder(BUNDLED_DATA_DIR, dataset)),
      lookupCluster: options.lookupCluster,
      conversations,
      rateLimit: options.rateLimit ?? new MemoryRateLimit(config.rateLimitPerMinute),
      redelivery: options.redelivery ?? new MemoryRedelivery(),
      audit: countedAuditSink(logAuditSink(log), metrics),
      now: () => performance.now(),
    },
    inFlight,
  );
  // The edition answering questions that name none follows the watcher.
  if (watcher !== undefined) Object.defineProperty(bot, 'dataset', { get: () => watcher.current.newest });
  return bot;
}

/** Commands and defaults: the store, who may change what, and the change said in its channel. */
function appConversations(options: CreateAppOptions, bolt: App): Conversations {
  return {
    store: options.conversations ?? memoryStore(),
    rules: { adminUserIds: options.config.adminUserIds ?? null, clusterAccess: options.clusterAccess ?? { allowedChannels: null, allowedUsers: null } },
    postChange: async (change) => {
      const { text, blocks } = renderChangeNotice(change);
      await bolt.client.chat.postMessage({ channel: change.channelId, text, blocks });
    },
  };
}

/** The change as a CSV change request (add/remove rows) for a watch of one region, in the announcement's thread; best effort: the announcement stands. */
async function attachChangeCsv(bolt: App, announcement: Announcement, set: WatchedEditions, threadTs: string | undefined, log: Logger): Promise<void> {
  const previous = set.get(announcement.change.from);
  if (previous === undefined) return;
  const { from, to } = announcement.change;
  const [{ watchChangeRecords }, { csvText }] = await Promise.all([import('../bot/watch-change.js'), import('../export/csv.js')]);
  const records = watchChangeRecords(previous, set.newest, announcement.watch);
  // A watch of every region has no sheet of its own (a sheet is per region): the announcement's lines say it all.
  if (records.length <= 1) return;
  const file = { content: csvText(records), filename: `porthole-change-${from}-to-${to}.csv`, title: `Firewall change request, edition ${from} to ${to}` };
  try {
    await bolt.client.filesUploadV2(threadTs !== undefined ? { channel_id: announcement.channel, thread_ts: threadTs, ...file } : { channel_id: announcement.channel, ...file });
  } catch (error) {
    log.warn({ err: error, channelId: announcement.channel }, 'could not attach the change as CSV to the announcement');
  }
}

/** After each swap of the watcher's editions: the new newest edition, posted once to each watch it touches. */
function announceSwaps(watcher: EditionWatcher, store: ConversationStore, bolt: App, log: Logger): () => Promise<void> {
  let announcing: Promise<void> = Promise.resolve();
  const announce = async (set: WatchedEditions) => {
    try {
      // Imported when an edition comes, as the dispatcher imports diffs: not at every start.
      const { announceNewEdition } = await import('../bot/announce.js');
      const result = await announceNewEdition(store, { current: set.newest, get: (id) => set.get(id) }, async (announcement) => {
        const { text, blocks } = renderAnnouncement(announcement, set.newest);
        const posted = await bolt.client.chat.postMessage({ channel: announcement.channel, text, blocks });
        await attachChangeCsv(bolt, announcement, set, posted.ts, log);
      });
      log.info(
        { edition: set.newest.edition, posted: result.posted.map((a) => a.channel), untouched: result.untouched, claimedElsewhere: result.claimedElsewhere, unknownBase: result.unknownBase.length },
        'new edition announced to the watches it touches',
      );
    } catch (error) {
      log.error({ err: error, edition: set.newest.edition }, 'announcing the new edition failed');
    }
  };
  watcher.onSwap((set) => {
    announcing = announcing.then(() => announce(set));
  });
  return () => announcing;
}

/** A redelivered event (same event_id; Slack adds X-Slack-Retry-Num) is acknowledged and otherwise ignored. */
function ignoreRedeliveries(bolt: App, bot: Bot, log: Logger, metrics: Metrics): void {
  bolt.use(async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await bot.redelivery.firstTime(`event:${eventId}`))) {
      log.info({ eventId, retryNum: context.retryNum ?? null, retryReason: context.retryReason ?? null }, 'redelivered event ignored');
      metrics.redeliveryDropped();
      return;
    }
    await next();
  });
}

/** Serves /healthz, /readyz and /metrics on a server of their own (Socket Mode has no HTTP server of Bolt's). */
async function startHealthServer(config: SlackConfig, routes: CustomRoute[]): Promise<Server> {
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
  return server;
}

async function closeServer(server: Server | undefined): Promise<void> {
  if (server === undefined) return;
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Connects over Socket Mode, or fails when Slack has not said hello within SOCKET_HELLO_TIMEOUT_MS. */
async function connectSocketMode(bolt: App, socketReceiver: SocketModeReceiver, config: SlackConfig): Promise<void> {
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
      await socketReceiver.client.disconnect().catch(() => undefined);
      throw error;
    }
    throw new StartupError(`Could not connect over Socket Mode (apps.connections.open: ${errorReason(error)}): check SLACK_APP_TOKEN (xapp-, with the connections:write scope).`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Checks the bot token with auth.test (few retries, so that a wrong token or an unreachable Slack stops the start
 * at once), then initialises Bolt. Resolves with the app's own team id.
 */
async function checkAuth(
  bolt: App,
  config: SlackConfig,
  options: CreateAppOptions,
  clientOptions: webApi.WebClientOptions,
  parts: { metrics: Metrics; callLog: Logger; boltLogger: ReturnType<typeof toBoltLogger> },
): Promise<string | undefined> {
  const apiUrl = config.slackApiUrl ?? 'https://slack.com/api/';
  try {
    const check = new webApi.WebClient(config.botToken, {
      ...clientOptions,
      fetch: countedFetch({ metrics: parts.metrics, logger: parts.callLog, apiUrl, timeoutMs: STARTUP_TIMEOUT_MS, retry: options.retryConfig ?? STARTUP_RETRY }),
      logger: parts.boltLogger,
    });
    const auth = await check.auth.test();
    await bolt.init();
    return typeof auth.team_id === 'string' ? auth.team_id : undefined;
  } catch (error) {
    throw new StartupError(authProblem(error, apiUrl), { cause: error });
  }
}

/** Takes requests: the Events API's HTTP server, or the health server and the Socket Mode connection. Resolves with the HTTP port. */
async function listen(bolt: App, receiver: Receiver, config: SlackConfig, routes: CustomRoute[], keepHealthServer: (server: Server) => void): Promise<number> {
  if (config.mode === 'http') {
    try {
      const server = (await bolt.start({ port: config.port, host: config.host })) as Server;
      return (server.address() as AddressInfo).port;
    } catch (error) {
      throw new StartupError(`Could not listen on PORT ${config.port}: ${errorReason(error)}.`, { cause: error });
    }
  }
  let server: Server;
  try {
    server = await startHealthServer(config, routes);
  } catch (error) {
    throw new StartupError(`Could not listen on PORT ${config.port} for /healthz and /readyz: ${errorReason(error)}.`, { cause: error });
  }
  keepHealthServer(server);
  await connectSocketMode(bolt, receiver as SocketModeReceiver, config);
  return (server.address() as AddressInfo).port;
}

/** Builds the Bolt app for porthole: Socket Mode or HTTP from the config, listeners registered, not started. */
export function createApp(options: CreateAppOptions): PortholeApp {
  const { config, dataset, logger } = options;
  const log = logger.child({ mode: config.mode });
  const readiness = new Readiness(config.mode);
  const metrics = options.metrics ?? new Metrics();
  const showReady = () => metrics.setReady(readiness.ready);
  const routes = healthRoutes(readiness, metrics, dataset, config.mode);
  const boltLogger = toBoltLogger(log);
  const callLog = log.child({ component: 'slack-calls' });
  const clientOptions = webClientOptions(config, options, metrics, callLog);

  let ownTeamId: string | undefined;
  const inner = slackReceiver(config, routes, clientOptions, boltLogger, logger.level, { ownTeamId: () => ownTeamId, logger: log });
  if (inner instanceof SocketModeReceiver) followConnection(inner, readiness, log, showReady);
  const inFlight = new InFlight();
  // An asker whose request a stop may abandon is told before the grace runs out (src/slack/farewell.ts).
  const post = clientOptions.fetch!;
  const farewell = (body: Record<string, unknown>) => farewellFor(body, bolt.client, post, log);
  const bolt: App = new App({
    token: config.botToken,
    receiver: new TrackedReceiver(inner, inFlight, farewell),
    logger: boltLogger,
    logLevel: boltLevel(logger.level),
    clientOptions,
    deferInitialization: true,
    // porthole keeps its conversation state in the messages (src/bot/state.ts): no Bolt conversation store.
    convoStore: false,
  });

  const conversations = appConversations(options, bolt);
  const bot = appBot(options, log, metrics, inFlight, conversations);
  const announcements = options.editionWatcher === undefined ? async () => undefined : announceSwaps(options.editionWatcher, conversations.store, bolt, log);
  options.editionWatcher?.onRefuse(() => metrics.editionRefused());
  const deps: Deps = { bot, logger: log, homeBlocks: renderHome(dataset), metrics, tables: config.tables !== false };
  ignoreRedeliveries(bolt, bot, log, metrics);
  for (const listener of LISTENERS) listener.register(bolt, deps);
  bolt.error(async (error) => {
    log.error({ err: error }, 'unhandled error in a listener');
  });

  let healthServer: Server | undefined;
  /** No new work: the HTTP listener closes, or the Socket Mode connection. */
  async function stopTakingWork(): Promise<void> {
    try {
      await bolt.stop();
    } catch (error) {
      log.debug({ err: error }, 'stopping the Bolt app');
    }
  }
  async function closeHealthServer(): Promise<void> {
    const server = healthServer;
    healthServer = undefined;
    await closeServer(server);
  }

  return {
    bolt,
    mode: config.mode,
    registrations: REGISTRATIONS,
    deps,
    inFlight,
    isReady: () => readiness.ready,
    announcements,
    async start() {
      ownTeamId = await checkAuth(bolt, config, options, clientOptions, { metrics, callLog, boltLogger });
      readiness.authChecked = true;
      const port = await listen(bolt, inner, config, routes, (server) => (healthServer = server));
      readiness.started = true;
      showReady();
      log.info({ port, dataset: dataset.meta.version, rateLimitPerMinute: config.rateLimitPerMinute }, 'porthole Slack app started');
      return { port };
    },
    async shutdown(graceMs) {
      readiness.stopping = true;
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
      readiness.stopping = true;
      readiness.started = false;
      showReady();
      await stopTakingWork();
      await closeHealthServer();
      bot.redelivery.close();
    },
  };
}
