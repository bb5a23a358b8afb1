import type { Answer, AnswerRule, RuleEndpoint } from '../answer.js';
import type { TopicGroup } from '../topics.js';
import { describeNeed, describeProtocols, describeSources, describeSubject } from './describe.js';

export const TEXT_WIDTH = 100;
const WIDTH = TEXT_WIDTH;
const LABEL = 12;

/** Wraps one line at word boundaries; continuation lines keep its indentation plus two spaces. */
export function wrapLine(line: string, width: number = TEXT_WIDTH): string[] {
  if (line.length <= width) return [line];
  const indent = /^\s*(?:- )?/.exec(line)![0].replace('-', ' ');
  return wrap(line.trimStart(), width - indent.length, indent).map((l, i) => (i === 0 ? line.slice(0, line.length - line.trimStart().length) + l : l));
}

function wrap(text: string, width: number, indent: string): string[] {
  // Most values fit as they are: no split when there is nothing to fold (whitespace other than single spaces).
  if (text.length <= width && text !== '' && !/[^\S ]| {2}|^ | $/.test(text)) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : indent + l));
}

/** `text` wrapped at the width, its first line after `first`, the others after `rest`. */
function indented(text: string, first: string, rest: string): string[] {
  return wrap(text, WIDTH - rest.length, rest).map((l, i) => (i === 0 ? first + l : l));
}

function row(label: string, value: string, indent = '    '): string[] {
  const pad = indent + label.padEnd(LABEL);
  const cont = ' '.repeat(pad.length);
  return wrap(value, WIDTH - pad.length, cont).map((l, i) => (i === 0 ? pad + l : l));
}

/** A command on a line of its own, never wrapped: a shell command broken across lines would not paste. */
function commandLines(label: string, commands: string[]): string[] {
  return commands.map((c, i) => `    ${(i === 0 ? label : '').padEnd(LABEL)}${c}`);
}

/** What an endpoint's label says beside it: a reference's link, or the label with "[deprecated]" when it does not say so. */
function endpointDetail(e: RuleEndpoint): string {
  if (e.kind === 'reference') return `${e.url ?? ''}${e.label !== e.value ? ` (${e.label})` : ''}`;
  return e.deprecated && !/deprecated/i.test(e.label) ? `${e.label} [deprecated]` : e.label;
}

const isAddress = (e: RuleEndpoint) => e.kind === 'ip' || e.kind === 'cidr' || e.kind === 'host';

/** A rule's endpoints in runs: consecutive addresses under the same label form one run; anything else is a run of its own. */
function endpointRuns(endpoints: RuleEndpoint[]): RuleEndpoint[][] {
  const runs: RuleEndpoint[][] = [];
  for (const e of endpoints) {
    const last = runs.at(-1)?.[0];
    if (last !== undefined && isAddress(e) && isAddress(last) && endpointDetail(last) === endpointDetail(e) && e.find === undefined) runs.at(-1)!.push(e);
    else runs.push([e]);
  }
  return runs;
}

/** Values in columns of one width, as many to a line as fit after `indent`. */
function packedValues(values: string[], indent: string): string[] {
  const column = Math.max(...values.map((v) => v.length)) + 2;
  const perLine = Math.max(1, Math.floor((WIDTH - indent.length + 2) / column));
  const lines: string[] = [];
  for (let i = 0; i < values.length; i += perLine) lines.push(indent + values.slice(i, i + perLine).map((v) => v.padEnd(column)).join('').trimEnd());
  return lines;
}

/**
 * One endpoint, or a run of addresses under one label. One endpoint: its value, its label beside it when both
 * fit the line (else under it). A run: its label once, then the addresses packed several to a line.
 */
function runLines(label: string, run: RuleEndpoint[]): string[] {
  const first = run[0]!;
  const pad = `    ${label.padEnd(LABEL)}`;
  const under = ' '.repeat(pad.length);
  const detail = endpointDetail(first);
  if (run.length > 1) return [...indented(`${detail}:`, pad, under), ...packedValues(run.map((e) => e.value), under)];
  const beside = `${pad}${first.value}  ${detail}`;
  return beside.length <= WIDTH ? [beside] : [...row(label, first.value), ...indented(detail, `${under}  `, `${under}  `)];
}

/** Every endpoint of a rule under `label` ("from", "to"), said on its first line only. */
function endpointLines(label: string, endpoints: RuleEndpoint[]): string[] {
  return endpointRuns(endpoints).flatMap((run, i) => runLines(i === 0 ? label : '', run));
}

/** A rule's summary, leading it: its id, direction, protocols and ports, whether it is needed, and what it is for. */
function ruleSummary(rule: AnswerRule): string[] {
  const ports = rule.ports.length > 0 ? ` ${rule.ports.join(', ')}` : rule.pending.length > 0 ? ' (port depends on the cluster)' : '';
  return indented(`${rule.id}: ${rule.direction} ${describeProtocols(rule.protocols)}${ports}, ${describeNeed(rule)}. ${rule.purpose}`, '  ', '      ');
}

/** A rule: its summary, sources, destinations, the ports only the cluster knows, notes, checks and (unless its topic says it) its source. */
function ruleLines(rule: AnswerRule, source: string | null): string[] {
  const lines = ruleSummary(rule);
  lines.push(...endpointLines('from', rule.sources));
  lines.push(...endpointLines('to', rule.destinations));
  for (const p of rule.pending) lines.push(...row(rule.ports.length > 0 ? 'exact port' : 'port', `${p.label}${p.range ? `, within ${p.range}` : ''}`));
  for (const n of rule.notes) lines.push(...row('note', n));
  lines.push(...commandLines('verify', rule.verify));
  if (source === null) lines.push(...row('source', rule.sectionUrl));
  return lines;
}

interface ClusterValue {
  names: string[];
  steps: string[];
}

/** The values only the asker's cluster knows, with the steps that find them: values found by the same steps (or by fewer of them) said together. */
function clusterValues(rules: AnswerRule[]): ClusterValue[] {
  const values: ClusterValue[] = [];
  const add = (name: string, steps: string[]) => {
    if (steps.length === 0 || values.some((v) => v.names.includes(name))) return;
    const within = values.find((v) => steps.every((s) => v.steps.includes(s)) || v.steps.every((s) => steps.includes(s)));
    if (within === undefined) values.push({ names: [name], steps });
    else {
      within.names.push(name);
      if (steps.length > within.steps.length) within.steps = steps;
    }
  };
  for (const rule of rules) {
    for (const e of [...rule.sources, ...rule.destinations]) if (e.kind === 'placeholder') add(e.value, e.find ?? []);
    for (const p of rule.pending) add(p.label, p.find);
  }
  return values;
}

/** "Your cluster's values": each value only the cluster knows, once, with the steps that find it. */
function clusterValueLines(rules: AnswerRule[]): string[] {
  const values = clusterValues(rules);
  if (values.length === 0) return [];
  return [
    '',
    "Your cluster's values (<...> and ports above), and how to find them",
    ...values.flatMap((v) => [...indented(`- ${v.names.join('; ')}:`, '', '  '), ...v.steps.map((s) => `    ${s}`)]),
  ];
}

/** The section URL every rule of a topic comes from, or null when they come from several. */
function topicSource(rules: AnswerRule[]): string | null {
  const urls = new Set(rules.map((r) => r.sectionUrl));
  return urls.size === 1 ? [...urls][0]! : null;
}

// Control characters (and bidirectional overrides) from a question or a cluster file would act on the terminal:
// they are shown escaped, never written raw.
// Unicode's control characters (Cc: U+0000-U+001F, U+007F-U+009F) but the newline, and the bidi overrides, as a
// plain class: the \p{Cc} form with a lookahead costs more than the rest of the rendering.
// eslint-disable-next-line no-control-regex -- finding control characters is what this expression is for
const CONTROL = /[\0-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A terminal answer: grouped by purpose, aligned, readable at 100 columns. */
export function renderText(answer: Answer): string {
  const out: string[] = [];
  if (answer.problems.length > 0) {
    for (const p of answer.problems) out.push(...indented(p.message, '- ', '  '));
    if (answer.reading) out.push(...indented(answer.reading, '', '  '));
    return escapeControls(out.join('\n')) + '\n';
  }
  if (answer.verdict) out.push(...indented(answer.verdict.text, '', '  '));
  out.push(...indented(describeSubject(answer), '', '  '));
  if (answer.reading) out.push(...indented(answer.reading, '', '  '));
  out.push(
    ...wrap(
      `Dataset ${answer.dataset.version}, from "${answer.dataset.source.title}" (${describeSources(answer.dataset)}), ${answer.dataset.source.url}`,
      WIDTH,
      '',
    ),
  );
  for (const scenario of answer.scenarios) {
    const rules = answer.rules.filter((r) => r.scenario === scenario.id);
    const source = topicSource(rules);
    out.push('');
    out.push(`${scenario.prerequisite ? 'Prerequisite: ' : ''}${scenario.title}`);
    out.push(...wrap(scenario.summary, WIDTH - 2, '  ').map((l, i) => (i === 0 ? `  ${l}` : l)));
    if (source !== null) out.push(`  source: ${source}`);
    for (const rule of rules) {
      out.push('');
      out.push(...ruleLines(rule, source));
    }
  }
  out.push(...clusterValueLines(answer.rules));
  if (answer.notes.length > 0) {
    out.push('', 'Notes');
    // Continuation lines are indented under the text, so they wrap two columns shorter.
    for (const n of answer.notes) out.push(...indented(n, '- ', '  '));
  }
  return escapeControls(out.join('\n')) + '\n';
}

/** What can be asked, by group: each topic's title, an example question and the other words that ask for it. */
export function renderTopics(groups: TopicGroup[], regions: string[]): string {
  const out: string[] = ['What you can ask about (porthole ask "<question>"):'];
  for (const { group, topics } of groups) {
    out.push('', group.charAt(0).toUpperCase() + group.slice(1));
    for (const t of topics) {
      out.push(...indented(`${t.title}: "${t.example}"`, '  ', '      '));
      out.push(...indented(`also: ${t.keywords.slice(0, 8).join(', ')}`, '    ', '          '));
    }
  }
  out.push('', ...wrap(`Regions: ${regions.join(', ')}; a zone (fra02) or a city (Milan) works too.`, WIDTH, '  '));
  out.push(...wrap('Combine topics ("logging and monitoring"), leave some out ("everything except the private network"), give your address ("from 203.0.113.5") or a format ("as iptables").', WIDTH, '  '));
  return out.join('\n') + '\n';
}
