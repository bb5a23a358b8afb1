import type { types } from '@slack/bolt';
import type { Answer, AnswerRule, PendingValue, RuleEndpoint } from '../core/answer.js';
import { describeNeed, describeProtocols } from '../core/render/describe.js';
import { forTerminal } from '../core/printable.js';
import { codeSpan, escapeMrkdwn, link } from './escape.js';

/**
 * The rules of an answer as table rows, in one cell model that renders two ways: as Slack `table` block cells
 * (raw_text, or rich_text when styled) for messages, and as mrkdwn lines where a table is not allowed (the App Home). Real values are
 * code; a placeholder (a value only the asker's cluster knows) is italic text saying what it stands for, and how
 * to find it is said once, in "Your cluster's values".
 */

export interface Span {
  text: string;
  style?: 'code' | 'italic' | 'bold';
  /** A link (http or https only): the span's text is its label. */
  url?: string;
}

export type Cell = Span[];

/** A cell shown empty: Slack refuses a cell without text, so it holds one space. */
export const TABLE_COLUMNS = ['Needed', 'Direction', 'From', 'To', 'Protocol', 'Ports', 'Purpose'] as const;

const DIRECTION: Record<AnswerRule['direction'], string> = {
  outbound: 'outbound',
  inbound: 'inbound',
  'between-workers': 'between worker nodes',
};

/** One endpoint as spans: a real value as code, a placeholder in italics, a reference as its link. */
function endpointSpans(e: RuleEndpoint): Span[] {
  switch (e.kind) {
    case 'placeholder':
      return [{ text: e.label, style: 'italic' }];
    case 'reference':
      return e.url !== undefined ? [{ text: e.label, url: e.url }] : [{ text: e.label }];
    case 'any':
      return [{ text: e.label }];
    default:
      return e.deprecated ? [{ text: e.value, style: 'code' }, { text: ' (deprecated)', style: 'italic' }] : [{ text: e.value, style: 'code' }];
  }
}

/** How many characters of addresses a line of a From or To cell holds: three IP addresses, or two CIDRs. */
export const ENDPOINT_LINE_CHARS = 50;

const spansLength = (spans: Span[]) => spans.reduce((n, s) => n + s.text.length, 0);

/**
 * A rule's sources or destinations in one cell: addresses, subnets and host names several to a line (separated
 * by a comma), each placeholder or reference on a line of its own, in the rule's order.
 */
export function endpointsCell(endpoints: RuleEndpoint[]): Cell {
  const lines: Span[][] = [];
  let line: Span[] = [];
  let packable = false;
  for (const e of endpoints) {
    const spans = endpointSpans(e);
    const fits = packable && isValue(e) && spansLength(line) + 2 + spansLength(spans) <= ENDPOINT_LINE_CHARS;
    if (fits) line.push({ text: ', ' }, ...spans);
    else {
      if (line.length > 0) lines.push(line);
      line = [...spans];
    }
    packable = isValue(e);
  }
  if (line.length > 0) lines.push(line);
  const cell = lines.flatMap((l, i) => (i === 0 ? l : [{ text: '\n' }, ...l]));
  return cell.length > 0 ? cell : [{ text: '—' }];
}

const isValue = (e: RuleEndpoint) => e.kind === 'ip' || e.kind === 'cidr' || e.kind === 'host';

/** Text whose `backtick` spans (the data writes commands so) become code spans. */
export function textWithCode(text: string): Cell {
  const spans = text.split('`').flatMap((part, i): Span[] => (part === '' ? [] : [i % 2 === 1 ? { text: part, style: 'code' } : { text: part }]));
  return spans.length > 0 ? spans : [{ text }];
}

/** The ports (code), then each port only the cluster knows (italic: see "Your cluster's values"). */
function portsCell(rule: AnswerRule): Cell {
  const ports = rule.ports.flatMap((p, i): Span[] => [...(i > 0 ? [{ text: ', ' }] : []), { text: p, style: 'code' as const }]);
  const pending = rule.pending.flatMap((p, i): Span[] => [
    ...(i > 0 || ports.length > 0 ? [{ text: ports.length > 0 && i === 0 ? '; exactly ' : '; ' }] : []),
    { text: p.label, style: 'italic' as const },
    ...(ports.length === 0 && p.range !== null ? [{ text: ', within ' }, { text: p.range, style: 'code' as const }] : []),
  ]);
  const cell = [...ports, ...pending];
  return cell.length > 0 ? cell : [{ text: '—' }];
}

/** The header row, then one row per rule, in answer order: its sources and its destinations each in one cell. */
export function answerRows(answer: Answer): Cell[][] {
  const rows: Cell[][] = [TABLE_COLUMNS.map((c) => [{ text: c, style: 'bold' }])];
  for (const rule of answer.rules) {
    rows.push([
      [{ text: describeNeed(rule) }],
      [{ text: DIRECTION[rule.direction] }],
      endpointsCell(rule.sources),
      endpointsCell(rule.destinations),
      [{ text: describeProtocols(rule.protocols) }],
      portsCell(rule),
      textWithCode(rule.purpose),
    ]);
  }
  return rows;
}

/** A table cell as Slack takes it: plain text as `raw_text` (a third of the bytes), anything styled as `rich_text`. */
export function cellToTableCell(cell: Cell): types.RichTextBlock | types.RawTextElement {
  const only = cell.length === 1 ? cell[0]! : undefined;
  if (only !== undefined && only.style === undefined && only.url === undefined) return { type: 'raw_text', text: forTerminal(only.text) };
  return cellToRichText(cell);
}

function cellToRichText(cell: Cell): types.RichTextBlock {
  const elements = cell.map((s): types.RichTextText | types.RichTextLink => {
    const style = s.style === undefined ? undefined : { [s.style]: true };
    // Values from IKS or a cluster file: control and bidi characters shown as escapes.
    const text = forTerminal(s.text);
    if (s.url !== undefined && /^https?:\/\//.test(s.url)) return { type: 'link', url: s.url, text, ...(style ? { style } : {}) };
    return { type: 'text', text, ...(style ? { style } : {}) };
  });
  return { type: 'rich_text', elements: [{ type: 'rich_text_section', elements }] };
}

export function cellToMrkdwn(cell: Cell): string {
  return cell
    .map((s) => {
      if (s.url !== undefined) return link(s.url, s.text);
      if (s.style === 'code') return codeSpan(s.text);
      const text = escapeMrkdwn(s.text);
      if (s.style === 'italic' && text.trim() !== '') return `_${text}_`;
      if (s.style === 'bold' && text.trim() !== '') return `*${text}*`;
      return text;
    })
    .join('');
}

/**
 * The rules as mrkdwn lines, where no table is shown (SLACK_TABLES=off, a table Slack refused, the App Home):
 * each rule leads with its purpose and what it is, then its sources and destinations, every fact of its row.
 */
export function ruleLines(answer: Answer): string[] {
  const [, ...rows] = answerRows(answer);
  return rows.flatMap((row) => {
    const [need, direction, from, to, protocol, ports, purpose] = row.map((cell) => cellToMrkdwn(cell).replace(/\n/g, '\n      '));
    return [`• *${purpose!}*: ${need!}, ${direction!}, ${protocol!} ${ports!}`, `      from ${from!}`, `      to ${to!}`];
  });
}

interface ClusterValue {
  key: string;
  label: string;
  /** The page's name of the value, e.g. "<each_worker_node_publicIP>", shown as words. */
  stands: string | null;
  find: string[];
}

/** "<each_worker_node_publicIP>" → "each worker node publicIP": the page's placeholder as words, never as a code span. */
function placeholderWords(value: string): string {
  return value.replace(/^<|>$/g, '').replace(/_/g, ' ').trim();
}

/** Each value only the asker's cluster knows (placeholders, ports that depend on the cluster), once, in answer order. */
export function clusterValues(answer: Answer): ClusterValue[] {
  const found = new Map<string, ClusterValue>();
  const addEndpoint = (e: RuleEndpoint) => {
    if (e.kind !== 'placeholder') return;
    const key = `party:${e.party ?? e.value}`;
    if (!found.has(key)) found.set(key, { key, label: e.label, stands: placeholderWords(e.value), find: e.find ?? [] });
  };
  const addPending = (p: PendingValue) => {
    const key = `fact:${p.fact}`;
    if (!found.has(key)) found.set(key, { key, label: p.label, stands: p.range !== null ? `within ${p.range}` : null, find: p.find });
  };
  for (const rule of answer.rules) {
    rule.sources.forEach(addEndpoint);
    rule.destinations.forEach(addEndpoint);
    rule.pending.forEach(addPending);
  }
  return [...found.values()];
}

/** The "Your cluster's values" lines (mrkdwn): each value in italics with what it stands for and the steps that find it. */
export function clusterValueLines(answer: Answer, where: 'table below' | 'rules above'): string[] {
  const values = clusterValues(answer);
  if (values.length === 0) return [];
  return [
    `*Your cluster's values* (in italics in the ${where})`,
    ...values.map((v) => {
      // What the page calls the value says more than its steps only where there are no steps, or for a port's range.
      const stands = v.stands !== null && (v.find.length === 0 || v.key.startsWith('fact:')) ? `: ${escapeMrkdwn(v.stands)}` : '';
      const find = v.find.length > 0 ? ` — find it: ${v.find.map(codeSpan).join(' then ')}` : '';
      return `• _${escapeMrkdwn(v.label)}_${stands}${find}`;
    }),
  ];
}

/** Each rule's notes and verify commands, said once per rule under its purpose (mrkdwn). */
export function ruleNoteLines(answer: Answer): string[] {
  const lines: string[] = [];
  for (const rule of answer.rules) {
    if (rule.notes.length === 0 && rule.verify.length === 0) continue;
    const parts = [...rule.notes.map(escapeMrkdwn), ...rule.verify.map((v) => `check: ${codeSpan(v)}`)];
    lines.push(`• *${escapeMrkdwn(rule.purpose)}*: ${parts.join(' · ')}`);
  }
  return lines.length === 0 ? [] : ['*About the rules*', ...lines];
}
