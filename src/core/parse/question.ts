import type { OutputFormat, Problem, Query, QueryCheck, QueryFilters } from '../answer.js';
import { clusterNameProblem, isValidClusterName, printable } from '../cluster-name.js';
import type { AnswerFilter, Dataset, KeywordEntry, KnownPlace, NotCovered, PlaceName } from '../dataset/build.js';
import { isOutputFormat, OUTPUT_FORMATS } from '../formats.js';
import { isHostName, isIPv4, isIPv4OrCidr, parsePortRange } from '../net.js';
import { editDistance, tokenize } from '../text.js';

export { isValidClusterName };

export interface ParsedQuestion {
  query: Query;
  problems: Problem[];
  notes: string[];
  /** One line: how the question was read, the typos read and the words not used (absent for a query built by hand). */
  reading?: string;
  /** Words that looked meaningful but were not used, as typed. */
  unused?: string[];
}

/** Questions longer than this are read up to here: no real question is longer, and parsing stays fast. */
export const MAX_QUESTION_CHARS = 2000;


// Words that carry no meaning for the query; never taken for a cluster name, a typo or an unused word.
const FILLER = new Set(
  ('a an and are at be can cant do does dont for from get i in into is it me must my need needed needs of on open opened or our please ' +
    'port ports rule rules should that the their them these this to we what which with why you your firewall allow allowed access ' +
    'required requires reach whats how list show give tell about there here using use cluster clusters traffic commands command ' +
    'hi hello hey thanks thank also too all any some just only via through behind over across between both either work working ' +
    'works doesnt isnt wont cannot blocked blocks block let lets want would like know see find out up down time times get gets got ' +
    'running located hosted deployed based where by export exported').split(' '),
);
const PLACE_CUES = new Set(['in', 'for', 'at', 'near', 'region', 'zone', 'from', 'to', 'of']);

// How a question joins, leaves out and narrows topics. A marker is a phrase; the longest one wins.
type MarkerKind = 'and' | 'comma' | 'except' | 'not' | 'only';
/** Stands for a comma in the words of a question (punctuation is not a word). */
const COMMA = 'commaxjoin';
const MARKERS: [string, MarkerKind][] = [
  [COMMA, 'comma'],
  ['and', 'and'],
  ['or', 'and'],
  ['plus', 'and'],
  ['also', 'and'],
  ['as well as', 'and'],
  ['along with', 'and'],
  ['together with', 'and'],
  ['but also', 'and'],
  ['except', 'except'],
  ['except for', 'except'],
  ['excluding', 'except'],
  ['without', 'except'],
  ['minus', 'except'],
  ['other than', 'except'],
  ['but not', 'except'],
  ['no need for', 'except'],
  ['dont need', 'except'],
  ['do not need', 'except'],
  ['not', 'not'],
  ['just', 'only'],
  ['only', 'only'],
];
const MARKER_ENTRIES = MARKERS.map(([phrase, kind]) => ({ tokens: phrase.split(' '), kind })).sort((a, b) => b.tokens.length - a.tokens.length);

interface Indexes {
  byFirst: Map<string, Candidate[]>;
  /** Every word of the vocabulary (topics, places, what is not covered) of 4 letters or more: typo targets. */
  vocabulary: string[];
  /** "eu", "us", "jp", ...: what region ids start with, to spot a misspelt one ("eu-dee"). */
  regionPrefixes: Set<string>;
  /** Current and legacy region ids of every region of regions.yml, and the current id of each. */
  regionIds: string[];
  regionOf: Map<string, string>;
  /** Every zone of regions.yml, listed by this edition or not: a valid zone is never corrected into another. */
  zoneIds: string[];
  /** Each word of topics.yml's filters, and its filter. */
  filterOfPhrase: Map<string, AnswerFilter>;
  anyFormatWord: RegExp;
  formatPatterns: RegExp[];
  /** The format a format word names, or null ("--format bogus"). */
  formatOf: (written: string) => OutputFormat | null;
}

type Candidate =
  | { kind: 'topic'; tokens: string[]; scenario: string }
  | { kind: 'place'; tokens: string[]; place: PlaceName }
  | { kind: 'not-covered'; tokens: string[]; entry: NotCovered }
  | { kind: 'marker'; tokens: string[]; marker: MarkerKind }
  | { kind: 'filter'; tokens: string[]; filter: AnswerFilter };

const indexCache = new WeakMap<Dataset, Indexes>();

function indexesFor(dataset: Dataset): Indexes {
  let idx = indexCache.get(dataset);
  if (idx) return idx;
  const byFirst = new Map<string, Candidate[]>();
  const add = (c: Candidate) => {
    const list = byFirst.get(c.tokens[0]!) ?? [];
    list.push(c);
    byFirst.set(c.tokens[0]!, list);
  };
  dataset.keywords.forEach((k: KeywordEntry) => add({ kind: 'topic', tokens: k.tokens, scenario: k.scenario }));
  dataset.placeNames.forEach((p) => add({ kind: 'place', tokens: p.tokens, place: p }));
  dataset.notCovered.forEach((entry) => entry.keywordTokens.forEach((tokens) => add({ kind: 'not-covered', tokens, entry })));
  MARKER_ENTRIES.forEach((m) => add({ kind: 'marker', tokens: m.tokens, marker: m.kind }));
  const filterOfPhrase = new Map(dataset.filters.flatMap((f) => f.words.map((w) => [w.join(' '), f] as const)));
  // A filter word that is also a topic's keyword is scanned as the topic; readFilters decides which it is.
  const isKeyword = new Set(dataset.keywords.map((k) => k.tokens.join(' ')));
  for (const [phrase, filter] of filterOfPhrase) if (!isKeyword.has(phrase)) add({ kind: 'filter', tokens: phrase.split(' '), filter });
  // Longest first, so "load balancer failover" wins over "load balancer"; a place wins a tie (Dallas, not a topic).
  const rank = (c: Candidate) => c.tokens.length * 4 + (c.kind === 'place' ? 1 : 0);
  for (const list of byFirst.values()) list.sort((a, b) => rank(b) - rank(a));
  const vocabulary = [...new Set([...byFirst.values()].flat().filter((c) => c.kind !== 'marker' && c.kind !== 'filter').flatMap((c) => c.tokens))].filter(
    (w) => w.length >= 4 && !/^\d+$/.test(w) && !FILLER.has(w),
  );
  const known = [...dataset.knownPlaces.values()];
  const regionOf = new Map(known.flatMap((p) => (p.kind === 'region' ? [[p.id, p.id] as [string, string]] : [])));
  for (const r of dataset.regions) regionOf.set(r.legacyId, r.id);
  const regionIds = [...regionOf.keys()];
  const regionPrefixes = new Set(regionIds.map((id) => id.split('-')[0]!));
  const zoneIds = known.flatMap((p) => (p.kind === 'zone' ? [p.id] : []));
  const formatOf = (written: string) => dataset.formatWords.get(written) ?? dataset.formatWords.get(written.replace(/-/g, ' ')) ?? (isOutputFormat(written) ? written : null);
  idx = { byFirst, vocabulary, regionPrefixes, regionIds, regionOf, zoneIds, filterOfPhrase, anyFormatWord: anyFormatWord(dataset.formatWords), formatPatterns: formatPatterns(dataset.formatWords), formatOf };
  indexCache.set(dataset, idx);
  return idx;
}

interface Extracted {
  rest: string;
  value: string | null;
}

function blank(text: string, start: number, length: number): string {
  return text.slice(0, start) + ' '.repeat(length) + text.slice(start + length);
}

const CLUSTER_PATTERN =
  /(^|[^\w-])(?:--)?cluster(?:\s+(?:named|called|name|id))?(?:\s*[:=]\s*|\s+)(?:(["'`])([^"'`]{0,200})\2|([^\s"'`,;?!()<>]+))/i;

function extractCluster(text: string, isKnownWord: (w: string) => boolean): Extracted {
  const m = CLUSTER_PATTERN.exec(text);
  if (!m) return { rest: text, value: null };
  const quoted = m[2] !== undefined;
  const candidate = quoted ? (m[3] ?? '') : (m[4] ?? '').replace(/[.:]+$/, '');
  const lower = candidate.toLowerCase();
  if (!quoted && (!candidate || FILLER.has(lower) || isKnownWord(lower) || !canBeName(text, m.index + (m[1] ?? '').length, candidate))) return { rest: text, value: null };
  const start = m.index + (m[1] ?? '').length;
  return { rest: blank(text, start, m[0].length - (m[1] ?? '').length), value: candidate };
}

// "a cluster running in eu-de", "a cluster located in", "any cluster where": a word where no name can stand.
const NOT_A_NAME_AFTER = /\b(?:a|an|any|each|every|one|new|some|no)\s+$/i;
const PARTICIPLE_OR_CLAUSE = /^(?:[a-z]+(?:ing|ed)|where|when|whose|so|if|because|since|but|then)$/;

/** Whether a plain word after "cluster" can be its name: not after "a cluster", not a participle or a clause's first word. */
function canBeName(text: string, clusterAt: number, candidate: string): boolean {
  if (/[^a-z]/.test(candidate)) return true;
  return !PARTICIPLE_OR_CLAUSE.test(candidate) && !NOT_A_NAME_AFTER.test(text.slice(Math.max(0, clusterAt - 8), clusterAt));
}

// Only an explicit request picks a format: "my iptables blocks kubectl" is context, "as iptables" a request.
/** Any format word at all, or --format: most questions have none, and skip the patterns below. */
function anyFormatWord(formatWords: ReadonlyMap<string, OutputFormat>): RegExp {
  const firstWords = new Set([...formatWords.keys(), ...OUTPUT_FORMATS].map((w) => w.split(/[\s-]/)[0]!));
  return new RegExp(`--format|\\b(?:${[...firstWords].join('|')})`, 'i');
}

function formatPatterns(formatWords: ReadonlyMap<string, OutputFormat>): RegExp[] {
  const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[\s-]+/g, '[\\s-]+');
  // Longest first, so that probe-k8s is not read as probe.
  const words = [...new Set([...formatWords.keys(), ...OUTPUT_FORMATS])].sort((a, b) => b.length - a.length).map(escape).join('|');
  return [
    /--format[=\s]+([\w-]+)/i,
    new RegExp(`\\b(?:as|into)\\s+(?:an?\\s+)?(${words})(?:\\s+(?:format|rules|file|yaml|policy|policies|export|script|job|manifest))?\\b`, 'i'),
    new RegExp(`\\b(?:in|to)\\s+(?:an?\\s+)?(${words})\\s+(?:format|file|export|output|syntax)\\b`, 'i'),
    new RegExp(`\\b(${words})\\s+(?:format|export|output)\\b`, 'i'),
    new RegExp(`\\bexport(?:ed)?\\s+(?:(?:as|to|in)\\s+)?(?:an?\\s+)?(${words})\\b`, 'i'),
    // "an excel sheet of kubectl", "a spreadsheet for the registry"
    new RegExp(`\\b(?:an?|the)\\s+(${words})(?:\\s+(?:file|sheet))?\\s+(?:of|for|with)\\b`, 'i'),
    // The question's last words, unless someone's ("my iptables", "by the nft ruleset").
    new RegExp(`(?<!\\b(?:my|our|the|their|your|by|with|behind|in)\\s+)(?<![\\w-])(${words})(?:\\s+(?:format|file|please|pls))?\\s*[?.!]*\\s*$`, 'i'),
  ];
}

function extractFormat(text: string, idx: Indexes): Extracted {
  if (!idx.anyFormatWord.test(text)) return { rest: text, value: null };
  for (const pattern of idx.formatPatterns) {
    const m = pattern.exec(text);
    if (!m) continue;
    const written = (m[1] ?? '').toLowerCase().replace(/[\s-]+/g, (sep) => (sep.includes('-') && !/\s/.test(sep) ? '-' : ' '));
    const value = idx.formatOf(written);
    return { rest: blank(text, m.index, m[0].length), value };
  }
  return { rest: text, value: null };
}

const EDITION_ID = '(\\d{4}(?:-\\d{2}(?:-\\d{2})?)?)';
const SINCE_PATTERN = new RegExp(`\\bsince\\s+(?:the\\s+)?${EDITION_ID}(?:\\s+edition)?\\b`, 'i');
const EDITION_PATTERNS = [
  new RegExp(`\\b(?:(?:in|from|per)\\s+)?(?:the\\s+)?${EDITION_ID}\\s+edition\\b`, 'i'),
  new RegExp(`\\bedition\\s+(?:of\\s+)?${EDITION_ID}\\b`, 'i'),
  new RegExp(`\\bas\\s+of\\s+${EDITION_ID}\\b`, 'i'),
];
const CHANGE_WORDS = /\b(?:what|whats)\s+(?:has\s+|have\s+)?changed\b|\bwhat\s+is\s+new\b|\bchanges\b|\bdifferences?\b|\bdiff\b/i;

// Two editions compared: "between 2019 and 2025", "2021 vs 2025", "from 2019 to 2025", "compare 2021 with 2025".
const YEAR_ID = '((?:19|20)\\d{2}(?:-\\d{2}(?:-\\d{2}(?:-[a-z0-9]+)*)?)?)';
const EDITION_WORD = '(?:\\s+edition)?';
const COMPARISON_PATTERNS = [
  new RegExp(`\\bbetween\\s+(?:the\\s+)?${YEAR_ID}${EDITION_WORD}\\s+and\\s+(?:the\\s+)?${YEAR_ID}${EDITION_WORD}\\b`, 'i'),
  new RegExp(`\\bfrom\\s+(?:the\\s+)?${YEAR_ID}${EDITION_WORD}\\s+to\\s+(?:the\\s+)?${YEAR_ID}${EDITION_WORD}\\b`, 'i'),
  new RegExp(`\\b(?:compare\\s+)?(?:the\\s+)?${YEAR_ID}${EDITION_WORD}\\s+(?:vs\\.?|versus|against|compared\\s+(?:to|with)|with|and)\\s+(?:the\\s+)?${YEAR_ID}${EDITION_WORD}\\b`, 'i'),
];

interface Editions {
  rest: string;
  edition: string | null;
  since: string | null;
}

/** An older and a newer edition named together: the answer is the newer one, compared with the older. */
function extractComparison(text: string): Editions | null {
  for (const pattern of COMPARISON_PATTERNS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const [older, newer] = [m[1]!, m[2]!].sort();
    let rest = blank(text, m.index, m[0].length);
    const change = CHANGE_WORDS.exec(rest);
    if (change) rest = blank(rest, change.index, change[0].length);
    return { rest, edition: newer!, since: older! };
  }
  return null;
}

function extractEditions(text: string): Editions {
  const comparison = extractComparison(text);
  if (comparison) return comparison;
  let rest = text;
  let since: string | null = null;
  let edition: string | null = null;
  const s = SINCE_PATTERN.exec(rest);
  if (s) {
    since = s[1]!;
    rest = blank(rest, s.index, s[0].length);
    const change = CHANGE_WORDS.exec(rest);
    if (change) rest = blank(rest, change.index, change[0].length);
  }
  for (const pattern of EDITION_PATTERNS) {
    const m = pattern.exec(rest);
    if (!m) continue;
    edition = m[1]!;
    rest = blank(rest, m.index, m[0].length);
    break;
  }
  return { rest, edition, since };
}

const OPTIONAL_PATTERN = /\b(?:including|include|with|plus)\s+(?:the\s+)?optional(?:\s+(?:rules|ones|ports))?\b/i;

// "from my office 203.0.113.5", "from 10.1.0.0/16": the address the asker's traffic comes from.
export const ASKER_SOURCE = /\bfrom\s+(?:(?:my|our|the|a|an|office|home|laptop|workstation|desk|network|vpn|proxy|bastion|jump|host|at|ip|address|subnet|range|corporate|egress)\s+){0,4}(\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?)(?![\w.])/i;

function extractSource(text: string, problems: Problem[]): Extracted {
  const m = ASKER_SOURCE.exec(text);
  if (!m) return { rest: text, value: null };
  const value = m[1]!;
  const addressStart = m.index + m[0].length - value.length;
  const rest = blank(text, addressStart, value.length);
  const [ip, bits] = value.split('/');
  if (!isIPv4(ip!) || (bits !== undefined && Number(bits) > 32)) {
    problems.push({ code: 'invalid-source', message: `"${value}" is not an IPv4 address or subnet: write it as 203.0.113.5 or 203.0.113.0/24.`, input: value, suggestions: [] });
    return { rest, value: null };
  }
  return { rest, value };
}

// "must 2049 be open for file storage?", "is icr.io needed for the registry?": a yes/no question.
const YES_NO_OPENER = /^\W*(?:must|do|does|is|are|should|can|need|needs|will|would|has|have|am)\b/i;
const CHECK_PROTOCOLS = new Set(['tcp', 'udp', 'vrrp', 'ipencap']);

/** The ports, protocols, addresses and host names a yes/no question asks about; null for any other question. */
function readCheck(text: string, idx: Indexes): QueryCheck | null {
  if (!YES_NO_OPENER.test(text)) return null;
  const words = text.toLowerCase().split(/[\s,;?!()]+/).map((w) => w.replace(/\.$/, '')).filter(Boolean);
  const check: QueryCheck = {};
  const ports = words.map((w) => w.replace(/^(?:tcp|udp)\//, '').replace(/\/(?:tcp|udp)$/, '')).filter((w) => /^\d{1,5}(?:-\d{1,5})?$/.test(w) && parsePortRange(w) !== null);
  if (ports.length > 0) check.ports = [...new Set(ports)];
  // "is 7 needed for vrrp": a protocol that names a topic is the topic, unless nothing else is asked about.
  const namesTopic = (w: string) => idx.byFirst.get(w)?.some((c) => c.kind === 'topic' && c.tokens.length === 1) ?? false;
  const protocols = words.flatMap((w) => w.split('/')).filter((w) => CHECK_PROTOCOLS.has(w));
  if (protocols.length > 0) check.protocols = [...new Set(protocols)];
  const addresses = words.filter((w) => isIPv4OrCidr(w));
  if (addresses.length > 0) check.addresses = [...new Set(addresses)];
  const hosts = words.map((w) => w.replace(/^https?:\/\//, '').replace(/[:/].*$/, '')).filter((w) => /[a-z]/.test(w) && w.includes('.') && isHostName(w));
  if (hosts.length > 0) check.hosts = [...new Set(hosts)];
  const others = (check.ports?.length ?? 0) + addresses.length + hosts.length;
  if (check.protocols && others > 0) check.protocols = check.protocols.filter((p) => !namesTopic(p));
  if (check.protocols?.length === 0) delete check.protocols;
  return Object.keys(check).length > 0 ? check : null;
}

/** A word of the question that the yes/no check reads ("2049", "tcp", "icr.io"), so not an unused word. */
function isCheckWord(word: string, check: QueryCheck | null): boolean {
  if (!check) return false;
  return [check.ports, check.protocols, check.addresses, check.hosts].some((list) => list?.some((w) => w === word || w.split('/').includes(word) || w.split(/[./-]/).includes(word)));
}

interface Item {
  candidate: Candidate;
  start: number;
  end: number;
}

function usedBy(items: Item[], length: number): boolean[] {
  const used: boolean[] = Array.from({ length }, () => false);
  for (const it of items) for (let k = it.start; k < it.end; k++) used[k] = true;
  return used;
}

function phraseAt(items: Item[], i: number): string {
  return items.find((it) => it.start <= i && i < it.end)!.candidate.tokens.join(' ');
}

/** Longest vocabulary match at every position, left to right. */
function scan(tokens: string[], idx: Indexes): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const candidates = idx.byFirst.get(tokens[i]!);
    if (!candidates) continue;
    const found = candidates.find((c) => c.tokens.every((t, k) => tokens[i + k] === t));
    if (!found) continue;
    items.push({ candidate: found, start: i, end: i + found.tokens.length });
    i += found.tokens.length - 1;
  }
  return items;
}

/** The phrase users type for a topic: its first keyword ("master ips", never "worker-masters"). */
export function topicWords(dataset: Dataset, scenario: string): string {
  return dataset.topics.get(scenario)?.keywords[0] ?? dataset.scenarios.get(scenario)?.title ?? scenario;
}

/** The words of a question being read: what each word was read as, and what was found wrong. */
interface Reading {
  dataset: Dataset;
  tokens: string[];
  /** The words as typed, before typo corrections. */
  typed: string[];
  joinedToPrevious: boolean[];
  items: Item[];
  used: boolean[];
  readAs: string[];
  problems: Problem[];
  /** Problems with a word that may be a proper noun ("Palo Alto"): dropped when the topic and place were read. */
  doubts: Problem[];
  notes: string[];
}

/** What is read from the text before it is split into words: format, editions, options, source, cluster. */
interface Options {
  format: OutputFormat | null;
  edition: string | null;
  since: string | null;
  includeOptional: boolean;
  source: string | null;
  cluster: string | null;
  /** The text with every option blanked out. */
  rest: string;
}

/** Turns a free-text question into a query. Never throws; what it cannot resolve comes back as problems. */
export function parseQuestion(input: unknown, dataset: Dataset): ParsedQuestion {
  const original = typeof input === 'string' ? input : '';
  const idx = indexesFor(dataset);
  const problems: Problem[] = [];
  const notes: string[] = [];
  if (original.length > MAX_QUESTION_CHARS) notes.push(`Only the first ${MAX_QUESTION_CHARS} characters of the question were read.`);
  const options = readOptions(original.slice(0, MAX_QUESTION_CHARS), idx, problems);
  const check = readCheck(options.rest, idx);
  const reading = readWords(options.rest, dataset, problems, notes);
  correctTypos(reading, idx);
  readSharedWords(reading, idx);
  const filters = readFilters(reading, idx);
  const unused = leftoverWords(reading, dataset).filter((w) => !isCheckWord(w, check));
  problems.push(...notCoveredProblems(reading.items, dataset));
  const place = choosePlace(reading, dataset);
  const selection = selectTopics(reading.items, dataset);
  problems.push(...selection.problems);
  notes.push(...selection.notes);
  settleDoubts(reading, place, selection, unused);
  const missing = missingTopicProblem(reading, selection, options, unused, dataset);
  if (missing) problems.push(missing);
  const query = buildQuery(original, options, place, selection, filters, problems);
  if (check && query.scenarios.length > 0) query.check = check;
  return { query, problems, notes, unused, reading: describeReading(query, selection, reading.readAs, unused, dataset) };
}

function readOptions(text: string, idx: Indexes, problems: Problem[]): Options {
  const format = extractFormat(text, idx);
  const editions = extractEditions(format.rest);
  let rest = editions.rest;
  const optional = OPTIONAL_PATTERN.exec(rest);
  if (optional) rest = blank(rest, optional.index, optional[0].length);
  const source = extractSource(rest, problems);
  const cluster = extractCluster(source.rest, (w) => idx.byFirst.get(w)?.some((c) => c.tokens.length === 1 && c.kind !== 'marker') ?? false);
  let clusterName = cluster.value;
  if (clusterName !== null && !isValidClusterName(clusterName)) {
    problems.push({ code: 'invalid-cluster-name', message: clusterNameProblem(clusterName.slice(0, 80))!, input: printable(clusterName.slice(0, 80)), suggestions: [] });
    clusterName = null;
  }
  return {
    format: (format.value as OutputFormat | null) ?? null,
    edition: editions.edition,
    since: editions.since,
    includeOptional: optional !== null,
    source: source.value,
    cluster: clusterName,
    rest: cluster.rest,
  };
}

function readWords(text: string, dataset: Dataset, problems: Problem[], notes: string[]): Reading {
  const idx = indexesFor(dataset);
  // "&" and "+" join like "and"; a comma joins two topics that it stands between ("logging, monitoring").
  const { tokens, joinedToPrevious } = tokenize(text.replace(/[&+]/g, ' and ').replace(/[,;]/g, ` ${COMMA} `));
  const items = scan(tokens, idx);
  return { dataset, tokens, typed: [...tokens], joinedToPrevious, items, used: usedBy(items, tokens.length), readAs: [], problems, doubts: [], notes };
}

/** Misspelt words with one close reading are read that way; with several, the asker chooses. */
function correctTypos(reading: Reading, idx: Indexes): void {
  const { tokens, used } = reading;
  const corrected: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (used[i]) continue;
    if (correctRegionId(reading, i, idx)) {
      i++;
      continue;
    }
    if (/^[a-z]{3}\d{2}$/.test(tokens[i]!)) {
      correctZone(reading, i, idx);
      continue;
    }
    if (correctWord(reading, i, idx)) corrected.push(i);
  }
  if (tokens.every((t, i) => t === reading.typed[i])) return;
  reading.items = scan(tokens, idx);
  reading.used = usedBy(reading.items, tokens.length);
  // A corrected word stays only when it is then read as part of a topic or place.
  for (const i of corrected) {
    if (reading.used[i]) reading.readAs.push(`"${reading.typed[i]}" as "${phraseAt(reading.items, i)}"`);
    else tokens[i] = reading.typed[i]!;
  }
}

/** "eu-dee", "us-suoth": a region id with a typo, written as two hyphen-joined words. True when it took both words. */
function correctRegionId(reading: Reading, i: number, idx: Indexes): boolean {
  const { tokens, used, joinedToPrevious } = reading;
  const token = tokens[i]!;
  const next = tokens[i + 1];
  if (next === undefined || used[i + 1] || !joinedToPrevious[i + 1] || !/^[a-z]{2}$/.test(token) || !/^[a-z]{2,12}$/.test(next)) return false;
  const cued = i > 0 && PLACE_CUES.has(tokens[i - 1]!) && !FILLER.has(token) && !FILLER.has(next);
  if (!idx.regionPrefixes.has(token) && !cued) return false;
  const word = `${token}-${next}`;
  const near = [...new Set(closestAll(word, idx.regionIds, 2).map((id) => idx.regionOf.get(id)!))];
  if (near.length === 1) {
    [tokens[i], tokens[i + 1]] = near[0]!.split('-') as [string, string];
    reading.readAs.push(`"${word}" as ${near[0]}`);
  } else {
    reading.problems.push(unknownRegion(word, reading.dataset));
  }
  used[i] = used[i + 1] = true;
  return true;
}

/** "fra2", "fra09": a zone-shaped word that is no zone, read as the one zone it is close to, or refused. */
function correctZone(reading: Reading, i: number, idx: Indexes): void {
  const token = reading.tokens[i]!;
  const zones = idx.zoneIds;
  const near = closestAll(token, zones, 1);
  if (near.length === 1) {
    reading.tokens[i] = near[0]!;
    reading.readAs.push(`"${token}" as ${near[0]}`);
    return;
  }
  const sameMetro = zones.filter((z) => z.startsWith(token.slice(0, 3)));
  reading.problems.push({
    code: 'unknown-zone',
    message: `"${token}" is not a zone the page lists.${near.length > 0 ? ` Did you mean ${near.join(' or ')}?` : sameMetro.length > 0 ? ` Zones there: ${sameMetro.join(', ')}.` : ''}`,
    input: token,
    suggestions: near.length > 0 ? near : sameMetro.slice(0, 5),
  });
  reading.used[i] = true;
}

/** A word one or two edits from the vocabulary. True when it was changed (kept only if it then reads as a phrase). */
function correctWord(reading: Reading, i: number, idx: Indexes): boolean {
  const token = reading.tokens[i]!;
  if (token.length < 4 || FILLER.has(token) || reading.dataset.addressWords.has(token) || isOutputFormat(token) || /^[\d.]+$/.test(token)) return false;
  const near = closestAll(token, idx.vocabulary, token.length >= 8 ? 2 : 1);
  const choices = [...new Set(near.map((w) => phraseFor(w, idx, reading.dataset)))];
  if (choices.length === 1) {
    reading.tokens[i] = near[0]!;
    return true;
  }
  if (choices.length > 1) {
    reading.doubts.push({
      code: 'ambiguous-word',
      message: `"${printable(token)}" is close to several words I know: ${choices.map((c) => `"${c}"`).join(', ')}. Which one did you mean?`,
      input: token,
      suggestions: choices,
    });
    reading.used[i] = true;
  }
  return false;
}

/** "file and block storage", "kubectl logs and exec": a word that shares the rest of the next or previous phrase. */
function readSharedWords(reading: Reading, idx: Indexes): void {
  const { items, tokens, used } = reading;
  const topicPhrase = (words: string[]) => idx.byFirst.get(words[0]!)?.find((c) => c.kind === 'topic' && c.tokens.join(' ') === words.join(' '));
  for (let n = 0; n < items.length; n++) {
    const it = items[n]!;
    if (it.candidate.kind !== 'marker' || it.candidate.marker !== 'and') continue;
    const before = items[n - 1];
    const after = items[n + 1];
    if (after && after.start === it.end && it.start > 0 && !used[it.start - 1] && after.candidate.kind === 'topic' && after.candidate.tokens.length > 1) {
      // "file and block storage": "file" + the tail of "block storage".
      const found = topicPhrase([tokens[it.start - 1]!, ...after.candidate.tokens.slice(1)]);
      if (found) {
        items.splice(n, 0, { candidate: found, start: it.start - 1, end: it.start });
        used[it.start - 1] = true;
        n++;
        continue;
      }
    }
    if (before && before.end === it.start && before.candidate.kind === 'topic' && before.candidate.tokens.length > 1 && it.end < tokens.length && !used[it.end]) {
      // "kubectl logs and exec": the head of "kubectl logs" + "exec".
      const found = topicPhrase([...before.candidate.tokens.slice(0, -1), tokens[it.end]!]);
      if (found) {
        items.splice(n + 1, 0, { candidate: found, start: it.end, end: it.end + 1 });
        used[it.end] = true;
      }
    }
  }
}

/**
 * Direction, network and party words narrow the answer once another topic is read: "istio outbound", "file
 * storage from workers". A word that is also a topic's keyword stays that topic when it is all that was asked,
 * when it is joined to a topic ("kubectl and workers") or left out ("except the private network").
 */
function readFilters(reading: Reading, idx: Indexes): QueryFilters {
  const items = reading.items;
  const filterOf = (it: Item) => (it.candidate.kind === 'filter' ? it.candidate.filter : it.candidate.kind === 'topic' ? idx.filterOfPhrase.get(it.candidate.tokens.join(' ')) : undefined);
  const isMarker = (it: Item | undefined, kinds: MarkerKind[]) => it?.candidate.kind === 'marker' && kinds.includes(it.candidate.marker);
  const keptAsTopic = (n: number) =>
    items[n]!.candidate.kind === 'topic' && (isMarker(items[n - 1], ['and', 'comma', 'except', 'not', 'only']) || isMarker(items[n + 1], ['and', 'comma']));
  const narrows = items.map((it, n) => filterOf(it) !== undefined && !keptAsTopic(n));
  const otherTopic = items.some((it, n) => it.candidate.kind === 'topic' && !narrows[n] && !isMarker(items[n - 1], ['except', 'not']));
  const filters: QueryFilters = {};
  if (!otherTopic) {
    reading.items = items.map((it) => (it.candidate.kind === 'filter' ? (topicWithin(it, idx) ?? it) : it));
    return filters;
  }
  reading.items = items.filter((it, n) => {
    if (!narrows[n]) return true;
    const filter = filterOf(it)!;
    const values = (filters[filter.kind] ??= []);
    if (!values.includes(filter.value)) values.push(filter.value);
    return false;
  });
  return filters;
}

/** "inbound traffic", "private only cluster" asked alone: the topic its first words name ("inbound", "private"). */
function topicWithin(it: Item, idx: Indexes): Item | undefined {
  const words = it.candidate.tokens;
  const topic = idx.byFirst.get(words[0]!)?.find((c) => c.kind === 'topic' && c.tokens.length < words.length && c.tokens.every((t, k) => words[k] === t));
  return topic && { candidate: topic, start: it.start, end: it.start + topic.tokens.length };
}

/** What is left may be a misspelt place after "in"/"for"; else it is a word not used. */
function leftoverWords(reading: Reading, dataset: Dataset): string[] {
  const { tokens, used } = reading;
  const unused: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (used[i]) continue;
    const token = tokens[i]!;
    if (token === '' || FILLER.has(token) || dataset.addressWords.has(token)) continue;
    if (i > 0 && PLACE_CUES.has(tokens[i - 1]!) && token.length >= 4) {
      const max = token.length >= 6 ? 2 : 1;
      if (dataset.placeNames.some((p) => p.tokens.length === 1 && p.tokens[0]!.length >= 4 && editDistance(token, p.tokens[0]!, max) <= max)) {
        reading.doubts.push(unknownRegion(token, dataset));
        continue;
      }
    }
    unused.push(token);
  }
  return unused;
}

function notCoveredProblems(items: Item[], dataset: Dataset): Problem[] {
  const notCovered = [...new Set(items.flatMap((it) => (it.candidate.kind === 'not-covered' ? [it.candidate.entry] : [])))];
  return notCovered.map((entry) => ({
    code: 'not-covered',
    message:
      `porthole answers from "${dataset.meta.source.title}" (${dataset.meta.lastUpdated}), which does not cover ${entry.what}. ` +
      `IBM documents it in "${entry.docs.title}": ${entry.docs.url}.${coveredPart(entry, dataset)} porthole covers: ${[...new Set([...dataset.topics.values()].map((t) => t.group))].join(', ')}.`,
    input: entry.id,
    suggestions: [entry.docs.url],
  }));
}

interface Place {
  region: string | null;
  zone: string | null;
}

/** The region and zone asked about: one region at a time. */
function choosePlace(reading: Reading, dataset: Dataset): Place {
  const { regionsNamed, zonesNamed } = placesNamed(reading, dataset);
  const zoneRegions = [...new Set(zonesNamed.map((z) => dataset.zoneById.get(z)!.region))];
  if (regionsNamed.length > 1) {
    reading.problems.push({ code: 'several-regions', message: `The question names several regions (${regionsNamed.join(', ')}); ask about one region at a time.`, suggestions: regionsNamed });
  } else if (zoneRegions.length > 1) {
    reading.problems.push({ code: 'several-regions', message: `The question names zones in several regions (${zonesNamed.join(', ')}); ask about one region at a time.`, suggestions: zoneRegions });
  } else if (regionsNamed.length === 1 && zoneRegions.length === 1 && regionsNamed[0] !== zoneRegions[0]) {
    const z = zonesNamed[0]!;
    reading.problems.push({
      code: 'zone-region-mismatch',
      message: `Zone ${z} is in region ${zoneRegions[0]}, not ${regionsNamed[0]}. Ask for ${z} alone, or for ${regionsNamed[0]}.`,
      input: z,
      suggestions: [zoneRegions[0]!, regionsNamed[0]!],
    });
  } else {
    const place = { region: regionsNamed[0] ?? zoneRegions[0] ?? null, zone: zonesNamed[0] ?? null };
    if (zonesNamed.length > 1) reading.notes.push(`Several zones were named; answering for ${place.zone}, in region ${place.region}.`);
    return place;
  }
  return { region: null, zone: null };
}

/**
 * The regions and zones the question names. A zone this edition lacks names its region when the edition lists
 * that region, and says so; a region (or a zone of a region) the edition lacks is refused, saying which editions
 * list it: never corrected into another place.
 */
function placesNamed(reading: Reading, dataset: Dataset): { regionsNamed: string[]; zonesNamed: string[] } {
  const regionsNamed: string[] = [];
  const zonesNamed: string[] = [];
  const name = (list: string[], id: string) => {
    if (!list.includes(id)) list.push(id);
  };
  for (const it of reading.items) {
    if (it.candidate.kind !== 'place') continue;
    const place = it.candidate.place;
    if (!place.elsewhere) {
      name(place.kind === 'zone' ? zonesNamed : regionsNamed, place.id);
      continue;
    }
    const known = dataset.knownPlaces.get(place.id)!;
    const where = whereListed(known, dataset.edition);
    if (known.kind === 'zone' && dataset.regionById.has(known.region)) {
      reading.notes.push(`${where}: answering for its region, ${known.region}.`);
      name(regionsNamed, known.region);
    } else if (!reading.problems.some((p) => p.input === known.id)) {
      reading.problems.push({
        code: known.kind === 'zone' ? 'unknown-zone' : 'unknown-region',
        message: `${where}.${known.firstListed && dataset.edition < known.firstListed ? ` Ask "as of ${known.firstListed}", or leave the edition out.` : ''}`,
        input: known.id,
        suggestions: dataset.editions.filter((e) => isListedIn(known, e)),
      });
    }
  }
  return { regionsNamed, zonesNamed };
}

/** "eu-es (Madrid) is not in the 2019-03-04 edition; first listed in 2025-07-08" */
function whereListed(place: KnownPlace, edition: string): string {
  const named = `${place.id} (${place.name}${place.kind === 'zone' ? `, ${place.region}` : ''})`;
  if (!place.clusterZone && place.kind === 'zone') return `${named} is a data centre that IBM's lists name, not a cluster zone any edition lists`;
  const since = place.firstListed && edition < place.firstListed ? `; first listed in ${place.firstListed}` : '';
  const until = place.lastListed && edition > place.lastListed ? `; last listed in ${place.lastListed}` : '';
  return `${named} is not in the ${edition} edition${since}${until}`;
}

function isListedIn(place: KnownPlace, edition: string): boolean {
  return (place.kind === 'region' || place.clusterZone) && (!place.firstListed || edition >= place.firstListed) && (!place.lastListed || edition <= place.lastListed);
}

/** Chatty text names vendors, people and cities: once the topic and the place are read, such words are only not used. */
function settleDoubts(reading: Reading, place: Place, selection: Selection, unused: string[]): void {
  const understood = selection.scenarios.length > 0 && place.region !== null;
  for (const doubt of reading.doubts) {
    if (!understood) reading.problems.push(doubt);
    else if (doubt.input !== undefined && !unused.includes(doubt.input)) unused.push(doubt.input);
  }
}

/** Nothing to answer and nothing else wrong: an empty question, or one whose topic was not found. */
function missingTopicProblem(reading: Reading, selection: Selection, options: Options, unused: string[], dataset: Dataset): Problem | null {
  const placeProblem = reading.problems.some((p) => p.code === 'unknown-region' || p.code === 'unknown-zone' || p.code === 'ambiguous-word' || p.code === 'not-covered');
  if (selection.scenarios.length > 0 || selection.problems.length > 0 || placeProblem) return null;
  if (reading.tokens.every((t) => t === '') && options.cluster === null) {
    return { code: 'empty-question', message: `Ask what to open, for example "${dataset.meta.examples.questions[0]}".`, suggestions: exampleScenarios(dataset) };
  }
  return {
    code: 'unknown-scenario',
    message: `I could not tell what you want to open.${unused.length > 0 ? ` Words I did not know: ${unused.map((w) => `"${w}"`).join(', ')}.` : ''} Ask about one of the topics, for example "${dataset.meta.examples.questions[0]}".`,
    suggestions: exampleScenarios(dataset),
  };
}

function buildQuery(text: string, options: Options, place: Place, selection: Selection, filters: QueryFilters, problems: Problem[]): Query {
  return {
    text,
    scenarios: problems.length > 0 ? [] : selection.scenarios,
    region: place.region,
    zone: place.zone,
    cluster: options.cluster,
    format: options.format,
    ...(options.includeOptional ? { includeOptional: true } : {}),
    ...(options.edition ? { edition: options.edition } : {}),
    ...(options.since ? { since: options.since } : {}),
    ...(options.source ? { source: options.source } : {}),
    ...(selection.excluded.length > 0 ? { excluded: selection.excluded } : {}),
    ...(Object.keys(filters).length > 0 ? { filters } : {}),
  };
}

interface Selection {
  scenarios: string[];
  excluded: string[];
  /** What was asked, before exclusions, in the asker's order. */
  asked: string[];
  problems: Problem[];
  notes: string[];
}

/**
 * Which topics the question asks for. Topics joined by "and" (or a comma, "plus", "as well as") are a union; a
 * group named beside one of its parts without a join ("block storage on the private network") narrows to the
 * part; "except / but not / without / no need for / not" leave topics out; "just / only" keep only what follows.
 */
function selectTopics(items: Item[], dataset: Dataset): Selection {
  type Mention = { scenario: string; index: number; negative: boolean; joinedBefore: boolean };
  const mentions: Mention[] = [];
  let mode: 'include' | 'exclude' | 'not' = 'include';
  let joined = false;
  let onlyFrom = -1;
  items.forEach((it, n) => {
    const c = it.candidate;
    if (c.kind === 'marker') {
      if (c.marker === 'and') joined = true;
      else if (c.marker === 'comma') joined ||= items[n - 1]?.candidate.kind === 'topic' && items[n - 1]!.end === it.start && items[n + 1]?.start === it.end;
      else if (c.marker === 'except') mode = 'exclude';
      else if (c.marker === 'not') mode = mode === 'exclude' ? 'exclude' : 'not';
      else {
        mode = 'include';
        onlyFrom = mentions.length;
      }
      return;
    }
    if (c.kind !== 'topic') return;
    mentions.push({ scenario: c.scenario, index: mentions.length, negative: mode !== 'include', joinedBefore: joined });
    joined = false;
    if (mode === 'not') mode = 'include';
  });
  const onlyAfter = onlyFrom >= 0 && mentions.some((m) => m.index >= onlyFrom && !m.negative);
  const positives = mentions.filter((m) => !m.negative && (!onlyAfter || m.index >= onlyFrom));
  // A group beside one of its own parts, not joined to it, is the context of that part.
  const scenarioOf = (id: string) => dataset.scenarios.get(id)!;
  const narrowed = positives.filter((m, n) => {
    const s = scenarioOf(m.scenario);
    if (!s.bundle) return true;
    const isPart = (other: Mention | undefined) => other !== undefined && other.scenario !== m.scenario && isNarrowerThan(dataset, other.scenario, m.scenario);
    const prev = positives[n - 1];
    const next = positives[n + 1];
    if (isPart(prev) && !m.joinedBefore) return false;
    if (isPart(next) && !next!.joinedBefore) return false;
    return true;
  });
  const asked = [...new Set(narrowed.map((m) => m.scenario))];
  const excludedAsked = [...new Set(mentions.filter((m) => m.negative).map((m) => m.scenario))].filter((id) => !asked.includes(id));
  const result: Selection = { scenarios: asked, excluded: [], asked, problems: [], notes: [] };
  if (excludedAsked.length === 0 || asked.length === 0) return result;

  const leavesAsked = new Set(asked.flatMap((id) => scenarioOf(id).leaves));
  const leavesOut = new Set(excludedAsked.flatMap((id) => scenarioOf(id).leaves));
  const removed = [...leavesOut].filter((leaf) => leavesAsked.has(leaf));
  const notPart = excludedAsked.filter((id) => !scenarioOf(id).leaves.some((leaf) => leavesAsked.has(leaf)));
  if (notPart.length > 0) {
    result.notes.push(`${notPart.map((id) => scenarioOf(id).title).join(', ')}: not part of what you asked for, so there was nothing to leave out.`);
  }
  result.excluded = excludedAsked.filter((id) => !notPart.includes(id));
  if (removed.length === 0) return result;
  const left = dataset.scenarioOrder.filter((id) => leavesAsked.has(id) && !leavesOut.has(id));
  if (left.length === 0) {
    result.problems.push({
      code: 'nothing-left',
      message: `Leaving out ${result.excluded.map((id) => topicWords(dataset, id)).join(', ')} leaves nothing of ${asked.map((id) => topicWords(dataset, id)).join(', ')} to answer.`,
      suggestions: asked.map((id) => topicWords(dataset, id)),
    });
    result.scenarios = [];
    return result;
  }
  result.scenarios = left;
  return result;
}

function describeReading(query: Query, selection: Selection, readAs: string[], unused: string[], dataset: Dataset): string {
  const title = (id: string) => dataset.scenarios.get(id)?.title ?? id;
  const parts: string[] = [];
  if (selection.asked.length > 0) {
    parts.push(selection.asked.map(title).join(' + ') + (query.excluded?.length ? ` except ${query.excluded.map(title).join(', ')}` : ''));
  }
  const narrowed = describeFilters(query.filters);
  if (narrowed) parts.push(narrowed);
  if (query.region) parts.push(`in ${query.region}${query.zone ? ` (zone ${query.zone})` : ''}`);
  if (query.cluster) parts.push(`for cluster ${query.cluster}`);
  if (query.source) parts.push(`from ${query.source} (your workstation's address)`);
  if (query.check) parts.push(`whether it needs ${Object.values(query.check).flat().join(' ')}`);
  if (query.format) parts.push(`as ${query.format}`);
  if (query.includeOptional) parts.push('with optional rules');
  if (query.edition) parts.push(`edition ${query.edition}`);
  if (query.since) parts.push(`changes since ${query.since}`);
  let line = `Read as: ${parts.length > 0 ? parts.join(', ') : 'nothing I know'}.`;
  if (readAs.length > 0) line += ` Read ${readAs.join(', ')}.`;
  if (unused.length > 0) line += ` Not used: ${unused.slice(0, 8).map((w) => `"${printable(w)}"`).join(', ')}.`;
  return line;
}

/** "narrowed to outbound rules, on the private network, to or from workers" */
function describeFilters(filters: QueryFilters | undefined): string | null {
  if (!filters) return null;
  const parts = [
    filters.direction ? `${filters.direction.join(' or ')} rules` : null,
    filters.network ? `on the ${filters.network.join(' or ')} network` : null,
    filters.party ? `to or from ${filters.party.join(' or ')}` : null,
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? `narrowed to ${parts.join(', ')}` : null;
}

/** Every candidate at the smallest distance within `max`. */
function closestAll(word: string, candidates: readonly string[], max: number): string[] {
  let best = max + 1;
  let found: string[] = [];
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) > max) continue;
    const d = editDistance(word, c, max);
    if (d < best) {
      best = d;
      found = [c];
    } else if (d === best && !found.includes(c)) found.push(c);
  }
  return best <= max ? found : [];
}

/** The phrase a user types for a vocabulary word: a topic's first keyword, or the place's name. */
function phraseFor(word: string, idx: Indexes, dataset: Dataset): string {
  const c = [...idx.byFirst.values()].flat().find((x) => x.kind !== 'marker' && x.tokens.includes(word));
  if (!c) return word;
  if (c.kind === 'topic') return topicWords(dataset, c.scenario);
  if (c.kind === 'place') return c.place.kind === 'zone' ? c.place.id : c.place.name;
  if (c.kind === 'not-covered') return c.entry.keywords[0]!;
  return word;
}

/** True when scenario `narrow` is part of bundle `wide`, so asking for both means the narrow one. */
function isNarrowerThan(dataset: Dataset, narrow: string, wide: string): boolean {
  const w = dataset.scenarios.get(wide);
  const n = dataset.scenarios.get(narrow);
  if (!w?.bundle || !n) return false;
  return n.leaves.every((leaf) => w.leaves.includes(leaf)) && n.leaves.length < w.leaves.length;
}

function unknownRegion(word: string, dataset: Dataset): Problem {
  const names = dataset.placeNames.filter((p) => p.kind === 'region');
  const ranked = names.map((p) => ({ id: p.id, d: editDistance(word.toLowerCase(), p.name.toLowerCase(), 4) })).sort((a, b) => a.d - b.d);
  const best = ranked[0]?.d ?? Infinity;
  const suggestions = [...new Set(ranked.filter((x) => x.d <= Math.min(3, best)).map((r) => r.id))].slice(0, 3);
  return {
    code: 'unknown-region',
    message: `"${word}" is not a region I know.${suggestions.length > 0 ? ` Did you mean ${suggestions.join(' or ')}?` : ` Regions: ${dataset.regions.map((r) => r.id).join(', ')}.`}`,
    input: word,
    suggestions: suggestions.length > 0 ? suggestions : dataset.regions.map((r) => r.id),
  };
}

/** What can be asked, in the words a user types: each topic's first keyword, in page order. */
export function exampleScenarios(dataset: Dataset): string[] {
  return dataset.scenarioOrder.map((id) => topicWords(dataset, id));
}

/** The topics of this edition that cover part of what a not-covered entry names ("openshift" and Routes). */
function coveredPart(entry: NotCovered, dataset: Dataset): string {
  const topics = entry.topicsHere.flatMap((id) => {
    const scenario = dataset.scenarios.get(id);
    const topic = dataset.topics.get(id);
    return scenario && topic ? [`${scenario.title} ("${topic.example}")`] : [];
  });
  return topics.length > 0 ? ` This edition's page covers part of it: ${topics.join(', ')}.` : '';
}
