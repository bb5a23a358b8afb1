import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { LRUCache } from 'lru-cache';
import { consumeQuestion, type RateLimit, type RateVerdict } from './rate-limit.js';
import { REDELIVERY_TTL_MS, type Redelivery } from './redelivery.js';

/**
 * State shared by every replica through Redis (REDIS_URL): the redelivery memory and the per-user rate limit.
 * When Redis goes away, each replica falls back to its own memory with one warning, and says so again when
 * Redis is back: answers never stop because Redis did.
 */

export interface RedisStateOptions {
  url: string;
  /** Told once when Redis stops answering (and falls back to memory), and once when it answers again. */
  onHealthChange(change: { healthy: boolean; error?: string }): void;
  /** How long one Redis command may take before the replica's own memory answers instead. */
  commandTimeoutMs?: number;
}

export class RedisState {
  readonly client: Redis;
  private healthy = true;

  constructor(private readonly options: RedisStateOptions) {
    // Commands fail at once while disconnected (no offline queue, one try), so a question is answered from
    // memory instead of waiting for Redis to come back.
    this.client = new Redis(options.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: options.commandTimeoutMs ?? 500,
      lazyConnect: true,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    this.client.on('error', (error: Error) => this.markDown(error));
    this.client.on('ready', () => this.markUp());
  }

  /** Connects, or fails with Redis's own reason (a start-up error for a wrong REDIS_URL). */
  async connect(): Promise<void> {
    await this.client.connect();
  }

  markDown(error: unknown): void {
    if (!this.healthy) return;
    this.healthy = false;
    this.options.onHealthChange({ healthy: false, error: error instanceof Error ? error.message : String(error) });
  }

  markUp(): void {
    if (this.healthy) return;
    this.healthy = true;
    this.options.onHealthChange({ healthy: true });
  }

  get isHealthy(): boolean {
    return this.healthy;
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}

/**
 * At most `perMinute` questions per person and minute across all replicas (rate-limiter-flexible's Redis
 * store, with its in-memory insurance limiter while Redis is away). The first question over the limit is
 * told to slow down ("warn"); the rest of that minute are dropped.
 */
export class RedisRateLimit implements RateLimit {
  private readonly limiter: RateLimiterRedis;

  constructor(
    private readonly state: RedisState,
    readonly perMinute: number,
  ) {
    this.limiter = new RateLimiterRedis({
      storeClient: state.client,
      keyPrefix: 'porthole:rate',
      points: perMinute,
      duration: 60,
      insuranceLimiter: new RateLimiterMemory({ points: perMinute, duration: 60 }),
    });
  }

  async check(userId: string): Promise<RateVerdict> {
    const verdict = await consumeQuestion(this.limiter, userId, this.perMinute);
    if (verdict.decision === 'allow' && this.state.client.status === 'ready') this.state.markUp();
    return verdict;
  }
}

/**
 * The deliveries already taken, across replicas: the first replica to SET the key (NX) answers, every other
 * delivery of it is a repeat. While Redis is away, this replica's own memory decides.
 */
export class RedisRedelivery implements Redelivery {
  private readonly local: LRUCache<string, true>;

  constructor(
    private readonly state: RedisState,
    private readonly ttlMs: number = REDELIVERY_TTL_MS,
    max = 100_000,
  ) {
    this.local = new LRUCache<string, true>({ max, ttl: ttlMs });
  }

  async firstTime(key: string): Promise<boolean> {
    const seenHere = this.local.has(key);
    this.local.set(key, true);
    try {
      const set = await this.state.client.set(`porthole:seen:${key}`, '1', 'PX', this.ttlMs, 'NX');
      this.state.markUp();
      return set === 'OK';
    } catch (error) {
      this.state.markDown(error);
      return !seenHere;
    }
  }

  async forget(key: string): Promise<void> {
    this.local.delete(key);
    try {
      await this.state.client.del(`porthole:seen:${key}`);
    } catch (error) {
      this.state.markDown(error);
    }
  }

  close(): void {
    this.local.clear();
  }
}
