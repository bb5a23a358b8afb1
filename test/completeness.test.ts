import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../src/core/dataset/build.js';
import { ask } from '../src/core/resolve/resolve.js';
import { shippedDataset } from './helpers/dataset.js';
import { needsShared, SHARED_DIR } from './helpers/requirements.js';

// Proves the transcription complete: every address, subnet, host name and port the page names is in the
// dataset and comes out of some answer.

const SEED_FILE = 'seeds/000_25c4f18a4372fc7a.txt';
const SEED = path.join(SHARED_DIR, SEED_FILE);
const seed = needsShared(SEED_FILE);

// Ports the page shows as examples of a cluster's own value, not as something to open.
const EXAMPLE_PORTS = new Set(['31142']);

function extract(page: string) {
  const addresses = [...new Set(page.match(/\b\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?\b/g) ?? [])];
  const hosts = [
    ...new Set((page.match(/\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|io)\b/g) ?? []).map((h) => h.toLowerCase())),
  ];
  const withoutAddresses = page.replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?\b/g, ' ');
  const ports = new Set<string>();
  for (const line of withoutAddresses.split('\n')) {
    if (!/\bport/i.test(line)) continue;
    for (const m of line.matchAll(/\b(\d{2,5}(?:-\d{2,5})?)\b/g)) {
      if (!EXAMPLE_PORTS.has(m[1]!)) ports.add(m[1]!);
    }
  }
  return { addresses, hosts, ports: [...ports] };
}

let dataset: Dataset;
let answered: { values: Set<string>; ports: Set<string> };

beforeAll(async () => {
  dataset = await shippedDataset();
  const values = new Set<string>();
  const ports = new Set<string>();
  const questions = [
    ...dataset.scenarioOrder.map((s) => `${s}`),
    ...dataset.scenarioOrder.flatMap((s) => dataset.regions.map((r) => `${dataset.scenarios.get(s)!.keywords[0]} in ${r.id}`)),
  ];
  for (const q of questions) {
    const answer = ask(q, dataset);
    expect(answer.problems, q).toEqual([]);
    for (const rule of answer.rules) {
      for (const e of [...rule.sources, ...rule.destinations]) values.add(e.value);
      rule.ports.forEach((p) => ports.add(p));
      rule.pending.forEach((p) => p.range && ports.add(p.range));
    }
  }
  answered = { values, ports };
});

describe.skipIf(!seed.available)(`the dataset covers the whole seed page${seed.note}`, () => {
  let found: ReturnType<typeof extract>;
  beforeAll(() => {
    seed.assert();
    found = extract(readFileSync(SEED, 'utf8'));
  });

  it('finds the page itself worth checking (sanity of the extraction)', () => {
    expect(found.addresses.length).toBeGreaterThan(80);
    expect(found.hosts).toContain('containers.cloud.ibm.com');
    expect(found.ports).toContain('4443');
  });

  it('has every IPv4 address and CIDR of the page in the data files and in some answer', () => {
    const inData = new Set<string>();
    for (const t of dataset.tables.values()) for (const e of t.entries) e.addresses.forEach((a) => inData.add(a));
    for (const s of dataset.scenarios.values())
      for (const r of s.rules) for (const e of [...r.from, ...r.to]) if ('addresses' in e) e.addresses.forEach((a) => inData.add(a));
    const missingFromData = found.addresses.filter((a) => !inData.has(a));
    const missingFromAnswers = found.addresses.filter((a) => !answered.values.has(a));
    expect(missingFromData).toEqual([]);
    expect(missingFromAnswers).toEqual([]);
  });

  it('has every host name of the page in some answer', () => {
    expect(found.hosts.filter((h) => !answered.values.has(h))).toEqual([]);
  });

  it('has every port and range of the page in some answer', () => {
    expect(found.ports.filter((p) => !answered.ports.has(p))).toEqual([]);
  });

  it('lists no address that the page does not (nothing invented)', () => {
    const onPage = new Set(found.addresses);
    const fromAnswers = [...answered.values].filter((v) => /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(v));
    expect(fromAnswers.filter((a) => !onPage.has(a))).toEqual([]);
  });
});
