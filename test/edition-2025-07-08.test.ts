import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer, RuleEndpoint } from '../src/core/answer.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { resolve } from '../src/core/resolve/resolve.js';
import { normalizeText } from '../src/core/text.js';
import { shippedDataset } from './helpers/dataset.js';
import { needsShared, SHARED_DIR } from './helpers/requirements.js';

// The 2025-07-08 edition against its page, row by row: every section and zone of the page is in the edition,
// every table row comes out of the answer for its region, every topic answers in every region, and every
// condition shows. (completeness.test.ts checks that every address, host and port of the page is in some
// answer and nothing else is.) Everything expected is read from the page here; nothing is pasted.

const EDITION = '2025-07-08';
const PAGE_FILE = 'sources/firewall-2025-07-08.md';
const pageFile = needsShared(PAGE_FILE);

const ADDRESS = /\b\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?\b/g;

/** The section under `{: #anchor}`, up to the next heading of the same or a higher level. */
function sectionOf(page: string, anchor: string): string {
  const start = page.indexOf(`{: #${anchor}}`);
  expect(start, `the page has a section #${anchor}`).toBeGreaterThan(-1);
  const rest = page.slice(start);
  const end = rest.search(/\n#{2,4} /);
  return end === -1 ? rest : rest.slice(0, end);
}

interface PageRow {
  name: string;
  zones: string[];
  cells: string[];
}

/** The rows of the Markdown table in a section: first cell split into a name and the zones in parentheses. */
function tableRows(section: string): PageRow[] {
  return section
    .split('\n')
    .filter((l) => l.startsWith('| ') && !/^\|\s*-/.test(l))
    .slice(1)
    .map((line) => {
      const cells = line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
      const first = cells[0]!;
      return {
        name: first.replace(/\(.*\)/, '').trim(),
        zones: [...first.matchAll(/`([a-z]{3}\d{2})`/g)].map((m) => m[1]!),
        cells: cells.slice(1),
      };
    });
}

const addressesIn = (text: string) => [...new Set(text.match(ADDRESS) ?? [])];

let dataset: Dataset;
let page = '';

/** The answer for scenarios in a region, read as a query (the words people use are the parser's tests). */
function answer(scenario: string, region: string | null): Answer {
  const query = { text: `${scenario} ${region ?? ''}`, scenarios: [scenario], region, zone: null, cluster: null, format: null };
  return resolve({ query, problems: [], notes: [] }, dataset);
}

function values(a: Answer, ruleId?: string): Set<string> {
  const rules = a.rules.filter((r) => ruleId === undefined || r.id === ruleId);
  if (ruleId !== undefined) expect(rules.length, `${ruleId} is in the answer`).toBe(1);
  const concrete = (e: RuleEndpoint) => e.kind === 'ip' || e.kind === 'cidr' || e.kind === 'host';
  return new Set(rules.flatMap((r) => [...r.sources, ...r.destinations].filter(concrete).map((e) => e.value)));
}

/** The region of this edition that a page row names ("US East", "Sao Paolo"), by the region's names. */
function regionNamed(name: string): string {
  const key = normalizeText(name);
  const found = dataset.placeNames.find((p) => p.kind === 'region' && p.tokens.join(' ') === key);
  expect(found, `"${name}" names a region of the ${EDITION} edition`).toBeDefined();
  return found!.id;
}

beforeAll(async () => {
  dataset = await shippedDataset(EDITION);
});

describe.skipIf(!pageFile.available)(`the ${EDITION} edition transcribes its page${pageFile.note}`, () => {
  beforeAll(() => {
    pageFile.assert();
    page = readFileSync(path.join(SHARED_DIR, PAGE_FILE), 'utf8');
  });

  it('names the page it transcribes, its date and what it covers', () => {
    expect(dataset.meta.source.file).toBe(PAGE_FILE);
    expect(dataset.meta.lastUpdated).toBe(/lastupdated: "([\d-]+)"/.exec(page)?.[1]);
    expect(dataset.meta.source.title).toBe(/^# (.+)$/m.exec(page)?.[1]);
    const tag = /^\[([^\]]+)\]\{: tag-classic-inf\}/m.exec(page)?.[1];
    expect(dataset.meta.covers).toBe(tag?.toLowerCase());
  });

  it('lists every section of the page, in page order', () => {
    const anchors = [...page.matchAll(/\{: #([^}]+)\}/g)].map((m) => m[1]);
    expect(dataset.meta.sections.map((s) => s.anchor)).toEqual(anchors);
  });

  it('lists every region and zone of the public master table as this edition\'s membership', () => {
    const rows = tableRows(sectionOf(page, 'master_ips'));
    expect(rows.length).toBeGreaterThan(0);
    expect(dataset.regions.map((r) => r.id)).toEqual(rows.map((r) => regionNamed(r.name)));
    for (const row of rows) expect(dataset.regionById.get(regionNamed(row.name))!.zones.map((z) => z.id)).toEqual(row.zones);
  });

  it('gives the worker nodes exactly the public master IPs of their region\'s row', () => {
    for (const row of tableRows(sectionOf(page, 'master_ips'))) {
      const region = regionNamed(row.name);
      expect([...values(answer('worker-masters', region), 'worker-masters.region')].sort(), region).toEqual(addressesIn(row.cells.join(' ')).sort());
    }
  });

  it('gives the worker nodes the private master IPs of each row of the private master table', () => {
    const rows = tableRows(sectionOf(page, 'firewall_private_worker'));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const region = regionNamed(row.name);
      const got = values(answer('private-masters', region), 'private-masters.region');
      expect([...got].sort(), region).toEqual(addressesIn(row.cells.join(' ')).sort());
      // A zone the row lists that this edition places in another region gets the row too (tor01, sao01).
      for (const zone of row.zones) {
        const owner = dataset.zoneById.get(zone)!.region;
        if (owner !== region) expect(values(answer('private-masters', owner), 'private-masters.region'), `${zone} in ${owner}`).toEqual(got);
      }
    }
  });

  it('gives each region its private registry hosts and both columns of addresses, and the global row to every region', () => {
    const rows = tableRows(sectionOf(page, 'firewall_private_container_registry'));
    expect(rows.length).toBeGreaterThan(0);
    const globalRow = rows.find((r) => /^global/i.test(r.name))!;
    for (const row of rows) {
      const regions = row === globalRow ? dataset.regions.map((r) => r.id) : row.name.split(',').map((n) => regionNamed(n.trim()));
      const hosts = [...row.cells[0]!.matchAll(/`([a-z0-9.]+)`/g)].map((m) => m[1]!);
      const [until, after] = [addressesIn(row.cells[1]!), addressesIn(row.cells[2]!)];
      for (const region of regions) {
        const a = answer('private-registry', region);
        const current = values(a, 'private-registry.pull');
        for (const v of [...hosts, ...after]) expect(current.has(v), `${v} for ${region}`).toBe(true);
        if (until.length > 0) {
          const old = values(a, 'private-registry.until-2022');
          for (const v of until) expect(old.has(v), `${v} (until July 2022) for ${region}`).toBe(true);
        }
      }
    }
  });

  it('lets every Akamai and NS1 monitoring range reach the service endpoints', () => {
    const section = sectionOf(page, 'firewall-ingress-domain-monitor');
    const ranges = addressesIn(section);
    expect(ranges.length).toBeGreaterThan(0);
    const a = answer('ingress-monitor', null);
    for (const rule of a.rules) {
      expect(rule.sources.map((e) => e.value).sort(), rule.id).toEqual([...ranges].sort());
    }
  });

  it('answers every topic in every region with rules, and shows every condition of the edition', () => {
    const conditions = new Set<string>();
    for (const scenario of dataset.scenarioOrder) {
      for (const region of [null, ...dataset.regions.map((r) => r.id)]) {
        const a = answer(scenario, region);
        expect(a.problems, `${scenario} in ${region}`).toEqual([]);
        expect(a.rules.length, `${scenario} in ${region}`).toBeGreaterThan(0);
        for (const rule of a.rules) if (rule.condition) conditions.add(rule.condition);
      }
    }
    expect(dataset.meta.conditions.map((c) => c.text).filter((t) => !conditions.has(t))).toEqual([]);
  });
});
