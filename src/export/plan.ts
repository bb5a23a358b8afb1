import type { Answer, AnswerRule, PendingValue, Query, RuleEndpoint } from '../core/answer.js';
import type { Direction, Protocol } from '../core/dataset/schema.js';
import { isIPv4, isIPv4Cidr, parsePortRange, type PortRange } from '../core/net.js';
import { describeSources, describeSubject } from '../core/render/describe.js';

// What every firewall format needs to know about an answer, worked out once: which endpoints are addresses a
// packet filter can match, which are names or placeholders it cannot, and which ports each protocol opens.

export type { PortRange } from '../core/net.js';

export interface ProtocolMatch {
  protocol: Protocol;
  /** For tcp and udp: the ports to open, empty meaning every port. Always empty for vrrp, ipencap and all. */
  ports: PortRange[];
}

export interface PlannedRule {
  rule: AnswerRule;
  /** "required", "optional", "required if you use load balancer services": what the rule's own comment says. */
  need: string;
  /**
   * False for an optional rule the asker did not ask to include: formats write it commented out, ready to
   * enable (--with-optional, "including optional" make it active).
   */
  active: boolean;
  /** `<rule id> [<need>]: <purpose> (#<section>)`, the one-line comment every format attaches to the rule. */
  comment: string;
  /** Sources a packet filter can match (IPs, CIDRs). */
  sourceAddresses: RuleEndpoint[];
  /** Sources that are not addresses: placeholders (your workstation, the worker nodes), host names, references. */
  sourceOthers: RuleEndpoint[];
  destinationAddresses: RuleEndpoint[];
  destinationHosts: RuleEndpoint[];
  destinationPlaceholders: RuleEndpoint[];
  destinationReferences: RuleEndpoint[];
  /** The rule allows any destination address (an endpoint of kind any): a real rule with no address match. */
  destinationAny: boolean;
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

/**
 * An IPv4 address or CIDR a packet filter can match. Values from a cluster lookup are checked here too, so that
 * whatever an API returns can never become part of a rule; anything else is treated like a placeholder.
 */
export function isAddress(endpoint: RuleEndpoint): boolean {
  if (endpoint.kind === 'ip') return isIPv4(endpoint.value);
  return endpoint.kind === 'cidr' && isIPv4Cidr(endpoint.value);
}

/** "required", "optional", or with the rule's condition: "required if you use load balancer services". */
export function ruleNeed(rule: AnswerRule): string {
  if (rule.ended) return `ended ${rule.ended}`;
  const need = rule.required ? 'required' : 'optional';
  return rule.condition ? oneLine(`${need}${rule.required ? ' ' : ', '}${rule.condition}`) : need;
}

/** What the asker wants of the export beyond the rules: optional rules active or commented out. */
export type PlanOptions = Pick<Query, 'includeOptional'>;

export function planRule(rule: AnswerRule, options: PlanOptions = {}): PlannedRule {
  const parsed = rule.ports.map(parsePortRange);
  // A port that does not parse (only possible from a cluster lookup) is treated like one still to look up.
  const ranges = parsed.filter((r): r is PortRange => r !== null);
  const portUnknown = (rule.pending.length > 0 && rule.ports.length === 0) || ranges.length < parsed.length;
  const need = ruleNeed(rule);
  return {
    rule,
    need,
    active: rule.required || options.includeOptional === true,
    comment: oneLine(`${rule.id} [${need}]: ${rule.purpose} (#${rule.section})`),
    sourceAddresses: rule.sources.filter(isAddress),
    sourceOthers: rule.sources.filter((e) => !isAddress(e)),
    destinationAddresses: uniqueByValue(rule.destinations.filter(isAddress)),
    destinationHosts: rule.destinations.filter((e) => e.kind === 'host'),
    destinationPlaceholders: rule.destinations.filter((e) => e.kind === 'placeholder' || ((e.kind === 'ip' || e.kind === 'cidr') && !isAddress(e))),
    destinationReferences: rule.destinations.filter((e) => e.kind === 'reference'),
    destinationAny: rule.destinations.some((e) => e.kind === 'any'),
    matches: rule.protocols.map((protocol) => ({ protocol, ports: PORTLESS.has(protocol) ? [] : ranges })),
    pending: rule.pending,
    portUnknown,
    portPlaceholder: portUnknown ? `<${oneLine(rule.pending.map((p) => p.label).join(' / ') || 'port')}>` : null,
  };
}

function uniqueByValue(endpoints: RuleEndpoint[]): RuleEndpoint[] {
  const seen = new Set<string>();
  return endpoints.filter((e) => !seen.has(e.value) && seen.add(e.value));
}

/** The rules of an answer a firewall format writes: all but the allowlists kept on IBM's side. */
export function planAnswer(answer: Answer): PlannedRule[] {
  // An ended rule is history: never written to a firewall, even with the optional rules.
  return answer.rules.filter((r) => !r.allowlist && !r.ended).map((r) => planRule(r, answer.query));
}

/** The answer's firewall rules grouped by direction, in a fixed direction order and the answer's rule order. */
export function planByDirection(answer: Answer): { direction: Direction; rules: PlannedRule[] }[] {
  const plans = planAnswer(answer);
  return DIRECTION_ORDER.map((direction) => ({
    direction,
    rules: plans.filter((p) => p.rule.direction === direction),
  })).filter((group) => group.rules.length > 0);
}

/** `name`, or `name-2`, `name-3`... when a different thing already took it (rule ids can sanitise alike). */
export function uniqueName(name: string, taken: ReadonlySet<string>, separator = '-'): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name}${separator}${n}`;
  return candidate;
}

// Every character some reader ends a line at (YAML 1.1 readers and PyYAML take NEL, LS and PS too, a terminal
// VT and FF) and every other control character; format characters (bidi overrides) would show a comment in
// another order than it is read.
const LINE_BREAKING = /[\p{Cc}\u2028\u2029]+/gu;
const FORMAT = /\p{Cf}/gu;

/** A comment line's text, kept to one line in every reader: line breaks and controls become spaces. */
export function flattenComment(text: string): string {
  return text.replace(LINE_BREAKING, ' ').replace(FORMAT, '\ufffd');
}

/** Flattens text for a one-line comment: no line breaks, no runs of spaces. */
export function oneLine(text: string): string {
  return flattenComment(text).replace(/\s+/g, ' ').trim();
}

/** Lines as "#" comments of a rule file, a script or YAML, each kept to one line. */
export function commentLines(lines: readonly string[]): string[] {
  return lines.map((l) => (l ? `# ${flattenComment(l)}` : '#'));
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
  const lines = [oneLine(`${rule.id} [${plan.need}] ${rule.purpose}`), `  ${oneLine(rule.sectionUrl)}`];
  if (!plan.active) lines.push(`  ${OPTIONAL_OFF}`);
  const explain = (prefix: string, endpoint: RuleEndpoint, what: string) => {
    lines.push(`  ${prefix} ${oneLine(describeEndpoint(endpoint))}: ${what}`);
    if (endpoint.find && endpoint.find.length > 0) lines.push(`    find it: ${oneLine(endpoint.find.join(' ; '))}`);
  };
  if (plan.sourceAddresses.length > 0) lines.push(`  from ${plan.sourceAddresses.map((s) => s.value).join(', ')}`);
  const sourceWhat = plan.sourceAddresses.length === 0 ? wording.openSource : TEMPLATE_WORDING.placeholderDestination;
  for (const s of plan.sourceOthers) explain('from', s, s.kind === 'any' ? 'any address' : sourceWhat);
  for (const p of plan.pending) {
    const what = plan.portUnknown ? 'port' : `port ${p.range ?? ''} stands for`;
    lines.push(`  ${what} ${oneLine(p.label)}: cluster-specific; find it: ${oneLine(p.find.join(' ; '))}`);
  }
  for (const h of plan.destinationHosts) explain('to host', h, 'a host name, not an IP rule; allow it by name in a proxy or DNS-aware firewall');
  for (const p of plan.destinationPlaceholders) explain('to', p, wording.placeholderDestination);
  for (const r of plan.destinationReferences) explain('to', r, 'the page lists these addresses elsewhere; add them from there');
  if (plan.destinationAny) lines.push('  to any address: the rule has no destination match');
  for (const n of rule.notes) lines.push(`  note: ${oneLine(n)}`);
  return lines;
}

/** The header every format starts with, as comment lines without the marker. */
export function describeExport(answer: Answer, title: string): string[] {
  const { dataset } = answer;
  return [
    `porthole ${title}: ${oneLine(describeSubject(answer))}`,
    oneLine(`Dataset ${dataset.version} (${describeSources(dataset)}) from "${dataset.source.title}"`),
    `  ${oneLine(dataset.source.url)}`,
  ];
}

/**
 * What the packet filter formats say about return traffic, as comment lines without the marker, before the
 * commented rule that accepts it in a chain.
 */
export const RETURN_TRAFFIC = [
  'Return traffic: these chains allow new connections in the direction of each rule only. They assume that the',
  'replies are accepted before they reach these chains, as a stateful firewall does with a rule for established',
  'connections. If nothing does that for the traffic that jumps here, enable the rule below in each chain:',
];

export const ASK_FOR_OPTIONAL = 'ask "including optional" or pass --with-optional';
export const OPTIONAL_OFF = `optional: written commented out; ${ASK_FOR_OPTIONAL} to make it active`;

/** The answer's allowlists on IBM's side, which no format writes as a rule, as comment lines without the marker. */
export function describeAllowlists(answer: Answer): string[] {
  const allowlists = answer.rules.filter((r) => r.allowlist);
  if (allowlists.length === 0) return [];
  return [
    'Not firewall rules, so not written here: allowlists kept on IBM\'s side, which you maintain there:',
    ...allowlists.flatMap((r) => [
      `  ${oneLine(`${r.id} [${ruleNeed(r)}] ${r.purpose}`)}`,
      `    ${oneLine(r.sectionUrl)}`,
      ...r.sources.map((e) => `    add ${oneLine(describeEndpoint(e))}${e.find?.length ? `; find it: ${oneLine(e.find.join(' ; '))}` : ''}`),
    ]),
  ];
}

/**
 * What every format writes after its rules, as comment lines without the marker: the host names a packet filter
 * cannot hold (for a proxy or DNS-aware firewall), the allowlists on IBM's side and the answer's notes.
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
    ...describeAllowlists(answer),
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
  /** The rule allows any destination: one rule without a destination match. */
  anyDestination: boolean;
}

export function addressSides(plan: PlannedRule): AddressRuleSides {
  return {
    sources: plan.sourceAddresses.map((e) => e.value),
    templateSources: plan.sourceAddresses.length > 0 ? plan.sourceOthers.map(templateValue) : [],
    destinations: plan.destinationAddresses.map((e) => e.value),
    templateDestinations: plan.destinationPlaceholders.map(templateValue),
    anyDestination: plan.destinationAny,
  };
}

/** Every source/destination pair of a rule, each marked as a template when one side still needs filling in. */
export function addressPairs(plan: PlannedRule): { source: string | null; destination: string | null; template: boolean }[] {
  const sides = addressSides(plan);
  const sources: { value: string | null; template: boolean }[] = [
    ...(sides.sources.length > 0 ? sides.sources.map((value) => ({ value, template: false })) : [{ value: null, template: false }]),
    ...sides.templateSources.map((value) => ({ value, template: true })),
  ];
  const destinations: { value: string | null; template: boolean }[] = [
    ...(sides.anyDestination ? [{ value: null, template: false }] : []),
    ...sides.destinations.map((value) => ({ value, template: false })),
    ...sides.templateDestinations.map((value) => ({ value, template: true })),
  ];
  return sources.flatMap((s) =>
    destinations.map((d) => ({ source: s.value, destination: d.value, template: plan.portUnknown || s.template || d.template })),
  );
}
