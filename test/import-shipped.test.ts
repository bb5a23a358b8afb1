import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Dataset } from '../src/core/dataset/build.js';
import { ask } from '../src/core/resolve/resolve.js';
import { readKubeSamples } from '../src/import/kube-samples/read.js';
import { writeImportedEdition, readEditionFiles } from '../src/import/kube-samples/write.js';
import { BUNDLED_DATA_DIR, loadDataset } from '../src/data-files/load.js';
import { KUBE_SAMPLES, kubeSamplesCopy, netsInText } from './helpers/kube-samples.js';

// The edition imported from the shared kube-samples copy ships in data/ and answers by default: every master
// address of the copy comes out of its answers, and importing the copy again gives exactly the shipped files.

const EDITIONS = path.join(BUNDLED_DATA_DIR, 'editions');
const shipped = existsSync(EDITIONS)
  ? (await readdir(EDITIONS)).filter((id) => existsSync(path.join(EDITIONS, id, 'import.yml'))).sort()
  : [];
const MASTERS = [
  ['public', 'calico-policies/public-network-isolation', 'allow-public-service-endpoint.yaml'],
  ['private', 'calico-policies/private-network-isolation', 'allow-private-service-endpoint.yaml'],
] as const;

describe.each(shipped)(`the shipped imported edition %s${kubeSamplesCopy.note}`, { skip: !kubeSamplesCopy.available }, (id) => {
  let dataset: Dataset;
  let record: { base: string; commit: string; committedAt: string; repository: string };
  beforeAll(async () => {
    kubeSamplesCopy.assert();
    const loaded = await loadDataset(BUNDLED_DATA_DIR, { edition: id });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    dataset = loaded.dataset;
    record = parse(await readFile(path.join(EDITIONS, id, 'import.yml'), 'utf8'));
  });

  it('is the newest edition, so it answers by default', async () => {
    const loaded = await loadDataset(BUNDLED_DATA_DIR, { edition: null });
    expect(loaded.ok && loaded.dataset.meta.version).toBe(dataset.meta.version);
  });

  it('answers with every master address of each region folder of the copy', async () => {
    for (const [network, dir, file] of MASTERS) {
      for (const folder of (await readdir(path.join(KUBE_SAMPLES, dir), { withFileTypes: true })).filter((e) => e.isDirectory())) {
        const expected = netsInText(await readFile(path.join(KUBE_SAMPLES, dir, folder.name, file), 'utf8'));
        const question = network === 'public' ? `master ips in ${folder.name}` : `private service endpoint in ${folder.name}`;
        const answered = new Set(
          ask(question, dataset)
            .rules.flatMap((r) => r.destinations)
            .filter((d) => d.kind === 'ip' || d.kind === 'cidr')
            .map((d) => d.value),
        );
        expect([...expected].filter((a) => !answered.has(a)), `${question}`).toEqual([]);
      }
    }
  });

  it('says in every answer which sources it stands on', () => {
    const base = dataset.meta;
    const note = ask('kubectl in eu-de', dataset).notes.join(' ');
    expect(note).toContain(`Addresses as of ${record.committedAt.slice(0, 10)} (${record.repository} ${record.commit.slice(0, 7)})`);
    expect(note).toContain(`rules from the page edition of ${record.base.slice(0, 10)}`);
    expect(base.version.startsWith(id)).toBe(true);
  });

  describe('importing the copy again', () => {
    let scratch: string;
    beforeAll(async () => {
      scratch = await mkdtemp(path.join(tmpdir(), 'porthole-shipped-'));
    });
    afterAll(async () => {
      await rm(scratch, { recursive: true, force: true });
    });

    it('writes exactly the shipped files', async () => {
      const read = await readKubeSamples(KUBE_SAMPLES);
      if (!read.ok) throw new Error(JSON.stringify(read.problems));
      const data = path.join(scratch, 'data');
      await cp(BUNDLED_DATA_DIR, data, { recursive: true, filter: (src) => !src.includes(`${path.sep}${id}`) });
      const written = await writeImportedEdition(read.checkout, { dataDir: data, base: record.base });
      if (!written.ok) throw new Error(JSON.stringify(written.problems));
      expect(written.id).toBe(id);
      expect(await readEditionFiles(written.dir)).toEqual(await readEditionFiles(path.join(EDITIONS, id)));
    });
  });
});
