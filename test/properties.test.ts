import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../src/core/dataset/build.js';
import { parseQuestion } from '../src/core/parse/question.js';
import { answerJsonSchema } from '../src/core/render/json-contract.js';
import { toJson } from '../src/core/render/json.js';
import { renderText } from '../src/core/render/text.js';
import { ask } from '../src/core/resolve/resolve.js';
import { shippedDataset } from './helpers/dataset.js';

let dataset: Dataset;
beforeAll(async () => {
  dataset = await shippedDataset();
});

/** Questions built from the words people use: keywords, place names, filler, noise and markup. */
function questionArb(ds: Dataset) {
  const words = [
    ...ds.keywords.map((k) => k.tokens.join(' ')),
    ...ds.placeNames.map((p) => p.name),
    'what', 'do', 'I', 'open', 'for', 'on', 'cluster', 'in', 'and', 'as csv', 'json', '<!channel>', '<@U123>',
    '<https://evil|ibm.com>', '&amp;', '🚀', '\u0000', '\u202e', 'eu-dee', 'fra09', '--format', 'cluster ../x',
  ];
  return fc.array(fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 12 })), { maxLength: 12 }).map((w) => w.join(' '));
}

describe('properties', () => {
  it('the parser never throws and always returns a query, whatever the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), questionArb(dataset)), (text) => {
        const parsed = parseQuestion(text, dataset);
        expect(Array.isArray(parsed.query.scenarios)).toBe(true);
        expect(parsed.query.text).toBe(text);
        if (parsed.problems.length > 0) expect(parsed.query.scenarios).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('survives 100 KB of text, control characters and lone surrogates', () => {
    for (const text of ['x'.repeat(100_000), '\u0000\u0001\u001b[31m'.repeat(5000), '\ud800kubectl\udfff eu-de', '<!channel>'.repeat(10_000)]) {
      expect(() => ask(text, dataset)).not.toThrow();
    }
  });

  it('every answer validates against the JSON contract and renders as text', () => {
    fc.assert(
      fc.property(questionArb(dataset), (text) => {
        const answer = ask(text, dataset);
        const json = JSON.parse(JSON.stringify(toJson(answer)));
        const checked = answerJsonSchema.safeParse(json);
        expect(checked.success ? [] : checked.error.issues).toEqual([]);
        expect(renderText(answer).length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('answers for any scenario set, region and zone put prerequisites first and never repeat a rule', () => {
    const scenarioIds = dataset.scenarioOrder;
    const zones = [...dataset.zoneById.keys()];
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...scenarioIds), { minLength: 1, maxLength: 4 }),
        fc.option(fc.constantFrom(...zones), { nil: null }),
        (ids, zone) => {
          const text = `${ids.map((id) => dataset.scenarios.get(id)!.keywords[0]).join(' and ')}${zone ? ` in ${zone}` : ''}`;
          const answer = ask(text, dataset);
          if (answer.problems.length > 0) return; // e.g. two keywords that narrow one another
          const firstRequested = answer.rules.findIndex((r) => !r.prerequisite);
          expect(answer.rules.slice(firstRequested).every((r) => !r.prerequisite)).toBe(true);
          expect(new Set(answer.rules.map((r) => r.id)).size).toBe(answer.rules.length);
          for (const r of answer.rules) {
            expect(r.sources.length).toBeGreaterThan(0);
            expect(r.destinations.length).toBeGreaterThan(0);
          }
          if (zone) expect(answer.query.region).toBe(dataset.zoneById.get(zone)!.region);
        },
      ),
      { numRuns: 300 },
    );
  });
});
