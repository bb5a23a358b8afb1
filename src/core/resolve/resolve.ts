import type {
  Answer,
  AnswerRule,
  ClusterFacts,
  PendingValue,
  Query,
  QueryFilters,
  RuleEndpoint,
  ScenarioSummary,
} from '../answer.js';
import type { AnswerFilter, Dataset, Party } from '../dataset/build.js';
import type { Endpoint, PlaceholderFact, RuleEntry, TableEntry } from '../dataset/schema.js';
import { editionDate, newerEditions } from '../dataset/editions.js';
import { parseQuestion, type ParsedQuestion } from '../parse/question.js';
import { checkRules } from './verdict.js';
import { isShowable, shellWord } from '../shell.js';

export interface ResolveOptions {
  /** Facts of the cluster the question names, when a cluster lookup found it. */
  cluster?: ClusterFacts | null;
  /** Notes from the cluster lookup (not found, not allowed, could not be read), shown with the answer. */
  clusterNotes?: string[];
}

interface Context {
  dataset: Dataset;
  region: string | null;
  zone: string | null;
  cluster: ClusterFacts | null;
  /** The asker's address from the question ("from 203.0.113.5"). */
  source: string | null;
  notes: string[];
  needsRegion: boolean;
  /** The date answered for: the one asked (--edition DATE), else the edition's. */
  asOf: string;
}

export function sectionUrl(dataset: Dataset, anchor: string): string {
  return `${dataset.meta.source.url}#${anchor}`;
}

/** Parses and answers a question in one step. */
export function ask(question: string, dataset: Dataset, options: ResolveOptions = {}): Answer {
  return resolve(parseQuestion(question, dataset), dataset, options);
}

/** Turns a parsed question into concrete rules: prerequisites first, then the page's order. */
export function resolve(parsed: ParsedQuestion, dataset: Dataset, options: ResolveOptions = {}): Answer {
  const cluster = options.cluster ?? null;
  const query: Query = { ...parsed.query };
  const notes = [...parsed.notes, ...(options.clusterNotes ?? [])];

  if (cluster && parsed.problems.length === 0) {
    if (query.region && query.region !== cluster.region) {
      notes.push(`Cluster ${cluster.name} is in ${cluster.region}, not ${query.region}: answered for ${cluster.region}.`);
      query.zone = null;
    }
    if (query.zone && !cluster.zones.includes(query.zone)) {
      notes.push(`Cluster ${cluster.name} has no workers in ${query.zone}; its zones are ${cluster.zones.join(', ')}.`);
      query.zone = null;
    }
    query.region = cluster.region;
  }

  const answer: Answer = {
    query,
    ...(parsed.reading ? { reading: parsed.reading } : {}),
    title: query.scenarios.map((id) => dataset.scenarios.get(id)?.title ?? id).join(', '),
    dataset: datasetInfo(dataset),
    scenarios: [],
    rules: [],
    notes,
    problems: parsed.problems,
    needsRegion: false,
    cluster: cluster
      ? { name: cluster.name, id: cluster.id, region: cluster.region, zones: cluster.zones, source: cluster.source }
      : null,
  };
  if (parsed.problems.length > 0 || query.scenarios.length === 0) return answer;

  const { requested, prerequisites } = expandScenarios(dataset, query.scenarios);
  const asOf = query.edition && /^\d{4}-\d{2}-\d{2}$/.test(query.edition) ? query.edition : dataset.meta.lastUpdated;
  const ctx: Context = { dataset, region: query.region, zone: query.zone, cluster, source: query.source ?? null, notes: [], needsRegion: false, asOf };
  for (const [ids, prerequisite] of [[prerequisites, true], [requested, false]] as const) {
    for (const id of ids) {
      const scenario = dataset.scenarios.get(id)!;
      answer.scenarios.push({ id, title: scenario.title, summary: scenario.summary, prerequisite } satisfies ScenarioSummary);
      for (const rule of scenario.rules) answer.rules.push(...resolveRule(rule, id, prerequisite, ctx));
    }
  }
  if (query.filters) answer.rules = narrowRules(answer.rules, query.filters, dataset, notes);
  if (query.check) {
    const checked = checkRules(answer.rules, query.check, answer.title);
    answer.verdict = checked.verdict;
    answer.rules = checked.rules;
  }
  for (const id of query.scenarios) notes.push(...dataset.scenarios.get(id)!.notes);
  notes.push(...ctx.notes.filter((n, i) => ctx.notes.indexOf(n) === i));
  if (ctx.needsRegion) {
    notes.push(`Name a region or zone to get the addresses (regions: ${dataset.regions.map((r) => r.id).join(', ')}).`);
  }
  const newer = answer.dataset.edition?.newer ?? [];
  if (newer.length > 0) {
    notes.push(`Answered from the ${dataset.edition} edition of the page; a newer edition exists (porthole data editions lists them; choose one with --edition).`);
  }
  notes.push(dataset.meta.caveat);
  answer.needsRegion = ctx.needsRegion;
  return answer;
}

/** The rules that match a value of each kind of filter asked: a filter only ever takes rules away. */
export function narrowRules(rules: AnswerRule[], filters: QueryFilters, dataset: Dataset, notes: string[]): AnswerRule[] {
  const chosen = dataset.filters.filter((f) => filters[f.kind]?.includes(f.value));
  const matches = (rule: AnswerRule, f: AnswerFilter) => {
    if (f.kind === 'direction') return rule.direction === f.value || rule.direction === 'between-workers';
    if (f.kind === 'network') return f.leaves.has(rule.scenario);
    return [...rule.sources, ...rule.destinations].some((e) => e.party !== undefined && f.parties.has(e.party));
  };
  const kept = rules.filter((rule) => (['direction', 'network', 'party'] as const).every((kind) => chosen.every((f) => f.kind !== kind) || chosen.some((f) => f.kind === kind && matches(rule, f))));
  if (kept.length === 0 && rules.length > 0) notes.push('No rule of this answer matches how the question narrowed it: ask without the narrowing words for every rule of the topic.');
  return kept;
}

export function datasetInfo(dataset: Dataset): Answer['dataset'] {
  const { meta } = dataset;
  const newer = newerEditions(dataset.editions, dataset.edition).map((id) => ({ id, date: editionDate(id) }));
  return {
    version: meta.version,
    lastUpdated: meta.lastUpdated,
    source: { title: meta.source.title, url: meta.source.url },
    edition: {
      id: dataset.edition,
      date: meta.lastUpdated,
      covers: meta.covers,
      source: { title: meta.source.title, url: meta.source.url, ...(meta.source.repository ? { repository: meta.source.repository } : {}) },
      ...(newer.length > 0 ? { newer } : {}),
    },
    page: meta.provenance ? { edition: meta.provenance.page.edition, date: meta.provenance.page.updated } : { edition: dataset.edition, date: meta.lastUpdated },
    ...(meta.provenance ? { addresses: meta.provenance.addresses } : {}),
  };
}

/** The leaf scenarios asked for, and the prerequisites they need that were not asked for. */
export function expandScenarios(dataset: Dataset, ids: string[]): { requested: string[]; prerequisites: string[] } {
  const leaves = new Set(ids.flatMap((id) => dataset.scenarios.get(id)?.leaves ?? []));
  const prereqs = new Set<string>();
  const addRequirements = (id: string) => {
    for (const req of dataset.scenarios.get(id)?.requires ?? []) {
      for (const leaf of dataset.scenarios.get(req)?.leaves ?? []) {
        if (!leaves.has(leaf) && !prereqs.has(leaf)) {
          prereqs.add(leaf);
          addRequirements(leaf);
        }
      }
    }
  };
  for (const leaf of leaves) addRequirements(leaf);
  const inOrder = (set: Set<string>) => dataset.scenarioOrder.filter((id) => set.has(id));
  return { requested: inOrder(leaves), prerequisites: inOrder(prereqs) };
}

function resolveRule(rule: RuleEntry, scenario: string, prerequisite: boolean, ctx: Context): AnswerRule[] {
  const { dataset, cluster } = ctx;
  const pending: PendingValue[] = [];
  let ports = [...rule.ports];
  if (rule.clusterPort) {
    const known = cluster ? clusterPortValue(cluster, rule.clusterPort.fact) : null;
    if (known !== null) {
      ports = [String(known)];
    } else {
      ports = rule.clusterPort.range ? [rule.clusterPort.range] : [];
      pending.push({
        fact: rule.clusterPort.fact,
        label: rule.clusterPort.label,
        range: rule.clusterPort.range ?? null,
        find: rule.clusterPort.find,
      });
    }
  }
  const base: AnswerRule = {
    id: rule.id,
    scenario,
    direction: rule.direction,
    sources: rule.from.flatMap((e) => resolveEndpoint(e, ctx)),
    destinations: rule.to.flatMap((e) => resolveEndpoint(e, ctx)),
    protocols: rule.protocols,
    ports,
    required: rule.required,
    purpose: rule.purpose,
    section: rule.section,
    sectionUrl: sectionUrl(dataset, rule.section),
    prerequisite,
    pending,
    notes: rule.notes,
    verify: cluster ? rule.verify.map((v) => fillPlaceholders(v, dataset, cluster)) : rule.verify,
  };
  // A table with no row for this region (kube-samples has no control-plane subnets for some metros) leaves a rule
  // with nothing to open: it is left out, and the table's note says why.
  if (base.sources.length === 0 || base.destinations.length === 0) return [];
  if (rule.condition) base.condition = dataset.conditions.get(rule.condition)!;
  if (rule.allowlist) base.allowlist = true;
  const ended = endedOn([...base.sources, ...base.destinations], ctx.asOf);
  if (ended) base.ended = ended;
  return [base];
}

/** The day a rule's listed addresses all stopped applying, if that is on or before `asOf`. */
function endedOn(endpoints: RuleEndpoint[], asOf: string): string | null {
  const listed = endpoints.filter((e) => e.kind === 'ip' || e.kind === 'cidr' || e.kind === 'host');
  if (listed.length === 0 || listed.some((e) => !e.until)) return null;
  const last = listed.map((e) => e.until!).sort().at(-1)!;
  return last <= asOf ? last : null;
}

/**
 * The page's placeholders in a verify step, replaced by the cluster's facts where the cluster has them, each as
 * one sh word; a value with a control or bidi character leaves its placeholder as it is.
 */
function fillPlaceholders(command: string, dataset: Dataset, cluster: ClusterFacts): string {
  let out = command;
  for (const { text, fact } of dataset.meta.placeholders) {
    const value = placeholderValue(cluster, fact);
    if (value && isShowable(value)) out = out.replaceAll(text, shellWord(value));
  }
  return out;
}

function placeholderValue(cluster: ClusterFacts, fact: PlaceholderFact): string | null {
  if (fact === 'master-url') return cluster.masterUrl;
  if (fact === 'private-master-url') return cluster.privateEndpointUrl ?? null;
  if (fact === 'cluster') return cluster.name;
  return cluster.region;
}

/** Host and port of the cluster's private service endpoint, from its URL; null when it has none. */
export function privateMaster(cluster: ClusterFacts): { host: string; port: number } | null {
  if (!cluster.privateEndpointUrl) return null;
  try {
    const url = new URL(cluster.privateEndpointUrl);
    return url.hostname ? { host: url.hostname, port: url.port === '' ? 443 : Number(url.port) } : null;
  } catch {
    return null;
  }
}

function clusterPortValue(cluster: ClusterFacts, fact: PendingValue['fact']): number | null {
  if (fact === 'master-port') return cluster.masterPort;
  if (fact === 'private-master-port') return privateMaster(cluster)?.port ?? null;
  if (fact === 'etcd-port') return cluster.etcdPort ?? null;
  return null;
}

function resolveEndpoint(endpoint: Endpoint, ctx: Context): RuleEndpoint[] {
  if ('party' in endpoint) return resolveParty(ctx.dataset.parties.get(endpoint.party)!, ctx);
  if ('table' in endpoint) return resolveTable(endpoint.table, endpoint.narrow, ctx);
  if ('reference' in endpoint) {
    return [{ kind: 'reference', value: endpoint.reference.label, label: endpoint.reference.note ?? endpoint.reference.label, url: endpoint.reference.url }];
  }
  if ('any' in endpoint) return [{ kind: 'any', value: 'any', label: endpoint.label }];
  return [
    ...endpoint.hosts.map((h): RuleEndpoint => ({ kind: 'host', value: h, label: endpoint.label })),
    ...endpoint.addresses.map((a): RuleEndpoint => ({ kind: a.includes('/') ? 'cidr' : 'ip', value: a, label: endpoint.label })),
  ];
}

function resolveParty(party: Party, ctx: Context): RuleEndpoint[] {
  const cluster = ctx.cluster;
  if (ctx.source && party.questionSource) {
    ctx.notes.push(`${party.placeholder} is ${ctx.source}, the address your question gives after "from".`);
    return [{ kind: ctx.source.includes('/') ? 'cidr' : 'ip', value: ctx.source, label: `${party.label} (from your question)`, party: party.id }];
  }
  if (cluster && party.clusterFact === 'master-host') {
    return [{ kind: 'host', value: cluster.masterHost, label: `master of ${cluster.name}`, party: party.id }];
  }
  const priv = cluster && party.clusterFact === 'private-master-host' ? privateMaster(cluster) : null;
  if (cluster && priv) {
    return [{ kind: 'host', value: priv.host, label: `private service endpoint of ${cluster.name}`, party: party.id }];
  }
  if (cluster && (party.clusterFact === 'workers-public-ips' || party.clusterFact === 'workers-private-ips')) {
    const pub = party.clusterFact === 'workers-public-ips';
    const found = cluster.workers.flatMap((w): RuleEndpoint[] => {
      const ip = pub ? w.publicIp : w.privateIp;
      return ip ? [{ kind: 'ip', value: ip, label: `worker ${w.id} (${w.zone}) ${pub ? 'public' : 'private'} IP`, zones: [w.zone], party: party.id }] : [];
    });
    if (found.length > 0) return found;
    ctx.notes.push(`Cluster ${cluster.name} has no worker with a ${pub ? 'public' : 'private'} IP address.`);
  }
  return [{ kind: 'placeholder', value: party.placeholder, label: party.label, party: party.id, ...(party.find.length > 0 ? { find: party.find } : {}) }];
}

type Narrow = 'region' | 'zone' | 'mark-zone';

/** A table's rows for one region and zone: the endpoints, with the notes they bring and whether a region is missing. */
interface TableRows {
  endpoints: readonly RuleEndpoint[];
  notes: readonly string[];
  needsRegion: boolean;
}

// The rows of a table for a region and zone depend on nothing else, and the current edition's tables hold
// hundreds of addresses: worked out once per dataset, shared (read-only) by every answer that needs them.
const tableRowsCache = new WeakMap<Dataset, Map<string, TableRows>>();

function resolveTable(tableId: string, narrow: Narrow, ctx: Context): RuleEndpoint[] {
  let byKey = tableRowsCache.get(ctx.dataset);
  if (byKey === undefined) {
    byKey = new Map();
    tableRowsCache.set(ctx.dataset, byKey);
  }
  const key = `${tableId}\u0000${narrow}\u0000${ctx.region ?? ''}\u0000${ctx.zone ?? ''}`;
  let rows = byKey.get(key);
  if (rows === undefined) {
    const own: Context = { ...ctx, notes: [], needsRegion: false };
    rows = { endpoints: Object.freeze(tableRows(tableId, narrow, own)), notes: own.notes, needsRegion: own.needsRegion };
    byKey.set(key, rows);
  }
  ctx.notes.push(...rows.notes);
  if (rows.needsRegion) ctx.needsRegion = true;
  return rows.endpoints as RuleEndpoint[];
}

/** Only the dataset, region and zone of `ctx` may be read here (see tableRowsCache). */
function tableRows(tableId: string, narrow: Narrow, ctx: Context): RuleEndpoint[] {
  const table = ctx.dataset.tables.get(tableId)!;
  const global = table.entries.filter((e) => e.regions === 'global');
  // A table of global rows only (the health monitors' ranges) is the same in every region.
  if (global.length === table.entries.length) return global.flatMap((e) => entryEndpoints(e, table.title, ctx));
  if (!ctx.region) {
    ctx.needsRegion = true;
    return [
      ...global.flatMap((e) => entryEndpoints(e, table.title, ctx)),
      { kind: 'placeholder', value: `<${table.title} addresses of your region>`, label: `${table.title} (depends on the region)` },
    ];
  }
  let rows = table.entries.filter((e) => e.regions !== 'global' && e.regions.includes(ctx.region!));
  let marked: TableEntry[] = [];
  if (ctx.zone) {
    const zoneRows = rows.filter((e) => e.zones?.includes(ctx.zone!));
    const group = zoneRows.flatMap((e) => e.zones ?? []);
    if (narrow === 'zone' && zoneRows.length > 0) {
      ctx.notes.push(
        `${table.title}: narrowed to the row for ${group.join(', ')}, as you named ${ctx.zone}.` +
          (group.length > 1 ? ' The page lists these zones together and gives no per-zone address.' : ''),
      );
      rows = zoneRows;
    } else if (narrow === 'mark-zone' && zoneRows.length > 0) {
      marked = zoneRows;
      ctx.notes.push(
        `${table.title}: all of ${ctx.region} is listed, as the page ties no cluster master to one zone; the row for ${group.join(', ')} is marked "your zone".`,
      );
    } else if (narrow === 'region' && rows.some((e) => e.zones)) {
      ctx.notes.push(`${table.title}: the page says to open every zone of the region, so all of ${ctx.region} is listed although you named ${ctx.zone}.`);
    }
  }
  if (rows.length === 0 && global.length === 0) {
    ctx.notes.push(`${table.title}: the page lists no address for ${ctx.region}.`);
  }
  return [...global, ...rows].flatMap((e) => entryEndpoints(e, marked.includes(e) ? `${table.title}, your zone` : table.title, ctx));
}

function entryEndpoints(entry: TableEntry, title: string, ctx: Context): RuleEndpoint[] {
  const where =
    entry.regions === 'global'
      ? 'global'
      : entry.zones
        ? entry.zones.join(', ')
        : entry.regions.map((r) => ctx.dataset.regionById.get(r)?.pageName ?? r).join(', ');
  const label = `${title} (${where})`;
  const zones = { ...(entry.zones ? { zones: entry.zones } : {}), ...(entry.until ? { until: entry.until } : {}) };
  if (entry.note) ctx.notes.push(`${title}: ${entry.note}`);
  return [
    ...entry.hosts.map((h): RuleEndpoint => ({ kind: 'host', value: h, label, ...zones })),
    ...entry.deprecatedHosts.map((h): RuleEndpoint => ({ kind: 'host', value: h, label: `${label}, deprecated host name`, deprecated: true, ...zones })),
    ...entry.addresses.map((a): RuleEndpoint => ({ kind: a.includes('/') ? 'cidr' : 'ip', value: a, label, ...zones })),
  ];
}
