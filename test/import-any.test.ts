import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/io.js';
import { BUNDLED_DATA_DIR, SHARED_DATA_FILES } from '../src/data-files/load.js';
import { KUBE_SAMPLES, kubeSamplesCopy } from './helpers/kube-samples.js';

// An upstream list holding an "any" network (0.0.0.0/0, or anything wider than a /8) would become a rule that
// accepts every address: `data import` refuses it with the file and line, and writes nothing, unless
// --allow-any is given.

const POLICY = 'calico-policies/public-network-isolation/us-south/allow-public-services.yaml';

async function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), env: {} };
  return { status: await main(args, io), stdout, stderr };
}

describe(`porthole data import with an "any" net upstream${kubeSamplesCopy.note}`, { skip: !kubeSamplesCopy.available }, () => {
  let scratch: string;
  let checkout: string;
  let data: string;
  let expectedLine: number;

  beforeAll(async () => {
    kubeSamplesCopy.assert();
    scratch = await mkdtemp(path.join(tmpdir(), 'porthole-any-'));
    checkout = path.join(scratch, 'kube-samples');
    await cp(KUBE_SAMPLES, checkout, { recursive: true });
    // 0.0.0.0/0 goes in as a list entry, after the first net the policy lists.
    const file = path.join(checkout, POLICY);
    const lines = (await readFile(file, 'utf8')).split('\n');
    const first = lines.findIndex((l) => /^\s*- \d+\.\d+\.\d+\.\d+\/\d+\s*$/.test(l));
    expect(first).toBeGreaterThanOrEqual(0);
    lines.splice(first + 1, 0, lines[first]!.replace(/\d+\.\d+\.\d+\.\d+\/\d+/, '0.0.0.0/0'));
    expectedLine = first + 2;
    await writeFile(file, lines.join('\n'));
    data = path.join(scratch, 'data');
    await mkdir(path.join(data, 'editions'), { recursive: true });
    for (const shared of SHARED_DATA_FILES) await cp(path.join(BUNDLED_DATA_DIR, shared), path.join(data, shared));
    const pages = (await readdir(path.join(BUNDLED_DATA_DIR, 'editions'))).filter((id) => /^\d{4}-\d{2}-\d{2}$/.test(id));
    for (const page of pages) await cp(path.join(BUNDLED_DATA_DIR, 'editions', page), path.join(data, 'editions', page), { recursive: true });
  }, 120_000);
  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('is refused with the file and line, and nothing is written', { timeout: 120_000 }, async () => {
    const before = await readdir(path.join(data, 'editions'));
    const result = await run(['data', 'import', 'kube-samples', checkout, '--data', data]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`${path.join(checkout, POLICY)}:${expectedLine}: 0.0.0.0/0 is an "any" network`);
    expect(result.stderr).toContain('--allow-any');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(path.join(data, 'editions'))).toEqual(before);
  });

  it('is imported with --allow-any', { timeout: 120_000 }, async () => {
    const result = await run(['data', 'import', 'kube-samples', checkout, '--data', data, '--allow-any']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const written = (await readdir(path.join(data, 'editions'))).filter((id) => id.includes('kube-samples'));
    expect(written).toHaveLength(1);
  });
});
