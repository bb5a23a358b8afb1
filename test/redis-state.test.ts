/**
 * Redelivery memory and rate limit shared by replicas through a real redis-server on loopback, and what each
 * replica does when Redis goes away and comes back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisRateLimit, RedisRedelivery, RedisState } from '../src/bot/redis.js';
import { needsTool } from './helpers/requirements.js';
import { startRedisServer, type RedisServer } from './support/redis-server.js';

const redisServer = needsTool('redis-server', 'redis-server', ['--version']);

interface Replica {
  state: RedisState;
  redelivery: RedisRedelivery;
  limit: RedisRateLimit;
  health: { healthy: boolean; error?: string }[];
}

async function replica(url: string, perMinute: number): Promise<Replica> {
  const health: Replica['health'] = [];
  const state = new RedisState({ url, onHealthChange: (change) => health.push(change), commandTimeoutMs: 300 });
  await state.connect();
  return { state, redelivery: new RedisRedelivery(state, 60_000), limit: new RedisRateLimit(state, perMinute), health };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.skipIf(!redisServer.available)(`two replicas sharing Redis${redisServer.note}`, () => {
  let server: RedisServer;
  let a: Replica;
  let b: Replica;
  const perMinute = 5;

  beforeAll(async () => {
    redisServer.assert();
    server = await startRedisServer();
    a = await replica(server.url, perMinute);
    b = await replica(server.url, perMinute);
  });
  afterAll(async () => {
    await Promise.all([a?.state.close(), b?.state.close()]);
    await server?.stop();
  });

  it('take each delivery once: the same event id given to both replicas is new to exactly one', async () => {
    for (let i = 0; i < 50; i++) {
      const key = `Ev${i}`;
      const [first, second] = await Promise.all([a.redelivery.firstTime(key), b.redelivery.firstTime(key)]);
      expect([first, second].filter(Boolean), key).toHaveLength(1);
      expect(await a.redelivery.firstTime(key)).toBe(false);
    }
  });

  it('count one limit per user across replicas, questions alternating between them', async () => {
    const verdicts = [];
    for (let i = 0; i < perMinute + 3; i++) verdicts.push(await (i % 2 === 0 ? a : b).limit.check('U-alternating'));
    expect(verdicts.map((v) => v.decision)).toEqual([...Array<string>(perMinute).fill('allow'), 'warn', 'drop', 'drop']);
    expect(verdicts.at(-1)!.retryAfterMs).toBeGreaterThan(0);
    expect(verdicts.at(-1)!.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect((await b.limit.check('U-someone-else')).decision).toBe('allow');
  });

  it('fall back to their own memory with a warning when Redis goes away, and share again when it is back', async () => {
    await server.stop();
    await until(() => a.health.some((h) => !h.healthy) && b.health.some((h) => !h.healthy), 'both replicas to notice');
    expect(a.health.find((h) => !h.healthy)?.error).toBeTruthy();

    // Still answers: each replica remembers what it saw itself, and limits on its own.
    expect(await a.redelivery.firstTime('Ev-outage')).toBe(true);
    expect(await a.redelivery.firstTime('Ev-outage')).toBe(false);
    const during = [];
    for (let i = 0; i < perMinute + 1; i++) during.push((await a.limit.check('U-outage')).decision);
    expect(during).toEqual([...Array<string>(perMinute).fill('allow'), 'warn']);

    await server.restart();
    await until(() => a.health.at(-1)?.healthy === true && b.health.at(-1)?.healthy === true, 'both replicas to reconnect');
    const [first, second] = await Promise.all([a.redelivery.firstTime('Ev-after'), b.redelivery.firstTime('Ev-after')]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect(a.health.filter((h) => !h.healthy)).toHaveLength(1);
  });
});
