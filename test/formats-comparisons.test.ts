import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Dataset } from '../src/core/dataset/build.js';
import { editionDate, sortEditions } from '../src/core/dataset/editions.js';
import { parseQuestion } from '../src/core/parse/question.js';
import { ROOT } from './helpers/cli.js';
import { shippedDataset } from './helpers/dataset.js';

// Formats and comparisons (issue 22): every output format by every word topics.yml gives it, anywhere in the
// question; two editions compared however it is worded.

const topicsYml = parse(readFileSync(path.join(ROOT, 'data', 'topics.yml'), 'utf8')) as { formats: Record<string, string[]> };
const EDITIONS = sortEditions(readdirSync(path.join(ROOT, 'data', 'editions')));
const datasets = new Map<string, Dataset>();
beforeAll(async () => {
  for (const edition of EDITIONS) datasets.set(edition, await shippedDataset(edition));
});

const FORMAT_PHRASINGS = ['kubectl in REGION as WORD', 'kubectl in REGION WORD', 'export kubectl in REGION to WORD', 'kubectl in REGION into WORD please', 'WORD format: kubectl in REGION'];

describe.each(EDITIONS)('formats in the %s edition', (edition) => {
  it("every word of topics.yml's formats, in every phrasing, reads as its format with the topic and region kept", () => {
    const ds = datasets.get(edition)!;
    const region = ds.regions[0]!.id;
    let checked = 0;
    for (const [format, words] of Object.entries(topicsYml.formats)) {
      for (const word of words) {
        for (const phrasing of FORMAT_PHRASINGS) {
          const question = phrasing.replace('REGION', region).replace('WORD', word);
          const { query, problems, unused } = parseQuestion(question, ds);
          expect(problems, question).toEqual([]);
          expect({ format: query.format, scenarios: query.scenarios, region: query.region }, question).toEqual({ format, scenarios: ['kubectl'], region });
          expect(unused, question).toEqual([]);
          checked++;
        }
      }
    }
    expect(checked).toBe(Object.values(topicsYml.formats).flat().length * FORMAT_PHRASINGS.length);
  });

  it.each([
    ['my iptables blocks kubectl'],
    ['kubectl is blocked by our nftables'],
    ['our calico policy blocks the registry in eu-de'],
  ])('a format word used as context is no request: "%s"', (question) => {
    expect(parseQuestion(question, datasets.get(edition)!).query.format).toBeNull();
  });
});

describe('comparisons between two editions', () => {
  const pairs = EDITIONS.flatMap((older, i) => EDITIONS.slice(i + 1).map((newer) => [older, newer] as const));
  const WORDINGS = [
    'what changed in kubectl between A and B',
    'kubectl A vs B',
    'kubectl: A versus the B edition',
    'registry changes from A to B',
    'compare A with B for the registry',
    'differences between the A edition and the B edition for kubectl',
  ];
  it.each(WORDINGS)('"%s", either way round, answers the newer edition compared with the older', async (wording) => {
    const ds = await shippedDataset(EDITIONS.at(-1));
    expect(pairs.length).toBeGreaterThan(0);
    for (const [older, newer] of pairs) {
      for (const [a, b] of [[older, newer], [newer, older]] as const) {
        for (const written of [(id: string) => id, (id: string) => editionDate(id)]) {
          const question = wording.replace('A', written(a)).replace('B', written(b));
          const { query, problems, unused } = parseQuestion(question, ds);
          expect(problems, question).toEqual([]);
          expect({ since: query.since, edition: query.edition }, question).toEqual({ since: written(older), edition: written(newer) });
          expect(query.scenarios.length, question).toBe(1);
          expect(unused, question).toEqual([]);
        }
      }
    }
  });
});
