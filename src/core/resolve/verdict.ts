import type { AnswerRule, QueryCheck, RuleEndpoint, Verdict } from '../answer.js';
import { ipv4Span, isIPv4OrCidr, parseIPv4Network, parsePortRange } from '../net.js';
import { describeNeed, describeProtocols } from '../render/describe.js';

// A yes/no question about a port, protocol, address or host name, asked of a topic: "must 2049 be open for
// file storage?" is answered yes, no or partly, then the rules that name it, then what else the topic needs.

/** What a rule has of what was asked, kind by kind. */
function namesPort(rule: AnswerRule, port: string): boolean {
  const asked = parsePortRange(port);
  return asked !== null && rule.ports.some((spec) => {
    const range = parsePortRange(spec);
    return range !== null && range.from <= asked.from && asked.to <= range.to;
  });
}

function namesProtocol(rule: AnswerRule, protocol: string): boolean {
  return rule.protocols.some((p) => p === protocol || p === 'all');
}

function namesAddress(rule: AnswerRule, address: string): boolean {
  if (!isIPv4OrCidr(address)) return false;
  const asked = ipv4Span(parseIPv4Network(address));
  return endpoints(rule).some((e) => {
    if ((e.kind !== 'ip' && e.kind !== 'cidr') || !isIPv4OrCidr(e.value)) return false;
    // Overlapping either way: a rule's /28 inside the /24 asked is named by it too.
    const span = ipv4Span(parseIPv4Network(e.value));
    return span.first <= asked.last && asked.first <= span.last;
  });
}

function namesHost(rule: AnswerRule, host: string): boolean {
  // "icr.io" asked names de.icr.io too; "*.icr.io" in a rule names de.icr.io asked.
  return endpoints(rule).some((e) => e.kind === 'host' && (e.value === host || e.value.endsWith(`.${host}`) || (e.value.startsWith('*.') && host.endsWith(e.value.slice(1)))));
}

function endpoints(rule: AnswerRule): RuleEndpoint[] {
  return [...rule.sources, ...rule.destinations];
}

/** For each thing asked, whether the rule names it. */
function matchesOf(rule: AnswerRule, check: QueryCheck): boolean[] {
  return [
    ...(check.ports ?? []).map((p) => namesPort(rule, p)),
    ...(check.protocols ?? []).map((p) => namesProtocol(rule, p)),
    ...(check.addresses ?? []).map((a) => namesAddress(rule, a)),
    ...(check.hosts ?? []).map((h) => namesHost(rule, h)),
  ];
}

/** "TCP 443 outbound to c1.eu-de.containers.cloud.ibm.com, ... (kubectl.master, required)" */
function describeRule(rule: AnswerRule): string {
  const to = rule.destinations.slice(0, 2).map((e) => e.value).join(', ') + (rule.destinations.length > 2 ? ', ...' : '');
  return `${describeProtocols(rule.protocols)}${rule.ports.length > 0 ? ` ${rule.ports.join(', ')}` : ''} ${rule.direction} to ${to} (${rule.id}, ${describeNeed(rule)})`;
}

/** Rules that send the reader to another page for their addresses: the verdict cannot see those. */
function referencesOf(rules: AnswerRule[]): string {
  const refs = [...new Set(rules.flatMap((r) => endpoints(r).filter((e) => e.kind === 'reference').map((e) => e.value)))];
  return refs.length > 0 ? `; the addresses of ${refs.join(', ')} are on IBM's pages, not here` : '';
}

function askedWords(check: QueryCheck): string {
  return [...(check.protocols ?? []).map((p) => p.toUpperCase()), ...(check.ports ?? []), ...(check.addresses ?? []), ...(check.hosts ?? [])].join(' ');
}

/**
 * The verdict, and the rules with those that name what was asked first. Yes: a rule needed without condition
 * names all of it; partly: only optional or conditional rules do, or rules name some of it; no: none names any.
 */
export function checkRules(rules: AnswerRule[], check: QueryCheck, title: string): { verdict: Verdict; rules: AnswerRule[] } {
  const matches = rules.map((rule) => matchesOf(rule, check));
  const naming = rules.filter((_, i) => matches[i]!.every(Boolean));
  const some = rules.filter((_, i) => matches[i]!.some(Boolean) && !matches[i]!.every(Boolean));
  const others = rules.filter((r) => !naming.includes(r) && !some.includes(r));
  const asked = askedWords(check);
  const answer = naming.some((r) => r.required && !r.condition) ? 'yes' : naming.length > 0 || some.length > 0 ? 'partly' : 'no';
  const shown = (naming.length > 0 ? naming : some).sort((a, b) => Number(a.prerequisite) - Number(b.prerequisite));
  const also = others.length > 0 ? `; the topic also needs ${others.length === 1 ? 'one other rule' : `${others.length} other rules`}: ${others.slice(0, 4).map((r) => r.id).join(', ')}${others.length > 4 ? ', ...' : ''}` : '';
  const text =
    answer === 'no'
      ? `No: no rule of ${title} names ${asked}${rules.length > 0 ? `; it needs: ${rules.slice(0, 4).map((r) => r.id).join(', ')}${rules.length > 4 ? ', ...' : ''}` : ''}${referencesOf(rules)}.`
      : `${answer === 'yes' ? 'Yes' : 'Partly'}: ${shown.slice(0, 3).map(describeRule).join('; ')}${shown.length > 3 ? `; and ${shown.length - 3} more` : ''}${also}.`;
  return { verdict: { answer, text, rules: shown.map((r) => r.id) }, rules: [...shown, ...rules.filter((r) => !shown.includes(r))] };
}
