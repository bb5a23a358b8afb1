import type { Answer } from '../core/answer.js';
import type { Direction } from '../core/dataset/schema.js';
import type { Exporter } from './exporter.js';
import {
  addressSides,
  commentLines,
  describeExport,
  RETURN_TRAFFIC,
  describeTrailer,
  explainRule,
  planByDirection,
  PROTOCOL_NUMBERS,
  truncateBytes,
  uniqueName,
  type PlannedRule,
  type PortRange,
  type ProtocolMatch,
} from './plan.js';

// An nft script: one table, a named set per group of destination addresses, a regular chain per direction and
// one commented rule per protocol. Names, placeholders and references become comments, never rules.

export const NFT_TABLE = 'porthole';

export const NFT_CHAINS: Record<Direction, string> = {
  outbound: 'outbound',
  inbound: 'inbound',
  'between-workers': 'between_workers',
};

// nft keeps at most 128 bytes of a rule comment and has no escape for a double quote inside one.
const COMMENT_MAX_BYTES = 128;

function quoteComment(text: string): string {
  return `"${truncateBytes(text.replace(/"/g, "'").replace(/\\/g, '/'), COMMENT_MAX_BYTES)}"`;
}

function setName(ruleId: string): string {
  return `${ruleId.replace(/[^A-Za-z0-9]+/g, '_')}_dst`;
}

function portText(range: PortRange): string {
  return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
}

function protocolPart(match: ProtocolMatch, portPlaceholder: string | null): string {
  if (match.protocol === 'all') return '';
  const number = PROTOCOL_NUMBERS[match.protocol];
  if (number !== undefined) return ` ip protocol ${number}`;
  if (portPlaceholder) return ` ${match.protocol} dport ${portPlaceholder}`;
  if (match.ports.length === 0) return ` meta l4proto ${match.protocol}`;
  if (match.ports.length === 1) return ` ${match.protocol} dport ${portText(match.ports[0]!)}`;
  return ` ${match.protocol} dport { ${match.ports.map(portText).join(', ')} }`;
}

function addressMatch(field: 'saddr' | 'daddr', values: string[]): string {
  if (values.length === 0) return '';
  return values.length === 1 ? ` ip ${field} ${values[0]}` : ` ip ${field} { ${values.join(', ')} }`;
}

interface NamedSet {
  name: string;
  elements: string[];
}

function ruleLines(plan: PlannedRule, setFor: (plan: PlannedRule) => NamedSet | null): string[] {
  const lines = commentLines(explainRule(plan));
  const sides = addressSides(plan);
  const set = setFor(plan);
  const tail = ` accept comment ${quoteComment(plan.comment)}`;
  const variants: { source: string; destination: string; template: boolean }[] = [];
  const anySource = addressMatch('saddr', sides.sources);
  const destinations = [...(set ? [` ip daddr @${set.name}`] : []), ...(sides.anyDestination ? [''] : [])];
  for (const destination of destinations) {
    variants.push({ source: anySource, destination, template: plan.portUnknown });
    for (const s of sides.templateSources) variants.push({ source: ` ip saddr ${s}`, destination, template: true });
  }
  for (const d of sides.templateDestinations) {
    variants.push({ source: anySource, destination: ` ip daddr ${d}`, template: true });
    for (const s of sides.templateSources) variants.push({ source: ` ip saddr ${s}`, destination: ` ip daddr ${d}`, template: true });
  }
  if (variants.length === 0) lines.push('# (no address rule: the destinations above are names or lists kept elsewhere)');
  for (const v of variants) {
    for (const match of plan.matches) {
      const line = `${v.source}${v.destination}${protocolPart(match, plan.portPlaceholder)}${tail}`.trimStart();
      lines.push(v.template || !plan.active ? `# ${line}` : line);
    }
  }
  return lines;
}

export function renderNftables(answer: Answer): string {
  const groups = planByDirection(answer);
  // One set per distinct list of destination addresses, named after the first rule that uses it.
  const sets = new Map<string, NamedSet>();
  const setFor = (plan: PlannedRule): NamedSet | null => {
    const elements = plan.destinationAddresses.map((e) => e.value);
    if (elements.length === 0) return null;
    const key = elements.join(' ');
    if (!sets.has(key)) {
      const taken = new Set([...sets.values()].map((set) => set.name));
      sets.set(key, { name: uniqueName(setName(plan.rule.id), taken, '_'), elements });
    }
    return sets.get(key)!;
  };
  const chains = groups.map((group) => ({
    name: NFT_CHAINS[group.direction],
    direction: group.direction,
    lines: group.rules.flatMap((plan) => ['', ...ruleLines(plan, setFor)]),
  }));

  const out: string[] = [
    ...commentLines(describeExport(answer, 'nftables rules')),
    '#',
    '# Load with: nft -f FILE. The first two commands drop an earlier porthole table, so loading the file again',
    '# replaces the table instead of adding to it. The chains have no hook: add a base chain to this table that',
    `# jumps to them for the traffic they cover, for example in a chain with "type filter hook forward priority 0;":`,
    `#   ip saddr <your workstations> jump ${NFT_CHAINS.outbound}`,
    '# A rule whose source is not an address matches any source in its chain. Lines "# ip ..." are rules that',
    '# need a value filled in first (the <...> part, the comments above each rule say how to find it), or are',
    '# optional rules left out until asked for; each rule\'s comment says whether it is required, optional or when.',
    ...commentLines(RETURN_TRAFFIC),
    `table inet ${NFT_TABLE}`,
    `delete table inet ${NFT_TABLE}`,
    `table inet ${NFT_TABLE} {`,
  ];
  for (const set of sets.values()) {
    out.push(
      `  set ${set.name} {`,
      '    type ipv4_addr',
      // auto-merge: a listed address may fall inside a listed subnet, which nft would otherwise reject.
      '    flags interval',
      '    auto-merge',
      `    elements = { ${set.elements.join(', ')} }`,
      '  }',
    );
  }
  for (const chain of chains) {
    out.push(`  chain ${chain.name} {`, `    # ${chain.direction}`, '    # ct state established,related accept', ...chain.lines.map((l) => (l ? `    ${l}` : '')), '  }');
  }
  out.push('}');
  const trailer = describeTrailer(answer, groups.flatMap((g) => g.rules));
  if (trailer.length > 0) out.push('', ...commentLines(trailer));
  return out.join('\n') + '\n';
}

export const nftablesExporter: Exporter = {
  id: 'nftables',
  title: 'nftables script',
  fileExtension: 'nft',
  mimeType: 'text/plain',
  render: renderNftables,
};
