import { beforeAll, describe, expect, it } from 'vitest';
import { createBot, MemoryRateLimit, MemoryRedelivery, type AuditRecord, type FlowDeps } from '../src/bot/index.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { chooseEdition } from '../src/core/dataset/editions.js';
import { editionsInFolder } from '../src/data-files/edition-set.js';
import { BUNDLED_DATA_DIR, loadDataset } from '../src/data-files/load.js';
import { connectFakeChat } from './support/fake-chat/adapter.js';
import { FakeChatPlatform, type FakeMessage } from './support/fake-chat/platform.js';

// A second chat platform needs only a folder of translation (test/support/fake-chat): the course of each
// request (redelivery, audit, rate limit, answer, delivery, failure) is the bot layer's, driven here.

let newest: Dataset;

beforeAll(async () => {
  const loaded = await loadDataset(BUNDLED_DATA_DIR, { edition: null });
  if (!loaded.ok) throw new Error('the default edition is not valid');
  newest = loaded.dataset;
});

function connected(perMinute = 100) {
  const audits: AuditRecord[] = [];
  const limited: string[] = [];
  const logged: string[] = [];
  const log = (fields: object, message: string) => void logged.push(message);
  const deps: FlowDeps = {
    bot: createBot({
      dataset: newest,
      editions: editionsInFolder(BUNDLED_DATA_DIR, newest),
      rateLimit: new MemoryRateLimit(perMinute),
      redelivery: new MemoryRedelivery(),
      audit: (record) => audits.push(record),
      now: () => 0,
    }),
    logger: { info: log, warn: log, error: log },
    metrics: { rateLimited: (entry) => void limited.push(entry) },
  };
  const platform = new FakeChatPlatform();
  connectFakeChat(platform, deps);
  let ids = 0;
  const say = (text: string, user = 'alice', room = 'r1'): FakeMessage => ({ id: `m${++ids}`, room, user, text });
  return { platform, audits, limited, logged, say };
}

describe('a second chat platform on the bot layer', () => {
  it('answers a question in its room from the default edition, and audits it once', async () => {
    const { platform, audits, say } = connected();
    const question = newest.meta.examples.questions[0]!;
    await platform.deliver(say(question));
    expect(platform.posts).toHaveLength(1);
    expect(platform.posts[0]!.text.split('\n')[0]).toBe(`[answer · edition ${newest.edition}]`);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ entry: 'direct-message', userId: 'alice', channelId: 'r1', outcome: 'answered' });
    expect(audits[0]!.rules).toBeGreaterThan(0);
  });

  it('drops a redelivered message: one reply, one audit record', async () => {
    const { platform, audits, say } = connected();
    const message = say('help');
    await platform.deliver(message);
    await platform.deliver(message);
    expect(platform.posts.map((p) => p.inReplyTo)).toEqual([message.id]);
    expect(audits).toHaveLength(1);
  });

  it('reads edition words and change questions as every front end does', async () => {
    const { platform, say } = connected();
    const year = newest.editions[0]!.slice(0, 4);
    const inForce = chooseEdition(newest.editions, year);
    if (!inForce.ok) throw new Error(inForce.message);
    await platform.deliver(say(`kubectl in ${newest.regions[0]!.id} as of ${year}`));
    await platform.deliver(say(`what changed since ${year}`));
    expect(platform.posts.map((p) => p.text.split('\n')[0])).toEqual([`[answer · edition ${inForce.id}]`, `[change · edition ${newest.edition}]`]);
    expect(platform.posts[1]!.text).toContain(`from the ${inForce.id} edition to the ${newest.edition} edition`);
  });

  it('tells the first request over the limit to slow down, privately, and stays quiet for the rest of the minute', async () => {
    const { platform, audits, limited, say } = connected(2);
    for (let i = 0; i < 4; i++) await platform.deliver(say('help'));
    const notices = platform.posts.filter((p) => p.onlyFor === 'alice');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain('at most 2 questions a minute');
    expect(audits.map((a) => a.outcome)).toEqual(['answered', 'answered', 'rate-limited', 'rate-limited']);
    expect(limited).toEqual(['direct-message', 'direct-message']);
  });

  it('takes the failure path when delivery fails: logged, audited as an error, and the asker told', async () => {
    const { platform, audits, logged, say } = connected();
    platform.readOnlyRooms.add('announcements');
    await expect(platform.deliver(say('help', 'bob', 'announcements'))).resolves.toBeUndefined();
    expect(logged).toContain('request failed');
    expect(audits.map((a) => a.outcome)).toEqual(['error']);
    expect(platform.posts).toEqual([{ room: 'announcements', onlyFor: 'bob', text: 'Sorry, something went wrong.', inReplyTo: 'm1' }]);
  });
});
