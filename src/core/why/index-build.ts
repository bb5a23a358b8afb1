import type { Dataset } from '../dataset/build.js';
import type { Endpoint, RuleEntry, TableEntry } from '../dataset/schema.js';
import { ipv4Span, parseIPv4Network, parsePortRange, type IPv4Span } from '../net.js';
import { sectionUrl } from '../resolve/resolve.js';
import type { WhyRule } from './result.js';

// Every address, subnet and host name the dataset lists, with the rules that use it, and every port rules name:
// built once per dataset, so a lookup never walks the YAML-shaped data again.

/** A rule as the why lookup reports it, before a question decides `side` and `portMatch`. */
export type IndexedRule = Omit<WhyRule, 'side' | 'portMatch'> & {
  portRanges: [number, number][];
  /** A cluster-specific port with no documented range: any port may be it. */
  portUnknown: boolean;
};

export interface IndexedListing {
  value: string;
  kind: 'ip' | 'cidr' | 'host';
  deprecated: boolean;
  span: IPv4Span | null;
  table: { id: string; title: string } | null;
  label: string;
  regions: string[];
  regionNames: string[];
  zones: string[];
  row: { hosts: string[]; deprecatedHosts: string[]; addresses: string[] };
  note: string | null;
  /** The day the row stopped applying, if it did. */
  until: string | null;
  rules: { rule: IndexedRule; side: 'source' | 'destination' }[];
}

export interface WhyIndex {
  addressListings: IndexedListing[];
  /** The first and last address of each address listing, in the same order: a lookup scans numbers, not objects. */
  addressFirst: Uint32Array;
  addressLast: Uint32Array;
  hostListings: Map<string, IndexedListing[]>;
  /** Every host name listed, for "did you mean". */
  hostNames: string[];
  rules: IndexedRule[];
  /** Rules that point to address lists the page does not include (Sysdig, infrastructure ranges). */
  references: { label: string; url: string; rule: string }[];
}

const cache = new WeakMap<Dataset, WhyIndex>();

export function whyIndexFor(dataset: Dataset): WhyIndex {
  let index = cache.get(dataset);
  if (!index) {
    index = buildWhyIndex(dataset);
    cache.set(dataset, index);
  }
  return index;
}

// The dataset's ports passed its schema's port check, so each parses.
function portRange(spec: string): [number, number] {
  const range = parsePortRange(spec)!;
  return [range.from, range.to];
}

function endpointNames(endpoints: Endpoint[], dataset: Dataset): string[] {
  return endpoints.map((e) => {
    if ('party' in e) return dataset.parties.get(e.party)?.label ?? e.party;
    if ('table' in e) return dataset.tables.get(e.table)?.title ?? e.table;
    if ('reference' in e) return e.reference.label;
    return e.label;
  });
}

function indexRule(rule: RuleEntry, scenario: { id: string; title: string }, dataset: Dataset): IndexedRule {
  const ports = [...rule.ports, ...(rule.clusterPort?.range ? [rule.clusterPort.range] : [])];
  return {
    rule: rule.id,
    scenario,
    direction: rule.direction,
    from: endpointNames(rule.from, dataset),
    to: endpointNames(rule.to, dataset),
    protocols: rule.protocols,
    ports: rule.ports,
    clusterPort: rule.clusterPort ? { label: rule.clusterPort.label, range: rule.clusterPort.range ?? null } : null,
    required: rule.required,
    purpose: rule.purpose,
    section: rule.section,
    sectionUrl: sectionUrl(dataset, rule.section),
    portRanges: ports.map(portRange),
    portUnknown: rule.clusterPort !== undefined && ports.length === 0,
  };
}

function buildWhyIndex(dataset: Dataset): WhyIndex {
  const rowListings = new Map<TableEntry, IndexedListing[]>();
  const addressListings: IndexedListing[] = [];
  const hostListings = new Map<string, IndexedListing[]>();
  const add = (listing: IndexedListing) => {
    if (listing.kind === 'host') hostListings.set(listing.value, [...(hostListings.get(listing.value) ?? []), listing]);
    else addressListings.push(listing);
    return listing;
  };

  for (const table of dataset.tables.values()) {
    for (const entry of table.entries) {
      const regions = entry.regions === 'global' ? ['global'] : entry.regions;
      const common = {
        table: { id: table.id, title: table.title },
        label: table.title,
        regions,
        regionNames: regions.map((r) => dataset.regionById.get(r)?.pageName ?? r),
        zones: entry.zones ?? [],
        row: { hosts: entry.hosts, deprecatedHosts: entry.deprecatedHosts, addresses: entry.addresses },
        note: entry.note ?? null,
        until: entry.until ?? null,
      };
      rowListings.set(entry, [
        ...entry.hosts.map((h) => add({ ...common, value: h, kind: 'host', deprecated: false, span: null, rules: [] })),
        ...entry.deprecatedHosts.map((h) => add({ ...common, value: h, kind: 'host', deprecated: true, span: null, rules: [] })),
        ...entry.addresses.map((a) =>
          add({ ...common, value: a, kind: a.includes('/') ? 'cidr' : 'ip', deprecated: false, span: ipv4Span(parseIPv4Network(a)), rules: [] }),
        ),
      ]);
    }
  }

  const rules: IndexedRule[] = [];
  const references: WhyIndex['references'] = [];
  for (const id of dataset.scenarioOrder) {
    const scenario = dataset.scenarios.get(id)!;
    for (const entry of scenario.rules) {
      const rule = indexRule(entry, { id, title: scenario.title }, dataset);
      rules.push(rule);
      for (const [side, endpoints] of [['source', entry.from], ['destination', entry.to]] as const) {
        for (const endpoint of endpoints) {
          if ('table' in endpoint) {
            for (const row of dataset.tables.get(endpoint.table)!.entries) {
              for (const listing of rowListings.get(row) ?? []) listing.rules.push({ rule, side });
            }
          } else if ('hosts' in endpoint) {
            const common = {
              table: null,
              label: endpoint.label,
              regions: ['global'],
              regionNames: ['global'],
              zones: [],
              row: { hosts: endpoint.hosts, deprecatedHosts: [], addresses: endpoint.addresses },
              note: null,
              until: null,
              rules: [{ rule, side }],
            };
            for (const h of endpoint.hosts) add({ ...common, value: h, kind: 'host', deprecated: false, span: null });
            for (const a of endpoint.addresses) {
              add({ ...common, value: a, kind: a.includes('/') ? 'cidr' : 'ip', deprecated: false, span: ipv4Span(parseIPv4Network(a)) });
            }
          } else if ('reference' in endpoint) {
            references.push({ label: endpoint.reference.label, url: endpoint.reference.url, rule: entry.id });
          }
        }
      }
    }
  }
  const uniqueReferences = references.filter((r, i) => references.findIndex((o) => o.url === r.url) === i);
  const addressFirst = Uint32Array.from(addressListings, (l) => l.span!.first);
  const addressLast = Uint32Array.from(addressListings, (l) => l.span!.last);
  return { addressListings, addressFirst, addressLast, hostListings, hostNames: [...hostListings.keys()], rules, references: uniqueReferences };
}
