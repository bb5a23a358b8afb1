import { watch, type FSWatcher } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { formatDataProblem } from '../../data-files/load.js';
import { readKubeSamples } from './read.js';
import { writeImportedEdition } from './write.js';

/**
 * Imports each new commit of a kube-samples checkout that another tool keeps fresh (git-sync publishes each
 * commit as a new worktree behind a symlink it flips atomically): when the link points somewhere new, the
 * checkout there is imported into the data folder, as `porthole data import kube-samples` does. A service
 * watching that folder (EditionWatcher) then reloads. Importing one commit writes the same bytes on every
 * replica, so each pod can import into its own data volume.
 */

export type FollowOutcome =
  | { outcome: 'imported'; edition: string; commit: string }
  | { outcome: 'unchanged'; edition: string; commit: string }
  | { outcome: 'same-checkout' }
  | { outcome: 'no-checkout-yet' }
  | { outcome: 'refused'; problems: string[] };

export interface FollowOptions {
  /** The checkout, or the symlink git-sync flips to each new worktree (`--root`/`--link`). */
  checkout: string;
  dataDir: string;
  /** One line per outcome worth telling. */
  log(line: string): void;
  /** How often to look again without an fs.watch event (ms); 0: never. */
  rescanMs?: number;
}

export class CheckoutFollower {
  private lastTarget: string | null = null;
  private lastRefusal: string | null = null;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<FollowOutcome> = Promise.resolve({ outcome: 'no-checkout-yet' });

  constructor(private readonly options: FollowOptions) {}

  /** Looks at the checkout once, one look at a time, and imports it when it is a checkout not imported yet. */
  check(): Promise<FollowOutcome> {
    this.running = this.running.then(
      () => this.checkOnce(),
      () => this.checkOnce(),
    );
    return this.running;
  }

  private async checkOnce(): Promise<FollowOutcome> {
    const target = await realpath(this.options.checkout).catch(() => null);
    if (target === null) return { outcome: 'no-checkout-yet' };
    if (target === this.lastTarget) return { outcome: 'same-checkout' };
    const read = await readKubeSamples(target);
    if (!read.ok) return this.refused(target, read.problems.map(formatDataProblem));
    const written = await writeImportedEdition(read.checkout, { dataDir: this.options.dataDir });
    if (!written.ok) return this.refused(target, written.problems.map(formatDataProblem));
    this.lastTarget = target;
    const { commit } = read.checkout.source;
    this.options.log(`${written.unchanged ? 'unchanged' : 'imported'}: edition ${written.id} from ${commit} (${target})`);
    return { outcome: written.unchanged ? 'unchanged' : 'imported', edition: written.id, commit };
  }

  /**
   * Tried again at the next look (git-sync flips the link before its exechook writes the COMMIT file the import
   * reads), but told once per checkout and problems, not at every rescan.
   */
  private refused(target: string, problems: string[]): FollowOutcome {
    const refusal = `${target}\n${problems.join('\n')}`;
    if (refusal !== this.lastRefusal) this.options.log(`refused: ${target} cannot be imported; the data folder is as it was:\n  ${problems.join('\n  ')}`);
    this.lastRefusal = refusal;
    return { outcome: 'refused', problems };
  }

  /** Watches the folder holding the checkout (the link flips there) and looks again every `rescanMs`. */
  start(): void {
    const folder = path.dirname(path.resolve(this.options.checkout));
    try {
      this.watcher = watch(folder, () => void this.check());
      this.watcher.on('error', () => undefined);
    } catch {
      // A folder that does not exist yet: the rescan finds the checkout once it does.
    }
    const every = this.options.rescanMs ?? 30_000;
    if (every > 0) this.timer = setInterval(() => void this.check(), every);
  }

  close(): void {
    this.watcher?.close();
    if (this.timer) clearInterval(this.timer);
    this.watcher = null;
    this.timer = null;
  }
}
