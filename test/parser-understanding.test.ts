import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Dataset } from '../src/core/dataset/build.js';
import { parseQuestion } from '../src/core/parse/question.js';
import { ask } from '../src/core/resolve/resolve.js';
import { editDistance } from '../src/core/text.js';
import { ROOT } from './helpers/cli.js';
import { shippedDataset } from './helpers/dataset.js';

// How the parser reads what people really type: tables generated from the data files (zone cities, the topic
// vocabulary, what is not covered), and the half-answers issue 10 observed, each with what it must now say.

interface ZoneRow { id: string; city: string; aliases?: string[] }
const regionsYml = parse(readFileSync(path.join(ROOT, 'data', 'regions.yml'), 'utf8')) as { regions: { id: string; metro: string; zones: ZoneRow[] }[] };
const notCoveredYml = parse(readFileSync(path.join(ROOT, 'data', 'not-covered.yml'), 'utf8')) as { notCovered: { id: string; keywords: string[]; docs: { url: string } }[] };
const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '');

const namesOfZone = new Map(regionsYml.regions.flatMap((r) => r.zones.map((z) => [z.id, [z.city, ...(z.aliases ?? [])]] as const)));
const EDITIONS = readdirSync(path.join(ROOT, 'data', 'editions')).sort();

let dataset: Dataset;
beforeAll(async () => {
  dataset = await shippedDataset();
});

describe.each(EDITIONS)('places of the %s edition: every zone city and metro, with and without accents', (edition) => {
  it('reads each zone city as its zone (or its region, when the region has several zones in that city)', async () => {
    const ds = await shippedDataset(edition);
    let checked = 0;
    for (const region of ds.regions) {
      for (const zone of region.zones) {
        for (const name of namesOfZone.get(zone.id) ?? []) {
          const sameName = region.zones.filter((z) => (namesOfZone.get(z.id) ?? []).some((n) => fold(n).toLowerCase() === fold(name).toLowerCase()));
          const expected = { region: region.id, zone: sameName.length === 1 ? zone.id : null };
          for (const written of new Set([name, fold(name), name.toLowerCase(), name.toUpperCase()])) {
            const { query, problems } = parseQuestion(`kubectl in ${written}`, ds);
            expect(problems, written).toEqual([]);
            expect({ region: query.region, zone: query.zone }, written).toEqual(expected);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(ds.regions.length);
  });

  it('reads each region metro as its region', async () => {
    const ds = await shippedDataset(edition);
    for (const region of ds.regions) expect(parseQuestion(`registry in ${region.metro}`, ds).query.region, region.metro).toBe(region.id);
  });
});

/** Typos of a word: a letter dropped, two neighbours swapped, a letter doubled. */
function typosOf(word: string): string[] {
  const out = new Set<string>();
  for (let i = 1; i < word.length - 1; i++) {
    out.add(word.slice(0, i) + word.slice(i + 1));
    out.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    out.add(word.slice(0, i) + word[i] + word.slice(i));
  }
  out.delete(word);
  return [...out];
}

describe('typos, generated from the topic vocabulary', () => {
  const vocabulary = () => [...new Set(dataset.keywords.flatMap((k) => k.tokens))];
  const cases = () =>
    dataset.keywords
      .filter((k) => k.tokens.length === 1 && /^[a-z]{6,}$/.test(k.tokens[0]!))
      .flatMap((k) => typosOf(k.tokens[0]!).map((typo) => ({ typo, word: k.tokens[0]!, scenario: k.scenario })))
      .filter(({ typo }) => !vocabulary().includes(typo) && !dataset.placeNames.some((p) => p.tokens.join(' ') === typo));

  it('reads a typo with one close word as that word and says so, and offers the choice when several are as close', () => {
    const all = cases();
    expect(all.length).toBeGreaterThan(200);
    const words = [...new Set([...vocabulary(), ...dataset.placeNames.flatMap((p) => p.tokens)])].filter((w) => w.length >= 4);
    for (const { typo, word, scenario } of all) {
      const max = typo.length >= 8 ? 2 : 1;
      const distances = words.map((w) => editDistance(typo, w, max));
      const best = Math.min(...distances);
      const nearest = words.filter((_, i) => distances[i] === best);
      const parsed = parseQuestion(`${typo} in eu-de`, dataset);
      if (nearest.length === 1) {
        expect(parsed.problems, typo).toEqual([]);
        expect(parsed.query.scenarios, typo).toEqual([scenario]);
        expect(parsed.reading, typo).toContain(`"${typo}" as "${word}"`);
      } else if (parsed.problems.length > 0) {
        expect(parsed.problems[0]!.code, typo).toBe('ambiguous-word');
        expect(parsed.problems[0]!.suggestions.every((s) => !/^[a-z]+-[a-z]+$/.test(s) || dataset.keywords.some((k) => k.tokens.join(' ') === s.replace('-', ' '))), typo).toBe(true);
      }
    }
  });
});

const topicsYml = parse(readFileSync(path.join(ROOT, 'data', 'topics.yml'), 'utf8')) as { topics: Record<string, { keywords: string[]; example: string }> };

describe.each(EDITIONS)('what the %s page does not cover is said plainly, with where IBM documents it', (edition) => {
  /** The topic of this edition that has a keyword, from topics.yml and the edition's scenarios. */
  const topicWith = (ds: Dataset, keyword: string) => Object.keys(topicsYml.topics).find((id) => ds.scenarios.has(id) && topicsYml.topics[id]!.keywords.includes(keyword));
  const cases = notCoveredYml.notCovered.flatMap((entry) => entry.keywords.map((keyword) => [keyword, entry.id, entry.docs.url, entry.keywords[0]!] as const));

  it.each(cases)('"kubectl for %s" (%s)', async (keyword, id, url, name) => {
    const ds = await shippedDataset(edition);
    const { problems, query } = parseQuestion(`kubectl in eu-de for ${keyword}`, ds);
    const covering = topicWith(ds, name);
    if (covering) {
      // The page covers the subject (Istio by 2021): no "not covered" for any of its words.
      expect(problems.map((p) => p.code)).not.toContain('not-covered');
      expect(ds.notCovered.map((e) => e.id)).not.toContain(id);
      return;
    }
    const topic = topicWith(ds, keyword);
    if (topic) {
      // A topic of this page has these words ("openshift routes", Routes by 2025): it answers them.
      expect(problems).toEqual([]);
      expect(query.scenarios).toContain(topic);
      return;
    }
    expect(problems.map((p) => p.code)).toEqual(['not-covered']);
    expect(problems[0]!.input).toBe(id);
    expect(problems[0]!.message).toContain(url);
    expect(query.scenarios).toEqual([]);
  });

  it.each(notCoveredYml.notCovered.map((entry) => [entry.keywords[0]!, entry.id] as const))('a bare "%s" is not covered, or answered where the page covers it, never unknown words', async (name, id) => {
    const ds = await shippedDataset(edition);
    const { problems, query } = parseQuestion(name, ds);
    expect(problems.map((p) => p.code)).not.toContain('unknown-scenario');
    if (topicWith(ds, name)) {
      expect(query.scenarios).toEqual([topicWith(ds, name)]);
      return;
    }
    expect(problems.map((p) => p.code)).toEqual(['not-covered']);
    expect(problems[0]!.input).toBe(id);
    // The topics of this page that have some of its other words are pointed to, with their example.
    const related = notCoveredYml.notCovered.find((e) => e.id === id)!.keywords.flatMap((k) => topicWith(ds, k) ?? []);
    for (const topic of new Set(related)) expect(problems[0]!.message).toContain(topicsYml.topics[topic]!.example);
  });
});

describe('the half-answers issue 10 observed', () => {
  const leavesOf = (ids: string[]) => [...new Set(ids.flatMap((id) => dataset.scenarios.get(id)!.leaves))].sort();

  it.each([
    ['worker outbound and logging in us-south', ['worker-outbound', 'logging']],
    ['everything plus registry in eu-de', ['everything']],
    ['private network and dns in dal10', ['private-network']],
    ['all rules and kubectl for fra02', ['everything']],
    ['file and block storage', ['file-storage', 'block-storage']],
    ['kubectl logs and exec', ['kubelet']],
  ])('%j is the union of what it names', (question, union) => {
    const { query, problems } = parseQuestion(question, dataset);
    expect(problems).toEqual([]);
    expect(leavesOf(query.scenarios)).toEqual(leavesOf(union));
  });

  it.each([
    ['worker outbound in us-south except logging and monitoring', 'worker-outbound', ['logging', 'monitoring']],
    ['logging but not monitoring', 'logging', []],
    ['no need for registry, just IAM', 'iam', []],
    ['everything without the private network', 'everything', ['private-network']],
  ])('%j leaves out what it excludes', (question, asked, excluded) => {
    const { query, problems } = parseQuestion(question, dataset);
    expect(problems).toEqual([]);
    const out = new Set(leavesOf(excluded));
    expect(leavesOf(query.scenarios)).toEqual(leavesOf([asked]).filter((leaf) => !out.has(leaf)));
  });

  it('takes an address after "from" as the workstation, fills its placeholder and says so', () => {
    const answer = ask('kubectl in eu-de from my office 203.0.113.5', dataset);
    expect(answer.problems).toEqual([]);
    expect(answer.query.source).toBe('203.0.113.5');
    expect(answer.reading).toContain('from 203.0.113.5');
    const workstationParties = [...dataset.parties.values()].filter((p) => p.questionSource).map((p) => p.id);
    const sources = answer.rules.flatMap((r) => r.sources).filter((e) => e.party !== undefined && workstationParties.includes(e.party));
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.every((e) => e.kind === 'ip' && e.value === '203.0.113.5')).toBe(true);
    const subnet = ask('calicoctl in fra02 from 10.8.0.0/16', dataset);
    expect(subnet.rules.flatMap((r) => r.sources).filter((e) => e.party && workstationParties.includes(e.party)).every((e) => e.kind === 'cidr' && e.value === '10.8.0.0/16')).toBe(true);
  });

  it('reads "master" (singular) and says which words it did not use', () => {
    const { query, reading, unused } = parseQuestion('what do the workers need to reach the master in us-south, asks my boss', dataset);
    expect(query.scenarios.length).toBeGreaterThan(0);
    expect(unused).toContain('boss');
    expect(reading).toMatch(/Not used: .*"boss"/);
  });

  it.each([
    ['my iptables blocks kubectl in eu-de', null],
    ['csv of the nodeport rules', null],
    ['kubectl in eu-de as iptables', 'iptables'],
    ['everything for eu-de in nftables format', 'nftables'],
    ['export csv for registry in eu-de', 'csv'],
    ['kubectl eu-de --format json', 'json'],
  ])('%j picks format %s only on an explicit request', (question, format) => {
    const { query, problems } = parseQuestion(question, dataset);
    expect(problems).toEqual([]);
    expect(query.format).toBe(format);
  });

  it.each([
    ['kubectl in eu-de as of 2019', { edition: '2019' }],
    ['registry in the 2021 edition', { edition: '2021' }],
    ['ingress, 2025 edition', { edition: '2025' }],
    ['what changed for kubectl since 2019', { since: '2019' }],
    ['registry in eu-de including optional rules', { includeOptional: true }],
  ])('%j sets %o', (question, fields) => {
    const { query, problems } = parseQuestion(question, dataset);
    expect(problems).toEqual([]);
    expect(query).toMatchObject(fields);
    expect(query.scenarios.length).toBe(1);
  });
});
