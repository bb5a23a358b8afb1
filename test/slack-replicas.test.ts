/**
 * Two replicas of the real Slack app sharing a real redis-server: one answer per delivery, one rate limit per
 * person, and answers (per replica) while Redis is away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisRateLimit, RedisRedelivery, RedisState } from '../src/bot/redis.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { ACTION_IDS } from '../src/slack/answer-message.js';
import { blockTexts } from '../src/slack/limits.js';
import { shippedDataset } from './helpers/dataset.js';
import { needsTool } from './helpers/requirements.js';
import { startRedisServer, type RedisServer } from './support/redis-server.js';
import { blockActionsPayload, DEFAULT_WORKSPACE as W, dmMessageEvent, SlackAppHarness, slackTs, slashCommandFields } from './support/slack/index.js';

const redisServer = needsTool('redis-server', 'redis-server', ['--version']);
const RATE_LIMIT = 4;
const TOKENS = { botToken: 'xoxb-1111-2222-replicaBotToken', appToken: 'xapp-1-A0PORTHOLE-3333-replicaApp', signingSecret: '0cc175b9c0f1b6a831c399e269772661' };

interface Replica {
  harness: SlackAppHarness;
  state: RedisState;
  health: boolean[];
}

async function startReplica(url: string, dataset: Dataset): Promise<Replica> {
  const health: boolean[] = [];
  const state = new RedisState({ url, commandTimeoutMs: 300, onHealthChange: (change) => health.push(change.healthy) });
  await state.connect();
  const harness = new SlackAppHarness('http', {
    tokens: TOKENS,
    rateLimitPerMinute: RATE_LIMIT,
    logLevel: 'info',
    appOptions: () => ({ rateLimit: new RedisRateLimit(state, RATE_LIMIT), redelivery: new RedisRedelivery(state) }),
  });
  await harness.start(dataset);
  return { harness, state, health };
}

async function answersIn(replicas: Replica[], channel: string): Promise<number> {
  await new Promise((r) => setTimeout(r, 300));
  return replicas.reduce((n, r) => n + r.harness.standIn.callsTo('chat.postMessage').filter((c) => c.args.channel === channel).length, 0);
}

describe.skipIf(!redisServer.available)(`two replicas of the Slack app sharing Redis${redisServer.note}`, () => {
  let server: RedisServer;
  let replicas: Replica[];

  beforeAll(async () => {
    redisServer.assert();
    server = await startRedisServer();
    const dataset = await shippedDataset();
    replicas = [await startReplica(server.url, dataset), await startReplica(server.url, dataset)];
  });
  afterAll(async () => {
    for (const r of replicas ?? []) {
      await r.harness.stop();
      await r.state.close();
    }
    await server?.stop();
  });

  it('answer an event delivered to both replicas once', async () => {
    for (let i = 0; i < 5; i++) {
      const channel = `D0REPLICA${i}`;
      const event = dmMessageEvent({ text: 'dns in eu-de', channel });
      await Promise.all(replicas.map((r, n) => r.harness.event(event, n === 0 ? undefined : 1)));
      expect(await answersIn(replicas, channel), channel).toBe(1);
    }
  });

  it("count one person's questions against one limit, whichever replica answers", async () => {
    const texts: string[] = [];
    for (let i = 0; i <= RATE_LIMIT; i++) {
      const replica = replicas[i % 2]!.harness;
      const { ackJson } = await replica.sendSlash(slashCommandFields({ text: 'dns in eu-de', user_id: 'U0ALTERNATE', response_url: replica.standIn.responseUrl(replica.nextId('slash')) }));
      texts.push(blockTexts((ackJson as { blocks?: unknown[] }).blocks).join('\n'));
    }
    expect(texts.slice(0, RATE_LIMIT).every((t) => t.includes('DNS'))).toBe(true);
    expect(texts[RATE_LIMIT]).toContain(`more than ${RATE_LIMIT} questions in the last minute`);
  });

  it('post an answer shared by clicks on both replicas once', async () => {
    const first = replicas[0]!.harness;
    const { ackJson } = await first.sendSlash(slashCommandFields({ text: 'dns in eu-de', user_id: 'U0SHARER', response_url: first.standIn.responseUrl(first.nextId('slash')) }));
    const actions = ((ackJson as { blocks: { type: string; elements?: { action_id: string; value?: string }[] }[] }).blocks ?? []).filter((b) => b.type === 'actions');
    const value = actions.flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTION_IDS.share)!.value!;
    const messageTs = slackTs();
    for (const r of replicas) {
      const h = r.harness;
      await h.interact(blockActionsPayload({ actionId: ACTION_IDS.share, value, user: 'U0SHARER', ephemeral: true, message: { ts: messageTs }, responseUrl: h.standIn.responseUrl(h.nextId('share')) }));
    }
    expect(await answersIn(replicas, W.channelId)).toBe(1);
  });

  it('keep answering, each on its own, while Redis is away', async () => {
    await server.stop();
    const channel = 'D0OUTAGE01';
    await replicas[0]!.harness.event(dmMessageEvent({ text: 'dns in eu-de', channel }));
    await replicas[0]!.harness.call('chat.postMessage', (c) => c.args.channel === channel);
    expect(replicas[0]!.health).toContain(false);
    await server.restart();
  });
});
