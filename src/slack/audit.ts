import type { Logger } from 'pino';
import type { Query } from '../core/answer.js';

/** How a request was answered. */
export type Outcome = 'answered' | 'needs-region' | 'not-understood' | 'error';

/** Where a request came in. */
export type EntryPoint = 'slash-command' | 'app-mention' | 'direct-message' | 'region-picker' | 'share-in-channel' | 'export';

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
}

/** One JSON line per answered request, under the `audit` key, message "audit". */
export function writeAudit(logger: Logger, record: AuditRecord): void {
  const query = record.query === null ? null : { ...record.query, text: record.query.text.slice(0, 200) };
  logger.info({ audit: { ...record, query, latencyMs: Math.round(record.latencyMs * 10) / 10 } }, 'audit');
}
