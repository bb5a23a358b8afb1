import { formatDataProblem, loadDataset, BUNDLED_DATA_DIR } from '../data-files/load.js';
import type { Dataset } from '../core/dataset/build.js';
import type { EditionLoadError } from '../bot/dispatch.js';
import { EXIT, type Io } from './io.js';

/** The dataset folder: --data, else PORTHOLE_DATA_DIR, else the one shipped with porthole. */
export function dataDirFrom(option: string | undefined, env: NodeJS.ProcessEnv): string {
  return option ?? (env.PORTHOLE_DATA_DIR || BUNDLED_DATA_DIR);
}

/** The edition asked for: --edition, else PORTHOLE_EDITION, else none (the newest). */
export function editionFrom(option: string | undefined, env: NodeJS.ProcessEnv): string | null {
  return option ?? (env.PORTHOLE_EDITION || null);
}

/** Loads one edition of the dataset, or prints every problem (file, path, line, what is wrong) and returns null. */
export async function loadOrReport(dir: string, io: Io, edition: string | null = editionFrom(undefined, io.env)): Promise<Dataset | null> {
  const result = await loadDataset(dir, { edition });
  if (result.ok) return result.dataset;
  io.err(`porthole: the dataset in ${result.dir} is not valid:\n`);
  for (const p of result.problems) io.err(`  ${formatDataProblem(p)}\n`);
  return null;
}

/** An edition a question named could not be read: the data folder is broken, as loadOrReport says it. */
export function reportEditionError(error: EditionLoadError, dir: string, io: Io): number {
  io.err(`porthole: the ${error.edition} edition in ${dir} is not valid:\n`);
  for (const p of error.problems) io.err(`  ${p}\n`);
  return EXIT.badDataset;
}
