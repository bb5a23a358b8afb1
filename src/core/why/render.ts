import { wrapLine } from '../render/text.js';
import { describeProtocols } from '../render/describe.js';
import type { WhyFinding, WhyListing, WhyResult, WhyRule } from './result.js';

function where(listing: WhyListing): string {
  const regions = listing.regions[0] === 'global' ? 'all regions' : listing.regions.map((r, i) => `${listing.regionNames[i]} (${r})`).join(', ');
  const zones = listing.zones.length > 0 ? `, zone${listing.zones.length > 1 ? 's' : ''} ${listing.zones.join(', ')}` : '';
  return `${regions}${zones}`;
}

function portsOf(rule: WhyRule): string {
  const parts = [...rule.ports];
  if (rule.clusterPort) parts.push(`${rule.clusterPort.label}${rule.clusterPort.range ? ` (${rule.clusterPort.range})` : ''}`);
  return parts.length > 0 ? `, ports: ${parts.join(', ')}` : '';
}

const PORT_MATCH: Record<NonNullable<WhyRule['portMatch']>, string> = {
  yes: 'opens the asked port',
  no: 'does not open the asked port',
  'depends-on-cluster': 'its port depends on the cluster',
  'other-protocol': 'allows another protocol than the asked one',
};

function ruleLines(rule: WhyRule, indent: string, ended: string | null): string[] {
  const opens =
    rule.portMatch === null
      ? ''
      : rule.portMatch === 'other-protocol'
        ? `  [allows ${describeProtocols(rule.protocols)} only, not the asked protocol]`
        : `  [${PORT_MATCH[rule.portMatch]}]`;
  return [
    `${indent}${rule.rule}  (${rule.scenario.title}, ${ended ? `ended ${ended}` : rule.required ? 'required' : 'optional'})${opens}`,
    `${indent}  ${rule.direction} from ${rule.from.join(', ')} to ${rule.to.join(', ')}`,
    `${indent}  ${describeProtocols(rule.protocols)}${portsOf(rule)}`,
    `${indent}  ${rule.purpose}`,
    `${indent}  ${rule.sectionUrl}`,
  ];
}

// ipaddr.js's range names, as a sentence reads them.
const RANGE_NAMES: Record<string, string> = {
  linkLocal: 'link-local',
  carrierGradeNat: 'carrier-grade NAT',
  ipv6: 'IPv6',
  reserved: 'reserved',
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  loopback: 'loopback',
  private: 'private',
};

/** "It is a private address." for an address in a special range (ipaddr.js's range names); null for plain unicast. */
export function addressRangeSentence(finding: WhyFinding): string | null {
  if (finding.addressRange === null || finding.addressRange === 'unicast') return null;
  const name = RANGE_NAMES[finding.addressRange] ?? finding.addressRange;
  return `It is ${/^[aeiouI]/.test(name) ? 'an' : 'a'} ${name} address.`;
}

function findingLines(finding: WhyFinding, version: string): string[] {
  const { subject } = finding;
  const role = subject.role ? ` (${subject.role})` : '';
  if (!finding.listed) {
    const range = addressRangeSentence(finding);
    return [`${subject.value}${role} is not listed in the dataset (${version}).${range !== null ? ` ${range}` : ''}`];
  }
  const lines = [`${subject.value}${role} is listed in the dataset (${version}):`];
  for (const listing of finding.listings) {
    const inside = listing.relation === 'inside' ? `inside ${listing.value}: ` : listing.relation === 'contains' ? `holds ${listing.value}: ` : '';
    const deprecated = listing.deprecated ? ' (deprecated host name)' : '';
    lines.push(`  ${inside}${listing.label}${deprecated}, ${where(listing)}`);
    const row = [...listing.row.hosts, ...listing.row.deprecatedHosts.map((h) => `${h} (deprecated)`), ...listing.row.addresses];
    if (listing.table) lines.push(`    row: ${row.join(', ')}`);
    if (listing.note) lines.push(`    note: ${listing.note}`);
    if (listing.until) lines.push(`    ${listing.ended ? 'ended' : 'applies until'} ${listing.until}${listing.ended ? ': this row is history, neither required nor optional' : ''}`);
    if (listing.rules.length === 0) lines.push('    no rule uses this table');
    for (const rule of listing.rules) lines.push(...ruleLines(rule, '    ', listing.ended ? listing.until : null));
  }
  return lines;
}

/** The why lookup for a terminal: each address, host or port, where the dataset lists it and the rules behind it. */
export function renderWhyText(result: WhyResult): string {
  const out: string[] = [];
  for (const p of result.problems) out.push(`- ${p.message}`);
  const version = result.dataset.version;
  for (const finding of result.findings) {
    if (out.length > 0) out.push('');
    out.push(...findingLines(finding, version));
  }
  if (result.port) {
    const { port, protocol, rules, everyPortRules, clusterPortRules } = result.port;
    const what = `Port ${port}${protocol ? `/${protocol}` : ''}`;
    if (out.length > 0) out.push('');
    out.push(rules.length > 0 ? `${what} is named by these rules of the dataset (${version}):` : `No rule of the dataset (${version}) names ${what.toLowerCase()}.`);
    for (const rule of rules) out.push(...ruleLines(rule, '  ', null));
    if (everyPortRules.length > 0) out.push(`Rules that open every port also cover it: ${everyPortRules.join(', ')}.`);
    if (clusterPortRules.length > 0) out.push(`Rules whose port depends on the cluster may use it: ${clusterPortRules.join(', ')}.`);
  }
  if (result.notes.length > 0) {
    out.push('', 'Notes');
    for (const n of result.notes) out.push(`- ${n}`);
  }
  return out.flatMap((line) => wrapLine(line)).join('\n') + '\n';
}
