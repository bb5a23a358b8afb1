import type { Answer } from '../core/answer.js';
import type { Direction } from '../core/dataset/schema.js';
import type { Exporter } from './exporter.js';
import {
  addressPairs,
  commentLines,
  describeExport,
  RETURN_TRAFFIC,
  describeTrailer,
  explainRule,
  planByDirection,
  PROTOCOL_NUMBERS,
  truncateBytes,
  type PlannedRule,
  type PortRange,
  type ProtocolMatch,
} from './plan.js';

// An iptables-restore file for the filter table: one chain of its own per direction, one commented ACCEPT rule
// per source, destination and protocol. Names, placeholders and references become comments, never rules.

export const IPTABLES_CHAINS: Record<Direction, string> = {
  outbound: 'PORTHOLE-OUTBOUND',
  inbound: 'PORTHOLE-INBOUND',
  'between-workers': 'PORTHOLE-WORKERS',
};

// The comment match keeps at most 255 bytes (256 with the final NUL); multiport at most 15 ports, a range
// counting as two.
const COMMENT_MAX_BYTES = 255;
const MULTIPORT_SLOTS = 15;

function quoteComment(text: string): string {
  const escaped = truncateBytes(text, COMMENT_MAX_BYTES).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return `"${escaped}"`;
}

function portText(range: PortRange): string {
  return range.from === range.to ? String(range.from) : `${range.from}:${range.to}`;
}

/** The protocol and port part of each line a protocol needs: one, or several when multiport runs out of slots. */
function protocolParts(match: ProtocolMatch, portPlaceholder: string | null): string[] {
  if (match.protocol === 'all') return [''];
  const number = PROTOCOL_NUMBERS[match.protocol];
  if (number !== undefined) return [` -p ${number}`];
  const p = ` -p ${match.protocol}`;
  if (portPlaceholder) return [`${p} -m ${match.protocol} --dport ${portPlaceholder}`];
  if (match.ports.length === 0) return [p];
  if (match.ports.length === 1) return [`${p} -m ${match.protocol} --dport ${portText(match.ports[0]!)}`];
  const chunks: PortRange[][] = [[]];
  let used = 0;
  for (const range of match.ports) {
    const slots = range.from === range.to ? 1 : 2;
    if (used + slots > MULTIPORT_SLOTS) {
      chunks.push([]);
      used = 0;
    }
    chunks.at(-1)!.push(range);
    used += slots;
  }
  return chunks.map((chunk) => `${p} -m multiport --dports ${chunk.map(portText).join(',')}`);
}

function ruleLines(plan: PlannedRule, chain: string): string[] {
  const lines = commentLines(explainRule(plan));
  const comment = ` -m comment --comment ${quoteComment(plan.comment)} -j ACCEPT`;
  const pairs = addressPairs(plan);
  if (pairs.length === 0) lines.push('# (no address rule: the destinations above are names or lists kept elsewhere)');
  for (const pair of pairs) {
    const source = pair.source ? ` -s ${pair.source}` : '';
    for (const match of plan.matches) {
      for (const part of protocolParts(match, plan.portPlaceholder)) {
        const line = `-A ${chain}${source}${pair.destination ? ` -d ${pair.destination}` : ''}${part}${comment}`;
        lines.push(pair.template || !plan.active ? `# ${line}` : line);
      }
    }
  }
  return lines;
}

export function renderIptables(answer: Answer): string {
  const groups = planByDirection(answer);
  const out: string[] = [
    ...commentLines(describeExport(answer, 'iptables rules')),
    '#',
    '# Load with: iptables-restore --noflush < FILE   (without --noflush it replaces the whole filter table)',
    '# The chains are not hooked in: jump to them from INPUT, FORWARD or OUTPUT for the traffic they cover,',
    `# for example: -A FORWARD -s <your workstations> -j ${IPTABLES_CHAINS.outbound}`,
    '# A rule whose source is not an address matches any source in its chain. Lines "# -A ..." are rules that',
    '# need a value filled in first (the <...> part, the comments above each rule say how to find it), or are',
    '# optional rules left out until asked for; each rule\'s comment says whether it is required, optional or when.',
    ...commentLines(RETURN_TRAFFIC),
    '*filter',
    ...groups.map((g) => `:${IPTABLES_CHAINS[g.direction]} - [0:0]`),
  ];
  for (const group of groups) {
    const chain = IPTABLES_CHAINS[group.direction];
    out.push('', `# ${group.direction} (${chain})`, `# -A ${chain} -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT`);
    for (const plan of group.rules) out.push('', ...ruleLines(plan, IPTABLES_CHAINS[group.direction]));
  }
  out.push('COMMIT');
  const trailer = describeTrailer(answer, groups.flatMap((g) => g.rules));
  if (trailer.length > 0) out.push('', ...commentLines(trailer));
  return out.join('\n') + '\n';
}

export const iptablesExporter: Exporter = {
  id: 'iptables',
  title: 'iptables-restore rules',
  fileExtension: 'rules',
  mimeType: 'text/plain',
  render: renderIptables,
};
