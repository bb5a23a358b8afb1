/**
 * Per-person flood control: at most `limit` questions per minute. The first question over the limit gets one
 * polite "slow down"; the rest get nothing until the person's minute has passed. The minute starts with the
 * first question of a window (a fixed window per person), so the rule is easy to explain: "20 questions a minute".
 *
 * An interface so that replicas can share the count later (a store such as Redis); MemoryRateLimit is one
 * process's memory.
 */
export type RateDecision = 'allow' | 'warn' | 'drop';

export interface RateVerdict {
  decision: RateDecision;
  /** Milliseconds until the person may ask again (0 when allowed). */
  retryAfterMs: number;
}

export interface RateLimit {
  readonly perMinute: number;
  /** Counts one question of `userId` and says whether it may be answered. */
  check(userId: string): Promise<RateVerdict>;
}

export const WINDOW_MS = 60_000;

interface Window {
  start: number;
  count: number;
}

export class MemoryRateLimit implements RateLimit {
  private readonly windows = new Map<string, Window>();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  check(userId: string): Promise<RateVerdict> {
    const t = this.now();
    if (this.windows.size > 10_000) this.sweep(t);
    let w = this.windows.get(userId);
    if (w === undefined || t - w.start >= WINDOW_MS) {
      w = { start: t, count: 0 };
      this.windows.set(userId, w);
    }
    w.count += 1;
    if (w.count <= this.perMinute) return Promise.resolve({ decision: 'allow', retryAfterMs: 0 });
    const retryAfterMs = Math.max(0, w.start + WINDOW_MS - t);
    return Promise.resolve({ decision: w.count === this.perMinute + 1 ? 'warn' : 'drop', retryAfterMs });
  }

  private sweep(t: number): void {
    for (const [user, w] of this.windows) if (t - w.start >= WINDOW_MS) this.windows.delete(user);
  }
}
