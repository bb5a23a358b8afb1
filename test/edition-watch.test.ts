/**
 * Editions without a restart: a new edition folder in a temp data folder is noticed, validated and swapped in;
 * a broken one is refused with its file and line and the set before it stays; a set taken before a swap keeps
 * its editions.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EditionWatcher, type EditionSet, type EditionWatchOptions, type RefusedEdition } from '../src/data-files/edition-watch.js';
import { formatDataProblem, listEditions } from '../src/data-files/load.js';
import { Metrics } from '../src/bot/metrics.js';
import { addEditionCopy, emptyDataFolder } from './helpers/edition-copy.js';

const { ids: SHIPPED } = await listEditions();
const NEWEST = SHIPPED.at(-1)!;

interface Watched {
  watcher: EditionWatcher;
  refused: RefusedEdition[];
  swaps: { added: string[]; removed: string[] }[];
  warnings: string[];
}

const open: EditionWatcher[] = [];
afterEach(() => open.splice(0).forEach((w) => w.close()));

async function watching(dir: string, options: Partial<EditionWatchOptions> = {}): Promise<Watched> {
  const watched: Omit<Watched, 'watcher'> = { refused: [], swaps: [], warnings: [] };
  const watcher = await EditionWatcher.open({
    dir,
    snapshots: null,
    rescanMs: 0,
    logger: { warn: (_: unknown, message?: string) => watched.warnings.push(message ?? ''), info: () => undefined } as never,
    onRefused: (refused) => watched.refused.push(refused),
    onSwapped: (_set, change) => watched.swaps.push(change),
    ...options,
  });
  watcher.start();
  open.push(watcher);
  return { ...watched, watcher };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a data folder watched for new editions', () => {
  it('a valid new edition is seen, validated and swapped in; a set taken before keeps its editions', async () => {
    const dir = emptyDataFolder();
    addEditionCopy(dir, NEWEST, NEWEST);
    const { watcher, swaps, refused } = await watching(dir);
    const held: EditionSet = watcher.current;
    expect(held.ids).toEqual([NEWEST]);

    const next = '2099-01-01-test';
    addEditionCopy(dir, NEWEST, next);
    await until(() => watcher.current.ids.includes(next), `${next} to be swapped in`);

    expect(watcher.current.ids).toEqual([NEWEST, next]);
    expect(watcher.current.newest.edition).toBe(next);
    expect(watcher.current.choose().dataset?.edition).toBe(next);
    expect(watcher.current.choose(NEWEST).dataset?.edition).toBe(NEWEST);
    expect(swaps).toEqual([{ added: [next], removed: [] }]);
    expect(refused).toEqual([]);
    // An answer that took the set before the swap goes on with it.
    expect(held.ids).toEqual([NEWEST]);
    expect(held.newest.edition).toBe(NEWEST);
  });

  it('a broken edition is refused with its file and line, logged and reported once; the set before it stays', async () => {
    const dir = emptyDataFolder();
    addEditionCopy(dir, NEWEST, NEWEST);
    const { watcher, refused, warnings, swaps } = await watching(dir);
    const before = watcher.current;
    const region = before.newest.tables.get('masters')!.entries.find((e) => e.regions !== 'global')!.regions as string[];
    const broken = '2099-02-01-broken';
    addEditionCopy(dir, NEWEST, broken, {
      file: path.join('tables', 'masters.yml'),
      change: (text) => text.replace(`regions: [${region.join(', ')}]`, 'regions: [xx-nowhere]'),
    });
    await until(() => refused.length > 0, `${broken} to be refused`);

    expect(refused.map((r) => r.edition)).toEqual([broken]);
    const lines = refused[0]!.problems.map(formatDataProblem);
    const masters = path.join(dir, 'editions', broken, 'tables', 'masters.yml');
    expect(lines.some((line) => line.startsWith(`${masters}:`) && /:\d+ /.test(line.slice(masters.length)) && line.includes('xx-nowhere')), lines.join('\n')).toBe(true);
    expect(warnings.some((w) => w.includes(`edition ${broken} refused`))).toBe(true);
    expect(watcher.current).toBe(before);
    expect(swaps).toEqual([]);

    // Scanned again, the same problems are not reported again; answers go on from the set before.
    await watcher.rescan();
    expect(refused).toHaveLength(1);
    expect(watcher.current.choose().dataset?.edition).toBe(NEWEST);
  });

  it('a refused edition is counted in the metrics through the callback', async () => {
    const dir = emptyDataFolder();
    addEditionCopy(dir, NEWEST, NEWEST);
    const metrics = new Metrics({ processMetrics: false });
    const { watcher } = await watching(dir, { onRefused: () => metrics.editionRefused() });
    addEditionCopy(dir, NEWEST, '2099-05-01-broken', { file: 'parties.yml', change: () => 'parties: [' });
    await watcher.rescan();
    expect(await metrics.text()).toMatch(/^porthole_editions_refused_total 1$/m);
  });

  it('without fs.watch events, the periodic rescan finds the new edition; a folder still being written is not refused', async () => {
    const dir = emptyDataFolder();
    addEditionCopy(dir, NEWEST, NEWEST);
    const { watcher, refused } = await watching(dir, { useFsWatch: false, rescanMs: 100 });
    mkdirSync(path.join(dir, 'editions', '2099-03-01-being-written'));
    const next = '2099-04-01-test';
    addEditionCopy(dir, NEWEST, next);
    await until(() => watcher.current.ids.includes(next), `${next} found by the rescan`);
    expect(watcher.current.ids).toEqual([NEWEST, next]);
    expect(refused).toEqual([]);
  });

  it('opening a folder with no valid edition fails with the folder named', async () => {
    const dir = emptyDataFolder();
    addEditionCopy(dir, NEWEST, NEWEST, { file: 'dataset.yml', change: (text) => `${text}\n  : [` });
    await expect(watching(dir)).rejects.toThrow(`${dir}: no valid edition to answer from`);
  });
});
