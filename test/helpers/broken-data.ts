import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './cli.js';
import { SHARED_DATA_FILES } from '../../src/data-files/load.js';

/** The folder of a shipped edition (by default the one the tests answer from: PORTHOLE_EDITION, else the newest). */
function editionDir(edition = process.env.PORTHOLE_EDITION || readdirSync(path.join(ROOT, 'data', 'editions')).sort().at(-1)!): string {
  return path.join(ROOT, 'data', 'editions', edition);
}

/** A shipped edition (the tests' by default) as a folder of its own (with the files every edition shares) in a temp dir, with `edit` applied to one file's text. */
export function dataCopyWith(file: string, edit: (text: string) => string, edition?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'porthole-data-'));
  cpSync(editionDir(edition), dir, { recursive: true });
  for (const shared of SHARED_DATA_FILES) cpSync(path.join(ROOT, 'data', shared), path.join(dir, shared));
  const target = path.join(dir, file);
  writeFileSync(target, edit(readFileSync(target, 'utf8')));
  return dir;
}
