import type { Logger } from 'pino';
import { clusterForAnswer, createClusterDirectory, loadClusterFile, regionResolver, type ClusterConfig } from '../clusters/index.js';
import type { Dataset } from '../core/dataset/build.js';
import type { LookupCluster } from './answering.js';

/** A chat app's cluster lookups: the seam createApp takes, and the directory behind it to close on shutdown. */
export interface ClusterLookups {
  lookupCluster: LookupCluster;
  /** What is configured, for the start-up log line. */
  sources: Array<'file' | 'iks'>;
  /** Reads the cluster file (main.ts at start): the first question it answers then comes in the ack, like any other. */
  preload(): Promise<void>;
  close(): void;
}

/** Whether any cluster source (a cluster file, an IBM Cloud API key) is configured. */
export function hasClusterSource(config: ClusterConfig): boolean {
  return config.apiKey !== null || config.clustersFile !== null;
}

/**
 * Checks the cluster file at start, so that a broken CLUSTERS_FILE stops porthole like a broken dataset does
 * instead of turning every lookup into "could not be read". Returns one line per problem; none when it loads.
 */
export async function checkClusterFile(config: ClusterConfig, dataset: Dataset): Promise<string[]> {
  if (config.clustersFile === null) return [];
  const loaded = await loadClusterFile(config.clustersFile, regionResolver(dataset));
  return loaded.ok ? [] : loaded.message.split('\n').map((line) => `CLUSTERS_FILE is not a valid cluster file: ${line}`);
}

/**
 * Builds the cluster directory and the lookupCluster seam from the cluster settings (readClusterConfig), or null
 * when no source is configured (questions naming a cluster then get the region answer and a note).
 *
 * A lookup applies the access lists with the asker's channel and user ids, turns every failure into a note
 * for the asker (details go to the log), and returns the cluster, status, source and cache use for the audit line.
 */
export function createClusterLookups(options: { config: ClusterConfig; dataset: Dataset; logger: Logger }): ClusterLookups | null {
  const { config, dataset } = options;
  if (!hasClusterSource(config)) return null;
  const directory = createClusterDirectory({
    config,
    resolveRegion: regionResolver(dataset),
    logger: options.logger.child({ component: 'clusters' }),
  });
  return {
    sources: [...(config.clustersFile !== null ? (['file'] as const) : []), ...(config.apiKey !== null ? (['iks'] as const) : [])],
    async lookupCluster(name, asker) {
      const found = await clusterForAnswer(name, { directory, config, caller: { channelId: asker.channelId, userId: asker.userId } });
      return { facts: found.facts, notes: found.notes, audit: found.audit };
    },
    preload: () => directory.preload(),
    close: () => directory.close(),
  };
}
