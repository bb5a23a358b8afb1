import type { Dataset } from '../dataset/build.js';
import { ipaddr } from '../net.js';
import type { Endpoint, RuleEntry, TableEntry } from '../dataset/schema.js';

// What changed between two editions of the page: per rule and per table row, and the rules and topics that
// came or went. The JSON shape is the contract of `porthole data diff --format json`.

export type ChangeKind = 'topic' | 'rule' | 'table' | 'address' | 'host' | 'port' | 'protocol' | 'condition' | 'required' | 'allowlist';

export interface Change {
  change: 'added' | 'removed' | 'changed';
  kind: ChangeKind;
  rule?: string;
  table?: string;
  region?: string;
  zone?: string;
  value: string;
  was?: string;
  /** The topic (scenario) a rule change belongs to, for grouping. */
  topic?: string;
}

export interface EditionDiff {
  from: string;
  to: string;
  region?: string;
  topic?: string;
  changes: Change[];
}

export interface DiffOptions {
  region?: string | null;
  /** A scenario id: only its rules (a bundle: its members' rules) and the tables they read. */
  topic?: string | null;
}

/**
 * The network an address or CIDR stands for, so that one network written two ways compares equal
 * (161.202.146.86/29 and 161.202.146.80/29 are both 161.202.146.80/29). Host names stay as they are.
 */
export function networkKey(value: string): string {
  const m = /^(.+)\/(\d{1,2})$/.exec(value);
  if (!m) return ipaddr.IPv4.isValidFourPartDecimal(value) ? `${value}/32` : value;
  try {
    return `${ipaddr.IPv4.networkAddressFromCIDR(value).toString()}/${m[2]}`;
  } catch {
    return value;
  }
}

export function sameNetwork(a: string, b: string): boolean {
  return networkKey(a) === networkKey(b);
}

export function diffEditions(from: Dataset, to: Dataset, options: DiffOptions = {}): EditionDiff {
  const region = options.region ?? null;
  const topic = options.topic ?? null;
  const changes: Change[] = [];
  const leavesOf = (d: Dataset) => (topic ? (d.scenarios.get(topic)?.leaves ?? []) : d.scenarioOrder.filter((id) => !d.scenarios.get(id)!.bundle));
  const fromLeaves = leavesOf(from);
  const toLeaves = leavesOf(to);

  if (!topic) {
    for (const id of to.scenarioOrder) if (!from.scenarios.has(id)) changes.push({ change: 'added', kind: 'topic', value: id, topic: id });
    for (const id of from.scenarioOrder) if (!to.scenarios.has(id)) changes.push({ change: 'removed', kind: 'topic', value: id, topic: id });
  }

  const rulesOf = (d: Dataset, leaves: string[]) =>
    new Map(leaves.flatMap((id) => (d.scenarios.get(id)?.rules ?? []).map((r): [string, { rule: RuleEntry; topic: string }] => [r.id, { rule: r, topic: id }])));
  const fromRules = rulesOf(from, fromLeaves);
  const toRules = rulesOf(to, toLeaves);
  for (const [id, { rule, topic: t }] of toRules) {
    const was = fromRules.get(id);
    if (!was) changes.push({ change: 'added', kind: 'rule', rule: id, value: rule.purpose, topic: t });
    else changes.push(...ruleChanges(was.rule, rule, from, to).map((c) => ({ ...c, rule: id, topic: t })));
  }
  for (const [id, { rule, topic: t }] of fromRules) {
    if (!toRules.has(id)) changes.push({ change: 'removed', kind: 'rule', rule: id, value: rule.purpose, topic: t });
  }

  const tablesRead = (rules: Map<string, { rule: RuleEntry }>) =>
    new Set([...rules.values()].flatMap(({ rule }) => [...rule.from, ...rule.to].flatMap((e) => ('table' in e ? [e.table] : []))));
  const tableIds = new Set([...tablesRead(fromRules), ...tablesRead(toRules)]);
  for (const id of tableIds) changes.push(...tableChanges(id, from, to, region));

  return { from: from.edition, to: to.edition, ...(region ? { region } : {}), ...(topic ? { topic } : {}), changes };
}

function ruleChanges(was: RuleEntry, now: RuleEntry, from: Dataset, to: Dataset): Change[] {
  const out: Change[] = [];
  const setChange = (kind: ChangeKind, before: string[], after: string[], key: (v: string) => string = (v) => v) => {
    const beforeKeys = new Map(before.map((v) => [key(v), v]));
    const afterKeys = new Map(after.map((v) => [key(v), v]));
    for (const [k, v] of afterKeys) {
      const old = beforeKeys.get(k);
      if (old === undefined) out.push({ change: 'added', kind, value: v });
      else if (old !== v) out.push({ change: 'changed', kind, value: v, was: old });
    }
    for (const [k, v] of beforeKeys) if (!afterKeys.has(k)) out.push({ change: 'removed', kind, value: v });
  };
  const portsOf = (r: RuleEntry) => [...r.ports, ...(r.clusterPort?.range ? [r.clusterPort.range] : [])];
  setChange('port', portsOf(was), portsOf(now));
  setChange('protocol', was.protocols, now.protocols);
  const inline = (r: RuleEntry, pick: (e: Extract<Endpoint, { hosts: string[] }>) => string[]) =>
    [...r.from, ...r.to].flatMap((e) => ('hosts' in e ? pick(e) : []));
  setChange('address', inline(was, (e) => e.addresses), inline(now, (e) => e.addresses), networkKey);
  setChange('host', inline(was, (e) => e.hosts), inline(now, (e) => e.hosts));
  const conditionOf = (d: Dataset, r: RuleEntry) => (r.condition ? (d.conditions.get(r.condition) ?? r.condition) : null);
  const c0 = conditionOf(from, was);
  const c1 = conditionOf(to, now);
  if (c0 !== c1) {
    if (c0 === null) out.push({ change: 'added', kind: 'condition', value: c1! });
    else if (c1 === null) out.push({ change: 'removed', kind: 'condition', value: c0 });
    else out.push({ change: 'changed', kind: 'condition', value: c1, was: c0 });
  }
  if (was.required !== now.required) {
    out.push({ change: 'changed', kind: 'required', value: now.required ? 'required' : 'optional', was: was.required ? 'required' : 'optional' });
  }
  if (was.allowlist !== now.allowlist) {
    out.push({ change: 'changed', kind: 'allowlist', value: now.allowlist ? 'IBM-side allowlist' : 'firewall rule', was: was.allowlist ? 'IBM-side allowlist' : 'firewall rule' });
  }
  return out;
}

interface Listed {
  value: string;
  kind: 'address' | 'host';
  region: string;
  zone?: string;
}

function tableChanges(id: string, from: Dataset, to: Dataset, region: string | null): Change[] {
  const before = from.tables.get(id);
  const after = to.tables.get(id);
  const out: Change[] = [];
  if (!before && after) out.push({ change: 'added', kind: 'table', table: id, value: after.title });
  if (before && !after) out.push({ change: 'removed', kind: 'table', table: id, value: before.title });
  const listed = (entries: TableEntry[]): Map<string, Listed> => {
    const map = new Map<string, Listed>();
    for (const e of entries) {
      const regions = e.regions === 'global' ? ['global'] : e.regions;
      for (const r of regions) {
        if (region && r !== region && r !== 'global') continue;
        const zone = e.zones?.join(', ');
        const add = (value: string, kind: Listed['kind']) => {
          const key = `${r}|${kind === 'address' ? networkKey(value) : value}`;
          if (!map.has(key)) map.set(key, { value, kind, region: r, ...(zone ? { zone } : {}) });
        };
        e.addresses.forEach((a) => add(a, 'address'));
        [...e.hosts, ...e.deprecatedHosts].forEach((h) => add(h, 'host'));
      }
    }
    return map;
  };
  const was = listed(before?.entries ?? []);
  const now = listed(after?.entries ?? []);
  for (const [key, item] of now) {
    const old = was.get(key);
    const where = { table: id, region: item.region, ...(item.zone ? { zone: item.zone } : {}) };
    if (!old) out.push({ change: 'added', kind: item.kind, ...where, value: item.value });
    else if (old.value !== item.value) out.push({ change: 'changed', kind: item.kind, ...where, value: item.value, was: old.value });
  }
  for (const [key, item] of was) {
    if (!now.has(key)) out.push({ change: 'removed', kind: item.kind, table: id, region: item.region, ...(item.zone ? { zone: item.zone } : {}), value: item.value });
  }
  return out;
}
