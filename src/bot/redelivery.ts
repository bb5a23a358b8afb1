import { LRUCache } from 'lru-cache';

/**
 * Remembers the deliveries already taken (an event id, a message's channel and ts) so that one sent again,
 * when the chat platform thinks it was missed, never gets a second answer. An interface so that replicas can
 * share it later (a store such as Redis); MemoryRedelivery is one process's memory.
 */
export interface Redelivery {
  /** True the first time `key` is seen within the memory's lifetime, false on every repeat. */
  firstTime(key: string): Promise<boolean>;
  /** Forgets `key`, so that it counts as new again (work that was taken but could not be done). */
  forget(key: string): Promise<void>;
  close(): void;
}

/** Slack retries after about 1 and 5 minutes: keys are remembered for 15. */
export const REDELIVERY_TTL_MS = 15 * 60_000;

/**
 * A bounded map with expiry: at most `max` keys, each for `ttlMs`; when full, the least recently seen key goes
 * (never all at once, so a flood of new ids cannot make it forget the recent ones).
 */
export class MemoryRedelivery implements Redelivery {
  private readonly seen: LRUCache<string, true>;

  constructor(ttlMs = REDELIVERY_TTL_MS, max = 100_000, now?: () => number) {
    // ttlResolution 0: read the clock on every check (the default caches it for 1 ms of real time).
    this.seen = new LRUCache<string, true>({ max, ttl: ttlMs, ttlResolution: 0, ...(now !== undefined ? { perf: { now } } : {}) });
  }

  firstTime(key: string): Promise<boolean> {
    if (this.seen.has(key)) return Promise.resolve(false);
    this.seen.set(key, true);
    return Promise.resolve(true);
  }

  forget(key: string): Promise<void> {
    this.seen.delete(key);
    return Promise.resolve();
  }

  get size(): number {
    return this.seen.size;
  }

  close(): void {
    this.seen.clear();
  }
}
