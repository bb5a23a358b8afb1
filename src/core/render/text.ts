import type { Answer, AnswerRule, RuleEndpoint } from '../answer.js';
import type { TopicGroup } from '../topics.js';
import { describeNeed, describeProtocols, describeSubject } from './describe.js';

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

/** A command on a line of its own, never wrapped: a shell command broken across lines would not paste. */
function commandLines(label: string, commands: string[]): string[] {
  return commands.map((c, i) => `    ${(i === 0 ? label : '').padEnd(LABEL)}${c}`);
}

/** Addresses in one column, their labels in the next, for every endpoint of a rule. */
function endpointLines(label: string, endpoints: RuleEndpoint[], width: number): string[] {
  return endpoints.flatMap((e, i) => {
    // A label that already says "deprecated" is not tagged again.
    const tag = e.deprecated && !/deprecated/i.test(e.label) ? ' [deprecated]' : '';
    const detail = e.kind === 'reference' ? `${e.url ?? ''}${e.label !== e.value ? ` (${e.label})` : ''}` : e.label + tag;
    const left = `    ${(i === 0 ? label : '').padEnd(LABEL)}${e.value.padEnd(width)}  `;
    const under = ' '.repeat(4 + LABEL + 2);
    const lines =
      left.length + detail.length <= WIDTH
        ? [left + detail]
        : left.length > WIDTH - 30
          ? [...row(i === 0 ? label : '', e.value), ...indented(detail, under, under)]
          : indented(detail, left, ' '.repeat(left.length));
    if (e.find && e.find.length > 0) lines.push(...commandLines('', e.find.map((c, n) => `${n === 0 ? 'find it: ' : '         '}${c}`)));
    return lines;
  });
}

function ruleLines(rule: AnswerRule): string[] {
  const lines = [`  ${rule.id}  [${describeNeed(rule)}]  ${rule.direction}`];
  lines.push(...row('why', rule.purpose));
  const width = Math.min(40, Math.max(...[...rule.sources, ...rule.destinations].map((e) => e.value.length)));
  lines.push(...endpointLines('from', rule.sources, width));
  lines.push(...endpointLines('to', rule.destinations, width));
  lines.push(...row('protocol', describeProtocols(rule.protocols)));
  if (rule.ports.length > 0 || rule.pending.length > 0) lines.push(...row('ports', rule.ports.length > 0 ? rule.ports.join(', ') : '(depends on the cluster)'));
  for (const p of rule.pending) {
    lines.push(...row('', `${rule.ports.length > 0 ? 'exact port' : 'port'}: ${p.label}${p.range ? `, within ${p.range}` : ''}; find it:`));
    lines.push(...commandLines('', p.find.map((c) => `  ${c}`)));
  }
  for (const n of rule.notes) lines.push(...row('note', n));
  lines.push(...commandLines('verify', rule.verify));
  lines.push(...row('source', rule.sectionUrl));
  return lines;
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
    for (const p of answer.problems) out.push(...wrap(`- ${p.message}`, WIDTH, '  '));
    if (answer.reading) out.push(...wrap(answer.reading, WIDTH, '  '));
    return escapeControls(out.join('\n')) + '\n';
  }
  if (answer.verdict) out.push(...wrap(answer.verdict.text, WIDTH, '  '));
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
