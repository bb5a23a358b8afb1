import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Answer, AnswerRule } from '../src/core/answer.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { sortEditions } from '../src/core/dataset/editions.js';
import { parseQuestion, topicWords } from '../src/core/parse/question.js';
import { ask } from '../src/core/resolve/resolve.js';
import { ROOT } from './helpers/cli.js';
import { shippedDataset } from './helpers/dataset.js';

// Filters (issue 22): direction, network and party words narrow an answer and never add to it; "except X"
// removes every rule of X; exclusion and filtering commute. What each filter keeps is read from topics.yml.

interface FilterRow { kind: 'direction' | 'network' | 'party'; value: string; words: string[]; topics?: string[]; parties?: string[] }
const topicsYml = parse(readFileSync(path.join(ROOT, 'data', 'topics.yml'), 'utf8')) as { filters: FilterRow[]; topics: Record<string, { keywords: string[] }> };
const EDITIONS = sortEditions(readdirSync(path.join(ROOT, 'data', 'editions')));
const filterOf = (kind: string, value: string) => topicsYml.filters.find((f) => f.kind === kind && f.value === value)!;

const datasets = new Map<string, Dataset>();
beforeAll(async () => {
  for (const edition of EDITIONS) datasets.set(edition, await shippedDataset(edition));
});

const ruleKey = (r: AnswerRule) => `${r.scenario}|${r.id}|${r.destinations.map((d) => d.value).join(',')}|${r.sources.map((d) => d.value).join(',')}`;
const keys = (a: Answer) => new Set(a.rules.map(ruleKey));
const leavesOf = (ds: Dataset, ids: string[]) => new Set(ids.flatMap((id) => ds.scenarios.get(id)?.leaves ?? []));

/** Whether a rule is one the filter keeps, judged from the data files rather than the code under test. */
function keeps(ds: Dataset, rule: AnswerRule, kind: string, value: string): boolean {
  const filter = filterOf(kind, value);
  if (kind === 'direction') return rule.direction === value || rule.direction === 'between-workers';
  if (kind === 'network') return leavesOf(ds, filter.topics ?? []).has(rule.scenario);
  return [...rule.sources, ...rule.destinations].some((e) => (filter.parties ?? []).includes(e.party ?? ''));
}

// Each row: a question, its topic, and the filters it names (kind: value).
const NARROWED: [string, string, Record<string, string[]>][] = [
  ['istio outbound in eu-de', 'istio', { direction: ['outbound'] }],
  ['istio inbound in eu-de', 'istio', { direction: ['inbound'] }],
  ['incoming istio traffic in eu-gb', 'istio', { direction: ['inbound'] }],
  ['monitoring egress in eu-gb', 'monitoring', { direction: ['outbound'] }],
  ['file storage from workers', 'file-storage', { party: ['workers'] }],
  ['IAM from worker nodes', 'iam', { party: ['workers'] }],
  ['kubectl from my workstation in eu-de', 'kubectl', { party: ['workstation'] }],
  ['everything public in eu-de', 'everything', { network: ['public'] }],
  ['everything for a private-only cluster in eu-de', 'everything', { network: ['private'] }],
  ['everything outbound on the private network in us-south', 'everything', { direction: ['outbound'], network: ['private'] }],
  ['dns over the private network, outbound only', 'dns', { network: ['private'], direction: ['outbound'] }],
];

/** The scenario ids an edition's scenarios/*.yml define, read at collection so that each row runs where its topic exists. */
function scenariosOf(edition: string): Set<string> {
  const dir = path.join(ROOT, 'data', 'editions', edition, 'scenarios');
  return new Set(readdirSync(dir).flatMap((file) => (parse(readFileSync(path.join(dir, file), 'utf8')) as { scenarios: { id: string }[] }).scenarios.map((s) => s.id)));
}

describe.each(EDITIONS)('filters in the %s edition', (edition) => {
  const has = scenariosOf(edition);
  it.each(NARROWED.filter(([, topic]) => has.has(topic)))('"%s": %s, narrowed as asked, and the reading line says so', (question, topic, filters) => {
    const ds = datasets.get(edition)!;
    const parsed = parseQuestion(question, ds);
    expect(parsed.problems).toEqual([]);
    expect(parsed.query.scenarios).toEqual([topic]);
    expect(parsed.query.filters).toEqual(filters);
    expect(parsed.reading).toMatch(/narrowed to /);
    const narrowed = ask(question, ds);
    const all = ask(`${topicWords(ds, topic)}${parsed.query.region ? ` in ${parsed.query.region}` : ''}`, ds);
    for (const rule of narrowed.rules) {
      expect(keys(all).has(ruleKey(rule)), rule.id).toBe(true);
      for (const [kind, values] of Object.entries(filters)) expect(values.some((v) => keeps(ds, rule, kind, v)), `${rule.id} ${kind}`).toBe(true);
    }
    const expected = all.rules.filter((rule) => Object.entries(filters).every(([kind, values]) => values.some((v) => keeps(ds, rule, kind, v))));
    expect(narrowed.rules.map(ruleKey)).toEqual(expected.map(ruleKey));
  });

  it('a filter word alone, or joined to a topic by "and", is still the topic it names', () => {
    const ds = datasets.get(edition)!;
    for (const question of ['outbound traffic', 'inbound traffic to my apps', 'private-only cluster', 'worker nodes', 'kubectl and workers']) {
      const { query, problems } = parseQuestion(question, ds);
      expect(problems, question).toEqual([]);
      expect(query.filters, question).toBeUndefined();
      expect(query.scenarios.length, question).toBeGreaterThan(0);
    }
  });

  it('"everything except X" keeps no rule of X, for every topic X', () => {
    const ds = datasets.get(edition)!;
    for (const id of ds.scenarioOrder.filter((id) => id !== 'everything')) {
      const answer = ask(`everything except ${topicWords(ds, id)} in ${ds.regions[0]!.id}`, ds);
      const left = answer.rules.filter((r) => !r.prerequisite && leavesOf(ds, [id]).has(r.scenario));
      expect(left.map((r) => r.id), id).toEqual([]);
    }
  });

  it('"everything except the private network" keeps no rule of the private network', () => {
    const ds = datasets.get(edition)!;
    const privateLeaves = leavesOf(ds, filterOf('network', 'private').topics ?? []);
    const answer = ask(`everything except the private network in ${ds.regions[0]!.id}`, ds);
    expect(answer.rules.length).toBeGreaterThan(0);
    expect(answer.rules.filter((r) => privateLeaves.has(r.scenario)).map((r) => r.id)).toEqual([]);
  });

  const filterWords = topicsYml.filters.flatMap((f) => f.words.map((w) => ({ kind: f.kind, value: f.value, word: w })));
  it('property: a filter never adds a rule, and what it keeps matches it', () => {
    const ds = datasets.get(edition)!;
    const topics = ds.scenarioOrder.filter((id) => !topicsYml.filters.some((f) => f.words.includes(topicWords(ds, id))));
    let narrowedRuns = 0;
    fc.assert(
      fc.property(fc.constantFrom(...topics), fc.constantFrom(...filterWords), fc.constantFrom(...ds.regions.map((r) => r.id)), (topic, filter, region) => {
        const plain = ask(`${topicWords(ds, topic)} in ${region}`, ds);
        const narrowed = ask(`${topicWords(ds, topic)} ${filter.word} in ${region}`, ds);
        if (narrowed.query.filters === undefined) return;
        narrowedRuns++;
        const before = keys(plain);
        for (const rule of narrowed.rules) {
          expect(before.has(ruleKey(rule)), `${filter.word}: ${rule.id}`).toBe(true);
          expect(keeps(ds, rule, filter.kind, filter.value), `${filter.word}: ${rule.id}`).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
    expect(narrowedRuns).toBeGreaterThan(75);
  });

  it('property: leaving a topic out and filtering commute', () => {
    const ds = datasets.get(edition)!;
    const bundles = ds.scenarioOrder.filter((id) => ds.scenarios.get(id)!.bundle);
    const directions = topicsYml.filters.filter((f) => f.kind !== 'party').flatMap((f) => f.words.filter((w) => !w.includes('private') && !w.includes('public')));
    let compared = 0;
    fc.assert(
      fc.property(fc.constantFrom(...bundles), fc.constantFrom(...ds.scenarioOrder), fc.constantFrom(...directions, 'on the private network', 'over the public network'), (a, b, word) => {
        const region = ds.regions[0]!.id;
        const excluded = ask(`${topicWords(ds, a)} except ${topicWords(ds, b)} in ${region}`, ds);
        const both = ask(`${topicWords(ds, a)} ${word} except ${topicWords(ds, b)} in ${region}`, ds);
        const filtered = ask(`${topicWords(ds, a)} ${word} in ${region}`, ds);
        fc.pre(excluded.problems.length === 0 && filtered.query.filters !== undefined);
        compared++;
        const expected = [...keys(filtered)].filter((k) => keys(excluded).has(k)).sort();
        expect([...keys(both)].sort()).toEqual(expected);
      }),
      { numRuns: 80 },
    );
    expect(compared).toBeGreaterThan(20);
  });
});
