import { loadDataset } from '../../src/data-files/load.js';
import type { Dataset } from '../../src/core/dataset/build.js';

const cached = new Map<string, Promise<Dataset>>();

/** A shipped edition (an id or a date; when absent, PORTHOLE_EDITION's or else the newest), loaded once per test file. */
export function shippedDataset(edition?: string): Promise<Dataset> {
  const key = edition ?? '';
  let found = cached.get(key);
  if (!found) {
    found = loadDataset(undefined, edition ? { edition } : {}).then((r) => {
      if (!r.ok) throw new Error(`shipped dataset is invalid: ${JSON.stringify(r.problems)}`);
      return r.dataset;
    });
    cached.set(key, found);
  }
  return found;
}
