import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../src/core/answer.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { describeNeed, describeProtocols } from '../src/core/render/describe.js';
import { renderText, TEXT_WIDTH } from '../src/core/render/text.js';
import { parseQuestion } from '../src/core/parse/question.js';
import { ask, resolve } from '../src/core/resolve/resolve.js';
import { listEditions } from '../src/data-files/load.js';
import { shippedDataset } from './helpers/dataset.js';

// The terminal answer for every topic in every region: within 100 columns, commands whole on one line each,
// "deprecated" said once, conditions said, control characters never written raw.

/** Every topic of an edition, with no region and in each of its regions. */
const answersOf = (ds: Dataset) => ds.scenarioOrder.flatMap((id) => ['', ...ds.regions.map((r) => ` in ${r.id}`)].map((where) => ask(`${ds.topics.get(id)!.keywords[0]}${where}`, ds)));

let dataset: Dataset;
let answers: Answer[];
beforeAll(async () => {
  dataset = await shippedDataset();
  answers = answersOf(dataset);
});

const RAW_CONTROL = /(?!\n)[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

describe('text answers', () => {
  it('keep every line of every topic in every region of every edition within 100 columns; only a URL at the end of a line may overflow', async () => {
    let checked = 0;
    for (const id of (await listEditions()).ids) {
      const edition = await shippedDataset(id);
      for (const scenario of edition.scenarioOrder) {
        for (const region of [null, ...edition.regions.map((r) => r.id)]) {
          const parsed = parseQuestion(scenario, edition);
          parsed.problems = [];
          parsed.query.scenarios = [scenario];
          parsed.query.region = region;
          for (const line of renderText(resolve(parsed, edition, {})).split('\n')) {
            if (line.length <= TEXT_WIDTH) continue;
            // A URL longer than what is left of the line stays whole at its end, starting within the width.
            const url = /\(?https?:\/\/\S+$/.exec(line);
            expect(url !== null && url.index < TEXT_WIDTH, `${id} ${scenario} ${region}: ${line}`).toBe(true);
          }
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('lead each rule with a one-line summary: id, direction, protocols, ports, whether it is needed, what for', () => {
    for (const answer of answers) {
      const lines = renderText(answer).split('\n');
      for (const rule of answer.rules) {
        const at = lines.findIndex((l, i) => l.startsWith(`  ${rule.id}: `) && lines[i - 1] === '');
        expect(at, rule.id).toBeGreaterThan(0);
        const summary = [lines[at]!, ...lines.slice(at + 1).filter((l, i, rest) => rest.slice(0, i + 1).every((x) => x.startsWith('      ')))].join(' ').replace(/\s+/g, ' ');
        expect(summary).toContain(`${rule.id}: ${rule.direction} ${describeProtocols(rule.protocols)}`);
        for (const port of rule.ports) expect(summary).toContain(port);
        expect(summary).toContain(`${describeNeed(rule)}. ${rule.purpose}`.replace(/\s+/g, ' '));
      }
    }
  });

  it('write every shell command whole, on one line', () => {
    for (const answer of answers) {
      const lines = renderText(answer).split('\n');
      const commands = answer.rules.flatMap((r) => [...r.verify, ...r.pending.flatMap((p) => p.find), ...[...r.sources, ...r.destinations].flatMap((e) => e.find ?? [])]);
      for (const c of commands) expect(lines.some((l) => l.endsWith(c)), c).toBe(true);
    }
  });

  it('pack the addresses under one label several to a line, the label said once, every address whole', () => {
    const packed = answers.flatMap((answer) =>
      answer.rules.flatMap((rule) => {
        const run = rule.destinations.filter((d) => d.kind === 'ip' && d.label === rule.destinations.find((x) => x.kind === 'ip')?.label);
        return run.length > 5 ? [{ answer, rule, run }] : [];
      }),
    );
    expect(packed.length).toBeGreaterThan(0);
    for (const { answer, rule, run } of packed) {
      const text = renderText(answer);
      const lines = text.split('\n');
      const start = lines.findIndex((l) => l.startsWith(`  ${rule.id}: `));
      const end = lines.findIndex((l, i) => i > start && l === '');
      const ruleText = lines.slice(start, end === -1 ? undefined : end);
      expect(ruleText.filter((l) => l.includes(run[0]!.label)).length).toBe(1);
      // The lines under the label, up to the next label or field: the same address may stand under another label too.
      const labelAt = ruleText.findIndex((l) => l.includes(run[0]!.label));
      const after = ruleText.slice(labelAt + 1);
      const blockEnd = after.findIndex((l) => !/^ {16}\S/.test(l) || l.trimEnd().endsWith(':'));
      const block = blockEnd === -1 ? after : after.slice(0, blockEnd);
      const holding = block.filter((l) => run.some((e) => l.split(/\s+/).includes(e.value)));
      expect(holding.length, `${answer.query.text} ${rule.id}`).toBeLessThanOrEqual(Math.ceil(run.length / 3));
      for (const e of run) expect(ruleText.some((l) => l.split(/\s+/).includes(e.value)), e.value).toBe(true);
    }
  });

  it('say "deprecated" once per address, in every edition that lists deprecated hosts', async () => {
    const { ids } = await listEditions();
    const everyEdition = (await Promise.all(ids.map((id) => shippedDataset(id)))).flatMap(answersOf);
    const deprecated = everyEdition.filter((a) => a.rules.some((r) => r.destinations.some((d) => d.deprecated)));
    expect(deprecated.length).toBeGreaterThan(0);
    for (const answer of deprecated) {
      for (const line of renderText(answer).split('\n')) expect((line.match(/deprecated/gi) ?? []).length, line).toBeLessThanOrEqual(1);
    }
  });

  it('say "required if <condition>" for a rule that applies only in some setups', () => {
    const answer = structuredClone(answers.find((a) => a.rules.length > 0)!);
    answer.rules[0]!.condition = 'if you use load balancer services';
    const flat = (text: string) => text.replace(/\n\s+/g, ' ');
    expect(flat(renderText(answer))).toMatch(new RegExp(`${answer.rules[0]!.id}: [^\n]*, required if you use load balancer services\\. `));
    answer.rules[0]!.condition = 'you create persistent volume claims';
    expect(flat(renderText(answer))).toContain(', required if you create persistent volume claims. ');
  });

  it('never write a control character raw, from the question or from any note', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.constantFrom('\u001b[2J', '\u0007', '\u202e', '\u009b31m', '\r'), (noise, control) => {
        const answer = ask(`kubectl in eu-de ${noise}${control} for cluster "x${control}"`, dataset);
        answer.notes.push(`a cluster file note with ${control} in it`);
        expect(RAW_CONTROL.test(renderText(answer))).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
