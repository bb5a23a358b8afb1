import path from 'node:path';
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { chooseEdition } from '../core/dataset/editions.js';
import { shortCommit, type NotAnswered } from '../import/kube-samples/edition.js';
import { editionIds, importRecordOf } from '../import/kube-samples/write.js';
import { dataDirFrom } from './dataset.js';
import { EXIT, type Io } from './io.js';

const DAY_MS = 86_400_000;

function age(date: string, now: Date): string {
  const days = Math.floor((now.getTime() - Date.parse(`${date.slice(0, 10)}T00:00:00Z`)) / DAY_MS);
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

async function lastUpdatedOf(editionDir: string): Promise<string | null> {
  const text = await readFile(path.join(editionDir, 'dataset.yml'), 'utf8').catch(() => null);
  const meta = text === null ? null : (parse(text) as { lastUpdated?: string } | null);
  return meta?.lastUpdated ?? null;
}

function notAnsweredLines(items: NotAnswered[]): string[] {
  if (items.length === 0) return ['Read and not answered: nothing (every list read is in the answers)'];
  return [`Read and not answered (${items.length}):`, ...items.map((n) => `  - ${n.what}: ${n.why}`)];
}

/** `porthole data status`: which edition answers by default, how old its sources are, and how to refresh them. */
export async function dataStatusCommand(args: string[], io: Io, now = new Date()): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' } } });
  const dataDir = dataDirFrom(values.data, io.env);
  const ids = await editionIds(dataDir);
  const wanted = io.env.PORTHOLE_EDITION || null;
  const choice = chooseEdition(ids, wanted);
  if (!choice.ok) {
    io.err(`porthole data status: ${path.join(dataDir, 'editions')}: ${choice.message}\n`);
    return EXIT.badDataset;
  }
  const id = choice.id;
  const dir = path.join(dataDir, 'editions', id);
  const record = await importRecordOf(dir);
  const why = wanted ? `PORTHOLE_EDITION=${wanted}` : 'the newest';
  const out: string[] = [`Default edition: ${id} (${why} of ${ids.length}: ${ids.join(', ')})`];
  if (record) {
    const baseDate = (await lastUpdatedOf(path.join(dataDir, 'editions', record.base))) ?? record.base.slice(0, 10);
    out.push(
      `Addresses: ${record.repository} ${shortCommit(record.commit)}, committed ${record.committedAt.slice(0, 10)} (${age(record.committedAt, now)})`,
      `Rules: the page edition ${record.base}, updated ${baseDate} (${age(baseDate, now)})`,
    );
    out.push(...notAnsweredLines(record.notAnswered ?? []));
  } else {
    const updated = (await lastUpdatedOf(dir)) ?? id.slice(0, 10);
    out.push(`Addresses and rules: the page edition ${id}, updated ${updated} (${age(updated, now)}); no edition imported from IBM-Cloud/kube-samples`);
  }
  out.push(
    'To refresh the addresses from IBM-Cloud/kube-samples:',
    '  1. git clone https://github.com/IBM-Cloud/kube-samples.git   (or git -C kube-samples pull)',
    '  2. porthole data import kube-samples kube-samples             (writes data/editions/<date>-kube-samples-<commit>/)',
    '  3. review the summary and the diff it prints, then porthole data check',
    '  4. commit the new edition folder',
  );
  io.out(`${out.join('\n')}\n`);
  return EXIT.ok;
}
