import type { Answer, ClusterFacts } from '../core/answer.js';
import type { Dataset } from '../core/dataset/build.js';
import type { ParsedQuestion } from '../core/parse/question.js';
import { resolve } from '../core/resolve/resolve.js';
import type { Asker, ClusterLookupAudit, Outcome } from './audit.js';

/**
 * Answering a question about rules for any front end, with the cluster lookup when the question names a
 * cluster (dispatch.ts reads the question first). The result is the answer model, never a chat message: each
 * front end renders it its own way.
 */

/**
 * The seam for a cluster lookup (src/clusters, see clusters.ts): given a cluster name from a question, its facts
 * when found, notes to show with the answer (not found, not allowed, could not be read), and what to record on
 * the request's audit record. Unset: no cluster source.
 */
export type LookupCluster = (name: string, asker: Asker) => Promise<{ facts?: ClusterFacts | null; notes: string[]; audit?: ClusterLookupAudit }>;

export interface AnsweringDeps {
  dataset: Dataset;
  lookupCluster?: LookupCluster | undefined;
}

/** An answer to a question about rules, with the cluster lookup's notes and audit record. */
export interface AnswerReply {
  kind: 'answer';
  answer: Answer;
  clusterNotes: string[];
  clusterLookup: ClusterLookupAudit | null;
  /** What the cluster lookup found, for answers rebuilt from the same facts (an export against an earlier edition). */
  clusterFacts: ClusterFacts | null;
  /** Words of the question that were not used, for a refusal's closest suggestions. */
  unused?: string[];
}

export function outcomeOf(answer: Answer): Outcome {
  if (answer.problems.length > 0 || answer.scenarios.length === 0) return 'not-understood';
  if (answer.needsRegion && answer.cluster === null) return 'needs-region';
  return 'answered';
}

export function noClusterSourceNote(name: string): string {
  return `No cluster source is set up for this chat app, so cluster ${name} was not looked up: this answer is for the region, without the cluster's own master address, ports or worker IPs.`;
}

/** Resolves a parsed question, consulting the cluster lookup when the question names a cluster. */
export async function answerParsed(parsed: ParsedQuestion, asker: Asker, deps: AnsweringDeps): Promise<AnswerReply> {
  const name = parsed.query.cluster;
  let facts: ClusterFacts | null = null;
  let clusterNotes: string[] = [];
  let clusterLookup: ClusterLookupAudit | null = null;
  if (name !== null && parsed.problems.length === 0) {
    if (deps.lookupCluster === undefined) {
      clusterNotes = [noClusterSourceNote(name)];
    } else {
      try {
        const found = await deps.lookupCluster(name, asker);
        facts = found.facts ?? null;
        clusterNotes = found.notes;
        clusterLookup = found.audit ?? null;
      } catch {
        clusterNotes = [`Cluster ${name} could not be looked up just now: this answer is for the region only.`];
      }
    }
  }
  return { kind: 'answer', answer: resolve(parsed, deps.dataset, { cluster: facts, clusterNotes }), clusterNotes, clusterLookup, clusterFacts: facts, unused: parsed.unused ?? [] };
}
