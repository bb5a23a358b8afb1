/**
 * A new edition announced to the watches it touches, exactly once: two replicas sharing a real redis-server
 * run the announcement at the same time, and again after a restart; only the channels whose watch the change
 * touches get a post, each one.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { announceNewEdition, type Announcement, type AnnounceEditions } from '../src/bot/announce.js';
import { fileStore, type ConversationStore } from '../src/bot/conversation-state.js';
import type { Watch } from '../src/bot/conversation-commands.js';
import { editionsWithOneMasterChanged, tablesRead, type OneMasterChanged } from './helpers/edition-copy.js';
import { needsTool } from './helpers/requirements.js';
import { sharedRedisStores } from './helpers/redis-stores.js';

const redisServer = needsTool('redis-server', 'redis-server', ['--version']);

let fixture: OneMasterChanged;
let editions: AnnounceEditions;
/** Channel → its watch, and whether the one master address changed touches it. */
let watches: { channel: string; watch: Watch; touched: boolean }[];

beforeAll(async () => {
  fixture = await editionsWithOneMasterChanged('192.0.2.77');
  const { before, after, region, topic, table } = fixture;
  editions = { current: after, get: (id) => [before, after].find((d) => d.edition === id) };
  const otherRegion = after.regions.find((r) => r.id !== region)!.id;
  const otherTopic = after.scenarioOrder.find((id) => !tablesRead(after, id).has(table))!;
  watches = [
    { channel: 'C1-everything-there', watch: { topic: null, region }, touched: true },
    { channel: 'C2-topic-there', watch: { topic, region }, touched: true },
    { channel: 'C3-everything-everywhere', watch: { topic: null, region: null }, touched: true },
    { channel: 'C4-elsewhere', watch: { topic: null, region: otherRegion }, touched: false },
    { channel: 'C5-other-topic', watch: { topic: otherTopic, region }, touched: false },
  ];
});

async function watchAll(store: ConversationStore): Promise<void> {
  for (const { channel, watch } of watches) expect(await store.addWatch(channel, watch, fixture.before.edition)).toBe(true);
}

function recorder(): { posts: Announcement[]; post: (a: Announcement) => Promise<void> } {
  const posts: Announcement[] = [];
  return { posts, post: async (a) => void posts.push(a) };
}

function expectEachTouchedOnce(posts: Announcement[]): void {
  expect(posts.map((p) => p.channel).sort()).toEqual(watches.filter((w) => w.touched).map((w) => w.channel).sort());
  for (const post of posts) {
    expect(post.change.to).toBe(fixture.after.edition);
    expect(post.change.rules.flatMap((r) => r.added.map((a) => a.value))).toContain(fixture.added);
    expect(post.change.rules.flatMap((r) => r.removed.map((a) => a.value))).toContain(fixture.replaced);
  }
}

describe.skipIf(!redisServer.available)(`two replicas sharing Redis${redisServer.note}`, () => {
  const { replica } = sharedRedisStores(redisServer);

  it('announce the new edition once to each channel whose watch it touches, and never again after a restart', async () => {
    const [a, b] = [await replica(), await replica()];
    await watchAll(a);
    const [onA, onB] = [recorder(), recorder()];
    const [resultA, resultB] = await Promise.all([announceNewEdition(a, editions, onA.post), announceNewEdition(b, editions, onB.post)]);
    expectEachTouchedOnce([...onA.posts, ...onB.posts]);
    expect(resultA.untouched + resultB.untouched).toBe(watches.filter((w) => !w.touched).length);
    // Each watch was taken by exactly one replica: posted or, untouched, passed over.
    expect(resultA.posted.length + resultB.posted.length + resultA.untouched + resultB.untouched).toBe(watches.length);

    const restarted = recorder();
    const again = await announceNewEdition(await replica(), editions, restarted.post);
    expect(restarted.posts).toEqual([]);
    expect(again.claimedElsewhere + again.untouched + again.posted.length).toBe(0);
    for (const { channel, watch } of watches) expect(await b.lastAnnounced(channel, watch)).toBe(fixture.after.edition);
  });
});

describe('one replica with its state in a file', () => {
  it('announces once, and a restart (a new store on the same file) does not announce again', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'porthole-announce-'));
    const store = fileStore(dir);
    await watchAll(store);
    const first = recorder();
    await announceNewEdition(store, editions, first.post);
    expectEachTouchedOnce(first.posts);
    const restarted = recorder();
    await announceNewEdition(fileStore(dir), editions, restarted.post);
    expect(restarted.posts).toEqual([]);
  });

  it('a watch whose last announced edition the service no longer has is reported, not announced', async () => {
    const store = fileStore(mkdtempSync(path.join(tmpdir(), 'porthole-announce-')));
    await store.addWatch('C9', { topic: null, region: null }, '2000-01-01');
    const posts = recorder();
    const result = await announceNewEdition(store, editions, posts.post);
    expect(posts.posts).toEqual([]);
    expect(result.unknownBase).toEqual([{ channel: 'C9', watch: { topic: null, region: null, since: '2000-01-01' }, last: '2000-01-01' }]);
  });
});
