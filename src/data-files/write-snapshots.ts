import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { BUNDLED_DATA_DIR, compileEditions, formatDataProblem } from './load.js';
import { BUNDLED_SNAPSHOT_DIR, snapshotFile } from './snapshot.js';

// `npm run build` (and so `npm ci`) runs this after tsc: one compiled snapshot per shipped edition in
// dist/editions/, which `porthole ask` reads instead of the YAML while the data is unchanged. A shipped edition
// that is not valid fails the build, with every problem and its line.

const compiled = await compileEditions(BUNDLED_DATA_DIR);
const broken = compiled.filter((c) => 'problems' in c);
if (broken.length > 0) {
  for (const edition of broken) {
    process.stderr.write(`porthole build: edition ${edition.id} is not valid, no snapshot written:\n`);
    for (const p of edition.problems) process.stderr.write(`  ${formatDataProblem(p)}\n`);
  }
  await rm(BUNDLED_SNAPSHOT_DIR, { recursive: true, force: true });
  process.exitCode = 1;
} else {
  // Written aside and renamed into place, so that a reader never sees half a snapshot or a stale one.
  const next = `${BUNDLED_SNAPSHOT_DIR}.next-${process.pid}`;
  await rm(next, { recursive: true, force: true });
  await mkdir(next, { recursive: true });
  for (const edition of compiled) if ('snapshot' in edition) await writeFile(snapshotFile(next, edition.id), edition.snapshot);
  await rm(BUNDLED_SNAPSHOT_DIR, { recursive: true, force: true });
  await rename(next, BUNDLED_SNAPSHOT_DIR);
  process.stdout.write(`porthole build: ${compiled.length} edition snapshots in ${BUNDLED_SNAPSHOT_DIR}\n`);
}
