/**
 * Per-person flood control: at most `limit` questions per minute. The first question over the limit gets one
 * polite "slow down"; the rest get nothing until the person's minute has passed.
 *
 * The minute starts with the first question of a window (a fixed window per person), so the rule is easy to
 * explain: "20 questions a minute".
 */
export type RateDecision = 'allow' | 'warn' | 'drop';

interface Window {
  start: number;
  count: number;
}

export const WINDOW_MS = 60_000;

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {}

  check(userId: string): RateDecision {
    const t = this.now();
    if (this.windows.size > 10_000) this.sweep(t);
    let w = this.windows.get(userId);
    if (w === undefined || t - w.start >= WINDOW_MS) {
      w = { start: t, count: 0 };
      this.windows.set(userId, w);
    }
    w.count += 1;
    if (w.count <= this.limit) return 'allow';
    return w.count === this.limit + 1 ? 'warn' : 'drop';
  }

  /** Milliseconds until `userId` may ask again (0 when allowed now). */
  retryAfterMs(userId: string): number {
    const w = this.windows.get(userId);
    if (w === undefined || w.count <= this.limit) return 0;
    return Math.max(0, w.start + WINDOW_MS - this.now());
  }

  private sweep(t: number): void {
    for (const [user, w] of this.windows) if (t - w.start >= WINDOW_MS) this.windows.delete(user);
  }
}
