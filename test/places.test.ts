import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Dataset } from '../src/core/dataset/build.js';
import { sortEditions } from '../src/core/dataset/editions.js';
import { parseQuestion } from '../src/core/parse/question.js';
import { ask } from '../src/core/resolve/resolve.js';
import { ROOT } from './helpers/cli.js';
import { shippedDataset } from './helpers/dataset.js';
import { KUBE_SAMPLES, kubeSamplesCopy } from './helpers/kube-samples.js';

// Places (issue 22): every zone and location regions.yml, an edition or IBM's kube-samples lists names is known
// with its region; a valid one is never corrected into another; one the edition asked lacks says where it is listed.

interface ZoneRow { id: string; city: string; aliases?: string[]; firstListed?: string; lastListed?: string; clusterZone?: boolean }
interface RegionRow { id: string; pageName: string; firstListed?: string; lastListed?: string; zones: ZoneRow[] }
const regionsYml = parse(readFileSync(path.join(ROOT, 'data', 'regions.yml'), 'utf8')) as { regions: RegionRow[] };
const EDITIONS = sortEditions(readdirSync(path.join(ROOT, 'data', 'editions')));

/** Each edition's regions and zones, from its dataset.yml: the facts the tests count from. */
const editionLists = new Map(
  EDITIONS.map((edition) => {
    const meta = parse(readFileSync(path.join(ROOT, 'data', 'editions', edition, 'dataset.yml'), 'utf8')) as { regions: { region: string; zones: string[] }[] };
    return [edition, new Map(meta.regions.flatMap((r) => [[r.region, r.region] as const, ...r.zones.map((z) => [z, r.region] as const)]))] as const;
  }),
);
const editionsListing = (place: string) => EDITIONS.filter((e) => editionLists.get(e)!.has(place));

const datasets = new Map<string, Dataset>();
beforeAll(async () => {
  for (const edition of EDITIONS) datasets.set(edition, await shippedDataset(edition));
});

describe('regions.yml says when each place was listed', () => {
  it('firstListed and lastListed are the first and last edition whose dataset.yml lists it, with no gap between', () => {
    let checked = 0;
    for (const region of regionsYml.regions) {
      for (const place of [region, ...region.zones]) {
        const listing = editionsListing(place.id);
        if ('clusterZone' in place && place.clusterZone === false) {
          expect(listing, place.id).toEqual([]);
          continue;
        }
        expect(listing.length, `${place.id} is listed by no edition`).toBeGreaterThan(0);
        const first = EDITIONS.indexOf(listing[0]!);
        expect(listing, `${place.id}: a gap`).toEqual(EDITIONS.slice(first, first + listing.length));
        expect(place.firstListed, place.id).toBe(first === 0 ? undefined : listing[0]);
        expect(place.lastListed, place.id).toBe(listing.at(-1) === EDITIONS.at(-1) ? undefined : listing.at(-1));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe.each(EDITIONS)('every zone of the %s edition', (edition) => {
  it('property: a zone answers with its own region, uncorrected, and with rules of that region', () => {
    const ds = datasets.get(edition)!;
    const zones = [...ds.zoneById.values()];
    const phrasings = ['master ips in ZONE', 'what do I open for kubectl in ZONE?', 'ZONE registry', 'worker outbound for ZONE please'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.constantFrom(...phrasings), fc.constantFrom('lower', 'upper'), (zone, phrasing, casing) => {
        const written = casing === 'upper' ? zone.id.toUpperCase() : zone.id;
        const parsed = parseQuestion(phrasing.replace('ZONE', written), ds);
        expect(parsed.problems).toEqual([]);
        expect({ region: parsed.query.region, zone: parsed.query.zone }).toEqual({ region: editionLists.get(edition)!.get(zone.id), zone: zone.id });
        expect(parsed.reading).not.toMatch(/ Read "/);
        const zoneAnswer = ask(phrasing.replace('ZONE', written), ds);
        const regionAnswer = ask(phrasing.replace('ZONE', zone.region), ds);
        const addresses = (a: typeof zoneAnswer) => new Set(a.rules.flatMap((r) => [...r.sources, ...r.destinations]).filter((e) => e.kind === 'ip' || e.kind === 'cidr').map((e) => e.value));
        const inRegion = addresses(regionAnswer);
        for (const address of addresses(zoneAnswer)) expect(inRegion.has(address), `${address} of ${zone.id}`).toBe(true);
        expect(zoneAnswer.rules.length).toBeGreaterThan(0);
      }),
      { numRuns: Math.min(60, zones.length * phrasings.length) },
    );
  });
});

describe.each(EDITIONS)('places of regions.yml that the %s edition lacks', (edition) => {
  it('are never corrected into another place: a zone names its region with a note, else the answer says where it is listed', () => {
    const ds = datasets.get(edition)!;
    const lists = editionLists.get(edition)!;
    let checked = 0;
    for (const region of regionsYml.regions) {
      for (const place of [region, ...region.zones]) {
        if (lists.has(place.id)) continue;
        const { query, problems, notes } = parseQuestion(`kubectl in ${place.id}`, ds);
        const listing = editionsListing(place.id);
        const regionOfZone = 'city' in place ? region.id : null;
        if (regionOfZone !== null && lists.has(regionOfZone)) {
          expect(problems, place.id).toEqual([]);
          expect({ region: query.region, zone: query.zone }, place.id).toEqual({ region: regionOfZone, zone: null });
          expect(notes.join(' '), place.id).toContain(`${place.id} (`);
          expect(notes.join(' '), place.id).toContain(`answering for its region, ${regionOfZone}`);
        } else {
          expect(problems.map((p) => p.code), place.id).toEqual([regionOfZone === null ? 'unknown-region' : 'unknown-zone']);
          expect(query.region, place.id).toBeNull();
        }
        const said = [...problems.map((p) => p.message), ...notes].join(' ');
        if (listing.length > 0 && edition < listing[0]!) expect(said, place.id).toContain(`not in the ${edition} edition; first listed in ${listing[0]}`);
        if (listing.length > 0 && edition > listing.at(-1)!) expect(said, place.id).toContain(`not in the ${edition} edition; last listed in ${listing.at(-1)}`);
        checked++;
      }
    }
    if (edition === EDITIONS[0] || edition === EDITIONS.at(-1)) expect(checked).toBeGreaterThan(0);
  });

  it('a city of a zone the edition lacks reads as that zone, never as a similar-looking one', () => {
    const ds = datasets.get(edition)!;
    const lists = editionLists.get(edition)!;
    let checked = 0;
    for (const region of regionsYml.regions) {
      for (const zone of region.zones) {
        if (lists.has(zone.id) || zone.clusterZone === false) continue;
        const sameCity = regionsYml.regions.flatMap((r) => r.zones).filter((z) => z.city === zone.city);
        if (sameCity.length > 1) continue;
        checked++;
        const parsed = parseQuestion(`master ips in ${zone.city}`, ds);
        expect(parsed.reading, zone.city).not.toMatch(/ Read "/);
        expect([...parsed.problems.map((p) => p.message), ...parsed.notes].join(' '), zone.city).toContain(`${zone.id} (${zone.city}`);
      }
    }
    if (edition === EDITIONS.at(-1)) expect(checked).toBeGreaterThan(0);
  });
});

describe("IBM's kube-samples lists: every zone they name is known with its region", () => {
  const readme = path.join(KUBE_SAMPLES, 'control-plane-ips', 'README.md');
  beforeAll(() => kubeSamplesCopy.assert());
  it.runIf(kubeSamplesCopy.available)(`control-plane-ips/README.md: each zone reads as a region it lists it under${kubeSamplesCopy.note}`, async () => {
    const ds = await shippedDataset(EDITIONS.at(-1));
    // "* `dal` (Dallas, US South, us-south): mex01, sao01, ..."
    const regionsOfZone = new Map<string, string[]>();
    for (const m of readFileSync(readme, 'utf8').matchAll(/^\* `\w+` \(([^)]*)\): (.+)$/gm)) {
      const region = m[1]!.split(',').at(-1)!.trim();
      for (const zone of m[2]!.split(',').map((z) => z.trim())) regionsOfZone.set(zone, [...(regionsOfZone.get(zone) ?? []), region]);
    }
    expect(regionsOfZone.size).toBeGreaterThan(20);
    for (const [zone, regions] of regionsOfZone) {
      const { query, problems } = parseQuestion(`master ips in ${zone}`, ds);
      expect(problems, zone).toEqual([]);
      // The README names regions by their legacy ids too (ap-south): either form is the region.
      const legacy = new Map(ds.regions.map((r) => [r.legacyId, r.id]));
      expect(regions.map((r) => legacy.get(r) ?? r), zone).toContain(query.region);
    }
  });

  it.runIf(kubeSamplesCopy.available)(`the Calico policies' comments: each data centre they name is known with its region${kubeSamplesCopy.note}`, async () => {
    const ds = await shippedDataset(EDITIONS.at(-1));
    const policies = path.join(KUBE_SAMPLES, 'calico-policies', 'private-network-isolation');
    const named = new Set<string>();
    for (const region of readdirSync(policies, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
      for (const file of readdirSync(path.join(policies, region))) {
        // "# Required nets for all clusters: dal01, dal10, wdc04"
        for (const m of readFileSync(path.join(policies, region, file), 'utf8').matchAll(/^\s*#\s*Required nets? for[^:]*:(.+)$/gm)) {
          for (const zone of m[1]!.matchAll(/\b[a-z]{3}\d{2}\b/g)) named.add(zone[0]);
        }
      }
    }
    expect(named.size).toBeGreaterThan(0);
    for (const zone of named) {
      const { query, problems } = parseQuestion(`private network in ${zone}`, ds);
      expect(problems, zone).toEqual([]);
      expect(query.region, zone).toBe(regionsYml.regions.find((r) => r.zones.some((z) => z.id === zone))?.id);
    }
  });
});

describe('chatty questions and cluster names', () => {
  const edition = EDITIONS.at(-1)!;
  // Proper nouns of vendors, people and cities beside a topic and a place that were read.
  const CHATTY: [string, string][] = [
    ['kubectl in fra02, our vendor is Palo Alto Networks', 'palo'],
    ['Zscaler blocks the registry in us-south', 'zscaler'],
    ['Hi Priya, logging from the Mumbai office for eu-de', 'mumbai'],
    ['Fortinet team asks: monitoring in Dallas?', 'fortinet'],
    ['Sophos says block storage in dal10 from Berlin', 'berlin'],
  ];
  it.each(CHATTY)('"%s": the topic and place are read, "%s" is listed as not used', (question, noun) => {
    const ds = datasets.get(edition)!;
    const { query, problems, unused } = parseQuestion(question, ds);
    expect(problems).toEqual([]);
    expect(query.scenarios.length).toBeGreaterThan(0);
    expect(query.region).not.toBeNull();
    expect(unused).toContain(noun);
  });

  it('a proper noun still stops a question whose place was not read', () => {
    const { problems } = parseQuestion('logs in Palo', datasets.get(edition)!);
    expect(problems.map((p) => p.code)).toEqual(['ambiguous-word']);
  });

  const CLUSTERS: [string, string | null][] = [
    ['kubectl for a cluster running in eu-de', null],
    ['registry on a cluster located in eu-gb', null],
    ['ibmcloud ks for any cluster where workers are private', null],
    ['kubectl for cluster prod in eu-de', 'prod'],
    ['registry for cluster stage-1 in eu-de', 'stage-1'],
    ['kubectl for cluster "a cluster"', null],
    ['kubectl for my cluster Payments', 'Payments'],
  ];
  it.each(CLUSTERS)('"%s": cluster %s', (question, cluster) => {
    const { query } = parseQuestion(question, datasets.get(edition)!);
    expect(query.cluster).toBe(cluster);
  });
});
