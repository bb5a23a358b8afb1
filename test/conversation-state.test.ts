/**
 * Conversation state (defaults per scope, watches per channel, announcements claimed once) in each backend:
 * memory, a file under STATE_DIR that survives a restart, and a real redis-server shared by two stores.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fileStore,
  memoryStore,
  openConversationStore,
  STATE_FILE_NAME,
  StateFileError,
  type ConversationStore,
  type Scope,
} from '../src/bot/conversation-state.js';
import { listEditions } from '../src/data-files/load.js';
import { needsTool } from './helpers/requirements.js';
import { sharedRedisStores } from './helpers/redis-stores.js';

const redisServer = needsTool('redis-server', 'redis-server', ['--version']);
const { ids: EDITIONS } = await listEditions();
const [OLDER, NEWER] = [EDITIONS.at(-2)!, EDITIONS.at(-1)!];
const CHANNEL: Scope = { kind: 'channel', id: 'C0TEAMFRA' };
const PERSON: Scope = { kind: 'person', id: 'U0ALICE' };
const KUBECTL_EU = { topic: 'kubectl', region: 'eu-de' };
const EVERYTHING = { topic: null, region: null };

let run = 0;
/** Each test its own channel and person, so that stores sharing one Redis start empty. */
function fresh(): { channel: string; scope: Scope; person: Scope } {
  run++;
  return { channel: `${CHANNEL.id}-${run}`, scope: { kind: 'channel', id: `${CHANNEL.id}-${run}` }, person: { kind: 'person', id: `${PERSON.id}-${run}` } };
}

function behavesAsAStore(open: () => Promise<ConversationStore>): void {
  it('keeps settings per scope: set, change, unset one, unset all; a channel and a person apart', async () => {
    const store = await open();
    const { scope, person } = fresh();
    expect(await store.settings(scope)).toEqual({});
    await store.set(scope, 'region', 'eu-de');
    await store.set(scope, 'cluster', 'prod-fra');
    await store.set(person, 'region', 'us-south');
    await store.set(scope, 'region', 'eu-gb');
    expect(await store.settings(scope)).toEqual({ region: 'eu-gb', cluster: 'prod-fra' });
    expect(await store.settings(person)).toEqual({ region: 'us-south' });
    await store.unset(scope, 'cluster');
    expect(await store.settings(scope)).toEqual({ region: 'eu-gb' });
    await store.set(scope, 'edition', OLDER);
    await store.unset(scope, 'all');
    expect(await store.settings(scope)).toEqual({});
    expect(await store.settings(person)).toEqual({ region: 'us-south' });
  });

  it('keeps watches per channel; the same watch twice is one; unwatch one or all', async () => {
    const store = await open();
    const { channel } = fresh();
    expect(await store.addWatch(channel, KUBECTL_EU, OLDER)).toBe(true);
    expect(await store.addWatch(channel, KUBECTL_EU, NEWER)).toBe(false);
    expect(await store.addWatch(channel, EVERYTHING, OLDER)).toBe(true);
    expect(await store.watchingChannels()).toContain(channel);
    expect((await store.watches(channel)).sort((a, b) => String(a.topic).localeCompare(String(b.topic)))).toEqual([
      { ...KUBECTL_EU, since: OLDER },
      { ...EVERYTHING, since: OLDER },
    ]);
    expect(await store.removeWatch(channel, { topic: 'registry', region: null })).toBe(0);
    expect(await store.removeWatch(channel, KUBECTL_EU)).toBe(1);
    expect(await store.watches(channel)).toEqual([{ ...EVERYTHING, since: OLDER }]);
    expect(await store.removeWatch(channel, 'all')).toBe(1);
    expect(await store.watches(channel)).toEqual([]);
    expect(await store.watchingChannels()).not.toContain(channel);
  });

  it('a watch starts at the edition it was made at; a claim wins once and moves the last announced edition', async () => {
    const store = await open();
    const { channel } = fresh();
    expect(await store.lastAnnounced(channel, KUBECTL_EU)).toBeNull();
    await store.addWatch(channel, KUBECTL_EU, OLDER);
    expect(await store.lastAnnounced(channel, KUBECTL_EU)).toBe(OLDER);
    expect(await store.claimAnnouncement(channel, KUBECTL_EU, NEWER)).toBe(true);
    expect(await store.claimAnnouncement(channel, KUBECTL_EU, NEWER)).toBe(false);
    expect(await store.lastAnnounced(channel, KUBECTL_EU)).toBe(NEWER);
    // An older edition claimed late does not move the last one back.
    expect(await store.claimAnnouncement(channel, KUBECTL_EU, OLDER)).toBe(true);
    expect(await store.lastAnnounced(channel, KUBECTL_EU)).toBe(NEWER);
  });
}

describe('memory', () => {
  behavesAsAStore(async () => memoryStore());

  it('says at start that a restart forgets the state', () => {
    const warnings: string[] = [];
    const store = openConversationStore({ logger: { warn: (_: unknown, message: string) => warnings.push(message), info: () => undefined } as never });
    expect(store.backend).toBe('memory');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('in memory only');
  });
});

describe('a file under STATE_DIR', () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'porthole-state-'));
  behavesAsAStore(async () => fileStore(stateDir));

  it('survives a new store instance (a restart), written atomically with no temporary file left', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'porthole-state-'));
    const before = openConversationStore({ stateDir: dir, logger: { warn: () => undefined, info: () => undefined } as never });
    expect(before.backend).toBe('file');
    await before.set(CHANNEL, 'region', 'eu-de');
    await before.addWatch(CHANNEL.id, KUBECTL_EU, OLDER);
    expect(await before.claimAnnouncement(CHANNEL.id, KUBECTL_EU, NEWER)).toBe(true);
    await before.close();
    expect(readdirSync(dir)).toEqual([STATE_FILE_NAME]);

    const after = fileStore(dir);
    expect(await after.settings(CHANNEL)).toEqual({ region: 'eu-de' });
    expect(await after.watches(CHANNEL.id)).toEqual([{ ...KUBECTL_EU, since: OLDER }]);
    expect(await after.lastAnnounced(CHANNEL.id, KUBECTL_EU)).toBe(NEWER);
    expect(await after.claimAnnouncement(CHANNEL.id, KUBECTL_EU, NEWER)).toBe(false);
  });

  it('two stores on one file: each claim, made at once by both, is won by exactly one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'porthole-state-'));
    const [a, b] = [fileStore(dir), fileStore(dir)];
    for (let i = 0; i < 20; i++) {
      const results = await Promise.all([a.claimAnnouncement(`C${i}`, KUBECTL_EU, NEWER), b.claimAnnouncement(`C${i}`, KUBECTL_EU, NEWER)]);
      expect(results.filter(Boolean)).toHaveLength(1);
    }
  });

  it('a corrupt file is refused with its path and problem, and left as it was', () => {
    for (const [text, problem] of [
      ['{"version": 1, "settings": ', 'is not valid JSON'],
      ['{"version": 2, "settings": {}, "watches": {}, "lastAnnounced": {}, "claims": {}}', 'version'],
      ['{"version": 1, "settings": {"channel:C1": {"region": 5}}, "watches": {}, "lastAnnounced": {}, "claims": {}}', 'settings.channel:C1.region'],
    ]) {
      const dir = mkdtempSync(path.join(tmpdir(), 'porthole-state-'));
      const file = path.join(dir, STATE_FILE_NAME);
      writeFileSync(file, text!);
      let thrown: unknown;
      try {
        fileStore(dir);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(StateFileError);
      expect((thrown as StateFileError).file).toBe(file);
      expect((thrown as Error).message).toContain(file);
      expect((thrown as Error).message).toContain(problem);
      expect(readFileSync(file, 'utf8')).toBe(text);
    }
  });

  it('a STATE_DIR that cannot be created is refused with its path', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'porthole-state-'));
    const blocker = path.join(dir, 'a-file');
    writeFileSync(blocker, '');
    expect(() => fileStore(path.join(blocker, 'state'))).toThrow(`${path.join(blocker, 'state')}: cannot be created as the state folder (ENOTDIR)`);
  });

  it('JSON of another shape is refused too', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'porthole-state-'));
    const file = path.join(dir, STATE_FILE_NAME);
    writeFileSync(file, '{}');
    expect(existsSync(file)).toBe(true);
    expect(() => fileStore(dir)).toThrow(/porthole-state\.json: is not porthole's state/);
  });
});

describe.skipIf(!redisServer.available)(`Redis shared by two stores${redisServer.note}`, () => {
  const redis = sharedRedisStores(redisServer);
  const redisStore = () => redis.replica();

  behavesAsAStore(() => redisStore());

  it('a setting made on one replica is seen by the other', async () => {
    const [a, b] = [await redisStore(), await redisStore()];
    const { scope, channel } = fresh();
    await a.set(scope, 'region', 'eu-de');
    await a.addWatch(channel, KUBECTL_EU, OLDER);
    expect(await b.settings(scope)).toEqual({ region: 'eu-de' });
    expect(await b.watches(channel)).toEqual([{ ...KUBECTL_EU, since: OLDER }]);
    await b.unset(scope, 'region');
    expect(await a.settings(scope)).toEqual({});
  });

  it('each announcement claimed by both replicas at once is won by exactly one, and stays claimed', async () => {
    const [a, b] = [await redisStore(), await redisStore()];
    for (let i = 0; i < 50; i++) {
      const { channel } = fresh();
      const results = await Promise.all([a.claimAnnouncement(channel, KUBECTL_EU, NEWER), b.claimAnnouncement(channel, KUBECTL_EU, NEWER)]);
      expect(results.filter(Boolean), channel).toHaveLength(1);
      expect(await a.claimAnnouncement(channel, KUBECTL_EU, NEWER)).toBe(false);
      expect(await (await redisStore()).lastAnnounced(channel, KUBECTL_EU)).toBe(NEWER);
    }
    // No expiry: the claims stand until someone deletes them.
    const ttl = await redis.state(0).client.ttl(`porthole:conversation:claim:${CHANNEL.id}-${run}|kubectl|eu-de|${NEWER}`);
    expect(ttl).toBe(-1);
  });

  it('a command Redis does not answer fails with a clear error, not silently', async () => {
    const store = await redisStore();
    await redis.server().stop();
    try {
      await expect(store.set(CHANNEL, 'region', 'eu-de')).rejects.toThrow(/Redis did not answer, nothing was changed/);
    } finally {
      await redis.server().restart();
    }
  });
});
