import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

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

/**
 * Counts one question of `key` with a rate-limiter-flexible limiter of `perMinute` points a minute: allowed, the
 * first over the limit warned, the rest of the minute dropped.
 */
export async function consumeQuestion(limiter: RateLimiterAbstract, key: string, perMinute: number): Promise<RateVerdict> {
  try {
    await limiter.consume(key);
    return { decision: 'allow', retryAfterMs: 0 };
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return { decision: rejection.consumedPoints === perMinute + 1 ? 'warn' : 'drop', retryAfterMs: rejection.msBeforeNext };
  }
}

/**
 * One process's count, in rate-limiter-flexible's memory limiter: a map lookup per question, whatever the number
 * of people (each person's count leaves the map when their minute ends).
 */
export class MemoryRateLimit implements RateLimit {
  private readonly limiter: RateLimiterMemory;

  constructor(readonly perMinute: number) {
    this.limiter = new RateLimiterMemory({ points: perMinute, duration: WINDOW_MS / 1000 });
  }

  check(userId: string): Promise<RateVerdict> {
    return consumeQuestion(this.limiter, userId, this.perMinute);
  }
}
