import type { Logger } from 'pino';
import type { Query } from '../core/answer.js';

/** How a request ended. */
export type Outcome = 'answered' | 'needs-region' | 'not-understood' | 'rate-limited' | 'already-shared' | 'abandoned' | 'error' | FeedbackOutcome;

/** What a person said of an answer with the feedback buttons under it. */
export type FeedbackOutcome = 'helpful' | 'not-helpful';

/** Where a request came in (a chat front end names its own entry points). */
export type EntryPoint = 'slash-command' | 'app-mention' | 'direct-message' | 'region-picker' | 'share-in-channel' | 'export' | 'feedback';

/** A cluster lookup made for a request: the cluster asked for, how it ended, the source that answered, and whether its cache did. */
export interface ClusterLookupAudit {
  cluster: string;
  /** found, not-found, not-allowed, unauthorized, forbidden, unavailable-timeout, ... (src/clusters/for-answer.ts). */
  status: string;
  /** file or iks when a source answered; null otherwise. */
  source: string | null;
  cached: boolean;
}

/** Who asked, and where: the chat platform's own ids. */
export interface Asker {
  userId: string;
  channelId: string;
  teamId: string | null;
}

/** The question text is cut to this many characters on the audit line. */
export const AUDIT_QUESTION_CHARS = 200;

export interface AuditRecord {
  entry: EntryPoint;
  teamId: string | null;
  channelId: string | null;
  userId: string | null;
  /** The parsed query (question text clipped); null for help and for requests that failed before parsing. */
  query: Query | null;
  outcome: Outcome;
  rules: number;
  latencyMs: number;
  clusterLookup: ClusterLookupAudit | null;
}

/** Where audit records go: today a log line; later any store that takes one record per request. */
export type AuditSink = (record: AuditRecord) => void;

/** Audit records as one JSON log line each, under the `audit` key, message "audit". */
export function logAuditSink(logger: Logger): AuditSink {
  return (record) => logger.info({ audit: record }, 'audit');
}

/** What a finished request reports: its outcome, query and rule count (see replyAudit in answering.ts). */
export interface AuditResult {
  outcome: Outcome;
  query?: Query | null;
  rules?: number;
  clusterLookup?: ClusterLookupAudit | null;
}

/**
 * The audit record of one request: opened when the request arrives, written once when it ends (a second
 * `finish` is ignored, so a failure after an answer cannot write a second record).
 */
export class RequestAudit {
  private written = false;
  /** The request's cluster lookup once made, for a request that fails afterwards. */
  clusterLookup: ClusterLookupAudit | null = null;

  constructor(
    private readonly sink: AuditSink,
    private readonly now: () => number,
    readonly entry: EntryPoint,
    readonly who: { teamId: string | null; channelId: string | null; userId: string | null },
    private readonly started: number = now(),
  ) {}

  finish(result: AuditResult): void {
    if (this.written) return;
    this.written = true;
    const query = result.query ?? null;
    this.sink({
      entry: this.entry,
      ...this.who,
      query: query === null ? null : { ...query, text: query.text.slice(0, AUDIT_QUESTION_CHARS) },
      outcome: result.outcome,
      rules: result.rules ?? 0,
      latencyMs: Math.round((this.now() - this.started) * 10) / 10,
      clusterLookup: result.clusterLookup ?? this.clusterLookup,
    });
  }

  get done(): boolean {
    return this.written;
  }
}
