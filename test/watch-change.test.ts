/**
 * What a watch announces: the change between two editions for the watched topics and region only, per rule,
 * and as a CSV change request. Once with a copy of the newest edition in which one master address is
 * replaced, once between the two newest shipped editions, counted from their tables.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { watchChange, watchChangeCsv, watchChangeRecords } from '../src/bot/watch-change.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { networkKey } from '../src/core/diff/diff.js';
import { listEditions } from '../src/data-files/load.js';
import { shippedDataset } from './helpers/dataset.js';
import { editionsWithOneMasterChanged, tablesRead } from './helpers/edition-copy.js';

const { ids: EDITIONS } = await listEditions();
const NEWEST = EDITIONS.at(-1)!;
const NEXT = '2099-01-01-test';
/** An address of the documentation range (RFC 5737): in no list of IBM's. */
const NEW_ADDRESS = '192.0.2.77';

function rulesReading(dataset: Dataset, topic: string | null, table: string): string[] {
  const leaves = topic ? dataset.scenarios.get(topic)!.leaves : dataset.scenarioOrder.filter((id) => !dataset.scenarios.get(id)!.bundle);
  return leaves.flatMap((id) => dataset.scenarios.get(id)!.rules.filter((r) => [...r.from, ...r.to].some((e) => 'table' in e && e.table === table)).map((r) => r.id));
}

describe('one master address replaced in a new edition', () => {
  let before: Dataset;
  let after: Dataset;
  let region: string;
  let replaced: string;
  let topic: string;
  const table = 'masters';

  beforeAll(async () => {
    ({ before, after, region, replaced, topic } = await editionsWithOneMasterChanged(NEW_ADDRESS, NEXT));
  });

  it('a watch of that topic and region gets, for each rule reading the table, the address added and the one removed', () => {
    const change = watchChange(before, after, { topic, region });
    expect(change).toMatchObject({ from: NEWEST, to: NEXT, empty: false, topicsAdded: [], topicsRemoved: [] });
    const readers = rulesReading(after, topic, table);
    expect(readers.length).toBeGreaterThan(0);
    expect(change.rules.map((r) => r.rule).sort()).toEqual([...readers].sort());
    for (const rule of change.rules) {
      expect(rule.status).toBe('changed');
      expect(rule.added).toEqual([expect.objectContaining({ value: NEW_ADDRESS, kind: 'address', table, region })]);
      expect(rule.removed).toEqual([expect.objectContaining({ value: replaced, kind: 'address', table, region })]);
      expect(rule.changed).toEqual([]);
    }
  });

  it('a watch of everything everywhere sees it too, under every rule reading the table', () => {
    const change = watchChange(before, after, { topic: null, region: null });
    expect(change.rules.map((r) => r.rule).sort()).toEqual([...rulesReading(after, null, table)].sort());
  });

  it('a watch of another region, or of a topic that reads no master table, has nothing to announce', () => {
    const otherRegion = after.regions.find((r) => r.id !== region)!.id;
    expect(watchChange(before, after, { topic, region: otherRegion }).empty).toBe(true);
    const otherTopic = after.scenarioOrder.find((id) => !tablesRead(after, id).has(table))!;
    expect(watchChange(before, after, { topic: otherTopic, region }).empty).toBe(true);
    expect(watchChange(before, before, { topic: null, region: null }).empty).toBe(true);
  });

  it('the CSV change request adds rows to allow the new address and removes the rows of the old one, nothing else', () => {
    const records = watchChangeRecords(before, after, { topic, region });
    const [header, ...rows] = records;
    expect(header![0]).toBe('Change');
    const destination = header!.indexOf('Destination');
    const added = rows.filter((r) => r[0] === 'add');
    const removed = rows.filter((r) => r[0] === 'remove');
    expect(added.length).toBeGreaterThan(0);
    expect(added.length + removed.length).toBe(rows.length);
    expect(new Set(added.map((r) => r[destination]))).toEqual(new Set([NEW_ADDRESS]));
    expect(new Set(removed.map((r) => r[destination]))).toEqual(new Set([replaced]));
    expect(removed).toHaveLength(added.length);
    const text = watchChangeCsv(before, after, { topic, region });
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(records.length);
    expect(text).toContain(NEW_ADDRESS);
  });
});

describe('between the two newest shipped editions', () => {
  it('the addresses each watched region gains and loses are those its tables and rules gain and lose', async () => {
    const [from, to] = await Promise.all([shippedDataset(EDITIONS.at(-2)!), shippedDataset(NEWEST)]);
    const topic = to.scenarioOrder.find((id) => !to.scenarios.get(id)!.bundle && from.scenarios.has(id) && tablesRead(to, id).size > 0)!;
    /** Every network the topic's rules name, inline or through a table row of `region` or global. */
    const networks = (dataset: Dataset, region: string) => {
      const rules = dataset.scenarios.get(topic)!.leaves.flatMap((id) => dataset.scenarios.get(id)!.rules);
      const inline = rules.flatMap((r) => [...r.from, ...r.to].flatMap((e) => ('hosts' in e ? e.addresses : [])));
      const listed = [...tablesRead(dataset, topic)].flatMap((t) =>
        (dataset.tables.get(t)?.entries ?? []).filter((e) => e.regions === 'global' || e.regions.includes(region)).flatMap((e) => e.addresses),
      );
      return new Set([...inline, ...listed].map(networkKey));
    };
    let changedRegions = 0;
    for (const { id: region } of to.regions) {
      const [was, now] = [networks(from, region), networks(to, region)];
      const change = watchChange(from, to, { topic, region });
      const addedSeen = new Set(change.rules.flatMap((r) => r.added.filter((a) => a.kind === 'address').map((a) => networkKey(a.value))));
      const removedSeen = new Set(change.rules.flatMap((r) => r.removed.filter((a) => a.kind === 'address').map((a) => networkKey(a.value))));
      expect(addedSeen, `${topic} in ${region}: added`).toEqual(new Set([...now].filter((n) => !was.has(n))));
      expect(removedSeen, `${topic} in ${region}: removed`).toEqual(new Set([...was].filter((n) => !now.has(n))));
      if (addedSeen.size + removedSeen.size > 0) changedRegions++;
    }
    // IBM's lists changed between these editions: at least one region's watch has something to announce.
    expect(changedRegions).toBeGreaterThan(0);
  });
});
