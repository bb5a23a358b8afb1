import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { QueryCheck } from '../src/core/answer.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { sortEditions } from '../src/core/dataset/editions.js';
import { parsePortRange } from '../src/core/net.js';
import { parseQuestion, topicWords } from '../src/core/parse/question.js';
import { renderText } from '../src/core/render/text.js';
import { ask } from '../src/core/resolve/resolve.js';
import { ROOT } from './helpers/cli.js';
import { shippedDataset } from './helpers/dataset.js';

// Yes/no questions (issue 22): a port, protocol, address or host name asked of a topic is answered yes, no or
// partly first, then the rules that name it, then what else the topic needs.

const EDITIONS = sortEditions(readdirSync(path.join(ROOT, 'data', 'editions')));
const datasets = new Map<string, Dataset>();
beforeAll(async () => {
  for (const edition of EDITIONS) datasets.set(edition, await shippedDataset(edition));
});

const READ: [string, QueryCheck | undefined][] = [
  ['must 2049 be open for file storage?', { ports: ['2049'] }],
  ['Is UDP 53 needed for DNS?', { ports: ['53'], protocols: ['udp'] }],
  ['does the registry need icr.io?', { hosts: ['icr.io'] }],
  ['should 166.9.28.0/24 be open for the private service endpoint in eu-de?', { addresses: ['166.9.28.0/24'] }],
  ['do I need tcp/443 for kubectl in eu-de', { ports: ['443'], protocols: ['tcp'] }],
  ['kubectl in eu-de', undefined],
  ['what do I open for file storage on 2049', undefined],
];

describe('the parser reads what a yes/no question asks about', () => {
  it.each(READ)('"%s"', async (question, check) => {
    const ds = await shippedDataset(EDITIONS.at(-1));
    const { query, problems, unused } = parseQuestion(question, ds);
    expect(problems).toEqual([]);
    expect(query.check).toEqual(check);
    if (check) expect(unused).toEqual([]);
  });
});

describe.each(EDITIONS)('yes/no questions in the %s edition', (edition) => {
  it('each port of each rule, asked of its topic, is answered yes or partly with that rule first; a port no rule names is no', () => {
    const ds = datasets.get(edition)!;
    const region = ds.regions[0]!.id;
    let checked = 0;
    for (const id of ds.scenarioOrder) {
      const scenario = ds.scenarios.get(id)!;
      for (const rule of scenario.rules) {
        const port = rule.ports.map(String).find((p) => /^\d+$/.test(p));
        if (!port) continue;
        const answer = ask(`must ${port} be open for ${topicWords(ds, id)} in ${region}?`, ds);
        if (answer.query.scenarios.join() !== id) continue;
        expect(answer.problems, `${id} ${port}`).toEqual([]);
        const expected = rule.required && !rule.condition ? 'yes' : ['yes', 'partly'];
        if (expected === 'yes') expect(answer.verdict?.answer, `${id} ${port}`).toBe('yes');
        else expect(['yes', 'partly'], `${id} ${port}`).toContain(answer.verdict?.answer);
        expect(answer.verdict!.rules, `${id} ${port}`).toContain(rule.id);
        expect(answer.rules.slice(0, answer.verdict!.rules.length).map((r) => r.id), `${id} ${port}`).toEqual(answer.verdict!.rules);
        expect(renderText(answer).split('\n')[0], `${id} ${port}`).toMatch(/^(Yes|Partly): /);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('a port that no rule of the topic names is answered no, with what the topic needs', () => {
    const ds = datasets.get(edition)!;
    let checked = 0;
    for (const id of ds.scenarioOrder) {
      const scenario = ds.scenarios.get(id)!;
      if (scenario.bundle || scenario.rules.length === 0) continue;
      const ranges = scenario.rules.flatMap((r) => r.ports.map((p) => parsePortRange(String(p))).filter((p) => p !== null));
      const free = [7, 9, 13, 17, 19].find((p) => ranges.every((r) => p < r!.from || p > r!.to))!;
      const answer = ask(`is ${free} needed for ${topicWords(ds, id)} in ${ds.regions[0]!.id}?`, ds);
      if (answer.query.scenarios.join() !== id || answer.rules.some((r) => r.protocols.includes('all'))) continue;
      expect(answer.verdict?.answer, id).toBe('no');
      expect(answer.verdict?.text, id).toMatch(new RegExp(`^No: no rule of .* names ${free}; it needs: `));
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });
});

describe('Slack says the verdict before the rules, as the terminal does', () => {
  it.each(EDITIONS)('%s', async (edition) => {
    const { renderAnswer } = await import('../src/slack/answer-message.js');
    const { blockTexts } = await import('../src/slack/limits.js');
    const { escapeMrkdwn } = await import('../src/slack/escape.js');
    const ds = datasets.get(edition)!;
    const question = READ.find(([q]) => q.includes('DNS'))![0];
    const answer = ask(question, ds);
    expect(answer.problems, edition).toEqual([]);
    expect(answer.verdict, edition).toBeDefined();
    const { blocks } = renderAnswer(answer, ds, { question });
    const at = blocks.findIndex((b) => blockTexts(b).join('\n').includes(escapeMrkdwn(answer.verdict!.text)));
    expect(at, 'the verdict is shown').toBeGreaterThan(0);
    // Only the header and the context lines (who asked, how it was read) come before it; the table of rules last.
    expect(blocks.slice(0, at).map((b) => b.type)).toEqual(['header', ...Array(at - 1).fill('context')]);
    expect(blocks.findIndex((b) => b.type === 'table'), 'the rules, in the table').toBeGreaterThan(at);
  });
});
