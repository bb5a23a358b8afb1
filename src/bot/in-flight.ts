/**
 * The work a chat app has in flight (a request from its arrival to its last reply, file upload and audit line),
 * in one place, so that a stop can wait for it and name what it had to abandon.
 */

/** One piece of work still running. */
export interface PieceOfWork {
  /** What it is, for the log (entry point, who asked, where). */
  what: Record<string, string | null>;
  /** Milliseconds it has been running. */
  ageMs: number;
}

export interface Drained {
  /** True when everything finished within the grace. */
  finished: boolean;
  /** What was still running when the grace ran out (empty when finished). */
  abandoned: PieceOfWork[];
}

interface Running {
  what: Record<string, string | null>;
  since: number;
  /** Tells the asker that their request may be abandoned (sent once, before the grace runs out). */
  farewell?: (() => Promise<unknown>) | undefined;
}

/**
 * How long before a stop's grace runs out the askers still waiting are told (a request may still finish in that
 * time: the notice says so): 2 s, or half the grace when that is shorter.
 */
export function farewellLeadMs(graceMs: number): number {
  return Math.min(2000, Math.floor(graceMs / 2));
}

export class InFlight {
  private readonly running = new Map<number, Running>();
  private readonly abandonActions = new Set<() => void>();
  private nextId = 0;
  private readonly idleWaiters = new Set<() => void>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Runs `work`, counted as in flight until it settles (either way). `farewell`, if given, tells the asker when a
   * stop may abandon the work (see `drain`); it must not throw.
   */
  async track<T>(what: Record<string, string | null>, work: () => Promise<T>, farewell?: () => Promise<unknown>): Promise<T> {
    const id = this.nextId++;
    this.running.set(id, { what, since: this.now(), farewell });
    try {
      return await work();
    } finally {
      this.running.delete(id);
      if (this.running.size === 0) for (const wake of [...this.idleWaiters]) wake();
    }
  }

  /**
   * Registers what to do if work is abandoned at a stop (e.g. write a request's audit line), until the returned
   * function withdraws it. Not tied to one piece of work: whatever is still registered when the grace runs out
   * belongs to abandoned work. (Tying it to a piece would take AsyncLocalStorage, which on Node 20 puts a hook on
   * every promise the process makes: about 0.3 ms per request in `npm run bench:http`.)
   */
  onAbandon(action: () => void): () => void {
    this.abandonActions.add(action);
    return () => {
      this.abandonActions.delete(action);
    };
  }

  get size(): number {
    return this.running.size;
  }

  /** What is running now. */
  pieces(): PieceOfWork[] {
    const t = this.now();
    return [...this.running.values()].map((p) => ({ what: p.what, ageMs: Math.round(t - p.since) }));
  }

  /** Gives up on everything running now: runs the abandon actions still registered, and says what was running. */
  abandonAll(): PieceOfWork[] {
    for (const action of [...this.abandonActions]) {
      this.abandonActions.delete(action);
      action();
    }
    return this.pieces();
  }

  /** Tells every asker still waiting (each once) that their request may be abandoned. */
  private sayFarewells(): void {
    for (const piece of this.running.values()) {
      const farewell = piece.farewell;
      piece.farewell = undefined;
      void farewell?.();
    }
  }

  /**
   * Resolves once nothing is in flight, or after `graceMs` with what is still running. The askers of what is
   * still running `farewellLeadMs` before the end are told then, so that the notice is out within the grace.
   */
  drain(graceMs: number): Promise<Drained> {
    if (this.running.size === 0) return Promise.resolve({ finished: true, abandoned: [] });
    return new Promise((resolve) => {
      const farewells = setTimeout(() => this.sayFarewells(), graceMs - farewellLeadMs(graceMs));
      const done = (finished: boolean) => {
        clearTimeout(timer);
        clearTimeout(farewells);
        this.idleWaiters.delete(wake);
        resolve({ finished, abandoned: finished ? [] : this.abandonAll() });
      };
      const wake = () => done(true);
      const timer = setTimeout(() => done(this.running.size === 0), graceMs);
      this.idleWaiters.add(wake);
    });
  }
}
