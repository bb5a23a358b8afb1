import { isMap, isScalar, isSeq, parseDocument, type Node, type YAMLMap } from 'yaml';
import { parsePortRange } from '../../core/net.js';

// Edits to a page edition's scenario files, made as text edits so that the rest of each file stays as written
// (the import is byte for byte repeatable, and its diff against the base shows only what it changed).

export type EditionFiles = Map<string, string>;

interface TextEdit {
  at: number;
  end: number;
  text: string;
}

type Ranged = { range?: [number, number, number] | null };

/** A rule as the scenario files write it, with the nodes the edits need. */
export interface RuleView {
  file: string;
  scenario: string;
  id: string;
  node: YAMLMap;
  plain: {
    id: string;
    direction: string;
    from: Endpoint[];
    to: Endpoint[];
    protocols: string[];
    ports?: string[];
    clusterPort?: { range?: string };
    required: boolean;
    condition?: string;
    section: string;
  };
}

export type Endpoint = { party?: string; table?: string; narrow?: string; reference?: unknown; hosts?: unknown; any?: boolean };

function applyEdits(text: string, edits: TextEdit[]): string {
  let edited = text;
  for (const e of [...edits].sort((a, b) => b.at - a.at)) edited = edited.slice(0, e.at) + e.text + edited.slice(e.end);
  return edited;
}

function trimmedEnd(text: string, end: number): number {
  let at = end;
  while (at > 0 && /\s/.test(text[at - 1]!)) at--;
  return at;
}

/** Where a node's own text ends (a block collection ends with its last item, not with the blank lines after). */
function contentEnd(text: string, node: unknown): number {
  if ((isSeq(node) || isMap(node)) && !node.flow && node.items.length > 0) {
    const last = node.items.at(-1)!;
    return contentEnd(text, isMap(node) ? (last as { value: unknown }).value : last);
  }
  return trimmedEnd(text, (node as Ranged).range![1]);
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Every rule of every scenario file. */
export function rulesOf(files: EditionFiles): RuleView[] {
  const views: RuleView[] = [];
  for (const [file, text] of files) {
    if (!file.startsWith('scenarios/')) continue;
    const scenarios = parseDocument(text).get('scenarios');
    if (!isSeq(scenarios)) continue;
    for (const scenario of scenarios.items) {
      const rules = isMap(scenario) ? scenario.get('rules') : null;
      if (!isSeq(rules)) continue;
      for (const rule of rules.items) {
        if (!isMap(rule)) continue;
        const plain = rule.toJSON() as RuleView['plain'];
        views.push({ file, scenario: String((scenario as YAMLMap).get('id')), id: plain.id, node: rule, plain });
      }
    }
  }
  return views;
}

const refersTo = (rule: RuleView, tableId: string) => [...rule.plain.from, ...rule.plain.to].some((e) => e.table === tableId);

export function rulesNaming(files: EditionFiles, tableId: string): RuleView[] {
  return rulesOf(files).filter((r) => refersTo(r, tableId));
}

/** The edit that makes a rule's notes end with `note`. */
function noteEdit(text: string, rule: YAMLMap, note: string): TextEdit {
  const quoted = JSON.stringify(note);
  const notes = rule.items.find((p) => isScalar(p.key) && p.key.value === 'notes')?.value;
  if (isSeq(notes) && notes.flow && notes.range) {
    const end = text.lastIndexOf(']', notes.range[1]);
    return { at: end, end, text: notes.items.length > 0 ? `, ${quoted}` : quoted };
  }
  if (isSeq(notes) && notes.range && notes.items.length > 0) {
    const first = (notes.items[0] as Ranged).range![0];
    const last = contentEnd(text, notes.items.at(-1));
    return { at: last, end: last, text: `\n${' '.repeat(columnOf(text, first) - 2)}- ${quoted}` };
  }
  const firstKey = (rule.items[0]?.key as Ranged).range![0];
  const end = contentEnd(text, rule.items.at(-1)?.value);
  return { at: end, end, text: `\n${' '.repeat(columnOf(text, firstKey))}notes: [${quoted}]` };
}

function valueNode(rule: YAMLMap, ...keys: string[]): Node | null {
  let node: unknown = rule;
  for (const key of keys) {
    if (!isMap(node)) return null;
    node = node.items.find((p) => isScalar(p.key) && p.key.value === key)?.value;
  }
  return (node as Node | undefined) ?? null;
}

function replaceNode(text: string, node: Node, replacement: string): TextEdit {
  const r = (node as Ranged).range!;
  return { at: r[0], end: trimmedEnd(text, r[1]), text: replacement };
}

const flowStrings = (values: readonly string[]) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;

function bounds(spec: string): [number, number] {
  const r = parsePortRange(spec)!;
  return [r.from, r.to];
}

/** The policy's range that holds `page` and is wider, if any. */
function widerRange(page: string, policy: readonly string[]): string | undefined {
  const [from, to] = bounds(page);
  return policy.find((p) => {
    const [pf, pt] = bounds(p);
    return pf <= from && pt >= to && (pf < from || pt > to);
  });
}

const covered = (port: string, specs: readonly string[]) => specs.some((s) => bounds(s)[0] <= bounds(port)[0] && bounds(s)[1] >= bounds(port)[1]);

export interface PortChange {
  rule: string;
  page: string[];
  policy: string[];
}

/**
 * Makes each rule naming `tableId` open the ports the policies open to its addresses: a page range inside a
 * wider policy range becomes that range, and (rules to a set of ports, not to one cluster's port) policy ports
 * the rule lacks are added. The page's ports are kept in a note on the rule, with `because`.
 */
export function followPolicyPorts(files: EditionFiles, tableId: string, policyPorts: readonly string[], note: (page: string[], policy: string[]) => string): PortChange[] {
  const changes: PortChange[] = [];
  for (const rule of rulesNaming(files, tableId)) {
    const text = files.get(rule.file)!;
    const edits: TextEdit[] = [];
    const pagePorts = rule.plain.ports ?? [];
    const range = rule.plain.clusterPort?.range;
    let ports = pagePorts.map((p) => widerRange(p, policyPorts) ?? p);
    if (!rule.plain.clusterPort) ports = [...ports, ...policyPorts.filter((p) => !covered(p, ports))];
    const wideRange = range ? widerRange(range, policyPorts) : undefined;
    const portsNode = valueNode(rule.node, 'ports');
    if (portsNode && ports.join() !== pagePorts.join()) edits.push(replaceNode(text, portsNode, flowStrings(ports)));
    const rangeNode = valueNode(rule.node, 'clusterPort', 'range');
    if (rangeNode && wideRange) edits.push(replaceNode(text, rangeNode, JSON.stringify(wideRange)));
    if (edits.length === 0) continue;
    const page = [...pagePorts, ...(range ? [range] : [])];
    const policy = [...ports, ...(wideRange ? [wideRange] : [])];
    edits.push(noteEdit(text, rule.node, note(page, policy)));
    files.set(rule.file, applyEdits(text, edits));
    changes.push({ rule: rule.id, page, policy });
  }
  return changes;
}

export interface NewRule {
  id: string;
  direction: string;
  from: Endpoint[];
  to: Endpoint[];
  protocols: string[];
  ports: string[];
  required: boolean;
  condition?: string;
  purpose: string;
  section: string;
  notes: string[];
}

function flowEndpoint(e: Endpoint): string {
  if (e.party) return `{ party: ${e.party} }`;
  return `{ table: ${e.table}, narrow: ${e.narrow ?? 'region'} }`;
}

function ruleText(rule: NewRule, indent: number): string {
  const pad = ' '.repeat(indent);
  const lines = [
    `${pad}- id: ${rule.id}`,
    `${pad}  direction: ${rule.direction}`,
    `${pad}  from: [${rule.from.map(flowEndpoint).join(', ')}]`,
    `${pad}  to: [${rule.to.map(flowEndpoint).join(', ')}]`,
    `${pad}  protocols: [${rule.protocols.join(', ')}]`,
    `${pad}  ports: ${flowStrings(rule.ports)}`,
    `${pad}  required: ${rule.required}`,
    ...(rule.condition ? [`${pad}  condition: ${rule.condition}`] : []),
    `${pad}  purpose: ${JSON.stringify(rule.purpose)}`,
    `${pad}  section: ${rule.section}`,
    `${pad}  notes:`,
    ...rule.notes.map((n) => `${pad}    - ${JSON.stringify(n)}`),
  ];
  return lines.join('\n');
}

/** Adds `rule` after the last rule of scenario `scenarioId`; false when no scenario file has that scenario. */
export function addRule(files: EditionFiles, scenarioId: string, rule: NewRule): boolean {
  for (const [file, text] of files) {
    if (!file.startsWith('scenarios/')) continue;
    const scenarios = parseDocument(text).get('scenarios');
    if (!isSeq(scenarios)) continue;
    const scenario = scenarios.items.find((s) => isMap(s) && s.get('id') === scenarioId) as YAMLMap | undefined;
    const rules = scenario?.get('rules');
    if (!isSeq(rules) || rules.flow || rules.items.length === 0) continue;
    const first = (rules.items[0] as Ranged).range![0];
    const end = contentEnd(text, rules.items.at(-1));
    files.set(file, applyEdits(text, [{ at: end, end, text: `\n${ruleText(rule, columnOf(text, first) - 2)}` }]));
    return true;
  }
  return false;
}
