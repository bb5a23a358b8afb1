import NodeCache from 'node-cache';

/**
 * Remembers recent event ids (and message keys) so that a redelivered event — same `event_id`, sent again with
 * `X-Slack-Retry-Num` when Slack thinks it was missed — never produces a second answer. One replica's memory:
 * in Socket Mode Slack hands each event to one connection; behind a load balancer, a retry may reach another
 * replica (see "Several replicas" in the README).
 */
export class Dedupe {
  private readonly cache: NodeCache;

  /**
   * Slack retries after about 1 minute and 5 minutes: ids are remembered for 15 minutes. At `maxKeys` the
   * memory is cleared rather than grown (a flood of distinct ids is not a redelivery).
   */
  constructor(
    ttlSeconds = 15 * 60,
    private readonly maxKeys = 100_000,
  ) {
    this.cache = new NodeCache({ stdTTL: ttlSeconds, checkperiod: Math.max(60, Math.floor(ttlSeconds / 2)), useClones: false });
  }

  /** True the first time `key` is seen (within the TTL), false on every repeat. */
  firstTime(key: string): boolean {
    if (this.cache.has(key)) return false;
    if (this.cache.getStats().keys >= this.maxKeys) this.cache.flushAll();
    this.cache.set(key, true);
    return true;
  }

  get size(): number {
    return this.cache.getStats().keys;
  }

  close(): void {
    this.cache.close();
  }
}
