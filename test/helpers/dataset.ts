import { loadDataset } from '../../src/data-files/load.js';
import type { Dataset } from '../../src/core/dataset/build.js';

let cached: Promise<Dataset> | null = null;

/** The shipped dataset, loaded once per test file. */
export function shippedDataset(): Promise<Dataset> {
  cached ??= loadDataset().then((r) => {
    if (!r.ok) throw new Error(`shipped dataset is invalid: ${JSON.stringify(r.problems)}`);
    return r.dataset;
  });
  return cached;
}
