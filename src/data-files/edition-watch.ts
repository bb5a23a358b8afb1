import { readdirSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { DataProblem, Dataset } from '../core/dataset/assemble.js';
import { chooseEdition, sortEditions, type EditionChoice } from '../core/dataset/editions.js';
import { EditionLoadError, type EditionSet as AnsweringEditions } from '../bot/dispatch.js';
import { formatDataProblem, listEditions, loadDataset } from './load.js';

/**
 * The editions of a data folder, kept current while the service runs: a new edition folder is noticed
 * (fs.watch, and a periodic rescan for file systems where it misses events), validated with every check of
 * loadDataset, and only then swapped in, as a whole new set. A request takes the set once and keeps it, so an
 * answer in flight keeps the edition it started with. A broken edition is logged, reported to `onRefused`
 * (the metrics count it) and left out; the set before it stays.
 */

/** One immutable set of loaded editions. */
export interface EditionSet {
  /** Edition ids, oldest first. */
  readonly ids: readonly string[];
  readonly newest: Dataset;
  get(id: string): Dataset | undefined;
  /** An edition by id, date or year, as `--edition` takes it; the newest when absent. */
  choose(wanted?: string | null): EditionChoice & { dataset?: Dataset };
}

function editionSet(datasets: ReadonlyMap<string, Dataset>): EditionSet {
  const ids = sortEditions([...datasets.keys()]);
  return {
    ids,
    newest: datasets.get(ids.at(-1)!)!,
    get: (id) => datasets.get(id),
    choose(wanted) {
      const choice = chooseEdition(ids, wanted);
      return choice.ok ? { ...choice, dataset: datasets.get(choice.id)! } : choice;
    },
  };
}

export interface RefusedEdition {
  edition: string;
  problems: DataProblem[];
}

export interface EditionWatchOptions {
  /** The data folder (holding `editions/<id>/`). */
  dir: string;
  logger: Pick<Logger, 'warn' | 'info'>;
  /** Told of each broken edition, once per distinct set of problems: for the metrics. */
  onRefused?(refused: RefusedEdition): void;
  /** Told after each swap, with the editions it added and removed. */
  onSwapped?(set: EditionSet, change: { added: string[]; removed: string[] }): void;
  /** How often to rescan without an fs.watch event (ms); 0: never. */
  rescanMs?: number;
  /** Whether to listen to fs.watch at all (tests turn it off to show the rescan alone finds editions). */
  useFsWatch?: boolean;
  /** Compiled snapshots, as loadDataset takes them. */
  snapshots?: string | null;
}

/** Editions whose folder holds no dataset.yml yet are being written: not refused, looked at again later. */
function folderHasDataset(editionsDir: string, id: string): boolean {
  try {
    return readdirSync(path.join(editionsDir, id)).includes('dataset.yml');
  } catch {
    return false;
  }
}

export class EditionWatcher {
  private set: EditionSet;
  private readonly swapListeners: ((set: EditionSet, change: { added: string[]; removed: string[] }) => void)[] = [];
  private readonly refuseListeners: ((refused: RefusedEdition) => void)[] = [];
  private readonly refusedSignature = new Map<string, string>();
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private scanning: Promise<void> = Promise.resolve();

  private constructor(
    private readonly options: EditionWatchOptions,
    initial: EditionSet,
  ) {
    this.set = initial;
  }

  /** Loads every valid edition of the folder; fails only when none is valid. */
  static async open(options: EditionWatchOptions): Promise<EditionWatcher> {
    const watcher = new EditionWatcher(options, undefined as unknown as EditionSet);
    const { ids } = await listEditions(options.dir);
    const loaded = await watcher.loadValid(ids);
    if (loaded.size === 0) throw new Error(`${options.dir}: no valid edition to answer from (${ids.length} edition folder(s) refused; see the warnings)`);
    watcher.set = editionSet(loaded);
    return watcher;
  }

  /** The set to answer from: take it once per request and keep it. */
  get current(): EditionSet {
    return this.set;
  }

  /** Also tells `listener` after each swap (the app announces the new edition to the watches). */
  onSwap(listener: (set: EditionSet, change: { added: string[]; removed: string[] }) => void): void {
    this.swapListeners.push(listener);
  }

  /** Also tells `listener` of each broken edition found from now on (the app counts them in its metrics). */
  onRefuse(listener: (refused: RefusedEdition) => void): void {
    this.refuseListeners.push(listener);
  }

  /** Starts noticing new editions: fs.watch on the editions folder and the periodic rescan. */
  start(): void {
    const editionsDir = path.join(this.options.dir, 'editions');
    if (this.options.useFsWatch !== false) {
      try {
        this.watcher = watch(editionsDir, () => this.scanSoon());
        this.watcher.on('error', (error) => this.options.logger.warn({ err: error, dir: editionsDir }, 'watching the editions folder failed; the periodic rescan goes on'));
      } catch (error) {
        this.options.logger.warn({ err: error, dir: editionsDir }, 'cannot watch the editions folder; the periodic rescan finds new editions');
      }
    }
    const every = this.options.rescanMs ?? 60_000;
    if (every > 0) this.timer = setInterval(() => void this.rescan(), every).unref();
  }

  /** Several events come for one folder being written: one scan after they settle. */
  private scanSoon(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.rescan(), 200).unref();
  }

  /** Looks at the folder once: loads editions not yet in the set, drops those gone, swaps when anything changed. */
  rescan(): Promise<void> {
    this.scanning = this.scanning.then(() => this.scanOnce()).catch((error: unknown) => this.options.logger.warn({ err: error }, 'rescanning the editions folder failed'));
    return this.scanning;
  }

  private async scanOnce(): Promise<void> {
    const { ids } = await listEditions(this.options.dir);
    const added = ids.filter((id) => this.set.get(id) === undefined);
    const removed = this.set.ids.filter((id) => !ids.includes(id));
    const loaded = await this.loadValid(added);
    if (loaded.size === 0 && (removed.length === 0 || removed.length === this.set.ids.length)) return;
    const next = new Map(this.set.ids.filter((id) => !removed.includes(id)).map((id) => [id, this.set.get(id)!]));
    for (const [id, dataset] of loaded) next.set(id, dataset);
    this.set = editionSet(next);
    this.options.logger.info({ added: [...loaded.keys()], removed, newest: this.set.newest.edition }, 'editions reloaded');
    const change = { added: [...loaded.keys()], removed };
    this.options.onSwapped?.(this.set, change);
    for (const listener of this.swapListeners) listener(this.set, change);
  }

  /** The editions among `ids` that pass every check; the others are logged and reported once per set of problems. */
  private async loadValid(ids: readonly string[]): Promise<Map<string, Dataset>> {
    const editionsDir = path.join(this.options.dir, 'editions');
    const loaded = new Map<string, Dataset>();
    for (const id of ids.filter((candidate) => folderHasDataset(editionsDir, candidate))) {
      const result = await loadDataset(this.options.dir, { edition: id, ...(this.options.snapshots !== undefined ? { snapshots: this.options.snapshots } : {}) });
      if (result.ok) {
        loaded.set(id, result.dataset);
        this.refusedSignature.delete(id);
      } else this.refuse({ edition: id, problems: result.problems });
    }
    return loaded;
  }

  private refuse(refused: RefusedEdition): void {
    const lines = refused.problems.map(formatDataProblem);
    const signature = lines.join('\n');
    if (this.refusedSignature.get(refused.edition) === signature) return;
    this.refusedSignature.set(refused.edition, signature);
    this.options.logger.warn({ edition: refused.edition, problems: lines.slice(0, 20) }, `edition ${refused.edition} refused: ${lines[0] ?? 'no reason given'}`);
    this.options.onRefused?.(refused);
    for (const listener of this.refuseListeners) listener(refused);
  }

  close(): void {
    this.watcher?.close();
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
    this.watcher = null;
    this.timer = null;
    this.debounce = null;
  }
}

/** A loaded set as the dispatcher takes it: every edition already read. */
function answeringEditions(set: EditionSet): AnsweringEditions {
  return {
    current: set.newest,
    ids: set.ids,
    load: async (id) => {
      const dataset = set.get(id);
      if (dataset === undefined) throw new EditionLoadError(id, ['no such edition is loaded (it was refused or removed)']);
      return dataset;
    },
  };
}

/**
 * The watcher's editions for the dispatcher, always the latest set; `pin()` gives the set as it is now, which a
 * request keeps so that its answer comes from the edition it started with.
 */
export function liveEditions(watcher: EditionWatcher): AnsweringEditions {
  return {
    get current() {
      return watcher.current.newest;
    },
    get ids() {
      return watcher.current.ids;
    },
    load: (id) => answeringEditions(watcher.current).load(id),
    pin: () => answeringEditions(watcher.current),
  };
}
