/**
 * `npm start`: reads the configuration, loads the dataset, starts the Slack app. A startup problem is printed
 * as one line per problem on stderr (no stack trace) and the process exits with code 1.
 */
import { readClusterConfig } from '../clusters/index.js';
import { BUNDLED_DATA_DIR, formatDataProblem, loadDataset } from '../data-files/load.js';
import { createApp, StartupError } from './app.js';
import { checkClusterFile, createClusterLookups } from '../bot/index.js';
import { readConfig, secretsOf } from './config.js';
import { createLogger } from './logger.js';

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

  const loaded = await loadDataset(config.dataDir ?? BUNDLED_DATA_DIR);
  if (!loaded.ok) {
    fail([`the dataset in ${loaded.dir} is not valid (${loaded.problems.length} problem(s)); first: ${formatDataProblem(loaded.problems[0]!)}. Run \`porthole data check\` for all of them.`]);
  }
  const clusterFileProblems = await checkClusterFile(clusterConfig, loaded.dataset);
  if (clusterFileProblems.length > 0) fail(clusterFileProblems);

  const secrets = [...secretsOf(config), ...(clusterConfig.apiKey !== null ? [clusterConfig.apiKey] : [])];
  const logger = createLogger({ level: config.logLevel, secrets });
  const clusters = createClusterLookups({ config: clusterConfig, dataset: loaded.dataset, logger });
  const app = createApp({ config, dataset: loaded.dataset, logger, lookupCluster: clusters?.lookupCluster });
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
  const shutDown = async () => {
    await app.stop();
    clusters?.close();
  };

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    shutDown().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));

  try {
    await app.start();
  } catch (error) {
    logger.flush();
    await shutDown().catch(() => undefined);
    fail([error instanceof StartupError ? error.message : `could not start: ${error instanceof Error ? error.message : String(error)}`]);
  }
}

main().catch((error: unknown) => {
  fail([`could not start: ${error instanceof Error ? error.message : String(error)}`]);
});
