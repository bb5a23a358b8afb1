import { createClusterDirectory, readClusterConfig, regionResolver, type ClusterConfig, type ClusterDirectory } from '../clusters/index.js';
import type { Dataset } from '../core/dataset/build.js';
import type { Io } from './io.js';

export type OpenedDirectory = { ok: true; directory: ClusterDirectory | null; config: ClusterConfig | null } | { ok: false; error: string };

/**
 * The cluster sources from --clusters and the environment (CLUSTERS_FILE, IBMCLOUD_API_KEY, ...).
 * No source configured is not an error: questions naming a cluster then get the region's answer.
 */
export function openClusterDirectory(dataset: Dataset, io: Io, clustersFile: string | undefined): OpenedDirectory {
  const read = readClusterConfig({ ...io.env, ...(clustersFile ? { CLUSTERS_FILE: clustersFile } : {}) });
  if (!read.ok) return { ok: false, error: read.error };
  const { config } = read;
  if (!config.apiKey && !config.clustersFile) return { ok: true, directory: null, config: null };
  const directory = createClusterDirectory({
    config,
    resolveRegion: regionResolver(dataset),
    // The CLI's reader is the operator: problems are shown with the answer's notes, so the log stays quiet.
    logger: { info: () => {}, warn: () => {}, error: () => {} },
  });
  return { ok: true, directory, config };
}
