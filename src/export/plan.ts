import ipaddr from 'ipaddr.js';
import type { Answer, AnswerRule, PendingValue, RuleEndpoint } from '../core/answer.js';
import type { Direction, Protocol } from '../core/dataset/schema.js';
import { describeSubject } from '../core/render/describe.js';

// What every firewall format needs to know about an answer, worked out once: which endpoints are addresses a
// packet filter can match, which are names or placeholders it cannot, and which ports each protocol opens.

export interface PortRange {
  from: number;
  to: number;
}

export interface ProtocolMatch {
  protocol: Protocol;
  /** For tcp and udp: the ports to open, empty meaning every port. Always empty for vrrp, ipencap and all. */
  ports: PortRange[];
}

export interface PlannedRule {
  rule: AnswerRule;
  /** `<rule id>: <purpose> (#<section>)`, the one-line comment every format attaches to the rule. */
  comment: string;
  /** Sources a packet filter can match (IPs, CIDRs). */
  sourceAddresses: RuleEndpoint[];
  /** Sources that are not addresses: placeholders (your workstation, the worker nodes), host names, references. */
  sourceOthers: RuleEndpoint[];
  destinationAddresses: RuleEndpoint[];
  destinationHosts: RuleEndpoint[];
  destinationPlaceholders: RuleEndpoint[];
  destinationReferences: RuleEndpoint[];
  matches: ProtocolMatch[];
  pending: PendingValue[];
  /** A cluster-specific port with no known range: no rule can be written until someone looks it up. */
  portUnknown: boolean;
  /** What stands in for the unknown port in a commented template, e.g. `<the cluster's etcd port>`. */
  portPlaceholder: string | null;
}

export const DIRECTION_ORDER: readonly Direction[] = ['outbound', 'inbound', 'between-workers'];

const PORTLESS: ReadonlySet<Protocol> = new Set(['vrrp', 'ipencap', 'all']);

/** IANA protocol numbers, for formats that match protocols without ports by number. */
export const PROTOCOL_NUMBERS: Partial<Record<Protocol, number>> = { vrrp: 112, ipencap: 4 };

export function parsePortSpec(spec: string): PortRange {
  const [from, to] = spec.split('-').map(Number);
  return { from: from!, to: to ?? from! };
}

/**
 * An IPv4 address or CIDR a packet filter can match. Values from a cluster lookup are checked here too, so that
 * whatever an API returns can never become part of a rule; anything else is treated like a placeholder.
 */
export function isAddress(endpoint: RuleEndpoint): boolean {
  if (endpoint.kind === 'ip') return ipaddr.IPv4.isValidFourPartDecimal(endpoint.value);
  if (endpoint.kind !== 'cidr') return false;
  const [address, bits, ...rest] = endpoint.value.split('/');
  return rest.length === 0 && ipaddr.IPv4.isValidFourPartDecimal(address ?? '') && /^\d{1,2}$/.test(bits ?? '') && Number(bits) <= 32;
}

export function planRule(rule: AnswerRule): PlannedRule {
  const portUnknown = rule.pending.length > 0 && rule.ports.length === 0;
  const ranges = rule.ports.map(parsePortSpec);
  return {
    rule,
    comment: oneLine(`${rule.id}: ${rule.purpose} (#${rule.section})`),
    sourceAddresses: rule.sources.filter(isAddress),
    sourceOthers: rule.sources.filter((e) => !isAddress(e)),
    destinationAddresses: uniqueByValue(rule.destinations.filter(isAddress)),
    destinationHosts: rule.destinations.filter((e) => e.kind === 'host'),
    destinationPlaceholders: rule.destinations.filter((e) => e.kind === 'placeholder' || ((e.kind === 'ip' || e.kind === 'cidr') && !isAddress(e))),
    destinationReferences: rule.destinations.filter((e) => e.kind === 'reference'),
    matches: rule.protocols.map((protocol) => ({ protocol, ports: PORTLESS.has(protocol) ? [] : ranges })),
    pending: rule.pending,
    portUnknown,
    portPlaceholder: portUnknown ? `<${oneLine(rule.pending.map((p) => p.label).join(' / '))}>` : null,
  };
}

function uniqueByValue(endpoints: RuleEndpoint[]): RuleEndpoint[] {
  const seen = new Set<string>();
  return endpoints.filter((e) => !seen.has(e.value) && seen.add(e.value));
}

/** The answer's rules grouped by direction, in a fixed direction order and the answer's rule order. */
export function planByDirection(answer: Answer): { direction: Direction; rules: PlannedRule[] }[] {
  return DIRECTION_ORDER.map((direction) => ({
    direction,
    rules: answer.rules.filter((r) => r.direction === direction).map(planRule),
  })).filter((group) => group.rules.length > 0);
}

/** `name`, or `name-2`, `name-3`... when a different thing already took it (rule ids can sanitise alike). */
export function uniqueName(name: string, taken: ReadonlySet<string>, separator = '-'): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name}${separator}${n}`;
  return candidate;
}

/** Flattens text for a one-line comment: no line breaks, no runs of spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts text to at most `maxBytes` UTF-8 bytes, marking the cut with "...". */
export function truncateBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(out + ch, 'utf8') > maxBytes - 3) break;
    out += ch;
  }
  return `${out}...`;
}

export function describeEndpoint(endpoint: RuleEndpoint): string {
  if (endpoint.kind === 'reference') return `${endpoint.value}: ${endpoint.url ?? ''}${endpoint.label !== endpoint.value ? ` (${endpoint.label})` : ''}`;
  return endpoint.label && endpoint.label !== endpoint.value ? `${endpoint.value} (${endpoint.label})` : endpoint.value;
}

export function describePorts(plan: PlannedRule): string {
  if (plan.portUnknown) return plan.portPlaceholder!;
  return plan.rule.ports.length > 0 ? plan.rule.ports.join(', ') : '';
}

/** How a format says what becomes of endpoints that are not addresses. */
export interface RuleWording {
  /** After "from <placeholder>:" when the rule names no source address. */
  openSource: string;
  /** After "to <placeholder>:". */
  placeholderDestination: string;
}

export const TEMPLATE_WORDING: RuleWording = {
  openSource: 'not an address, so the rule matches any source',
  placeholderDestination: 'not an address; fill in the commented rule below',
};

/**
 * Comment lines (without the comment marker) that every format writes about a rule: what it is for, where the
 * page says so, and everything in it that cannot be an address rule, with the steps that find it.
 */
export function explainRule(plan: PlannedRule, wording: RuleWording = TEMPLATE_WORDING): string[] {
  const { rule } = plan;
  const lines = [oneLine(`${rule.id} [${rule.required ? 'required' : 'optional'}] ${rule.purpose}`), `  ${oneLine(rule.sectionUrl)}`];
  const explain = (prefix: string, endpoint: RuleEndpoint, what: string) => {
    lines.push(`  ${prefix} ${oneLine(describeEndpoint(endpoint))}: ${what}`);
    if (endpoint.find && endpoint.find.length > 0) lines.push(`    find it: ${oneLine(endpoint.find.join(' ; '))}`);
  };
  if (plan.sourceAddresses.length > 0) lines.push(`  from ${plan.sourceAddresses.map((s) => s.value).join(', ')}`);
  const sourceWhat = plan.sourceAddresses.length === 0 ? wording.openSource : TEMPLATE_WORDING.placeholderDestination;
  for (const s of plan.sourceOthers) explain('from', s, sourceWhat);
  for (const p of plan.pending) {
    const what = plan.portUnknown ? 'port' : `port ${p.range ?? ''} stands for`;
    lines.push(`  ${what} ${oneLine(p.label)}: cluster-specific; find it: ${oneLine(p.find.join(' ; '))}`);
  }
  for (const h of plan.destinationHosts) explain('to host', h, 'a host name, not an IP rule; allow it by name in a proxy or DNS-aware firewall');
  for (const p of plan.destinationPlaceholders) explain('to', p, wording.placeholderDestination);
  for (const r of plan.destinationReferences) explain('to', r, 'the page lists these addresses elsewhere; add them from there');
  for (const n of rule.notes) lines.push(`  note: ${oneLine(n)}`);
  return lines;
}

/** The header every format starts with, as comment lines without the marker. */
export function describeExport(answer: Answer, title: string): string[] {
  const { dataset } = answer;
  return [
    `porthole ${title}: ${oneLine(describeSubject(answer))}`,
    oneLine(`Dataset ${dataset.version} (updated ${dataset.lastUpdated}) from "${dataset.source.title}"`),
    `  ${oneLine(dataset.source.url)}`,
  ];
}

/**
 * What every format writes after its rules, as comment lines without the marker: the host names a packet filter
 * cannot hold (for a proxy or DNS-aware firewall) and the answer's notes.
 */
export function describeTrailer(answer: Answer, plans: PlannedRule[]): string[] {
  const hosts = plans.flatMap((plan) =>
    plan.destinationHosts.map((host) => {
      const ports = describePorts(plan);
      return `  ${oneLine(host.value)}${host.deprecated ? ' (deprecated)' : ''}  ${plan.rule.protocols.join('/')}${ports ? ` ${ports}` : ''}  (${plan.rule.id})`;
    }),
  );
  return [
    ...(hosts.length > 0 ? ['Host names (not IP rules; allow them by name in a proxy or DNS-aware firewall):', ...hosts] : []),
    ...(answer.notes.length > 0 ? ['Notes:', ...answer.notes.map((n) => `- ${oneLine(n)}`)] : []),
  ];
}

/** How a non-address endpoint is written where a format's commented template needs a value filled in. */
export function templateValue(endpoint: RuleEndpoint): string {
  const value = oneLine(endpoint.value);
  return endpoint.kind === 'reference' || !value.startsWith('<') ? `<${value}>` : value;
}

/**
 * The address rules of a planned rule, for formats that match source and destination addresses.
 * Active rules need a destination address and a known port. A placeholder destination, a placeholder source
 * beside source addresses, or an unknown port gives commented templates with the value to fill in.
 */
export interface AddressRuleSides {
  /** Source addresses; empty means the rules match any source. */
  sources: string[];
  templateSources: string[];
  destinations: string[];
  templateDestinations: string[];
}

export function addressSides(plan: PlannedRule): AddressRuleSides {
  return {
    sources: plan.sourceAddresses.map((e) => e.value),
    templateSources: plan.sourceAddresses.length > 0 ? plan.sourceOthers.map(templateValue) : [],
    destinations: plan.destinationAddresses.map((e) => e.value),
    templateDestinations: plan.destinationPlaceholders.map(templateValue),
  };
}

/** Every source/destination pair of a rule, each marked as a template when one side still needs filling in. */
export function addressPairs(plan: PlannedRule): { source: string | null; destination: string; template: boolean }[] {
  const sides = addressSides(plan);
  const sources: { value: string | null; template: boolean }[] = [
    ...(sides.sources.length > 0 ? sides.sources.map((value) => ({ value, template: false })) : [{ value: null, template: false }]),
    ...sides.templateSources.map((value) => ({ value, template: true })),
  ];
  const destinations = [
    ...sides.destinations.map((value) => ({ value, template: false })),
    ...sides.templateDestinations.map((value) => ({ value, template: true })),
  ];
  return sources.flatMap((s) =>
    destinations.map((d) => ({ source: s.value, destination: d.value, template: plan.portUnknown || s.template || d.template })),
  );
}
