import { parseArgs } from 'node:util';
import { dataDirFrom, loadOrReport } from './dataset.js';
import { EXIT, type Io } from './io.js';

/** `porthole data check [--data DIR]`: validates a dataset folder and says what it holds. */
export async function dataCheckCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' } } });
  const dir = dataDirFrom(values.data, io.env);
  const dataset = await loadOrReport(dir, io);
  if (!dataset) return EXIT.badDataset;
  const rules = [...dataset.scenarios.values()].reduce((n, s) => n + s.rules.length, 0);
  const zones = dataset.zoneById.size;
  io.out(
    `${dir}: valid. Dataset ${dataset.meta.version} (page updated ${dataset.meta.lastUpdated}): ` +
      `${dataset.regions.length} regions, ${zones} zones, ${dataset.tables.size} address tables, ` +
      `${dataset.scenarios.size} scenarios, ${rules} rules.\n`,
  );
  return EXIT.ok;
}
