import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './cli.js';

/** The folder of the edition the tests answer from (PORTHOLE_EDITION, else the newest shipped). */
export const SHIPPED_EDITION_DIR = path.join(
  ROOT,
  'data',
  'editions',
  process.env.PORTHOLE_EDITION || readdirSync(path.join(ROOT, 'data', 'editions')).sort().at(-1)!,
);

/** The tests' edition as a folder of its own (with the shared regions.yml, topics.yml and not-covered.yml) in a temp dir, with `edit` applied to one file's text. */
export function dataCopyWith(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'porthole-data-'));
  cpSync(SHIPPED_EDITION_DIR, dir, { recursive: true });
  for (const shared of ['regions.yml', 'topics.yml', 'not-covered.yml']) cpSync(path.join(ROOT, 'data', shared), path.join(dir, shared));
  const target = path.join(dir, file);
  writeFileSync(target, edit(readFileSync(target, 'utf8')));
  return dir;
}
