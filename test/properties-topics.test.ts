import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../src/core/dataset/build.js';
import { parseQuestion } from '../src/core/parse/question.js';
import { shippedDataset } from './helpers/dataset.js';

// Union and exclusion of topics, over every pair of topics and every way of joining or leaving out: the answer
// covers exactly the leaves the words ask for. Expected sets are counted from the dataset, never written here.

let dataset: Dataset;
beforeAll(async () => {
  dataset = await shippedDataset();
});

const words = (id: string) => dataset.topics.get(id)!.keywords[0]!;
const leaves = (ids: string[]) => new Set(ids.flatMap((id) => dataset.scenarios.get(id)!.leaves));
const sorted = (set: Set<string>) => [...set].sort();

describe('topics combine as sets', () => {
  it('"A and B" (and, plus, a comma, &, as well as) answers every leaf of A and of B', () => {
    const ids = dataset.scenarioOrder;
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.constantFrom(...ids), fc.constantFrom(' and ', ' plus ', ', ', ' & ', ' as well as '), fc.constantFrom('', ' in eu-de', ' for dal10'), (a, b, join, where) => {
        fc.pre(a !== b);
        const { query, problems } = parseQuestion(`${words(a)}${join}${words(b)}${where}`, dataset);
        expect(problems).toEqual([]);
        expect(sorted(leaves(query.scenarios))).toEqual(sorted(leaves([a, b])));
      }),
      { numRuns: 1500 },
    );
  });

  it('"A except B" (except, but not, without, excluding, no need for) answers the leaves of A that B lacks', () => {
    const ids = dataset.scenarioOrder;
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.constantFrom(...ids), fc.constantFrom(' except ', ' but not ', ' without ', ' excluding ', ', no need for '), (a, b, marker) => {
        fc.pre(a !== b);
        const { query, problems } = parseQuestion(`${words(a)}${marker}${words(b)}`, dataset);
        const expected = new Set([...leaves([a])].filter((leaf) => !leaves([b]).has(leaf)));
        if (expected.size === 0) {
          expect(problems.map((p) => p.code)).toEqual(['nothing-left']);
          return;
        }
        expect(problems).toEqual([]);
        expect(sorted(leaves(query.scenarios))).toEqual(sorted(expected));
        const overlaps = [...leaves([b])].some((leaf) => leaves([a]).has(leaf));
        expect(query.excluded ?? []).toEqual(overlaps ? [b] : []);
      }),
      { numRuns: 1500 },
    );
  });

  it('"just B" after A keeps only B, and "not B" leaves B out', () => {
    const ids = dataset.scenarioOrder;
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.constantFrom(...ids), (a, b) => {
        fc.pre(a !== b);
        expect(sorted(leaves(parseQuestion(`${words(a)}, just ${words(b)}`, dataset).query.scenarios))).toEqual(sorted(leaves([b])));
        const left = new Set([...leaves([a])].filter((leaf) => !leaves([b]).has(leaf)));
        const parsed = parseQuestion(`${words(a)} but not ${words(b)}`, dataset);
        if (left.size > 0) expect(sorted(leaves(parsed.query.scenarios))).toEqual(sorted(left));
      }),
      { numRuns: 800 },
    );
  });
});
