import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './cli.js';

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
