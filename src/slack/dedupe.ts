import NodeCache from 'node-cache';

/**
 * Remembers recent event ids (and message keys) so that a redelivered event — same `event_id`, sent again with
 * `X-Slack-Retry-Num` when Slack thinks it was missed — never produces a second answer. One replica's memory:
 * in Socket Mode Slack hands each event to one connection; behind a load balancer, a retry may reach another
 * replica, which is why the README asks for sticky routing or Socket Mode when that matters.
 */
export class Dedupe {
  private readonly cache: NodeCache;

  /** Slack retries after about 1 minute and 5 minutes: remember ids for 15 minutes. */
  constructor(ttlSeconds = 15 * 60, maxKeys = 100_000) {
    this.cache = new NodeCache({ stdTTL: ttlSeconds, checkperiod: Math.max(60, Math.floor(ttlSeconds / 2)), useClones: false, maxKeys: -1 });
    this.maxKeys = maxKeys;
  }

  private readonly maxKeys: number;

  /** True the first time `key` is seen (within the TTL), false on every repeat. */
  firstTime(key: string): boolean {
    if (this.cache.has(key)) return false;
    if (this.cache.keys().length >= this.maxKeys) this.cache.flushAll();
    this.cache.set(key, true);
    return true;
  }

  get size(): number {
    return this.cache.keys().length;
  }

  close(): void {
    this.cache.close();
  }
}
