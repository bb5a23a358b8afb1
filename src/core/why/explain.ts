import type { Dataset } from '../dataset/build.js';
import { datasetInfo } from '../resolve/resolve.js';
import { ipv4Span, type IPv4Span } from '../net.js';
import { closest } from '../text.js';
import { whyIndexFor, type IndexedListing, type IndexedRule } from './index-build.js';
import { parseWhyQuery } from './parse.js';
import { WHY_CONTRACT_VERSION, type WhyFinding, type WhyListing, type WhyResult, type WhyRole, type WhyRule } from './result.js';

function opensPort(rule: IndexedRule, port: number | null, protocol: string | null): WhyRule['portMatch'] {
  if (port === null && protocol === null) return null;
  const protocolOk = protocol === null || rule.protocols.includes('all') || (rule.protocols as string[]).includes(protocol);
  if (!protocolOk) return 'other-protocol';
  if (port === null) return 'yes';
  if (rule.portUnknown) return 'depends-on-cluster';
  if (rule.portRanges.length === 0) return rule.protocols.some((p) => p === 'tcp' || p === 'udp' || p === 'all') ? 'yes' : 'no';
  return rule.portRanges.some(([from, to]) => port >= from && port <= to) ? 'yes' : 'no';
}

function reportRule(rule: IndexedRule, side: WhyRole | null, port: number | null, protocol: string | null): WhyRule {
  const { portRanges: _portRanges, portUnknown: _portUnknown, ...rest } = rule;
  return { ...rest, side, portMatch: opensPort(rule, port, protocol) };
}

function reportListing(
  listing: IndexedListing,
  relation: WhyListing['relation'],
  port: number | null,
  protocol: string | null,
  asOf: string,
): WhyListing {
  const { span: _span, rules, ...rest } = listing;
  const ended = listing.until !== null && listing.until <= asOf;
  return { ...rest, relation, ended, rules: rules.map((r) => reportRule(r.rule, r.side, port, protocol)) };
}

/** A host the page names by role, not by name (a cluster's master URL host): the rules of that role. */
function partyListings(host: string, dataset: Dataset, port: number | null, protocol: string | null): WhyListing[] {
  const index = whyIndexFor(dataset);
  const out: WhyListing[] = [];
  for (const party of dataset.parties.values()) {
    if (!party.hostPattern) continue;
    const m = new RegExp(party.hostPattern, 'i').exec(host);
    if (!m) continue;
    const named = m.groups?.region;
    const region = dataset.regions.find((r) => r.id === named || r.legacyId === named);
    const rules: WhyListing['rules'] = [];
    for (const scenario of dataset.scenarios.values()) {
      for (const rule of scenario.rules) {
        const side = rule.to.some((e) => 'party' in e && e.party === party.id) ? 'destination' : rule.from.some((e) => 'party' in e && e.party === party.id) ? 'source' : null;
        const indexed = side ? index.rules.find((r) => r.rule === rule.id) : undefined;
        if (side && indexed) rules.push(reportRule(indexed, side, port, protocol));
      }
    }
    out.push({
      value: host,
      kind: 'host',
      deprecated: false,
      relation: 'exact',
      table: null,
      label: party.label,
      regions: region ? [region.id] : [],
      regionNames: region ? [region.pageName] : [],
      zones: [],
      row: { hosts: [host], deprecatedHosts: [], addresses: [] },
      note: `${host} has the shape of ${party.label}; the page names it by role, as ${party.placeholder}.`,
      until: null,
      ended: false,
      rules,
    });
  }
  return out;
}

/** How two overlapping CIDR ranges relate: they are nested, never partly overlapping. */
function relationTo(asked: IPv4Span, listed: IPv4Span): WhyListing['relation'] {
  if (asked.bits === listed.bits) return 'exact';
  return asked.bits > listed.bits ? 'inside' : 'contains';
}

/**
 * Which requirements of the dataset an address, subnet, host name or port belongs to, or that the dataset does not
 * list it. Reads IPs, subnets, host names, ports and firewall log lines (SRC=… DST=… DPT=…). Never throws: input
 * it cannot read comes back as problems.
 */
export function explainAddress(input: string, dataset: Dataset): WhyResult {
  const text = typeof input === 'string' ? input : '';
  const index = whyIndexFor(dataset);
  const query = parseWhyQuery(text);
  const { port, protocol } = query;
  const notes: string[] = [];
  const findings: WhyFinding[] = [];

  for (const address of query.addresses) {
    const asked = ipv4Span(address.network);
    const listings: WhyListing[] = [];
    const { addressFirst, addressLast } = index;
    for (let i = 0; i < addressFirst.length; i += 1) {
      if (asked.last < addressFirst[i]! || asked.first > addressLast[i]!) continue;
      const listing = index.addressListings[i]!;
      listings.push(reportListing(listing, relationTo(asked, listing.span!), port, protocol, dataset.meta.lastUpdated));
    }
    const range = address.network[1] === 32 ? address.network[0].range() : null;
    findings.push({
      subject: { kind: address.network[1] === 32 && !address.value.includes('/') ? 'ip' : 'cidr', value: address.value, role: address.role },
      listed: listings.length > 0,
      addressRange: range,
      listings,
    });
  }
  for (const value of query.ipv6) {
    findings.push({ subject: { kind: 'ip', value, role: null }, listed: false, addressRange: 'ipv6', listings: [] });
  }
  if (query.ipv6.length > 0) notes.push('The page lists IPv4 addresses only.');
  for (const host of query.hosts) {
    const listings = (index.hostListings.get(host) ?? []).map((l) => reportListing(l, 'exact', port, protocol, dataset.meta.lastUpdated));
    findings.push({ subject: { kind: 'host', value: host, role: null }, listed: listings.length > 0, addressRange: null, listings });
    if (listings.length === 0) listings.push(...partyListings(host, dataset, port, protocol));
    if (listings.length > 0) findings[findings.length - 1]!.listed = true;
    if (listings.length === 0) {
      const near = closest(host, index.hostNames, Math.max(2, Math.floor(host.length / 5)));
      if (near.length > 0) notes.push(`${host} is not listed; did you mean ${near.join(' or ')}?`);
    }
  }

  if (findings.some((f) => !f.listed && f.subject.role === 'source')) {
    notes.push('The page names the sources of traffic by role (your workstation, the worker nodes), not by address: a source address is usually one of your own machines.');
  }
  const unlisted = findings.filter((f) => !f.listed && f.subject.kind !== 'host' && f.subject.role !== 'source' && f.addressRange !== 'ipv6');
  if (unlisted.length > 0 && index.references.length > 0) {
    notes.push(
      `Some rules point to address lists the page does not include, which may hold it: ${index.references.map((r) => `${r.label} (${r.url})`).join('; ')}.`,
    );
  }

  const otherProtocol = findings.flatMap((f) => f.listings.flatMap((l) => l.rules.filter((r) => r.portMatch === 'other-protocol')));
  if (protocol !== null && otherProtocol.length > 0) {
    const names = [...new Set(otherProtocol.map((r) => r.rule))];
    notes.push(
      `The protocol is what does not match: ${protocol.toUpperCase()} was asked, and ${names.join(', ')} ` +
        `allow${names.length === 1 ? 's' : ''} ${[...new Set(otherProtocol.flatMap((r) => r.protocols))].map((p) => p.toUpperCase()).join('/')} only.`,
    );
  }

  let portFinding: WhyResult['port'] = null;
  if (port !== null && findings.length === 0) {
    const opens = (r: IndexedRule) => opensPort(r, port, protocol);
    const named = index.rules.filter((r) => r.portRanges.length > 0 && opens(r) === 'yes');
    const everyPort = index.rules.filter((r) => r.portRanges.length === 0 && !r.portUnknown && opens(r) === 'yes');
    const clusterPort = index.rules.filter((r) => opens(r) === 'depends-on-cluster');
    portFinding = {
      port,
      protocol,
      rules: named.map((r) => reportRule(r, null, port, protocol)),
      everyPortRules: everyPort.map((r) => r.rule),
      clusterPortRules: clusterPort.map((r) => r.rule),
    };
  }

  return {
    contract: WHY_CONTRACT_VERSION,
    input: text,
    dataset: datasetInfo(dataset),
    query: {
      addresses: query.addresses.map((a) => ({ value: a.value, role: a.role })),
      hosts: query.hosts,
      port,
      protocol,
    },
    findings,
    port: portFinding,
    problems: query.problems.map((p) =>
      p.code === 'nothing-to-look-up'
        ? { ...p, message: `${p.message} For example: ${dataset.meta.examples.why.map((e) => `"${e}"`).join(', ')}.` }
        : p,
    ),
    notes,
  };
}
