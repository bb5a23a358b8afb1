import type { Answer, ClusterFacts, Query } from '../core/answer.js';
import type { Dataset } from '../core/dataset/build.js';
import { parseQuestion, type ParsedQuestion } from '../core/parse/question.js';
import { resolve } from '../core/resolve/resolve.js';
import { explainAddress, isWhyQuestion } from '../core/why/index.js';
import type { ClusterLookupAudit, Outcome } from './audit.js';
import { renderAnswer, renderHelp, type ExtraMenu, type RenderOptions, type SlackMessage } from './blocks.js';
import { ReplyCache } from './reply-cache.js';
import { renderWhy } from './why-blocks.js';

/** Who is asking, for a cluster lookup's access checks. */
export interface Asker {
  userId: string;
  channelId: string;
  teamId: string | null;
}

/**
 * The seam for a cluster lookup (src/clusters): given a cluster name from a question, its facts when found,
 * notes to show with the answer (not found, not allowed, could not be read), and what to record on the request's
 * audit line (`audit`; left out: nothing is recorded). Unset: no cluster source.
 */
export type LookupCluster = (
  name: string,
  asker: { userId: string; channelId: string; teamId: string | null },
) => Promise<{ facts?: ClusterFacts | null; notes: string[]; audit?: ClusterLookupAudit }>;

/** The seam for extra answer menus (the exporters' "Export" overflow menu). */
export type AnswerMenus = (answer: Answer) => ExtraMenu[];

export interface AnsweringDeps {
  dataset: Dataset;
  lookupCluster?: LookupCluster | undefined;
  answerMenus?: AnswerMenus | undefined;
  /** Replies to questions asked before (reply-cache.ts); unset: every question is worked out afresh. */
  replies?: ReplyCache | undefined;
}

export interface Reply {
  /** Null for help. */
  answer: Answer | null;
  message: SlackMessage;
  outcome: Outcome;
  /** What to audit for a reply that is not an Answer (the why lookup): the question, and how many rules it found. */
  audited?: { query: Query; rules: number };
  /** The cluster lookup made for this reply, for its audit line (null or left out: none). */
  clusterLookup?: ClusterLookupAudit | null;
}

/** An answer resolved for a parsed question, with the cluster lookup's notes and audit record. */
export interface Resolved {
  answer: Answer;
  clusterNotes: string[];
  clusterLookup: ClusterLookupAudit | null;
}

const HELP = /^\s*(help|\?|-h|--help|usage)\s*$/i;

export function isHelpRequest(text: string): boolean {
  return text.trim() === '' || HELP.test(text);
}

export function outcomeOf(answer: Answer): Outcome {
  if (answer.problems.length > 0 || answer.scenarios.length === 0) return 'not-understood';
  if (answer.needsRegion && answer.cluster === null) return 'needs-region';
  return 'answered';
}

export function noClusterSourceNote(name: string): string {
  return `No cluster source is set up for this Slack app, so cluster ${name} was not looked up: this answer is for the region, without the cluster's own master address, ports or worker IPs.`;
}

/** Whether answering `parsed` consults the cluster lookup: one is set up, and the readable question names a cluster. */
function consultsLookup(parsed: ParsedQuestion, deps: AnsweringDeps): boolean {
  return deps.lookupCluster !== undefined && parsed.query.cluster !== null && parsed.problems.length === 0;
}

/** Resolves a parsed question, consulting the cluster lookup when the question names a cluster. */
export async function answerParsed(parsed: ParsedQuestion, asker: Asker, deps: AnsweringDeps): Promise<Resolved> {
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
  return { answer: resolve(parsed, deps.dataset, { cluster: facts, clusterNotes }), clusterNotes, clusterLookup };
}

export function replyFor({ answer, clusterNotes, clusterLookup }: Resolved, deps: AnsweringDeps, options: RenderOptions): Reply {
  const outcome = outcomeOf(answer);
  const extraMenus = outcome === 'answered' && deps.answerMenus !== undefined ? deps.answerMenus(answer) : [];
  const message = renderAnswer(answer, deps.dataset, {
    ...options,
    share: options.share === true && outcome === 'answered',
    extraMenus,
    pickerNotes: clusterNotes,
  });
  return { answer, message, outcome, clusterLookup };
}

/**
 * "Why is this address needed?": which requirement an address, subnet, host name, port or firewall log line
 * belongs to (src/core/why). Found and "not listed" are answers; input it cannot read is not understood.
 */
export function whyReply(text: string, deps: AnsweringDeps, options: RenderOptions = {}): Reply {
  const result = explainAddress(text, deps.dataset);
  const message = renderWhy(result, {
    question: text,
    askedBy: options.askedBy ?? null,
    private: options.private === true,
    how: options.share === true ? 'slash' : 'plain',
    examples: deps.dataset.meta.examples,
  });
  const understood = result.findings.length > 0 || result.port !== null;
  const rules = new Set([
    ...result.findings.flatMap((f) => f.listings.flatMap((l) => l.rules.map((r) => r.rule))),
    ...(result.port?.rules.map((r) => r.rule) ?? []),
  ]);
  const query: Query = { text, scenarios: [], region: null, zone: null, cluster: null, format: null };
  return { answer: null, message, outcome: understood ? 'answered' : 'not-understood', audited: { query, rules: understood ? rules.size : 0 } };
}

/**
 * Answers a question as typed (already decoded from Slack's text format): help, a why lookup, or the rules to open.
 * With `deps.replies`, a question asked before with the same options gets the same reply again, unless it consults
 * the cluster lookup (see reply-cache.ts). `parsed`: `text` as parseQuestion already parsed it, if it did.
 */
export async function answerQuestion(text: string, asker: Asker, deps: AnsweringDeps, options: RenderOptions = {}, parsed?: ParsedQuestion): Promise<Reply> {
  const key = deps.replies !== undefined ? ReplyCache.key(text, options) : '';
  const cached = deps.replies?.get(key);
  if (cached !== undefined) return cached;
  let reply: Reply;
  if (isHelpRequest(text)) reply = { answer: null, message: renderHelp(deps.dataset), outcome: 'answered' };
  else if (isWhyQuestion(text)) reply = whyReply(text, deps, options);
  else {
    const question = parsed ?? parseQuestion(text, deps.dataset);
    reply = replyFor(await answerParsed(question, asker, deps), deps, { ...options, question: text });
    // A question the cluster lookup answers depends on who asks and when: never cached.
    if (consultsLookup(question, deps)) return reply;
  }
  deps.replies?.set(key, reply);
  return reply;
}
