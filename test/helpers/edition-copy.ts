import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Dataset } from '../../src/core/dataset/build.js';
import { listEditions, loadDataset } from '../../src/data-files/load.js';
import { ROOT } from './cli.js';
import { shippedDataset } from './dataset.js';

/** A data folder in a temp dir with the shipped shared files (regions, topics, not-covered) and no edition yet. */
export function emptyDataFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'porthole-data-'));
  for (const shared of ['regions.yml', 'topics.yml', 'not-covered.yml']) cpSync(path.join(ROOT, 'data', shared), path.join(dir, shared));
  mkdirSync(path.join(dir, 'editions'));
  return dir;
}

/**
 * Adds shipped edition `from` to `dataDir` as edition `id` (its date written into dataset.yml), with `edit`
 * applied to one of its files. Written beside the editions and renamed in, so that it appears whole at once.
 */
export function addEditionCopy(dataDir: string, from: string, id: string, edit?: { file: string; change: (text: string) => string }): string {
  const staging = mkdtempSync(path.join(dataDir, '.staging-'));
  cpSync(path.join(ROOT, 'data', 'editions', from), staging, { recursive: true });
  const meta = path.join(staging, 'dataset.yml');
  writeFileSync(meta, readFileSync(meta, 'utf8').replace(/^lastUpdated: .*$/m, `lastUpdated: "${id.slice(0, 10)}"`));
  if (edit) {
    const file = path.join(staging, edit.file);
    writeFileSync(file, edit.change(readFileSync(file, 'utf8')));
  }
  const target = path.join(dataDir, 'editions', id);
  renameSync(staging, target);
  return target;
}

/** The tables the rules of `topic` (every leaf topic when null) read. */
export function tablesRead(dataset: Dataset, topic: string | null): Set<string> {
  const leaves = topic ? dataset.scenarios.get(topic)!.leaves : dataset.scenarioOrder;
  return new Set(leaves.flatMap((id) => dataset.scenarios.get(id)!.rules.flatMap((r) => [...r.from, ...r.to].flatMap((e) => ('table' in e ? [e.table] : [])))));
}

export interface OneMasterChanged {
  before: Dataset;
  after: Dataset;
  /** The region whose master row changed, and the address it lost (listed in no other row) and gained. */
  region: string;
  replaced: string;
  added: string;
  /** A leaf topic whose rules read the master table. */
  topic: string;
  table: 'masters';
}

/** The newest shipped edition and a copy of it, one day in the future, in which one master address is replaced by `added`. */
export async function editionsWithOneMasterChanged(added: string, next = '2099-01-01-test'): Promise<OneMasterChanged> {
  const table = 'masters';
  const newest = (await listEditions()).ids.at(-1)!;
  const shipped = await shippedDataset(newest);
  const topic = shipped.scenarioOrder.find((id) => !shipped.scenarios.get(id)!.bundle && tablesRead(shipped, id).has(table))!;
  const text = readFileSync(path.join(ROOT, 'data', 'editions', newest, 'tables', `${table}.yml`), 'utf8');
  const listedOnce = (a: string) => text.split(a).length === 2;
  const row = shipped.tables.get(table)!.entries.find((e) => e.regions !== 'global' && e.addresses.some(listedOnce))!;
  const replaced = row.addresses.find(listedOnce)!;
  const dir = emptyDataFolder();
  addEditionCopy(dir, newest, newest);
  addEditionCopy(dir, newest, next, { file: path.join('tables', `${table}.yml`), change: (t) => t.replace(replaced, added) });
  const load = async (edition: string) => {
    const loaded = await loadDataset(dir, { edition, snapshots: null });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    return loaded.dataset;
  };
  const [before, after] = await Promise.all([load(newest), load(next)]);
  return { before, after, region: (row.regions as string[])[0]!, replaced, added, topic, table };
}
