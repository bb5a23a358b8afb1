import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../src/core/answer.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { ask } from '../src/core/resolve/resolve.js';
import { shippedDataset } from './helpers/dataset.js';

// Golden answers for every scenario in every region (and with no region), one file per region under
// test/golden/answers/. A change to the data or the engine shows up as a reviewable diff there;
// `npx vitest run test/golden-answers.test.ts -u` rewrites them after a deliberate change.

function compact(answer: Answer): string {
  const lines = [`# ${answer.query.text}${answer.needsRegion ? '  [needs region]' : ''}`];
  for (const r of answer.rules) {
    const ends = (side: typeof r.sources) => side.map((e) => `${e.value}${e.deprecated ? '(deprecated)' : ''}`).join(' ');
    lines.push(
      `${r.prerequisite ? '(prerequisite) ' : ''}${r.id} ${r.direction} ${r.required ? 'required' : 'optional'} ` +
        `${r.protocols.join('/')} ${r.ports.join(',') || '-'}${r.pending.length ? ` pending:${r.pending.map((p) => p.fact).join(',')}` : ''}`,
      `  from ${ends(r.sources)}`,
      `  to   ${ends(r.destinations)}`,
    );
  }
  return lines.join('\n');
}

let dataset: Dataset;
beforeAll(async () => {
  dataset = await shippedDataset();
});

describe('golden answers', () => {
  const regions = ['(no region)', 'jp-tok', 'au-syd', 'eu-de', 'eu-gb', 'us-east', 'us-south'];
  it.each(regions)('every scenario in %s', async (region) => {
    expect(dataset.regions.map((r) => r.id)).toEqual(regions.slice(1));
    const blocks = dataset.scenarioOrder
      .filter((id) => !dataset.scenarios.get(id)!.bundle)
      .map((id) => {
        const keyword = dataset.scenarios.get(id)!.keywords[0]!;
        const answer = ask(region.startsWith('(') ? keyword : `${keyword} in ${region}`, dataset);
        expect(answer.problems).toEqual([]);
        expect(answer.query.scenarios).toEqual([id]);
        return compact(answer);
      });
    await expect(blocks.join('\n\n') + '\n').toMatchFileSnapshot(`golden/answers/${region.replace(/[()\s]/g, '') || 'none'}.txt`);
  });
});
