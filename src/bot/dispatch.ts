import type { Answer, Query } from '../core/answer.js';
import type { Dataset } from '../core/dataset/build.js';
import { chooseEdition } from '../core/dataset/editions.js';
import type { EditionDiff } from '../core/diff/diff.js';
import { changeEditions, parseChangeQuestion, type ChangeQuestion } from '../core/diff/question.js';
import { isHelpRequest } from '../core/parse/help.js';
import { parseQuestion, type ParsedQuestion } from '../core/parse/question.js';
import { resolve } from '../core/resolve/resolve.js';
import type { WhyResult } from '../core/why/result.js';
import { isWhyQuestion } from '../core/why/parse.js';
import { answerParsed, outcomeOf, type AnswerReply, type AnsweringDeps } from './answering.js';
import type { Asker, AuditResult } from './audit.js';
import type { ConversationReply, Conversations } from './conversations.js';
import { parsedFromState, type QueryState } from './state.js';

// The one reading of a question for every front end (porthole ask/why/preview, /porthole, mentions, direct
// messages, the App Home): what kind of reply it gets, from which edition. Front ends translate their input to
// a call of `dispatch` and render its reply. Why lookups and diffs (and the zod they bring) are imported only
// when a question needs them, so that `porthole ask` starts fast.

/** One edition that could not be read: a broken data folder, not a question the asker can fix. */
export class EditionLoadError extends Error {
  constructor(
    readonly edition: string,
    readonly problems: string[],
  ) {
    super(`the ${edition} edition could not be read: ${problems[0] ?? 'no reason given'}`);
    this.name = 'EditionLoadError';
  }
}

/**
 * The editions a question may name, around the one it is answered from when it names none. Other editions are
 * read the first time a question needs them ("as of 2019", "what changed since 2021", a why lookup's history).
 */
export interface EditionSet {
  /** The edition answering a question that names none. */
  readonly current: Dataset;
  /** Every edition id, oldest first (the current one alone for a data folder of one edition). */
  readonly ids: readonly string[];
  /** An edition by id; throws EditionLoadError when its data cannot be read. */
  load(id: string): Promise<Dataset>;
  /** For a set that changes while the service runs: the set as it is now, which a request keeps to its end. */
  pin?(): EditionSet;
}

/** The editions beside `current` known only by the dataset itself: asking for another one is an error. */
export function singleEdition(current: Dataset): EditionSet {
  return {
    current,
    ids: [current.edition],
    load: async (id) => {
      if (id === current.edition) return current;
      throw new EditionLoadError(id, ['no other edition is loaded']);
    },
  };
}

/** The rules to open: a question answered. */
export type AnsweredReply = AnswerReply & { dataset: Dataset };

/** Help: the question asked what can be asked (or nothing). */
export interface HelpReply {
  kind: 'help';
  dataset: Dataset;
}

/** The topics that can be asked about, grouped, with examples. */
export interface TopicsReply {
  kind: 'topics';
  dataset: Dataset;
}

/** Why an address, host or port is needed, with what other editions listed when this one does not. */
export interface WhyReply {
  kind: 'why';
  result: WhyResult;
  dataset: Dataset;
}

/** What changed between two editions, narrowed to the topics and place asked. */
export interface ChangeReply {
  kind: 'change';
  diff: EditionDiff;
  from: Dataset;
  to: Dataset;
  dataset: Dataset;
}

/**
 * A question that could not be answered: the answer model with its problems when the question was read, else
 * only `messages` (an edition that does not exist, say).
 */
export interface NotUnderstoodReply {
  kind: 'not-understood';
  answer: Answer | null;
  messages: string[];
  dataset: Dataset;
  /** Words of the question that were not used, for a refusal's closest suggestions. */
  unused?: string[];
}

/** A question about what the page does not cover (VPC, OpenShift, IPv6, ...): the problems point to IBM's page for it. */
export interface OutOfScopeReply {
  kind: 'out-of-scope';
  answer: Answer;
  messages: string[];
  dataset: Dataset;
}

/** Every reply a question gets, from the edition in `dataset`. */
export type Reply = AnsweredReply | HelpReply | TopicsReply | WhyReply | ChangeReply | NotUnderstoodReply | OutOfScopeReply | ConversationReply;
export type ReplyKind = Reply['kind'];

export interface DispatchDeps extends Omit<AnsweringDeps, 'dataset'> {
  editions: EditionSet;
  /** Conversation commands and defaults (the chat app); absent (the CLI): `set …` is read as a question. */
  conversations?: Conversations | undefined;
}

export interface DispatchOptions {
  /** Optional rules active, as "including optional" in the question says (`porthole ask --with-optional`). */
  includeOptional?: boolean;
}

const TOPICS_REQUEST = /^\s*(?:topics|list topics|what can (?:i|you) ask(?: about)?\??)\s*$/i;

/** "topics", "what can I ask": the list of topics rather than the help text. */
export function isTopicsRequest(text: string): boolean {
  return TOPICS_REQUEST.test(text);
}

/** Reads a question and answers it with one kind of reply, from the edition it names or the current one. */
export async function dispatch(text: string, asker: Asker, given: DispatchDeps, options: DispatchOptions = {}): Promise<Reply> {
  const deps = given.editions.pin === undefined ? given : { ...given, editions: given.editions.pin() };
  const current = deps.editions.current;
  if (isHelpRequest(text)) return { kind: 'help', dataset: current };
  if (isTopicsRequest(text)) return { kind: 'topics', dataset: current };
  if (deps.conversations !== undefined) {
    // Imported here, as why and diff are: the CLI has no conversation and starts without them (and their zod).
    const { parseConversationCommand, conversationReply } = await import('./conversations.js');
    const command = parseConversationCommand(text, current);
    if (command !== null) return conversationReply(command, asker, deps.conversations, current);
  }
  if (isWhyQuestion(text)) return whyReply(text, deps.editions);
  const change = parseChangeQuestion(text);
  if (change !== null) return changeReply(change, deps.editions);
  return questionReply(text, asker, deps, options);
}

/** A why lookup in the current edition; what it does not list is looked up in every other edition. */
export async function whyReply(text: string, editions: EditionSet): Promise<WhyReply> {
  const { explainAddress, withHistory } = await import('../core/why/index.js');
  const current = editions.current;
  const result = explainAddress(text, current);
  const others = editions.ids.filter((id) => id !== current.edition);
  if (others.length === 0 || !result.findings.some((f) => !f.listed)) return { kind: 'why', result, dataset: current };
  const loaded = await Promise.all(others.map((id) => editions.load(id)));
  return { kind: 'why', result: withHistory(result, current, loaded), dataset: current };
}

function notUnderstood(dataset: Dataset, messages: string[]): NotUnderstoodReply {
  return { kind: 'not-understood', answer: null, messages, dataset };
}

/** "what changed since 2019 for kubectl in eu-de": the diff of two editions, narrowed to the topics and place asked. */
async function changeReply(change: ChangeQuestion, editions: EditionSet): Promise<Reply> {
  const { diffEditions } = await import('../core/diff/diff.js');
  const pair = changeEditions(change, editions.ids);
  if (!pair.ok) {
    const listed = pair.message.includes('editions:') ? '' : ` (editions: ${editions.ids.join(', ')})`;
    return notUnderstood(editions.current, [`${pair.message}${listed}`]);
  }
  const from = await editions.load(pair.from);
  const to = await editions.load(pair.to);
  const parsed = parseQuestion(change.rest, to);
  // "what changed since 2019" names no topic: every topic.
  const problems = parsed.problems.filter((p) => p.code !== 'empty-question' && p.code !== 'unknown-scenario');
  if (problems.length > 0) return classified({ kind: 'answer', answer: resolve(parsed, to), clusterNotes: [], clusterLookup: null, clusterFacts: null }, to);
  const { region, scenarios } = parsed.query;
  const diffs = (scenarios.length > 0 ? scenarios : [null]).map((topic) => diffEditions(from, to, { region, topic }));
  const diff: EditionDiff = { ...diffs[0]!, ...(scenarios.length > 1 ? { topic: scenarios.join(', ') } : {}), changes: diffs.flatMap((d) => d.changes) };
  return { kind: 'change', diff, from, to, dataset: to };
}

/** The edition a question names ("as of 2019"), or the current one; null when the name matches no edition. */
function editionNamed(parsed: ParsedQuestion, editions: EditionSet): { ok: true; id: string } | { ok: false; message: string } {
  const named = parsed.query.edition;
  if (named === undefined || named === '') return { ok: true, id: editions.current.edition };
  return chooseEdition(editions.ids, named);
}

/** A question about rules: read in the edition it names, with the cluster lookup when it names a cluster. */
async function questionReply(text: string, asker: Asker, deps: DispatchDeps, options: DispatchOptions): Promise<Reply> {
  const current = deps.editions.current;
  const conversations = deps.conversations;
  const read = async (dataset: Dataset) =>
    conversations === undefined ? parseQuestion(text, dataset) : (await import('./conversations.js')).withDefaults(parseQuestion(text, dataset), asker, conversations, dataset);
  let parsed = await read(current);
  const edition = editionNamed(parsed, deps.editions);
  if (!edition.ok) return notUnderstood(current, [edition.message]);
  const dataset = edition.id === current.edition ? current : await deps.editions.load(edition.id);
  // Read again with that edition's places and topics.
  if (dataset !== current) parsed = await read(dataset);
  if (options.includeOptional === true) parsed = { ...parsed, query: { ...parsed.query, includeOptional: true } };
  const reply = await answerParsed(parsed, asker, { dataset, lookupCluster: deps.lookupCluster });
  return classified(reply, dataset);
}

/** The answer behind a button or menu, rebuilt in the edition its state was decoded in (decodeStateIn), with the region picked if any. */
export async function answerFromState(
  decoded: { state: QueryState; dataset: Dataset },
  asker: Asker,
  deps: Omit<DispatchDeps, 'editions'>,
  pickedRegion?: string,
): Promise<{ answered: AnswerReply; reply: AnsweredReply | NotUnderstoodReply | OutOfScopeReply }> {
  const answered = await answerParsed(parsedFromState(decoded.state, pickedRegion), asker, { dataset: decoded.dataset, lookupCluster: deps.lookupCluster });
  return { answered, reply: classified(answered, decoded.dataset) };
}

/** An answer with problems is "not understood", or "out of scope" when every problem is about what the page does not cover. */
export function classified(reply: AnswerReply, dataset: Dataset): AnsweredReply | NotUnderstoodReply | OutOfScopeReply {
  const { answer } = reply;
  const messages = answer.problems.map((p) => p.message);
  if (answer.problems.length > 0 && answer.problems.every((p) => p.code === 'not-covered')) return { kind: 'out-of-scope', answer, messages, dataset };
  if (answer.problems.length > 0 || answer.scenarios.length === 0) return { kind: 'not-understood', answer, messages, dataset, unused: reply.unused ?? [] };
  return { ...reply, dataset };
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

/** A question that is not about rules, as a query on the audit record: its text alone. */
function textQuery(text: string): Query {
  return { text, scenarios: [], region: null, zone: null, cluster: null, format: null };
}

/** What a reply puts on the request's audit record. */
export function replyAudit(reply: Reply, question: string): AuditResult {
  switch (reply.kind) {
    case 'help':
    case 'topics':
      return { outcome: 'answered', query: null, rules: 0 };
    case 'why': {
      const understood = whyUnderstood(reply.result);
      return { outcome: understood ? 'answered' : 'not-understood', query: textQuery(question), rules: understood ? whyRules(reply.result) : 0 };
    }
    case 'change':
      return { outcome: 'answered', query: textQuery(question), rules: 0 };
    case 'conversation':
      return { outcome: reply.ok ? 'answered' : 'not-understood', query: textQuery(question), rules: 0 };
    case 'not-understood':
    case 'out-of-scope':
      return { outcome: 'not-understood', query: reply.answer?.query ?? textQuery(question), rules: 0 };
    case 'answer': {
      const outcome = outcomeOf(reply.answer);
      return { outcome, query: reply.answer.query, rules: outcome === 'answered' ? reply.answer.rules.length : 0, clusterLookup: reply.clusterLookup };
    }
  }
}
