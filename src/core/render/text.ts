import type { Answer, AnswerRule, RuleEndpoint } from '../answer.js';
import type { TopicGroup } from '../topics.js';
import { describeProtocols, describeSubject } from './describe.js';

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

function endpointLines(label: string, endpoints: RuleEndpoint[]): string[] {
  const width = Math.min(34, Math.max(...endpoints.map((e) => e.value.length)));
  return endpoints.flatMap((e, i) => {
    const tag = e.deprecated ? ' [deprecated]' : '';
    const detail = e.kind === 'reference' ? `${e.url ?? ''}${e.label !== e.value ? ` (${e.label})` : ''}` : e.label + tag;
    const lines = row(i === 0 ? label : '', `${e.value.padEnd(width)}  ${detail}`);
    if (e.find && e.find.length > 0) lines.push(...row('', `find it: ${e.find.join(' ; ')}`));
    return lines;
  });
}

function ruleLines(rule: AnswerRule): string[] {
  const lines = [`  ${rule.id}  [${rule.required ? 'required' : 'optional'}]  ${rule.direction}`];
  lines.push(...row('why', rule.purpose));
  lines.push(...endpointLines('from', rule.sources));
  lines.push(...endpointLines('to', rule.destinations));
  lines.push(...row('protocol', describeProtocols(rule.protocols)));
  if (rule.ports.length > 0 || rule.pending.length > 0) lines.push(...row('ports', rule.ports.length > 0 ? rule.ports.join(', ') : '(depends on the cluster)'));
  for (const p of rule.pending) {
    lines.push(...row('', `${rule.ports.length > 0 ? 'exact port' : 'port'}: ${p.label}${p.range ? `, within ${p.range}` : ''}; find it: ${p.find.join(' ; ')}`));
  }
  for (const n of rule.notes) lines.push(...row('note', n));
  for (const v of rule.verify) lines.push(...row('verify', v));
  lines.push(...row('source', rule.sectionUrl));
  return lines;
}

/** A terminal answer: grouped by purpose, aligned, readable at 100 columns. */
export function renderText(answer: Answer): string {
  const out: string[] = [];
  if (answer.problems.length > 0) {
    for (const p of answer.problems) out.push(...wrap(`- ${p.message}`, WIDTH, '  '));
    if (answer.reading) out.push(...wrap(answer.reading, WIDTH, '  '));
    return out.join('\n') + '\n';
  }
  out.push(describeSubject(answer));
  if (answer.reading) out.push(...wrap(answer.reading, WIDTH, '  '));
  out.push(
    ...wrap(
      `Dataset ${answer.dataset.version}, from "${answer.dataset.source.title}" (updated ${answer.dataset.lastUpdated}), ${answer.dataset.source.url}`,
      WIDTH,
      '',
    ),
  );
  for (const scenario of answer.scenarios) {
    const rules = answer.rules.filter((r) => r.scenario === scenario.id);
    out.push('');
    out.push(`${scenario.prerequisite ? 'Prerequisite: ' : ''}${scenario.title}`);
    out.push(...wrap(scenario.summary, WIDTH - 2, '  ').map((l, i) => (i === 0 ? `  ${l}` : l)));
    for (const rule of rules) {
      out.push('');
      out.push(...ruleLines(rule));
    }
  }
  if (answer.notes.length > 0) {
    out.push('', 'Notes');
    for (const n of answer.notes) out.push(...wrap(`- ${n}`, WIDTH, '  '));
  }
  return out.join('\n') + '\n';
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
