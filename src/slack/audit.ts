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
  /** The request's cluster lookup (null or left out when there was none). */
  clusterLookup?: ClusterLookupAudit | null;
}

/**
 * One JSON line per answered request, under the `audit` key, message "audit". The request's cluster lookup comes
 * in the record (the lookup seam returns it, answerParsed passes it on): no per-request async context is needed.
 */
export function writeAudit(logger: Logger, record: AuditRecord): void {
  const query = record.query === null ? null : { ...record.query, text: record.query.text.slice(0, 200) };
  const audit = {
    entry: record.entry,
    teamId: record.teamId,
    channelId: record.channelId,
    userId: record.userId,
    query,
    outcome: record.outcome,
    rules: record.rules,
    latencyMs: Math.round(record.latencyMs * 10) / 10,
    clusterLookup: record.clusterLookup ?? null,
  };
  logger.info({ audit }, 'audit');
}
