import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { BUNDLED_DATA_DIR, compileEditions, formatDataProblem } from './load.js';
import { BUNDLED_SNAPSHOT_DIR, snapshotFile } from './snapshot.js';

// `npm run build` (and so `npm ci`) runs this after tsc: one compiled snapshot per shipped edition in
// dist/editions/, which `porthole ask` reads instead of the YAML while the data is unchanged. A shipped edition
// that is not valid fails the build, with every problem and its line, and leaves no snapshot.
// Arguments, for tests: [DATA_DIR [OUT_DIR]], the shipped data/ and dist/editions/ by default.

const [dataDir = BUNDLED_DATA_DIR, outDir = BUNDLED_SNAPSHOT_DIR] = process.argv.slice(2);
const compiled = await compileEditions(dataDir);
const broken = compiled.filter((c) => 'problems' in c);
if (broken.length > 0) {
  for (const edition of broken) {
    process.stderr.write(`porthole build: edition ${edition.id} is not valid, no snapshot written:\n`);
    for (const p of edition.problems) process.stderr.write(`  ${formatDataProblem(p)}\n`);
  }
  await rm(outDir, { recursive: true, force: true });
  process.exitCode = 1;
} else {
  // Written aside and renamed into place, so that a reader never sees half a snapshot or a stale one.
  const next = `${outDir}.next-${process.pid}`;
  await rm(next, { recursive: true, force: true });
  await mkdir(next, { recursive: true });
  for (const edition of compiled) if ('snapshot' in edition) await writeFile(snapshotFile(next, edition.id), edition.snapshot);
  await rm(outDir, { recursive: true, force: true });
  await rename(next, outDir);
  process.stdout.write(`porthole build: ${compiled.length} edition snapshots in ${outDir}\n`);
}
