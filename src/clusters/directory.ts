import NodeCache from 'node-cache';
import type { ClusterFacts } from '../core/answer.js';
import type { ClusterConfig } from './config.js';
import { type FileLoadResult, loadClusterFile } from './file-source.js';
import { withDeadline } from './http.js';
import { IamTokenProvider } from './iam-token.js';
import { type IksListEntry, IksSource } from './iks-source.js';
import { scrubber } from '../core/scrub.js';
import { closestNames, clusterNameProblem } from './names.js';
import {
  type ClusterListEntry,
  type ClusterListResult,
  type ClusterLogger,
  type ClusterLookupResult,
  type FetchLike,
  LookupFailure,
  type ResolveRegion,
  type SourceFailure,
} from './types.js';

// The cluster directory: the cluster file first, then the IKS API, with a cache in front of the API.

export interface ClusterDirectoryOptions {
  config: ClusterConfig;
  resolveRegion: ResolveRegion;
  logger?: ClusterLogger;
  /** A seam for tests of odd transports; the global fetch otherwise. */
  fetch?: FetchLike;
}

export interface ClusterDirectory {
  /** Facts about one cluster by name or id. Never throws. */
  lookup(nameOrId: string): Promise<ClusterLookupResult>;
  /** The clusters every source knows, with the failures of sources that could not answer. Never throws. */
  list(): Promise<ClusterListResult>;
  /** Reads the cluster file now, so that the first lookup it answers waits for no I/O. Never throws. */
  preload(): Promise<void>;
  /** Stops the cache's timer; lookups after close answer unavailable. */
  close(): void;
}

type Cached = { kind: 'found'; facts: ClusterFacts } | { kind: 'not-found'; suggestions: string[] } | { kind: 'list'; names: string[] };

// Not a valid cluster name (it has spaces), so it cannot collide with one.
const LIST_KEY = ' iks cluster names';

const silentLogger: ClusterLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function createClusterDirectory(options: ClusterDirectoryOptions): ClusterDirectory {
  const { config, resolveRegion } = options;
  const logger = options.logger ?? silentLogger;
  const tokens = config.apiKey
    ? new IamTokenProvider({ apiKey: config.apiKey, iamUrl: config.iamUrl, timeoutMs: config.timeoutMs, fetch: options.fetch })
    : null;
  const iks = tokens ? new IksSource({ iksUrl: config.iksUrl, tokens, resolveRegion, fetch: options.fetch }) : null;
  const cache = new NodeCache({ stdTTL: config.cacheTtlSeconds, checkperiod: 60, useClones: false });
  const inFlight = new Map<string, Promise<ClusterLookupResult>>();
  let fileLoad: Promise<FileLoadResult> | null = null;
  let closed = false;

  const loadFile = (): Promise<FileLoadResult> | null => {
    if (!config.clustersFile) return null;
    fileLoad ??= loadClusterFile(config.clustersFile, resolveRegion).then((result) => {
      if (result.ok) logger.info({ file: result.file, clusters: result.clusters.length }, 'cluster file loaded');
      else logger.error({ file: result.file, problem: result.message }, 'cluster file is not valid; it is not used');
      return result;
    });
    return fileLoad;
  };

  const remember = (key: string, value: Cached, ttlSeconds: number): void => {
    if (ttlSeconds > 0 && !closed) cache.set(key, value, ttlSeconds);
  };

  const fail = (result: SourceFailure, context: Record<string, unknown>): SourceFailure => {
    const entry = { ...context, status: result.status, reason: 'reason' in result ? result.reason : undefined, detail: result.detail };
    if (result.status === 'unavailable') logger.warn(entry, 'cluster lookup failed');
    else logger.error(entry, 'cluster lookup is not authorised; check IBMCLOUD_API_KEY and its access');
    return result;
  };

  // IAM and IKS error bodies may echo the API key or a token: a detail is scrubbed before the log or the CLI sees it.
  const scrub = scrubber(config.apiKey ? [config.apiKey] : []);
  const asFailure = (err: unknown): SourceFailure => {
    const result: SourceFailure =
      err instanceof LookupFailure
        ? err.result
        : { status: 'unavailable', reason: 'outage', detail: `unexpected error: ${err instanceof Error ? err.message : String(err)}` };
    return { ...result, detail: scrub(result.detail) };
  };

  const iksNames = async (source: IksSource, deadline: Parameters<IksSource['listClusters']>[0]): Promise<string[]> => {
    const cached = cache.get<Cached>(LIST_KEY);
    if (cached?.kind === 'list') return cached.names;
    try {
      const names = (await source.listClusters(deadline)).flatMap((c) => [c.name, c.id]);
      remember(LIST_KEY, { kind: 'list', names }, config.cacheTtlSeconds);
      return names;
    } catch (err) {
      logger.warn({ detail: asFailure(err).detail }, 'cluster list for suggestions failed');
      return [];
    }
  };

  const fromIks = async (name: string, source: IksSource, fileNames: string[]): Promise<ClusterLookupResult> => {
    try {
      return await withDeadline(config.timeoutMs, async (deadline) => {
        const facts = await source.getCluster(name, deadline);
        if (facts) {
          const kept: Cached = { kind: 'found', facts: structuredClone(facts) };
          for (const key of new Set([name, facts.name, facts.id])) remember(key, kept, config.cacheTtlSeconds);
          logger.info({ cluster: facts.name, id: facts.id, region: facts.region }, 'cluster looked up in IKS');
          return { status: 'found', facts, source: 'iks', cached: false } as const;
        }
        const suggestions = closestNames(name, [...fileNames, ...(await iksNames(source, deadline))]);
        remember(name, { kind: 'not-found', suggestions }, config.notFoundTtlSeconds);
        return { status: 'not-found', name, suggestions } as const;
      });
    } catch (err) {
      return fail(asFailure(err), { cluster: name, source: 'iks' });
    }
  };

  const resolve = async (name: string): Promise<ClusterLookupResult> => {
    const file = await loadFile();
    const fileClusters = file?.ok ? file.clusters : [];
    const inFile = fileClusters.find((c) => c.name === name || c.id === name);
    if (inFile) return { status: 'found', facts: structuredClone(inFile), source: 'file', cached: false };
    const fileNames = fileClusters.map((c) => c.name);

    if (!iks) {
      if (file && !file.ok) return fail({ status: 'unavailable', reason: 'malformed', detail: file.message }, { cluster: name, source: 'file' });
      return { status: 'not-found', name, suggestions: closestNames(name, fileNames) };
    }

    const cached = cache.get<Cached>(name);
    if (cached?.kind === 'found') return { status: 'found', facts: structuredClone(cached.facts), source: 'iks', cached: true };
    if (cached?.kind === 'not-found') return { status: 'not-found', name, suggestions: cached.suggestions };
    return fromIks(name, iks, fileNames);
  };

  return {
    async preload(): Promise<void> {
      await loadFile();
    },

    lookup(nameOrId: string): Promise<ClusterLookupResult> {
      const problem = clusterNameProblem(nameOrId);
      if (problem !== null) return Promise.resolve({ status: 'invalid-name', message: problem });
      if (!iks && !config.clustersFile) return Promise.resolve({ status: 'not-configured' });
      if (closed) return Promise.resolve({ status: 'unavailable', reason: 'outage', detail: 'the cluster directory is closed' });

      const running = inFlight.get(nameOrId);
      if (running) return running;
      const started = resolve(nameOrId)
        .catch((err: unknown) => fail(asFailure(err), { cluster: nameOrId }))
        .finally(() => inFlight.delete(nameOrId));
      inFlight.set(nameOrId, started);
      return started;
    },

    async list(): Promise<ClusterListResult> {
      if (!iks && !config.clustersFile) return { status: 'not-configured' };
      const clusters: ClusterListEntry[] = [];
      const failures: Extract<ClusterListResult, { status: 'listed' }>['failures'] = [];

      const fileTask = (async () => {
        const file = await loadFile();
        if (!file) return;
        if (file.ok) {
          for (const c of file.clusters) clusters.push({ source: 'file', name: c.name, id: c.id, region: c.region });
        } else {
          failures.push({ source: 'file', status: 'unavailable', reason: 'malformed', detail: file.message });
        }
      })();
      const iksTask = (async () => {
        if (!iks) return;
        let listed: IksListEntry[];
        try {
          listed = await withDeadline(config.timeoutMs, (deadline) => iks.listClusters(deadline));
        } catch (err) {
          failures.push({ source: 'iks', ...fail(asFailure(err), { source: 'iks', operation: 'list' }) });
          return;
        }
        for (const c of listed) clusters.push({ source: 'iks', name: c.name, id: c.id, region: resolveRegion(c.region) ?? c.region });
      })();
      await Promise.all([fileTask, iksTask]);
      clusters.sort((a, b) => (a.source === b.source ? a.name.localeCompare(b.name) : a.source === 'file' ? -1 : 1));
      return { status: 'listed', clusters, failures };
    },

    close(): void {
      closed = true;
      cache.flushAll();
      cache.close();
    },
  };
}
