import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../src/core/dataset/build.js';
import type { TableEntry } from '../src/core/dataset/schema.js';
import { ask } from '../src/core/resolve/resolve.js';
import { explainAddress } from '../src/core/why/index.js';
import { EXPORTERS } from '../src/export/index.js';
import { BUNDLED_DATA_DIR, loadDataset } from '../src/data-files/load.js';

// Rows with an end date (`until`, the page's "until 5 July 2022"), in every shipped edition that has them: shown
// as ended at the edition's date, never required or optional, never exported, still found by why with the date;
// answered for a date before the end, shown as they were.

const editions = (await readdir(path.join(BUNDLED_DATA_DIR, 'editions'))).sort();
const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

interface EndedRow {
  table: string;
  entry: TableEntry & { until: string };
  region: string;
}

function endedRows(dataset: Dataset): EndedRow[] {
  const rows: EndedRow[] = [];
  for (const table of dataset.tables.values()) {
    for (const entry of table.entries) {
      if (!entry.until || entry.until > dataset.meta.lastUpdated) continue;
      const region = entry.regions === 'global' ? dataset.regions[0]!.id : entry.regions[0]!;
      rows.push({ table: table.id, entry: entry as EndedRow['entry'], region });
    }
  }
  return rows;
}

/** The scenarios whose rules name a table, as a question can ask for them. */
function questionsFor(dataset: Dataset, table: string): string[] {
  return [...dataset.scenarios.values()].filter((s) => s.rules.some((r) => [...r.from, ...r.to].some((e) => 'table' in e && e.table === table))).map((s) => s.id);
}

describe.each(editions)('rows that ended, in the edition %s', async (edition) => {
  const loaded = await loadDataset(BUNDLED_DATA_DIR, { edition });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const dataset = loaded.dataset;
  const rows = endedRows(dataset);

  if (rows.length === 0) {
    // The edition's tables end no row by its own date (its page came before 5 July 2022): nothing shows as ended.
    it('has no row ended by its date, and no answer shows a rule as ended', () => {
      for (const region of dataset.regions) expect(ask(`everything in ${region.id}`, dataset).rules.filter((r) => r.ended !== undefined), region.id).toEqual([]);
    });
    return;
  }

  it('are shown as ended, neither required nor optional, and never exported', () => {
    for (const { table, entry, region } of rows) {
      for (const scenario of questionsFor(dataset, table)) {
        const question = `${dataset.scenarios.get(scenario)!.title} in ${region} including optional`;
        const answer = ask(`${scenario.replaceAll('-', ' ')} in ${region} including optional`, dataset);
        const holding = answer.rules.filter((r) => r.destinations.some((d) => entry.addresses.includes(d.value)) || r.sources.some((s) => entry.addresses.includes(s.value)));
        expect(holding.length, question).toBeGreaterThan(0);
        for (const rule of holding) {
          const onlyEnded = [...rule.sources, ...rule.destinations].filter((e) => e.kind === 'ip' || e.kind === 'cidr').every((e) => e.until !== undefined);
          if (!onlyEnded) continue;
          expect(rule.ended, `${rule.id} in ${region}`).toBeDefined();
          expect(rule.ended! >= entry.until).toBe(true);
        }
        for (const format of Object.keys(EXPORTERS) as (keyof typeof EXPORTERS)[]) {
          const text = EXPORTERS[format].render(answer);
          const written = entry.addresses.filter((a) => text.includes(a) && holding.every((r) => r.ended));
          expect(written, `${format} export of ${question}`).toEqual([]);
        }
      }
    }
  });

  it('are still found by why, with the day they ended', () => {
    for (const { entry } of rows) {
      for (const address of entry.addresses) {
        const listing = explainAddress(address, dataset).findings.flatMap((f) => f.listings).find((l) => l.relation === 'exact' && l.until !== null);
        expect(listing, `why ${address}`).toBeDefined();
        expect(listing!.until).toBe(entry.until);
        expect(listing!.ended).toBe(true);
      }
    }
  });

  it('are shown as they were when the answer is for a day before their end', () => {
    for (const { table, entry, region } of rows) {
      for (const scenario of questionsFor(dataset, table)) {
        const answer = ask(`${scenario.replaceAll('-', ' ')} in ${region} as of ${dayBefore(entry.until)}`, dataset);
        const holding = answer.rules.filter((r) => r.destinations.some((d) => entry.addresses.includes(d.value)));
        expect(holding.length).toBeGreaterThan(0);
        for (const rule of holding) expect(rule.ended, `${rule.id} as of ${dayBefore(entry.until)}`).toBeUndefined();
      }
    }
  });
});
