/**
 * Channel settings and watches in the running Slack app, against the Slack stand-in: `/porthole set region …`
 * answered, said in the channel naming who, audited; a question naming no place answered for the channel's
 * default; the setting kept across a restart (state file) and seen by a second replica (a real redis-server);
 * a new edition folder announced once to each watching channel it touches, and a broken one refused.
 */
import { mkdtempSync } from 'node:fs';
import { EditionWatcher } from '../src/data-files/edition-watch.js';
import { listEditions } from '../src/data-files/load.js';
import { addEditionCopy, editionsWithOneMasterChanged, emptyDataFolder, tablesRead } from './helpers/edition-copy.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fileStore, RedisConversationStore, type ConversationStore } from '../src/bot/conversation-state.js';
import { RedisState } from '../src/bot/redis.js';
import type { Dataset } from '../src/core/dataset/build.js';
import type { CreateAppOptions } from '../src/slack/app.js';
import { blockTexts } from '../src/slack/limits.js';
import { shippedDataset } from './helpers/dataset.js';

import { needsTool } from './helpers/requirements.js';
import { startRedisServer, type RedisServer } from './support/redis-server.js';
import { SlackAppHarness, slashCommandFields } from './support/slack/index.js';

const redisServer = needsTool('redis-server', 'redis-server', ['--version']);
const TOKENS = { botToken: 'xoxb-1111-2222-conversationBot', appToken: 'xapp-1-A0PORTHOLE-3333-conversationApp', signingSecret: '0cc175b9c0f1b6a831c399e269772661' };
const USER = 'U0SETTER1';

async function startApp(dataset: Dataset, options: (logger: CreateAppOptions['logger']) => Partial<CreateAppOptions>, adminUserIds?: string[]): Promise<SlackAppHarness> {
  const harness = new SlackAppHarness('http', {
    tokens: TOKENS,
    rateLimitPerMinute: 1000,
    logLevel: 'info',
    appOptions: options,
    config: (standIn) => ({
      mode: 'http',
      botToken: TOKENS.botToken,
      appToken: undefined,
      signingSecret: TOKENS.signingSecret,
      port: 0,
      host: '127.0.0.1',
      slackApiUrl: standIn.apiUrl,
      rateLimitPerMinute: 1000,
      logLevel: 'info',
      dataDir: undefined,
      redisUrl: undefined,
      adminUserIds,
    }),
  });
  return harness.start(dataset);
}

function messageText(message: unknown): string {
  const { text, blocks } = (message ?? {}) as { blocks?: unknown[]; text?: string };
  return [text ?? '', ...blockTexts(blocks ?? [])].join('\n');
}

/** The reply to `/porthole <text>` in `channel`: the ack, or, when the ack says it follows (the store was read), the response_url's message. */
async function slash(harness: SlackAppHarness, channel: string, text: string, user = USER): Promise<string> {
  const responseId = harness.nextId('conversation');
  const since = harness.standIn.seq;
  const { ackJson } = await harness.sendSlash(slashCommandFields({ text, channel_id: channel, user_id: user, response_url: harness.standIn.responseUrl(responseId) }));
  const ack = messageText(ackJson);
  if (!ack.includes('follows here')) return ack;
  return messageText((await harness.waitForResponse(responseId, since)).body);
}

/** A leaf topic's first keyword: a question that names no place. */
function placelessQuestion(dataset: Dataset): string {
  return dataset.keywords.find((k) => !dataset.scenarios.get(k.scenario)!.bundle)!.tokens.join(' ');
}

describe('channel settings kept in the state file (STATE_DIR)', () => {
  let dataset: Dataset;
  let region: string;
  const stateDir = mkdtempSync(path.join(tmpdir(), 'porthole-state-'));
  const running: SlackAppHarness[] = [];
  beforeAll(async () => {
    dataset = await shippedDataset();
    region = dataset.regions.at(-1)!.id;
  });
  afterEach(async () => {
    for (const h of running.splice(0)) await h.stop();
  });
  const start = async (adminUserIds?: string[]) => {
    const harness = await startApp(dataset, () => ({ conversations: fileStore(stateDir) }), adminUserIds);
    running.push(harness);
    return harness;
  };

  it('`set region` is answered, said in the channel naming who, audited, and used by a question naming no place', async () => {
    const app = await start();
    const reply = await slash(app, 'C0TEAMONE', `set region ${region}`);
    expect(reply).toContain(`default region is now ${region}`);
    const said = await app.call('chat.postMessage', (c) => c.args.channel === 'C0TEAMONE');
    expect(String(said.args.text)).toContain(`<@${USER}>`);
    expect(String(said.args.text)).toContain(region);
    const audit = await app.waitForLog((l) => l.msg === 'audit' && (l.audit as { query?: { text?: string } }).query?.text === `set region ${region}`);
    expect(audit.audit).toMatchObject({ userId: USER, channelId: 'C0TEAMONE', outcome: 'answered' });

    const question = placelessQuestion(dataset);
    const answered = await slash(app, 'C0TEAMONE', question);
    expect(answered).toContain(`In ${region}, this channel's default`);
    // Another channel has no default: the same question is not answered for that region.
    expect(await slash(app, 'C0TEAMTWO', question)).not.toContain("this channel's default");
  });

  it('a setting survives a restart, and a direct message sets the person’s own default, said nowhere else', async () => {
    const first = await start();
    await slash(first, 'C0TEAMTHREE', `set region ${region}`);
    await first.stop();
    running.splice(running.indexOf(first), 1);
    const second = await start();
    const settings = await slash(second, 'C0TEAMTHREE', 'settings');
    expect(settings).toContain(`region: ${region}`);
    const dm = await slash(second, 'D0PERSONAL', `set region ${region}`);
    expect(dm).toContain(`your default region is now ${region}`);
    await new Promise((r) => setTimeout(r, 200));
    expect(second.standIn.callsTo('chat.postMessage').filter((c) => c.args.channel === 'D0PERSONAL')).toEqual([]);
    expect(await slash(second, 'C0TEAMFOUR', 'settings')).toContain('no defaults');
  });

  it('ADMIN_USER_IDS: only the people it names change a channel; a near-miss command gets its problem', async () => {
    const app = await start(['U0ADMIN01']);
    expect(await slash(app, 'C0TEAMFIVE', `set region ${region}`)).toContain('only the people ADMIN_USER_IDS names');
    expect(await slash(app, 'C0TEAMFIVE', 'settings')).toContain('no defaults');
    expect(await slash(app, 'C0TEAMFIVE', `set region ${region}`, 'U0ADMIN01')).toContain(`default region is now ${region}`);
    // Their own defaults, in a direct message, are everyone's to set.
    expect(await slash(app, 'D0PERSONAL2', `set region ${region}`)).toContain(`your default region is now ${region}`);
    expect(await slash(app, 'C0TEAMFIVE', `set region ${region}x`, 'U0ADMIN01')).toContain('is not a region this edition lists');
  });
});

describe.skipIf(!redisServer.available)(`two app instances sharing a real redis-server${redisServer.note}`, () => {
  let server: RedisServer;
  const states: RedisState[] = [];
  const running: SlackAppHarness[] = [];
  beforeAll(async () => {
    redisServer.assert();
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const h of running.splice(0)) await h.stop();
    await Promise.all(states.map((s) => s.close()));
    await server?.stop();
  });
  async function redisStore(): Promise<ConversationStore> {
    const state = new RedisState({ url: server.url, onHealthChange: () => undefined, commandTimeoutMs: 1000 });
    await state.connect();
    states.push(state);
    return new RedisConversationStore(state);
  }
  async function instance(dataset: Dataset, more: Partial<CreateAppOptions> = {}): Promise<SlackAppHarness> {
    const conversations = await redisStore();
    const harness = await startApp(dataset, () => ({ conversations, ...more }));
    running.push(harness);
    return harness;
  }

  it('a setting made on one instance is used by the other', async () => {
    const dataset = await shippedDataset();
    const region = dataset.regions[0]!.id;
    const [a, b] = [await instance(dataset), await instance(dataset)];
    expect(await slash(a, 'C0SHARED1', `set region ${region}`)).toContain(`default region is now ${region}`);
    expect(await slash(b, 'C0SHARED1', 'settings')).toContain(`region: ${region}`);
    expect(await slash(b, 'C0SHARED1', placelessQuestion(dataset))).toContain(`In ${region}, this channel's default`);
    expect(await slash(b, 'C0SHARED1', 'unset region')).toContain('removed');
    expect(await slash(a, 'C0SHARED1', 'settings')).toContain('no defaults');
  });

  it('a new edition folder is announced once to each watching channel it touches, by one of the two instances; a broken one is refused and answers go on', async () => {
    const fixture = await editionsWithOneMasterChanged('192.0.2.88');
    const { region, topic, table, added, replaced } = fixture;
    const newest = (await listEditions()).ids.at(-1)!;
    const dir = emptyDataFolder();
    addEditionCopy(dir, newest, newest);
    const warnings: string[] = [];
    const logger = { info: () => undefined, warn: (_: unknown, message?: string) => void warnings.push(message ?? '') } as never;
    const watchers = [await EditionWatcher.open({ dir, logger, rescanMs: 200, snapshots: null }), await EditionWatcher.open({ dir, logger, rescanMs: 200, snapshots: null })];
    try {
      const before = watchers[0]!.current.newest;
      const [a, b] = [await instance(before, { editionWatcher: watchers[0]! }), await instance(before, { editionWatcher: watchers[1]! })];
      for (const w of watchers) w.start();
      const otherRegion = before.regions.find((r) => r.id !== region)!.id;
      const otherTopic = before.scenarioOrder.find((id) => !tablesRead(before, id).has(table))!;
      const watches = [
        { channel: 'C0WATCH1', command: `watch ${region}`, touched: true },
        { channel: 'C0WATCH2', command: `watch ${topic} ${region}`, touched: true },
        { channel: 'C0WATCH3', command: 'watch', touched: true },
        { channel: 'C0WATCH4', command: `watch ${otherRegion}`, touched: false },
        { channel: 'C0WATCH5', command: `watch ${otherTopic} ${region}`, touched: false },
      ];
      for (const [i, w] of watches.entries()) expect(await slash(i % 2 === 0 ? a : b, w.channel, w.command)).toContain('Watching');
      expect(await slash(b, 'C0WATCH2', 'watches')).toContain(`since edition ${newest}`);

      const next = '2099-01-01-test';
      addEditionCopy(dir, newest, next, { file: `tables/${table}.yml`, change: (text) => text.replace(replaced, added) });
      await until(() => watchers.every((w) => w.current.newest.edition === next), 'both instances to swap in the new edition');
      await Promise.all([a.app.announcements(), b.app.announcements()]);
      const announced = [a, b].flatMap((h) => h.standIn.callsTo('chat.postMessage')).filter((c) => String(c.args.text).includes("IBM's lists changed"));
      for (const w of watches) {
        const posts = announced.filter((c) => c.args.channel === w.channel);
        expect(posts, w.channel).toHaveLength(w.touched ? 1 : 0);
        for (const post of posts) expect(String(post.args.text)).toContain(`to allow: ${added}`);
      }
      // An announcement to a watch of one region has the change request as a CSV in its thread: the new address to add, the old one to remove.
      const uploads = [a, b].flatMap((h) => h.standIn.uploads);
      expect(uploads.map((u) => u.completed?.channelId).sort()).toEqual(['C0WATCH1', 'C0WATCH2']);
      for (const upload of uploads) {
        const rows = upload.text.split('\n');
        expect(upload.completed?.threadTs).toBeDefined();
        expect(rows.some((r) => r.startsWith('add,') && r.includes(added))).toBe(true);
        expect(rows.some((r) => r.startsWith('remove,') && r.includes(replaced))).toBe(true);
      }
      expect(await slash(b, 'C0WATCH1', `${topic} in ${region}`)).toContain(next);

      addEditionCopy(dir, newest, '2099-02-01-broken', { file: 'dataset.yml', change: (text) => `${text}\n  : [unclosed\n` });
      await until(() => warnings.some((w) => w.includes('2099-02-01-broken refused')), 'the broken edition to be refused');
      expect(watchers.map((w) => w.current.newest.edition)).toEqual([next, next]);
      expect(await metricValue(a, 'porthole_editions_refused_total')).toBe(1);
      expect(await slash(a, 'C0WATCH1', `${topic} in ${region}`)).toContain(next);
      await Promise.all([a.app.announcements(), b.app.announcements()]);
      const after = [a, b].flatMap((h) => h.standIn.callsTo('chat.postMessage')).filter((c) => String(c.args.text).includes("IBM's lists changed"));
      expect(after).toHaveLength(announced.length);
    } finally {
      for (const w of watchers) w.close();
    }
  });
});

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A counter's value from the app's GET /metrics. */
async function metricValue(harness: SlackAppHarness, name: string): Promise<number> {
  const text = await (await fetch(`${harness.baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? Number.NaN : Number(line.split(' ')[1]);
}
