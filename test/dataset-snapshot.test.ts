import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_DATA_DIR, compileEditions, formatDataProblem, listEditions, loadDataset, SHARED_DATA_FILES } from '../src/data-files/load.js';
import { snapshotFile } from '../src/data-files/snapshot.js';
import { ROOT, runCli } from './helpers/cli.js';
import { shippedDataset } from './helpers/dataset.js';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `porthole-${name}-`));
  made.push(dir);
  return dir;
}

/** A copy of the whole shipped data folder (every edition and the shared files). */
function dataCopy(): string {
  const dir = tempDir('data');
  cpSync(BUNDLED_DATA_DIR, dir, { recursive: true });
  return dir;
}

/** Writes the snapshots `npm run build` would write for `dataDir`, into a new folder. */
async function writeSnapshots(dataDir: string): Promise<string> {
  const out = tempDir('snapshots');
  for (const compiled of await compileEditions(dataDir)) {
    if (!('snapshot' in compiled)) throw new Error(compiled.problems.map(formatDataProblem).join('\n'));
    writeFileSync(snapshotFile(out, compiled.id), compiled.snapshot);
  }
  return out;
}

describe('compiled edition snapshots', () => {
  it('give every shipped edition exactly the dataset its YAML gives', async () => {
    const { ids } = await listEditions();
    const snapshots = await writeSnapshots(BUNDLED_DATA_DIR);
    expect(readdirSync(snapshots).sort()).toEqual(ids.map((id) => `${id}.json`).sort());
    for (const id of ids) {
      const fromSnapshot = await loadDataset(BUNDLED_DATA_DIR, { edition: id, snapshots });
      const fromYaml = await loadDataset(BUNDLED_DATA_DIR, { edition: id, snapshots: null });
      expect(fromSnapshot.ok && fromSnapshot.from, id).toBe('snapshot');
      expect(fromYaml.ok && fromYaml.from, id).toBe('yaml');
      expect(fromSnapshot.ok && fromSnapshot.dataset, id).toEqual(fromYaml.ok && fromYaml.dataset);
    }
  });

  it('name files in the folder loaded from, not the one the snapshot was built from', async () => {
    const snapshots = await writeSnapshots(BUNDLED_DATA_DIR);
    const copy = dataCopy();
    const loaded = await loadDataset(copy, { snapshots });
    expect(loaded.ok && loaded.from).toBe('snapshot');
    const files = loaded.ok ? [...loaded.dataset.scenarios.values()].map((s) => s.file) : [];
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file.startsWith(path.join(copy, 'editions'))).toBe(true);
  });

  it('are not used once any source file changes, shared or the edition\'s own, even by a comment', async () => {
    const snapshots = await writeSnapshots(BUNDLED_DATA_DIR);
    const { edition } = await shippedDataset();
    const own = readdirSync(path.join(BUNDLED_DATA_DIR, 'editions', edition, 'scenarios'))[0]!;
    for (const file of [...SHARED_DATA_FILES, path.join('editions', edition, 'dataset.yml'), path.join('editions', edition, 'scenarios', own)]) {
      const copy = dataCopy();
      const unedited = await loadDataset(copy, { snapshots });
      expect(unedited.ok && unedited.from).toBe('snapshot');
      appendFileSync(path.join(copy, file), '\n# edited after the build\n');
      const loaded = await loadDataset(copy, { snapshots });
      expect(loaded.ok && loaded.from, file).toBe('yaml');
    }
  });

  it('are not used when a table file is added, and the YAML\'s problems come back with their lines', async () => {
    const snapshots = await writeSnapshots(BUNDLED_DATA_DIR);
    const { edition } = await shippedDataset();
    const copy = dataCopy();
    writeFileSync(path.join(copy, 'editions', edition, 'tables', 'zz-new.yml'), 'id: zz-new\ntitle: New\nsection: nowhere\nentries: []\n');
    const loaded = await loadDataset(copy, { snapshots });
    expect(loaded.ok).toBe(false);
    const problems = loaded.ok ? [] : loaded.problems.map(formatDataProblem);
    expect(problems.some((p) => p.includes(`zz-new.yml:4 entries:`))).toBe(true);
  });

  it('that are unreadable, from another edition or altered by hand are passed over for the YAML', async () => {
    const snapshots = await writeSnapshots(BUNDLED_DATA_DIR);
    const { edition, editions } = await shippedDataset();
    const [other, third] = editions.filter((id) => id !== edition);
    writeFileSync(snapshotFile(snapshots, other!), readFileSync(snapshotFile(snapshots, edition)));
    writeFileSync(snapshotFile(snapshots, edition), '{"format": 1, "edition": "');
    const altered = JSON.parse(readFileSync(snapshotFile(snapshots, third!), 'utf8')) as Record<string, unknown>;
    writeFileSync(snapshotFile(snapshots, third!), JSON.stringify({ ...altered, meta: null }));
    for (const id of [edition, other!, third!]) {
      const loaded = await loadDataset(BUNDLED_DATA_DIR, { edition: id, snapshots });
      expect(loaded.ok && loaded.from, id).toBe('yaml');
      expect(loaded.ok && loaded.dataset.edition).toBe(id);
    }
  });

  it('are not written for a folder with a broken edition: its problems come back with file and line', async () => {
    const { edition } = await shippedDataset();
    const copy = dataCopy();
    const meta = path.join(copy, 'editions', edition, 'dataset.yml');
    writeFileSync(meta, readFileSync(meta, 'utf8').replace(/^version: .*$/m, 'version: ""'));
    const line = readFileSync(meta, 'utf8').split('\n').findIndex((l) => l.startsWith('version:')) + 1;
    const compiled = await compileEditions(copy);
    const broken = compiled.flatMap((c) => ('problems' in c ? [c] : []));
    expect(broken.map((c) => c.id)).toEqual([edition]);
    expect(broken[0]!.problems.map(formatDataProblem)).toEqual([expect.stringContaining(`${meta}:${line} version: `)]);
  });
});

describe('the build step that writes snapshots (child process)', () => {
  const writeSnapshotsStep = (dataDir: string, outDir: string) =>
    spawnSync(process.execPath, ['dist/data-files/write-snapshots.js', dataDir, outDir], { cwd: ROOT, encoding: 'utf8' });

  it('writes one snapshot per edition, each of which the loader takes', async () => {
    const out = path.join(tempDir('build'), 'editions');
    const r = writeSnapshotsStep(BUNDLED_DATA_DIR, out);
    expect(r.status, r.stderr).toBe(0);
    const { ids } = await listEditions();
    expect(readdirSync(out).sort()).toEqual(ids.map((id) => `${id}.json`).sort());
    // The built loader takes them (a snapshot's fingerprint covers the schema code it was built with: dist's).
    const script = `import { loadDataset } from './dist/data-files/load.js';
const ids = ${JSON.stringify(ids)};
const from = await Promise.all(ids.map(async (edition) => (await loadDataset(undefined, { edition, snapshots: ${JSON.stringify(out)} })).from));
console.log(JSON.stringify(from));`;
    const loaded = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(loaded.status, loaded.stderr).toBe(0);
    expect(JSON.parse(loaded.stdout)).toEqual(ids.map(() => 'snapshot'));
  });

  it('fails on a broken edition with its file and line, and leaves no snapshot, not even an earlier one', async () => {
    const { edition } = await shippedDataset();
    const copy = dataCopy();
    const out = path.join(tempDir('build'), 'editions');
    expect(writeSnapshotsStep(copy, out).status).toBe(0);
    const parties = path.join(copy, 'editions', edition, 'parties.yml');
    writeFileSync(parties, readFileSync(parties, 'utf8').replace(/^(\s*-?\s*)id: .*$/m, '$1id: Not An Id'));
    const line = readFileSync(parties, 'utf8').split('\n').findIndex((l) => l.includes('id: Not An Id')) + 1;
    const r = writeSnapshotsStep(copy, out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`edition ${edition} is not valid`);
    expect(r.stderr).toContain(`${parties}:${line} parties[0].id: `);
    expect(existsSync(out)).toBe(false);
  });
});

describe('porthole ask from the build (child process)', () => {
  it('follows an edit to a copy of the data without a rebuild', async () => {
    const dataset = await shippedDataset();
    // A region's address in a table some scenario's rule reads: it shows in that scenario's answer for the region.
    const [scenario, table] = [...dataset.scenarios.values()].flatMap((s) =>
      s.rules.flatMap((r) => [...r.from, ...r.to].flatMap((e) => ('table' in e ? [[s, dataset.tables.get(e.table)!] as const] : []))),
    )[0]!;
    const entry = table.entries.find((e) => e.regions !== 'global' && e.addresses.length > 0)!;
    const [region, address] = [entry.regions[0]!, entry.addresses[0]!];
    const question = `${scenario.keywords[0]} in ${region}`;
    const replacement = '192.0.2.77';
    const copy = dataCopy();

    const before = runCli(['ask', question, '--data', copy]);
    expect(before.status, before.stderr).toBe(0);
    expect(before.stdout).toContain(address);
    expect(before.stdout).not.toContain(replacement);

    const tables = path.join(copy, 'editions', dataset.edition, 'tables');
    const holding = readdirSync(tables).filter((f) => readFileSync(path.join(tables, f), 'utf8').includes(address));
    expect(holding.length).toBeGreaterThan(0);
    for (const f of holding) writeFileSync(path.join(tables, f), readFileSync(path.join(tables, f), 'utf8').replaceAll(address, replacement));

    const after = runCli(['ask', question, '--data', copy]);
    expect(after.status, after.stderr).toBe(0);
    expect(after.stdout).toContain(replacement);
    expect(after.stdout.replace(/\s+$/, '')).not.toEqual(before.stdout.replace(/\s+$/, ''));
  });

  it('loads neither yaml nor zod for a text or JSON answer; both when the data was edited, and for data check', () => {
    // A module resolve hook that lists every module the CLI loads.
    const dir = tempDir('modules');
    const log = path.join(dir, 'modules.txt');
    const hook = path.join(dir, 'hook.mjs');
    const recorder = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.MODULE_LOG, resolved.url + '\\n');
  return resolved;
}`;
    writeFileSync(hook, `import { register } from 'node:module';\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(recorder)}`)});\n`);
    const packagesLoaded = (args: string[]) => {
      writeFileSync(log, '');
      const r = spawnSync(process.execPath, ['--import', hook, 'dist/cli/bin.js', ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, PORTHOLE_EDITION: process.env.PORTHOLE_EDITION, MODULE_LOG: log },
      });
      expect(r.status, r.stderr).toBe(0);
      return new Set([...readFileSync(log, 'utf8').matchAll(/\/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((m) => m[1]));
    };
    for (const format of ['text', 'json']) {
      const loaded = packagesLoaded(['ask', 'kubectl in eu-de', '--format', format]);
      expect(loaded.has('yaml'), format).toBe(false);
      expect(loaded.has('zod'), format).toBe(false);
    }

    const copy = dataCopy();
    appendFileSync(path.join(copy, 'regions.yml'), '\n# edited after the build\n');
    const edited = packagesLoaded(['ask', 'kubectl in eu-de', '--data', copy]);
    expect(edited.has('yaml')).toBe(true);
    expect(edited.has('zod')).toBe(true);

    // data check reads the YAML even where every snapshot matches.
    const check = packagesLoaded(['data', 'check']);
    expect(check.has('yaml')).toBe(true);
  });
});

