import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUNDLED_DATA_DIR, loadDataset } from '../src/data-files/load.js';
import { KUBE_SAMPLES, kubeSamplesCopy, netsInText } from './helpers/kube-samples.js';
import { runMain, type MainRun } from './helpers/main.js';

// An older kube-samples commit imported beside the shipped import: a git repository made here from the shared
// copy, committed with an older date, one region folder removed and one master address dropped.

const COMMIT_DATE = '2022-03-01T12:00:00+00:00';
const PUBLIC = 'calico-policies/public-network-isolation';
const PRIVATE = 'calico-policies/private-network-isolation';
const MASTERS_FILE = 'allow-public-service-endpoint.yaml';
const git = promisify(execFile);

const run = (args: string[], data: string) => runMain(args, { PORTHOLE_DATA_DIR: data });

describe(`importing an older kube-samples commit beside the shipped import${kubeSamplesCopy.note}`, { skip: !kubeSamplesCopy.available }, () => {
  let scratch: string;
  let data: string;
  let repo: string;
  let shippedImport: string;
  let pageIds: string[];
  let imported: MainRun;
  let id: string;
  let dropped: string;
  const removedRegion = 'au-syd';

  beforeAll(async () => {
    kubeSamplesCopy.assert();
    scratch = await mkdtemp(path.join(tmpdir(), 'porthole-older-'));
    data = path.join(scratch, 'data');
    await cp(BUNDLED_DATA_DIR, data, { recursive: true });
    pageIds = [];
    const imports: string[] = [];
    for (const e of (await readdir(path.join(data, 'editions'))).sort()) {
      const hasRecord = await readFile(path.join(data, 'editions', e, 'import.yml'), 'utf8').then(() => true, () => false);
      (hasRecord ? imports : pageIds).push(e);
    }
    shippedImport = imports.at(-1)!;

    repo = path.join(scratch, 'kube-samples');
    for (const part of ['LICENSE', 'calico-policies', 'control-plane-ips']) await cp(path.join(KUBE_SAMPLES, part), path.join(repo, part), { recursive: true });
    for (const dir of [PUBLIC, PRIVATE]) await rm(path.join(repo, dir, removedRegion), { recursive: true });
    const mastersPath = path.join(repo, PUBLIC, 'eu-de', MASTERS_FILE);
    const text = await readFile(mastersPath, 'utf8');
    dropped = [...netsInText(text)][0]!;
    await writeFile(mastersPath, text.split('\n').filter((l) => !l.includes(` ${dropped}/32`)).join('\n'));
    const env = { ...process.env, GIT_AUTHOR_DATE: COMMIT_DATE, GIT_COMMITTER_DATE: COMMIT_DATE };
    await git('git', ['init', '-q', repo]);
    await git('git', ['-C', repo, 'add', '.']);
    await git('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'older lists'], { env });
    const commit = (await git('git', ['-C', repo, 'rev-parse', 'HEAD'])).stdout.trim();
    id = `${COMMIT_DATE.slice(0, 10)}-kube-samples-${commit.slice(0, 7)}`;
    imported = await run(['data', 'import', 'kube-samples', repo, '--data', data], data);
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('imports as an older edition onto the page edition in force at its date, and leaves the default unchanged', async () => {
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain(`Wrote edition ${id}`);
    const record = parse(await readFile(path.join(data, 'editions', id, 'import.yml'), 'utf8'));
    expect(record.base).toBe(pageIds.filter((p) => p.slice(0, 10) <= COMMIT_DATE.slice(0, 10)).at(-1));
    const loaded = await loadDataset(data, { edition: null });
    expect(loaded.ok && loaded.dataset.edition).toBe(shippedImport);
  });

  it('diffs in date order: from the older commit to the newer import', () => {
    expect(imported.stdout).toContain(`older than the imported edition ${shippedImport}`);
    expect(imported.stdout).not.toContain('does not load');
    const diff = imported.stdout.slice(imported.stdout.indexOf(`older than the imported edition ${shippedImport}`));
    expect(diff).toContain(dropped);
  });

  it('answers a date between the two with the addresses and rules in force then, and says which', async () => {
    const record = parse(await readFile(path.join(data, 'editions', id, 'import.yml'), 'utf8'));
    const baseMeta = parse(await readFile(path.join(data, 'editions', record.base, 'dataset.yml'), 'utf8'));
    const r = await run(['ask', 'worker masters in eu-de', '--edition', '2022-06-01', '--format', 'json'], data);
    expect(r.status).toBe(0);
    const answer = JSON.parse(r.stdout);
    expect(answer.dataset.edition.id).toBe(id);
    expect(answer.dataset.page).toEqual({ edition: record.base, date: baseMeta.lastUpdated });
    expect(answer.dataset.addresses).toMatchObject({ date: COMMIT_DATE.slice(0, 10) });
    const answered = answer.rules.flatMap((rule: { destinations: { value: string }[] }) => rule.destinations.map((d) => d.value));
    expect(answered).not.toContain(dropped);
    const text = await run(['ask', 'worker masters in eu-de', '--edition', '2022-06-01'], data);
    expect(text.stdout).toContain(`page edition of ${baseMeta.lastUpdated}; addresses IBM-Cloud/kube-samples ${id.slice(-7)} of ${COMMIT_DATE.slice(0, 10)}`);
  });

  it('keeps the page\'s rows of a region without a folder, under the page\'s provenance', async () => {
    const record = parse(await readFile(path.join(data, 'editions', id, 'import.yml'), 'utf8'));
    const [older, page] = await Promise.all([loadDataset(data, { edition: id }), loadDataset(data, { edition: record.base })]);
    if (!older.ok || !page.ok) throw new Error('an edition does not load');
    const rowsOf = (d: typeof older.dataset) => d.tables.get('masters')!.entries.filter((e) => e.regions !== 'global' && e.regions.includes(removedRegion));
    expect(rowsOf(page.dataset).length).toBeGreaterThan(0);
    expect(new Set(rowsOf(older.dataset).flatMap((e) => e.addresses))).toEqual(new Set(rowsOf(page.dataset).flatMap((e) => e.addresses)));
    for (const row of rowsOf(older.dataset)) expect(row.note).toContain(`As the page edition of ${page.dataset.meta.lastUpdated} lists it`);
  });
});
