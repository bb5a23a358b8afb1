import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseDocument, stringify, type YAMLMap, type YAMLSeq } from 'yaml';
import { ask } from '../src/core/resolve/resolve.js';
import { BUNDLED_DATA_DIR, loadDataset, SHARED_DATA_FILES } from '../src/data-files/load.js';
import { KUBE_SAMPLES, kubeSamplesCopy, netsInText } from './helpers/kube-samples.js';
import { runMain } from './helpers/main.js';

// `porthole data import kube-samples` and `porthole data status` against a scratch data folder holding the
// shipped page editions: what the edition holds is counted from the shared copy's files in the test.

const COPY = KUBE_SAMPLES;
const copy = kubeSamplesCopy;
const NETWORK = {
  public: { dir: 'calico-policies/public-network-isolation', file: 'allow-public-service-endpoint.yaml', table: 'masters' },
  private: { dir: 'calico-policies/private-network-isolation', file: 'allow-private-service-endpoint.yaml', table: 'private-masters' },
} as const;


const run = (args: string[]) => runMain(args);

async function snapshot(dir: string, rel = ''): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const e of await readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => [])) {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) for (const [k, v] of await snapshot(dir, r)) files.set(k, v);
    else files.set(r, await readFile(path.join(dir, r), 'utf8'));
  }
  return files;
}

describe(`porthole data import kube-samples${copy.note}`, { skip: !copy.available }, () => {
  let scratch: string;
  let data: string;
  let commit: string;
  let committedAt: string;
  let pageIds: string[];
  let imported: { status: number; stdout: string; stderr: string };
  let id: string;

  /** A data folder with the shipped regions.yml and page editions. */
  async function dataFolder(name: string): Promise<string> {
    const dir = path.join(scratch, name);
    await mkdir(path.join(dir, 'editions'), { recursive: true });
    for (const shared of SHARED_DATA_FILES) await cp(path.join(BUNDLED_DATA_DIR, shared), path.join(dir, shared));
    for (const page of pageIds) await cp(path.join(BUNDLED_DATA_DIR, 'editions', page), path.join(dir, 'editions', page), { recursive: true });
    return dir;
  }

  beforeAll(async () => {
    copy.assert();
    scratch = await mkdtemp(path.join(tmpdir(), 'porthole-import-'));
    [commit, committedAt] = (await readFile(path.join(COPY, 'COMMIT'), 'utf8')).trim().split(/\s+/) as [string, string];
    pageIds = [];
    for (const e of (await readdir(path.join(BUNDLED_DATA_DIR, 'editions'))).sort()) {
      const record = await readFile(path.join(BUNDLED_DATA_DIR, 'editions', e, 'import.yml'), 'utf8').catch(() => null);
      if (record === null) pageIds.push(e);
    }
    data = await dataFolder('data');
    imported = await run(['data', 'import', 'kube-samples', COPY, '--data', data]);
    id = `${committedAt.slice(0, 10)}-kube-samples-${commit.slice(0, 7)}`;
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('writes a valid edition named after the commit, which then answers by default', async () => {
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain(`Wrote edition ${id}`);
    const loaded = await loadDataset(data, { edition: null });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    expect(loaded.dataset.meta.version).toBe(`${id}.1`);
    const record = parse(await readFile(path.join(data, 'editions', id, 'import.yml'), 'utf8'));
    expect(record).toMatchObject({ repository: 'IBM-Cloud/kube-samples', commit, committedAt, base: pageIds.at(-1) });
  });

  it('holds exactly the master addresses of each region folder the base edition has a table for', async () => {
    const loaded = await loadDataset(data, { edition: null });
    if (!loaded.ok) throw new Error('invalid');
    const base = await loadDataset(path.join(data, 'editions', pageIds.at(-1)!));
    if (!base.ok) throw new Error('invalid base');
    let compared = 0;
    for (const network of ['public', 'private'] as const) {
      const { dir, file, table } = NETWORK[network];
      const entries = loaded.dataset.tables.get(table)?.entries;
      const servingZones: Record<string, string[]> = {};
      for (const folder of await readdir(path.join(COPY, dir))) {
        const text = await readFile(path.join(COPY, dir, folder, file), 'utf8').catch(() => '');
        servingZones[folder] = /# Control plane IP addresses for [\w-]+:(.*)/.exec(text)?.[1]?.split(',').map((z) => z.trim()) ?? [];
      }
      if (!base.dataset.tables.has(table)) {
        expect(imported.stdout).toContain(`not answered: ${network} masters`);
        continue;
      }
      for (const folder of (await readdir(path.join(COPY, dir))).sort()) {
        if (folder.endsWith('.md')) continue;
        if (!loaded.dataset.regionById.has(folder)) continue;
        const expected = netsInText(await readFile(path.join(COPY, dir, folder, file), 'utf8'));
        const rows = entries!.filter((e) => e.regions !== 'global' && e.regions.includes(folder));
        // A zone another folder's comment names comes with that folder's addresses, in a row of its own.
        const servedFrom = async (e: (typeof rows)[number]) => {
          for (const other of Object.keys(servingZones).filter((o) => o !== folder)) {
            if (e.zones?.length === 1 && servingZones[other]!.includes(e.zones[0]!)) {
              const nets = netsInText(await readFile(path.join(COPY, dir, other, file), 'utf8'));
              if (nets.size === e.addresses.length && e.addresses.every((a) => nets.has(a))) return other;
            }
          }
          return null;
        };
        const own: string[] = [];
        for (const row of rows) if ((await servedFrom(row)) === null) own.push(...row.addresses);
        expect(new Set(own), `${table} ${folder}`).toEqual(expected);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('reports the region folders porthole has no region for, instead of dropping them silently', async () => {
    const loaded = await loadDataset(data, { edition: null });
    if (!loaded.ok) throw new Error('invalid');
    for (const folder of await readdir(path.join(COPY, NETWORK.public.dir))) {
      if (folder.endsWith('.md')) continue;
      if (!loaded.dataset.regionById.has(folder)) expect(imported.stdout).toContain(`not answered: region folder ${folder}: data/regions.yml names no region so`);
    }
  });

  it('answers say which sources they stand on', async () => {
    const loaded = await loadDataset(data, { edition: null });
    if (!loaded.ok) throw new Error('invalid');
    const baseMeta = parse(await readFile(path.join(data, 'editions', pageIds.at(-1)!, 'dataset.yml'), 'utf8'));
    const answer = ask('kubectl in eu-de', loaded.dataset);
    expect(answer.notes.join('\n')).toContain(
      `Addresses as of ${committedAt.slice(0, 10)} (IBM-Cloud/kube-samples ${commit.slice(0, 7)}); rules from the page edition of ${baseMeta.lastUpdated}`,
    );
  });

  it('importing the same commit again writes the same bytes', async () => {
    const before = await snapshot(data);
    const again = await run(['data', 'import', 'kube-samples', COPY, '--data', data]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('unchanged');
    expect(await snapshot(data)).toEqual(before);
    // And into a fresh folder: byte for byte the same edition.
    const other = await dataFolder('other');
    expect((await run(['data', 'import', 'kube-samples', COPY, '--data', other])).status).toBe(0);
    expect(await snapshot(path.join(other, 'editions', id))).toEqual(await snapshot(path.join(data, 'editions', id)));
  });

  it('--out writes where it is told', async () => {
    const out = path.join(scratch, 'out', 'edition');
    const r = await run(['data', 'import', 'kube-samples', COPY, '--data', data, '--out', out]);
    expect(r.status).toBe(0);
    expect(await snapshot(out)).toEqual(await snapshot(path.join(data, 'editions', id)));
  });

  it('shows both where the page and the policies disagree on the master port range', async () => {
    // A base edition whose master rules give the 2025 page's 30000-32767, as the policies still open 20000:32767.
    const dir = await dataFolder('ports');
    const base = path.join(dir, 'editions', pageIds.at(-1)!, 'scenarios');
    let narrowed = 0;
    for (const f of await readdir(base)) {
      const text = await readFile(path.join(base, f), 'utf8');
      narrowed += (text.match(/20000-32767/g) ?? []).length;
      await writeFile(path.join(base, f), text.replaceAll('20000-32767', '30000-32767'));
    }
    const r = await run(['data', 'import', 'kube-samples', COPY, '--data', dir]);
    expect(r.status).toBe(0);
    const loaded = await loadDataset(dir, { edition: null });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const answer = ask('master ips in eu-de', loaded.dataset);
    const notes = answer.rules.flatMap((rule) => rule.notes);
    if (narrowed > 0) {
      expect(notes.some((n) => n.includes('30000-32767') && n.includes('20000-32767') && n.includes('below 30000'))).toBe(true);
      expect(r.stdout).toContain('page and policies disagree');
    }
  });

  it('a region the base edition lacks comes in with the names regions.yml gives it', async () => {
    // A base edition without eu-gb: the import adds it back from its kube-samples folder.
    const dir = await dataFolder('no-eu-gb');
    const base = path.join(dir, 'editions', pageIds.at(-1)!);
    const metaFile = path.join(base, 'dataset.yml');
    const meta = parseDocument(await readFile(metaFile, 'utf8'));
    const members = meta.get('regions') as YAMLSeq;
    members.items = members.items.filter((m) => (m as YAMLMap).get('region') !== 'eu-gb');
    await writeFile(metaFile, meta.toString());
    for (const f of await readdir(path.join(base, 'tables'))) {
      const file = path.join(base, 'tables', f);
      const table = parse(await readFile(file, 'utf8'));
      table.entries = table.entries
        .map((e: { regions: string[] | 'global' }) => (e.regions === 'global' ? e : { ...e, regions: e.regions.filter((r) => r !== 'eu-gb') }))
        .filter((e: { regions: string[] | 'global' }) => e.regions === 'global' || e.regions.length > 0);
      await writeFile(file, stringify(table));
    }
    const r = await run(['data', 'import', 'kube-samples', COPY, '--data', dir]);
    expect(r.stderr).toBe('');
    const loaded = await loadDataset(dir, { edition: null });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const shared = parse(await readFile(path.join(dir, 'regions.yml'), 'utf8')).regions.find((x: { id: string }) => x.id === 'eu-gb');
    expect(r.stdout).toContain(`new region: eu-gb (${shared.pageName})`);
    const region = loaded.dataset.regionById.get('eu-gb')!;
    expect(region.pageName).toBe(shared.pageName);
    const comment = /# Control plane IP addresses for [\w-]+: (.*)/.exec(await readFile(path.join(COPY, NETWORK.public.dir, 'eu-gb', NETWORK.public.file), 'utf8'))!;
    expect(region.zones.map((z) => z.id)).toEqual(comment[1]!.split(', '));
    const expected = netsInText(await readFile(path.join(COPY, NETWORK.public.dir, 'eu-gb', NETWORK.public.file), 'utf8'));
    const rows = loaded.dataset.tables.get('masters')!.entries.filter((e) => e.regions !== 'global' && e.regions.includes('eu-gb'));
    expect(new Set(rows.flatMap((e) => e.addresses))).toEqual(expected);
  });

  it('importing a newer commit compares it with the previous imported edition', async () => {
    const dir = await dataFolder('newer');
    expect((await run(['data', 'import', 'kube-samples', COPY, '--data', dir])).status).toBe(0);
    // A later commit of kube-samples that withdraws one eu-de master address.
    const newer = path.join(scratch, 'kube-samples-newer');
    await cp(COPY, newer, { recursive: true });
    const policy = path.join(newer, NETWORK.public.dir, 'eu-de', NETWORK.public.file);
    const text = await readFile(policy, 'utf8');
    const withdrawn = [...netsInText(text)][0]!;
    await writeFile(policy, text.replaceAll(new RegExp(`\\n\\s*- ${withdrawn.replaceAll('.', '\\.')}/32`, 'g'), ''));
    const list = path.join(newer, NETWORK.public.dir, 'eu-de', 'public-ips.md');
    await writeFile(list, (await readFile(list, 'utf8')).split('\n').filter((l) => l.trim() !== withdrawn).join('\n'));
    const newerCommit = 'f'.repeat(40);
    await writeFile(path.join(newer, 'COMMIT'), `${newerCommit} 2026-07-01T09:00:00+02:00 Withdraw an address\n`);
    const r = await run(['data', 'import', 'kube-samples', newer, '--data', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const newerId = `2026-07-01-kube-samples-${newerCommit.slice(0, 7)}`;
    expect(r.stdout).toContain(`Wrote edition ${newerId}`);
    expect(r.stdout).toContain(`What changed since the previous imported edition, ${id}:`);
    // The diff of `porthole data diff`: exactly one change, the withdrawn address, under the eu-de masters.
    const diff = r.stdout.slice(r.stdout.indexOf('What changed from'));
    const changes = diff.split('\n').filter((l) => /^\s+(added|removed|changed)\s/.test(l));
    expect(changes).toEqual([expect.stringMatching(new RegExp(`^\\s+removed\\s+${withdrawn.replaceAll('.', '\\.')}\\b`))]);
    const group = diff.split('\n').reverse().find((l, i, all) => i > all.findIndex((x) => x === changes[0]) && !l.startsWith(' '));
    expect(group).toMatch(/, eu-de$/);
    const loaded = await loadDataset(dir, { edition: null });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    expect(loaded.dataset.tables.get('masters')!.entries.flatMap((e) => e.addresses)).not.toContain(withdrawn);
  });

  it('malformed input leaves the data folder as it was', async () => {
    const before = await snapshot(data);
    const broken = path.join(scratch, 'broken');
    await cp(COPY, broken, { recursive: true });
    const file = path.join(broken, NETWORK.public.dir, 'eu-gb', NETWORK.public.file);
    await writeFile(file, (await readFile(file, 'utf8')).replace(/- (\d+\.\d+\.\d+\.\d+)\/32/, '- $1.7/32'));
    const r = await run(['data', 'import', 'kube-samples', broken, '--data', data]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+ .*is not an IPv4 address`));
    expect(r.stderr).toContain('nothing was written');
    expect(await snapshot(data)).toEqual(before);
  });

  it('an edition that would not be valid is refused with file and line, and nothing is written', async () => {
    const dir = await dataFolder('invalid-base');
    const scenarios = path.join(dir, 'editions', pageIds.at(-1)!, 'scenarios');
    const file = (await readdir(scenarios)).sort()[0]!;
    const text = await readFile(path.join(scenarios, file), 'utf8');
    const broken = text.replace(/^(\s+section: )\S+$/m, '$1nowhere');
    await writeFile(path.join(scenarios, file), broken);
    const before = await snapshot(dir);
    const r = await run(['data', 'import', 'kube-samples', COPY, '--data', dir]);
    expect(r.status).toBe(1);
    const line = broken.split('\n').findIndex((l) => l.endsWith('section: nowhere')) + 1;
    expect(r.stderr).toContain(`${path.join(dir, 'editions', id, 'scenarios', file)}:${line} `);
    expect(r.stderr).toContain('unknown section "nowhere"');
    expect(await snapshot(dir)).toEqual(before);
  });

  it('an unknown base edition is refused with the page editions to choose from', async () => {
    const r = await run(['data', 'import', 'kube-samples', COPY, '--data', data, '--base', '1999-01-01']);
    expect(r.status).toBe(1);
    for (const page of pageIds) expect(r.stderr).toContain(page);
  });

  it('porthole data status names the default edition, the age of its sources and how to refresh', async () => {
    const r = await run(['data', 'status', '--data', data]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Default edition: ${id}`);
    const days = Math.floor((Date.now() - Date.parse(`${committedAt.slice(0, 10)}T00:00:00Z`)) / 86_400_000);
    const m = /committed (\S+) \((\d+) days? ago\)/.exec(r.stdout)!;
    expect(m[1]).toBe(committedAt.slice(0, 10));
    expect(Math.abs(Number(m[2]) - days)).toBeLessThanOrEqual(1);
    expect(r.stdout).toContain(`Rules: the page edition ${pageIds.at(-1)}`);
    expect(r.stdout).toContain('porthole data import kube-samples');
  });
});
