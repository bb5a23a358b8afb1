import type { Dataset } from '../core/dataset/build.js';
import type { AnsweringDeps, LookupCluster } from './answering.js';
import type { EditionSet } from './dispatch.js';
import type { Conversations } from './conversations.js';
import { RequestAudit, type AuditSink, type EntryPoint } from './audit.js';
import type { InFlight } from './in-flight.js';
import type { RateLimit } from './rate-limit.js';
import type { Redelivery } from './redelivery.js';

/**
 * The chat-neutral bot layer, between the core and the chat adapters (src/slack/): answering (help, why, cluster
 * lookups with their access lists), the per-person rate limit, redelivery memory, one audit record per request,
 * and the conversation state carried by buttons and menus. Nothing here imports a chat SDK.
 */
export * from './answering.js';
export * from './audit.js';
export * from './clusters.js';
export * from './dispatch.js';
export * from './flow.js';
export * from './in-flight.js';
export * from './rate-limit.js';
export * from './redelivery.js';
export * from './state.js';

/** What every request handler of a chat adapter uses. */
export interface Bot extends AnsweringDeps {
  /** The edition answering questions that name none (editions.current). */
  dataset: Dataset;
  /** Every edition a question may name, read when one does. */
  editions: EditionSet;
  lookupCluster?: LookupCluster | undefined;
  /** Conversation commands and defaults; absent: none (every text is a question). */
  conversations?: Conversations | undefined;
  rateLimit: RateLimit;
  redelivery: Redelivery;
  audit: AuditSink;
  /** Monotonic milliseconds, for latencies. */
  now: () => number;
  /** Opens the audit record of a request that has just arrived. */
  startAudit(entry: EntryPoint, who: { teamId: string | null; channelId: string | null; userId: string | null }): RequestAudit;
}

/** With `inFlight`, a request abandoned at shutdown still writes its one audit line (outcome `abandoned`). */
export function createBot(parts: Omit<Bot, 'startAudit'>, inFlight?: InFlight): Bot {
  return {
    ...parts,
    startAudit: (entry, who) => {
      if (inFlight === undefined) return new RequestAudit(parts.audit, parts.now, entry, who);
      let withdraw: () => void = () => undefined;
      const audit = new RequestAudit(
        (record) => {
          withdraw();
          parts.audit(record);
        },
        parts.now,
        entry,
        who,
      );
      withdraw = inFlight.onAbandon(() => audit.finish({ outcome: 'abandoned' }));
      return audit;
    },
  };
}
