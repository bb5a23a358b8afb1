import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../src/core/dataset/build.js';
import { ask } from '../src/core/resolve/resolve.js';
import { ROOT } from './helpers/cli.js';
import { shippedDataset } from './helpers/dataset.js';
import { withoutExamplesAndLinks } from './helpers/page-facts.js';
import { needsShared, SHARED_DIR } from './helpers/requirements.js';

// Proves each edition's transcription complete: every address, subnet, host name and port its page names is in
// the edition's data and comes out of some answer of that edition.

// Values the pages show as examples of a cluster's own value or of command output, not as something to open.
const EXAMPLE_PORTS = new Set(['31142', '30426', '31140']);
const EXAMPLE_HOSTS = new Set(['email.com']);

function extract(source: string) {
  // Markup is not content: attribute definitions ({:vbnet: … 'vb.net'}) and image tags (width="15").
  const page = withoutExamplesAndLinks(source).replace(/^\{:[^\n]*\}$/gm, '').replace(/<img[^>]*>/g, '');
  const addresses = [...new Set(page.match(/\b\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?\b/g) ?? [])];
  const hosts = [
    ...new Set((page.match(/\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|io)\b/g) ?? []).map((h) => h.toLowerCase())),
  ].filter((h) => !EXAMPLE_HOSTS.has(h));
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

// Page editions only: an imported edition's addresses come from kube-samples, not from its base page
// (test/import-shipped.test.ts checks those against the kube-samples copy).
const editions = readdirSync(path.join(ROOT, 'data', 'editions'))
  .filter((n) => !n.startsWith('.') && !existsSync(path.join(ROOT, 'data', 'editions', n, 'import.yml')))
  .sort();

/** Every value and port that some answer of the edition gives: every scenario, alone and in every region. */
function answeredBy(dataset: Dataset): { values: Set<string>; ports: Set<string> } {
  const values = new Set<string>();
  const ports = new Set<string>();
  const questions = [
    ...dataset.scenarioOrder.map((s) => `${dataset.scenarios.get(s)!.keywords[0]}`),
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
  return { values, ports };
}

describe.each(editions)('the %s edition', (edition) => {
  let dataset: Dataset;
  let answered: { values: Set<string>; ports: Set<string> };
  beforeAll(async () => {
    dataset = await shippedDataset(edition);
    answered = answeredBy(dataset);
  });

  it('names its source page, a file under ../shared', async () => {
    const meta = (await shippedDataset(edition)).meta;
    expect(meta.source.file).toMatch(/^[\w./-]+$/);
    expect(meta.source.file.includes('..')).toBe(false);
  });

  const sourceFile = sourceFileOf(edition);
  const page = needsShared(sourceFile);
  describe.skipIf(!page.available)(`covers its whole page, ${sourceFile}${page.note}`, () => {
    let found: ReturnType<typeof extract>;
    beforeAll(() => {
      page.assert();
      const text = readFileSync(path.join(SHARED_DIR, sourceFile), 'utf8');
      expect(text).toContain(`lastupdated: "${dataset.meta.lastUpdated}"`);
      found = extract(text);
    });

    it('finds the page itself worth checking (sanity of the extraction)', () => {
      expect(found.addresses.length).toBeGreaterThan(80);
      expect(found.hosts).toContain('containers.cloud.ibm.com');
      expect(found.ports).toContain('443');
    });

    it('has every IPv4 address and CIDR of the page in the data files and in some answer', () => {
      const inData = new Set<string>();
      for (const t of dataset.tables.values()) for (const e of t.entries) e.addresses.forEach((a) => inData.add(a));
      for (const s of dataset.scenarios.values())
        for (const r of s.rules) for (const e of [...r.from, ...r.to]) if ('addresses' in e) e.addresses.forEach((a) => inData.add(a));
      expect(found.addresses.filter((a) => !inData.has(a))).toEqual([]);
      expect(found.addresses.filter((a) => !answered.values.has(a))).toEqual([]);
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
});

/** The source file an edition's dataset.yml names, read before loading so that the test can name it. */
function sourceFileOf(edition: string): string {
  const text = readFileSync(path.join(ROOT, 'data', 'editions', edition, 'dataset.yml'), 'utf8');
  const m = /^ {2}file: (\S+)$/m.exec(text);
  if (!m) throw new Error(`data/editions/${edition}/dataset.yml names no source.file`);
  return m[1]!;
}
