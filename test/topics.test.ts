import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Dataset } from '../src/core/dataset/build.js';
import { parseQuestion } from '../src/core/parse/question.js';
import { shippedDataset } from './helpers/dataset.js';
import { ROOT, runCli } from './helpers/cli.js';

// data/topics.yml serves every edition: each topic must name a scenario of some edition, and each example must
// be read as its own topic, or help would show questions that do not work.
const topicsText = readFileSync(path.join(ROOT, 'data', 'topics.yml'), 'utf8');
const topics = (parse(topicsText) as { topics: Record<string, { group: string; example: string; keywords: string[] }> }).topics;
const editionsDir = path.join(ROOT, 'data', 'editions');
const scenarioIdsOfAllEditions = new Set(
  readdirSync(editionsDir).flatMap((edition) => {
    const dir = path.join(editionsDir, edition, 'scenarios');
    return readdirSync(dir).flatMap((f) => (parse(readFileSync(path.join(dir, f), 'utf8')) as { scenarios: { id: string }[] }).scenarios.map((s) => s.id));
  }),
);

const shipped = await Promise.all(readdirSync(editionsDir).sort().map((edition) => shippedDataset(edition)));

let dataset: Dataset;
beforeAll(async () => {
  dataset = await shippedDataset();
});

describe('topics.yml', () => {
  it.each(Object.keys(topics))('topic %s is a scenario of some edition', (id) => {
    expect(scenarioIdsOfAllEditions.has(id)).toBe(true);
  });

  // Each example, in every shipped edition that has its topic.
  const examples = shipped.flatMap((ds) => Object.entries(topics).flatMap(([id, t]) => (ds.scenarios.has(id) ? [[ds.edition, id, t.example] as const] : [])));
  it.each(examples)('%s: the example of %s, %j, asks for it', (edition, id, example) => {
    const { query, problems } = parseQuestion(example, shipped.find((ds) => ds.edition === edition)!);
    expect(problems).toEqual([]);
    expect(query.scenarios).toEqual([id]);
  });

  it('gives every scenario of the newest edition its keywords', () => {
    for (const [id, scenario] of dataset.scenarios) expect(scenario.keywords).toEqual(topics[id]!.keywords);
  });
});

describe('porthole topics, and help for a question not understood', () => {
  // The topics of the edition answering (topics of scenarios it lacks are not listed).
  let examples: string[];
  let groups: string[];
  beforeAll(() => {
    const own = Object.entries(topics).filter(([id]) => dataset.scenarios.has(id)).map(([, t]) => t);
    examples = own.map((t) => t.example);
    groups = [...new Set(own.map((t) => t.group))];
  });

  it('lists every group and every example question of topics.yml, within 100 columns', () => {
    const r = runCli(['topics']);
    expect(r.status).toBe(0);
    const flat = r.stdout.replace(/\s+/g, ' ');
    for (const example of examples) expect(flat).toContain(`"${example}"`);
    for (const group of groups) expect(r.stdout.toLowerCase()).toContain(`\n${group}\n`);
    expect(r.stdout.split('\n').filter((l) => l.length > 100)).toEqual([]);
  });

  it('gives the same groups as JSON', () => {
    const r = runCli(['topics', '--format', 'json']);
    const json = JSON.parse(r.stdout) as { groups: { group: string; topics: { id: string; example: string }[] }[] };
    expect(json.groups.map((g) => g.group)).toEqual(groups);
    expect(json.groups.flatMap((g) => g.topics.map((t) => t.example)).sort()).toEqual([...examples].sort());
  });

  it('answers a question it cannot read with the problem, an example and `porthole topics`, in at most 10 lines, exit 2', () => {
    const r = runCli(['ask', 'hello there']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('I could not tell what you want to open');
    expect(r.stderr).toMatch(/For example: porthole ask "[^"]+"/);
    expect(r.stderr).toContain('`porthole topics`');
    expect(r.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(10);
  });
});
