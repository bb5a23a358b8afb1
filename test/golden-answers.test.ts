import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../src/core/answer.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { ask } from '../src/core/resolve/resolve.js';
import { ROOT } from './helpers/cli.js';
import { shippedDataset } from './helpers/dataset.js';

// Golden answers for every scenario in every region (and with no region), one file per region under
// test/golden/answers/. A change to the data or the engine shows up as a reviewable diff there;
// `npx vitest run test/golden-answers.test.ts -u` rewrites them after a deliberate change.

function compact(answer: Answer): string {
  const lines = [`# ${answer.query.text}${answer.needsRegion ? '  [needs region]' : ''}`];
  for (const r of answer.rules) {
    const ends = (side: typeof r.sources) => side.map((e) => `${e.value}${e.deprecated ? '(deprecated)' : ''}`).join(' ');
    lines.push(
      `${r.prerequisite ? '(prerequisite) ' : ''}${r.id} ${r.direction} ${r.ended ? `ended ${r.ended}` : r.required ? 'required' : 'optional'}${r.condition ? ` ${r.condition}` : ''} ` +
        `${r.protocols.join('/')} ${r.ports.join(',') || '-'}${r.pending.length ? ` pending:${r.pending.map((p) => p.fact).join(',')}` : ''}`,
      `  from ${ends(r.sources)}`,
      `  to   ${ends(r.destinations)}`,
    );
  }
  return lines.join('\n');
}

// One folder of golden files per shipped edition: test/golden/answers/<edition>/<region>.txt.
const editions = readdirSync(path.join(ROOT, 'data', 'editions')).filter((n) => !n.startsWith('.')).sort();

describe.each(editions)('golden answers of the %s edition', (edition) => {
  let dataset: Dataset;
  beforeAll(async () => {
    dataset = await shippedDataset(edition);
  });

  const regions = ['(no region)', ...regionIdsOf(edition)];
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
    await expect(blocks.join('\n\n') + '\n').toMatchFileSnapshot(`golden/answers/${edition}/${region.replace(/[()\s]/g, '') || 'none'}.txt`);
  });
});

/** The regions an edition's dataset.yml lists, read from the file so that the test names them before loading. */
function regionIdsOf(edition: string): string[] {
  const text = readFileSync(path.join(ROOT, 'data', 'editions', edition, 'dataset.yml'), 'utf8');
  return [...text.matchAll(/^ {2}- \{ region: ([a-z0-9-]+)/gm)].map((m) => m[1]!);
}
