/**
 * `npm start`: reads the configuration, loads the editions (watching the data folder for new ones), opens the
 * conversation store, starts the Slack app. A startup problem is printed
 * as one line per problem on stderr (no stack trace) and the process exits with code 1. SIGTERM or SIGINT stops
 * it gracefully: exit code 0 when the work in flight finished within SHUTDOWN_GRACE_MS, 3 when some was abandoned.
 */
import { readClusterConfig } from '../clusters/index.js';
import { editionsInFolder } from '../data-files/edition-set.js';
import { EditionWatcher, liveEditions } from '../data-files/edition-watch.js';
import { openConversationStore, type ConversationStore } from '../bot/conversation-state.js';
import type { EditionSet } from '../bot/dispatch.js';
import type { Dataset } from '../core/dataset/build.js';
import { BUNDLED_DATA_DIR, formatDataProblem, listEditions, loadDataset } from '../data-files/load.js';
import { createApp, StartupError } from './app.js';
import { checkClusterFile, createClusterLookups } from '../bot/index.js';
import { RedisRateLimit, RedisRedelivery, RedisState } from '../bot/redis.js';
import { DEFAULT_SHUTDOWN_GRACE_MS, readConfig, secretsOf } from './config.js';
import { createLogger, flushLog } from './logger.js';

/** The exit code of a stop that had to abandon work in flight (SHUTDOWN_GRACE_MS ran out); a clean stop exits 0. */
const EXIT_ABANDONED = 3;

function fail(lines: string[]): never {
  for (const line of lines) process.stderr.write(`porthole: ${line}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const read = readConfig(process.env);
  const readClusters = readClusterConfig(process.env);
  if (!read.ok || !readClusters.ok) fail([...(read.ok ? [] : read.errors), ...(readClusters.ok ? [] : [readClusters.error])]);
  const config = read.config;
  const clusterConfig = readClusters.config;

  const secrets = [...secretsOf(config), ...(clusterConfig.apiKey !== null ? [clusterConfig.apiKey] : [])];
  const logger = createLogger({ level: config.logLevel, secrets });
  const data = await openEditions(config.dataDir ?? BUNDLED_DATA_DIR, logger);
  const clusterFileProblems = await checkClusterFile(clusterConfig, data.dataset);
  if (clusterFileProblems.length > 0) fail(clusterFileProblems);
  const clusters = createClusterLookups({ config: clusterConfig, dataset: data.dataset, logger });
  await clusters?.preload();
  const redis = config.redisUrl === undefined ? null : await connectRedis(config.redisUrl, logger);
  let conversations: ConversationStore;
  try {
    conversations = openConversationStore({ redis, stateDir: config.stateDir ?? null, logger });
  } catch (error) {
    fail([`STATE_DIR: ${error instanceof Error ? error.message : String(error)}`]);
  }
  const app = createApp({
    config,
    dataset: data.dataset,
    editions: data.editions,
    ...(data.watcher !== null ? { editionWatcher: data.watcher } : {}),
    conversations,
    clusterAccess: clusterConfig,
    logger,
    lookupCluster: clusters?.lookupCluster,
    ...(redis ? { rateLimit: new RedisRateLimit(redis, config.rateLimitPerMinute), redelivery: new RedisRedelivery(redis) } : {}),
  });
  logger.info(
    {
      clusterLookups: {
        sources: clusters?.sources ?? [],
        allowedChannels: clusterConfig.allowedChannels?.length ?? 'all',
        allowedUsers: clusterConfig.allowedUsers?.length ?? 'all',
      },
    },
    clusters === null ? 'no cluster source set up: questions naming a cluster get the region answer' : 'cluster lookups set up',
  );
  data.watcher?.start();
  const closeTheRest = async () => {
    data.watcher?.close();
    await conversations.close();
    clusters?.close();
    await redis?.close();
  };

  // SIGTERM or SIGINT: not ready at once, no new work, work in flight finished within the grace. A second
  // SIGTERM does not cut the grace short (Kubernetes sends SIGKILL after terminationGracePeriodSeconds); a second
  // SIGINT (Ctrl-C again at a terminal) stops at once, logging what it abandons.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      if (signal !== 'SIGINT') return;
      for (const piece of app.inFlight.abandonAll()) logger.error({ abandoned: piece }, 'work abandoned at shutdown (second SIGINT)');
      void flushLog(logger).finally(() => process.exit(EXIT_ABANDONED));
      return;
    }
    stopping = true;
    const graceMs = config.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
    logger.info({ signal, inFlight: app.inFlight.size, graceMs }, 'stopping: no new work, finishing the work in flight');
    app
      .shutdown(graceMs)
      .then(async ({ finished, abandoned }) => {
        for (const piece of abandoned) logger.error({ abandoned: piece, graceMs }, 'work abandoned at shutdown (SHUTDOWN_GRACE_MS ran out)');
        await closeTheRest();
        logger.info({ finished, abandoned: abandoned.length }, finished ? 'stopped: all work in flight finished' : 'stopped: work in flight abandoned');
        await flushLog(logger);
        process.exit(finished ? 0 : EXIT_ABANDONED);
      })
      .catch(async (error: unknown) => {
        logger.error({ err: error }, 'stopping failed');
        await flushLog(logger);
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  try {
    await app.start();
  } catch (error) {
    await app.stop().catch(() => undefined);
    await closeTheRest().catch(() => undefined);
    await flushLog(logger);
    fail([error instanceof StartupError ? error.message : `could not start: ${error instanceof Error ? error.message : String(error)}`]);
  }
}

/**
 * The editions to answer from. Normally the folder's editions, watched: a new edition folder is validated and
 * swapped in without a restart, and announced. PORTHOLE_EDITION pins one edition, and a folder of one edition
 * without editions/ is one: that one, read once.
 */
async function openEditions(dir: string, logger: ReturnType<typeof createLogger>): Promise<{ dataset: Dataset; editions: EditionSet; watcher: EditionWatcher | null }> {
  if (process.env.PORTHOLE_EDITION || (await listEditions(dir)).ids.length === 0) {
    const loaded = await loadDataset(dir);
    if (!loaded.ok) {
      fail([`the dataset in ${loaded.dir} is not valid (${loaded.problems.length} problem(s)); first: ${formatDataProblem(loaded.problems[0]!)}. Run \`porthole data check\` for all of them.`]);
    }
    return { dataset: loaded.dataset, editions: editionsInFolder(loaded.dir, loaded.dataset), watcher: null };
  }
  let watcher: EditionWatcher;
  try {
    watcher = await EditionWatcher.open({ dir, logger });
  } catch (error) {
    fail([`${error instanceof Error ? error.message : String(error)}. Run \`porthole data check\` for the problems.`]);
  }
  return { dataset: watcher.current.newest, editions: liveEditions(watcher), watcher };
}

/**
 * Redis shared by the replicas. Unreachable at start is not fatal: like an outage later, each replica answers
 * from its own memory (with a warning) until Redis answers.
 */
async function connectRedis(url: string, logger: ReturnType<typeof createLogger>): Promise<RedisState> {
  const state = new RedisState({
    url,
    onHealthChange: ({ healthy, error }) =>
      healthy
        ? logger.info('Redis answers again: redelivery memory and rate limits are shared by the replicas')
        : logger.warn({ error }, 'Redis does not answer: redelivery memory and rate limits are per replica until it does'),
  });
  await state.connect().catch((error: unknown) => state.markDown(error));
  logger.info({ shared: state.isHealthy }, 'redelivery memory and rate limits in Redis');
  return state;
}

main().catch((error: unknown) => {
  fail([`could not start: ${error instanceof Error ? error.message : String(error)}`]);
});
