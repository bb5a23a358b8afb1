import type { Answer, ClusterFacts, Query } from '../core/answer.js';
import type { Dataset } from '../core/dataset/build.js';
import { isHelpRequest } from '../core/parse/help.js';
import { parseQuestion, type ParsedQuestion } from '../core/parse/question.js';
import { resolve } from '../core/resolve/resolve.js';
import { explainAddress, isWhyQuestion, type WhyResult } from '../core/why/index.js';
import type { Asker, AuditResult, ClusterLookupAudit, Outcome } from './audit.js';

/**
 * Answering a question for any chat front end: help, a why lookup, or the rules to open (with the cluster
 * lookup when the question names a cluster). The result is the answer model, never a chat message: each front
 * end renders it its own way.
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
}

/** What the bot says to a question: help, a why lookup, or an answer. */
export type BotReply = { kind: 'help' } | { kind: 'why'; result: WhyResult } | AnswerReply;

export function outcomeOf(answer: Answer): Outcome {
  if (answer.problems.length > 0 || answer.scenarios.length === 0) return 'not-understood';
  if (answer.needsRegion && answer.cluster === null) return 'needs-region';
  return 'answered';
}

/** Found and "not listed" are answers; input the why lookup cannot read is not understood. */
function whyUnderstood(result: WhyResult): boolean {
  return result.findings.length > 0 || result.port !== null;
}

/** The rules a why lookup names. */
function whyRules(result: WhyResult): number {
  const rules = new Set([...result.findings.flatMap((f) => f.listings.flatMap((l) => l.rules.map((r) => r.rule))), ...(result.port?.rules.map((r) => r.rule) ?? [])]);
  return rules.size;
}

/** What a reply puts on the request's audit record. */
export function replyAudit(reply: BotReply, question: string): AuditResult {
  if (reply.kind === 'help') return { outcome: 'answered', query: null, rules: 0 };
  if (reply.kind === 'why') {
    const query: Query = { text: question, scenarios: [], region: null, zone: null, cluster: null, format: null };
    const understood = whyUnderstood(reply.result);
    return { outcome: understood ? 'answered' : 'not-understood', query, rules: understood ? whyRules(reply.result) : 0 };
  }
  const outcome = outcomeOf(reply.answer);
  return { outcome, query: reply.answer.query, rules: outcome === 'answered' ? reply.answer.rules.length : 0, clusterLookup: reply.clusterLookup };
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
  return { kind: 'answer', answer: resolve(parsed, deps.dataset, { cluster: facts, clusterNotes }), clusterNotes, clusterLookup };
}

/** Answers a question as typed (already decoded from the chat platform's text format): help, a why lookup, or the rules. */
export async function ask(text: string, asker: Asker, deps: AnsweringDeps): Promise<BotReply> {
  if (isHelpRequest(text)) return { kind: 'help' };
  if (isWhyQuestion(text)) return { kind: 'why', result: explainAddress(text, deps.dataset) };
  return answerParsed(parseQuestion(text, deps.dataset), asker, deps);
}
