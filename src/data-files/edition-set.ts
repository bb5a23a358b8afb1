import type { EditionSet } from '../bot/dispatch.js';
import { EditionLoadError } from '../bot/dispatch.js';
import type { Dataset } from '../core/dataset/build.js';
import { formatDataProblem, loadDataset } from './load.js';

/**
 * The editions of a data folder around `current` (the one answering questions that name none): each other
 * edition is read the first time a question needs it, then kept.
 */
export function editionsInFolder(dir: string, current: Dataset): EditionSet {
  const loaded = new Map<string, Promise<Dataset>>([[current.edition, Promise.resolve(current)]]);
  const read = async (id: string): Promise<Dataset> => {
    const result = await loadDataset(dir, { edition: id });
    if (!result.ok) throw new EditionLoadError(id, result.problems.map(formatDataProblem));
    return result.dataset;
  };
  return {
    current,
    ids: current.editions,
    load(id) {
      let dataset = loaded.get(id);
      if (dataset === undefined) {
        // A failed read is not kept: the next question tries again.
        dataset = read(id).catch((error: unknown) => {
          loaded.delete(id);
          throw error;
        });
        loaded.set(id, dataset);
      }
      return dataset;
    },
  };
}
