import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';
import type { Query } from '../core/answer.js';

/** How a request was answered. */
export type Outcome = 'answered' | 'needs-region' | 'not-understood' | 'error';

/** Where a request came in. */
export type EntryPoint = 'slash-command' | 'app-mention' | 'direct-message' | 'region-picker' | 'share-in-channel' | 'export';

/** A cluster lookup made for a request: the cluster asked for, how it ended, the source that answered, and whether its cache did. */
export interface ClusterLookupAudit {
  cluster: string;
  /** found, not-found, not-allowed, unauthorized, forbidden, unavailable-timeout, ... (src/clusters/for-answer.ts). */
  status: string;
  /** file or iks when a source answered; null otherwise. */
  source: string | null;
  cached: boolean;
}

export interface AuditRecord {
  entry: EntryPoint;
  teamId: string | null;
  channelId: string | null;
  userId: string | null;
  /** The parsed query (question text clipped to 200 characters); null for help and for requests that failed before parsing. */
  query: (Omit<Query, 'text'> & { text: string }) | null;
  outcome: Outcome;
  rules: number;
  latencyMs: number;
  /** The request's cluster lookup; when left out, the one recorded in the request's scope (null when there was none). */
  clusterLookup?: ClusterLookupAudit | null;
}

// Each Slack request runs in a scope of its own (requestScope, a global Bolt middleware), so that a cluster
// lookup made deep inside the answering can reach the request's audit line without being passed through
// every listener.
const scope = new AsyncLocalStorage<{ clusterLookup: ClusterLookupAudit | null }>();

/** Runs `handle` (the rest of one request) in a fresh audit scope. */
export function requestScope<T>(handle: () => T): T {
  return scope.run({ clusterLookup: null }, handle);
}

/** Records the current request's cluster lookup for its audit line; outside a request scope it does nothing. */
export function recordClusterLookup(lookup: ClusterLookupAudit): void {
  const store = scope.getStore();
  if (store !== undefined) store.clusterLookup = lookup;
}

/** One JSON line per answered request, under the `audit` key, message "audit". */
export function writeAudit(logger: Logger, record: AuditRecord): void {
  const query = record.query === null ? null : { ...record.query, text: record.query.text.slice(0, 200) };
  const clusterLookup = record.clusterLookup !== undefined ? record.clusterLookup : (scope.getStore()?.clusterLookup ?? null);
  logger.info({ audit: { ...record, query, clusterLookup, latencyMs: Math.round(record.latencyMs * 10) / 10 } }, 'audit');
}
