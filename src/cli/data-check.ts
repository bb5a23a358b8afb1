import { parseArgs } from 'node:util';
import type { Dataset } from '../core/dataset/build.js';
import { describeSources } from '../core/render/describe.js';
import { datasetInfo } from '../core/resolve/resolve.js';
import { formatDataProblem, loadAllEditions } from '../data-files/load.js';
import { dataDirFrom } from './dataset.js';
import { EXIT, type Io } from './io.js';

/** `porthole data check [--data DIR]`: validates every edition of a dataset folder and says what each holds. */
export async function dataCheckCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' } } });
  const dir = dataDirFrom(values.data, io.env);
  // Always the YAML, whatever snapshot was compiled: problems come with their file and line.
  const results = await loadAllEditions(dir, { snapshots: null });
  let broken = 0;
  for (const result of results) {
    if (!result.ok) {
      broken++;
      io.err(`porthole: the dataset in ${result.dir} is not valid:\n`);
      for (const p of result.problems) io.err(`  ${formatDataProblem(p)}\n`);
      continue;
    }
    io.out(`${dir}: edition ${result.dataset.edition} valid. ${describeEdition(result.dataset)}\n`);
  }
  return broken > 0 ? EXIT.badDataset : EXIT.ok;
}

export function describeEdition(dataset: Dataset): string {
  const rules = [...dataset.scenarios.values()].reduce((n, s) => n + s.rules.length, 0);
  return (
    `Dataset ${dataset.meta.version} (${describeSources(datasetInfo(dataset))}): ` +
    `${dataset.regions.length} regions, ${dataset.zoneById.size} zones, ${dataset.tables.size} address tables, ` +
    `${dataset.scenarios.size} scenarios, ${rules} rules.`
  );
}
