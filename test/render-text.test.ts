import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../src/core/answer.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { renderText, TEXT_WIDTH } from '../src/core/render/text.js';
import { ask } from '../src/core/resolve/resolve.js';
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
  it('keep every line within 100 columns, except a command or a URL that cannot be broken', () => {
    for (const answer of answers) {
      const commands = answer.rules.flatMap((r) => [...r.verify, ...r.pending.flatMap((p) => p.find), ...[...r.sources, ...r.destinations].flatMap((e) => e.find ?? [])]);
      for (const line of renderText(answer).split('\n')) {
        if (line.length <= TEXT_WIDTH) continue;
        // A URL longer than what is left of the line stays whole at the end of it.
        const url = /(\S*https?:\/\/\S+)$/.exec(line);
        const whole = commands.some((c) => line.trimEnd().endsWith(c)) || (url !== null && url.index < TEXT_WIDTH - 20);
        expect(whole, line).toBe(true);
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

  it('align the addresses of a rule in one column', () => {
    // A rule to more than three addresses or hosts (references are labels, not addresses).
    const manyAddresses = (r: Answer['rules'][number]) => r.destinations.length > 3 && r.destinations.every((d) => d.kind === 'ip' || d.kind === 'cidr' || d.kind === 'host');
    const answer = answers.find((a) => a.rules.some(manyAddresses))!;
    const rule = answer.rules.find(manyAddresses)!;
    const lines = renderText(answer).split('\n');
    const columns = rule.destinations.map((d) => {
      const line = lines.find((l) => l.includes(` ${d.value} `))!;
      return line.indexOf(d.label.split(',')[0]!, line.indexOf(d.value) + d.value.length);
    });
    expect(new Set(columns).size).toBe(1);
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
    expect(renderText(answer)).toContain(`${answer.rules[0]!.id}  [required if you use load balancer services]`);
    answer.rules[0]!.condition = 'you create persistent volume claims';
    expect(renderText(answer)).toContain('[required if you create persistent volume claims]');
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
