import type {
  Answer,
  AnswerRule,
  ClusterFacts,
  PendingValue,
  Query,
  RuleEndpoint,
  ScenarioSummary,
} from '../answer.js';
import type { Dataset, Party } from '../dataset/build.js';
import type { Endpoint, RuleEntry, TableEntry } from '../dataset/schema.js';
import { parseQuestion, type ParsedQuestion } from '../parse/question.js';

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
  const ctx: Context = { dataset, region: query.region, zone: query.zone, cluster, source: query.source ?? null, notes: [], needsRegion: false };
  for (const [ids, prerequisite] of [[prerequisites, true], [requested, false]] as const) {
    for (const id of ids) {
      const scenario = dataset.scenarios.get(id)!;
      answer.scenarios.push({ id, title: scenario.title, summary: scenario.summary, prerequisite } satisfies ScenarioSummary);
      for (const rule of scenario.rules) answer.rules.push(...resolveRule(rule, id, prerequisite, ctx));
    }
  }
  for (const id of query.scenarios) notes.push(...dataset.scenarios.get(id)!.notes);
  notes.push(...ctx.notes.filter((n, i) => ctx.notes.indexOf(n) === i));
  if (ctx.needsRegion) {
    notes.push(`Name a region or zone to get the addresses (regions: ${dataset.regions.map((r) => r.id).join(', ')}).`);
  }
  notes.push(dataset.meta.caveat);
  answer.needsRegion = ctx.needsRegion;
  return answer;
}

export function datasetInfo(dataset: Dataset): Answer['dataset'] {
  return {
    version: dataset.meta.version,
    lastUpdated: dataset.meta.lastUpdated,
    source: { title: dataset.meta.source.title, url: dataset.meta.source.url },
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
    verify: cluster ? rule.verify.map((v) => v.replaceAll('<master_URL>', cluster.masterUrl)) : rule.verify,
  };
  const rules = [base];
  // The master's private service endpoint has a port of its own, so it is a rule of its own.
  if (cluster?.privateEndpointUrl && rule.clusterPort?.fact === 'master-port' && rule.to.some((e) => 'party' in e && e.party === 'master')) {
    const url = safeUrl(cluster.privateEndpointUrl);
    if (url) {
      rules.push({
        ...base,
        id: `${rule.id}-private-endpoint`,
        destinations: [{ kind: 'host', value: url.hostname, label: `private service endpoint of ${cluster.name}`, party: 'master' }],
        ports: [url.port || '443'],
        purpose: `${rule.purpose} (private service endpoint)`,
        notes: [],
        verify: base.verify.map((v) => v.replaceAll(cluster.masterUrl, cluster.privateEndpointUrl ?? '')),
      });
    }
  }
  return rules;
}

function safeUrl(s: string): URL | null {
  try {
    return new URL(s);
  } catch {
    return null;
  }
}

function clusterPortValue(cluster: ClusterFacts, fact: PendingValue['fact']): number | null {
  if (fact === 'master-port') return cluster.masterPort;
  if (fact === 'etcd-port') return cluster.etcdPort ?? null;
  return null;
}

function resolveEndpoint(endpoint: Endpoint, ctx: Context): RuleEndpoint[] {
  if ('party' in endpoint) return resolveParty(ctx.dataset.parties.get(endpoint.party)!, ctx);
  if ('table' in endpoint) return resolveTable(endpoint.table, endpoint.narrow, ctx);
  if ('reference' in endpoint) {
    return [{ kind: 'reference', value: endpoint.reference.label, label: endpoint.reference.note ?? endpoint.reference.label, url: endpoint.reference.url }];
  }
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

function resolveTable(tableId: string, narrow: 'region' | 'zone', ctx: Context): RuleEndpoint[] {
  const table = ctx.dataset.tables.get(tableId)!;
  const global = table.entries.filter((e) => e.regions === 'global');
  if (!ctx.region) {
    ctx.needsRegion = true;
    return [
      ...global.flatMap((e) => entryEndpoints(e, table.title, ctx)),
      { kind: 'placeholder', value: `<${table.title} addresses of your region>`, label: `${table.title} (depends on the region)` },
    ];
  }
  let rows = table.entries.filter((e) => e.regions !== 'global' && e.regions.includes(ctx.region!));
  if (ctx.zone) {
    const zoneRows = rows.filter((e) => e.zones?.includes(ctx.zone!));
    if (narrow === 'zone' && zoneRows.length > 0) {
      const group = zoneRows.flatMap((e) => e.zones ?? []);
      ctx.notes.push(
        `${table.title}: narrowed to the row for ${group.join(', ')}, as you named ${ctx.zone}.` +
          (group.length > 1 ? ' The page lists these zones together and gives no per-zone address.' : ''),
      );
      rows = zoneRows;
    } else if (narrow === 'region' && rows.some((e) => e.zones)) {
      ctx.notes.push(`${table.title}: the page says to open every zone of the region, so all of ${ctx.region} is listed although you named ${ctx.zone}.`);
    }
  }
  if (rows.length === 0 && global.length === 0) {
    ctx.notes.push(`${table.title}: the page lists no address for ${ctx.region}.`);
  }
  return [...global, ...rows].flatMap((e) => entryEndpoints(e, table.title, ctx));
}

function entryEndpoints(entry: TableEntry, title: string, ctx: Context): RuleEndpoint[] {
  const where =
    entry.regions === 'global'
      ? 'global'
      : entry.zones
        ? entry.zones.join(', ')
        : entry.regions.map((r) => ctx.dataset.regionById.get(r)?.pageName ?? r).join(', ');
  const label = `${title} (${where})`;
  const zones = entry.zones ? { zones: entry.zones } : {};
  if (entry.note) ctx.notes.push(`${title}: ${entry.note}`);
  return [
    ...entry.hosts.map((h): RuleEndpoint => ({ kind: 'host', value: h, label, ...zones })),
    ...entry.deprecatedHosts.map((h): RuleEndpoint => ({ kind: 'host', value: h, label: `${label}, deprecated host name`, deprecated: true, ...zones })),
    ...entry.addresses.map((a): RuleEndpoint => ({ kind: a.includes('/') ? 'cidr' : 'ip', value: a, label, ...zones })),
  ];
}
