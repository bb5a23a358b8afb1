import { afterAll, beforeAll } from 'vitest';
import { RedisConversationStore, type ConversationStore } from '../../src/bot/conversation-state.js';
import { RedisState } from '../../src/bot/redis.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import type { Requirement } from './requirements.js';

/**
 * For a describe block: a real redis-server on loopback, started before its tests and stopped after, and
 * conversation stores on it, one per replica; each store's connection is closed at the end.
 */
export function sharedRedisStores(redisServer: Requirement): { replica(): Promise<ConversationStore>; server(): RedisServer; state(n: number): RedisState } {
  let server: RedisServer;
  const states: RedisState[] = [];
  beforeAll(async () => {
    redisServer.assert();
    server = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(states.map((s) => s.close()));
    await server?.stop();
  });
  return {
    async replica() {
      const state = new RedisState({ url: server.url, onHealthChange: () => undefined, commandTimeoutMs: 1000 });
      await state.connect();
      states.push(state);
      return new RedisConversationStore(state);
    },
    server: () => server,
    state: (n) => states[n]!,
  };
}
