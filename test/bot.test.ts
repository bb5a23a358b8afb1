/** The chat-neutral bot layer (src/bot): redelivery memory, rate limit, conversation state, answering and audit. */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  dispatch,
  singleEdition,
  createBot,
  decodeState,
  encodeState,
  InFlight,
  MemoryRateLimit,
  MemoryRedelivery,
  noClusterSourceNote,
  parsedFromState,
  replyAudit,
  WINDOW_MS,
  type AuditRecord,
  type LookupCluster,
} from '../src/bot/index.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { loadDataset } from '../src/data-files/load.js';
import { demoFraFacts } from './support/cluster-fixture.js';

let dataset: Dataset;
beforeAll(async () => {
  const loaded = await loadDataset();
  if (!loaded.ok) throw new Error('the bundled dataset does not load');
  dataset = loaded.dataset;
});

const asker = { userId: 'U0HUMAN01', channelId: 'C0GENERAL', teamId: 'T0PORTHOLE' };

describe('the bot layer and the core import no chat SDK', () => {
  it('no file of src/bot imports @slack or src/slack', () => {
    const dir = path.join(import.meta.dirname, '..', 'src', 'bot');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/from '@slack\//);
      expect(text, f).not.toMatch(/from '\.\.\/slack\//);
    }
  });

  it('no file of src outside src/slack imports a Slack SDK, and only `porthole preview` uses the Slack renderer', () => {
    const src = path.join(import.meta.dirname, '..', 'src');
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.startsWith(`slack${path.sep}`));
    expect(files.length).toBeGreaterThan(20);
    const usingRenderer: string[] = [];
    for (const f of files) {
      const text = readFileSync(path.join(src, f), 'utf8');
      expect(text, f).not.toMatch(/from '@slack\//);
      if (/from '(\.\.\/)+slack\//.test(text)) usingRenderer.push(f);
    }
    // The preview draws Slack's messages as HTML (README pictures), so it renders them as the Slack adapter does.
    expect(usingRenderer).toEqual([path.join('cli', 'preview.ts')]);
  });
});

describe('redelivery memory', () => {
  it('is true the first time a key is seen and false on every repeat', async () => {
    const seen = new MemoryRedelivery(60_000);
    expect(await seen.firstTime('event:Ev1')).toBe(true);
    expect(await seen.firstTime('event:Ev1')).toBe(false);
    expect(await seen.firstTime('event:Ev1')).toBe(false);
    expect(await seen.firstTime('event:Ev2')).toBe(true);
  });

  it('forgets a key once its time has passed', async () => {
    let now = 1_000;
    const seen = new MemoryRedelivery(60_000, 100, () => now);
    expect(await seen.firstTime('k')).toBe(true);
    now += 59_000;
    expect(await seen.firstTime('k')).toBe(false);
    now += 2_000;
    expect(await seen.firstTime('k')).toBe(true);
  });

  it('stays bounded and, when full, forgets the oldest keys only, never everything at once', async () => {
    const max = 100;
    const seen = new MemoryRedelivery(60_000, max);
    for (let i = 0; i < 1000; i++) await seen.firstTime(`k${i}`);
    expect(seen.size).toBe(max);
    // The most recent keys are still remembered.
    for (let i = 1000 - max; i < 1000; i++) expect(await seen.firstTime(`k${i}`)).toBe(false);
    expect(await seen.firstTime('k0')).toBe(true);
  });
});

describe('rate limit', () => {
  // rate-limiter-flexible's memory limiter reads Date.now() and ends each person's minute with a timer.
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('allows the limit, warns once, then drops until the minute has passed', async () => {
    const limit = new MemoryRateLimit(3);
    const decisions = [];
    for (let i = 0; i < 6; i++) decisions.push((await limit.check('U1')).decision);
    expect(decisions).toEqual(['allow', 'allow', 'allow', 'warn', 'drop', 'drop']);
    expect((await limit.check('U2')).decision).toBe('allow');
    vi.advanceTimersByTime(30_000);
    expect(await limit.check('U1')).toEqual({ decision: 'drop', retryAfterMs: WINDOW_MS - 30_000 });
    vi.advanceTimersByTime(30_000);
    expect(await limit.check('U1')).toEqual({ decision: 'allow', retryAfterMs: 0 });
  });

  it('never lets more than the limit through in any one window, and warns at most once per window', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10 }), fc.array(fc.integer({ min: 0, max: 20_000 }), { maxLength: 200 }), async (perMinute, gaps) => {
        let now = 0;
        const limit = new MemoryRateLimit(perMinute);
        let windowStart = 0;
        let allowed = 0;
        let warned = 0;
        let first = true;
        for (const gap of gaps) {
          now += gap;
          vi.advanceTimersByTime(gap);
          if (first || now - windowStart >= WINDOW_MS) {
            windowStart = now;
            allowed = 0;
            warned = 0;
            first = false;
          }
          const { decision } = await limit.check('U');
          if (decision === 'allow') allowed += 1;
          if (decision === 'warn') warned += 1;
          expect(allowed).toBeLessThanOrEqual(perMinute);
          expect(warned).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('costs the same per question with 60,000 people in the table as with none (no scan of the table)', async () => {
    vi.useRealTimers();
    const limit = new MemoryRateLimit(20);
    const timeChecks = async (prefix: string, count: number) => {
      const started = performance.now();
      for (let i = 0; i < count; i++) await limit.check(`${prefix}${i}`);
      return (performance.now() - started) / count;
    };
    await timeChecks('warm', 2_000);
    const empty = await timeChecks('first', 2_000);
    await timeChecks('crowd', 60_000);
    const crowded = await timeChecks('later', 2_000);
    // A scan of 60,000 people per question would cost a hundred times more; a busy machine's noise does not.
    expect(crowded).toBeLessThan(Math.max(empty * 5, 0.05));
  });
});

describe('conversation state', () => {
  it('round-trips through a button value and a block_id, with no control character of a chat platform', () => {
    const state = { scenarios: ['kubectl', 'registry'], region: 'eu-de', zone: 'fra02', cluster: 'demo_1.x', question: 'kubectl; registry <!channel> & co %41' };
    const value = encodeState(state, 2000)!;
    expect(value).not.toMatch(/[<>&]/);
    expect(decodeState(value, dataset)).toEqual(state);
    const blockId = encodeState({ ...state, question: 'x'.repeat(300) }, 255)!;
    expect(blockId.length).toBeLessThanOrEqual(255);
    expect(decodeState(blockId, dataset)).toEqual({ ...state, question: null });
  });

  it("carries the asker's wish for optional rules in exports, and still reads the earlier form of posted messages", () => {
    const state = { scenarios: ['kubectl'], region: 'eu-de', zone: null, cluster: null, includeOptional: true, question: 'kubectl in eu-de with optional' };
    const value = encodeState(state, 2000)!;
    expect(decodeState(value, dataset)).toEqual(state);
    expect(parsedFromState(decodeState(value, dataset)!).query.includeOptional).toBe(true);
    expect(decodeState('q1;kubectl;eu-de;;', dataset)).toEqual({ scenarios: ['kubectl'], region: 'eu-de', zone: null, cluster: null, question: null });
    expect(decodeState('q1;kubectl;eu-de;;;kubectl%20here', dataset)?.question).toBe('kubectl here');
  });

  it('round-trips any question text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (question) => {
        const value = encodeState({ scenarios: ['dns'], region: null, zone: null, cluster: null, question }, 2000)!;
        expect(decodeState(value, dataset)?.question ?? null).toBe(value.split(';').length === 8 ? question : null);
      }),
    );
  });

  it('refuses what is not ours or names what the dataset lacks', () => {
    for (const bad of ['', 'q3;kubectl;;;;', 'q2;kubectl;;;;x', 'q1;;eu-de;;', 'q1;nope;;;', 'q1;kubectl;mars;;', 'q1;kubectl;us-south;fra02;', 'q1;kubectl;;;bad name', 'q1;kubectl;;;;%E0%A4%A']) {
      expect(decodeState(bad, dataset)).toBeNull();
    }
  });

  it('rebuilds a question for a picked region, dropping a zone of another region', () => {
    const parsed = parsedFromState({ scenarios: ['kubectl'], region: null, zone: null, cluster: 'demo', question: null }, 'eu-de');
    expect(parsed.query).toEqual({ text: 'kubectl eu-de cluster demo', scenarios: ['kubectl'], region: 'eu-de', zone: null, cluster: 'demo', format: null });
    expect(parsed.problems).toEqual([]);
  });
});

describe('answering', () => {
  it('tells help, why and questions about rules apart, and returns the model, not a chat message', async () => {
    expect(await dispatch('help', asker, { editions: singleEdition(dataset) })).toEqual({ kind: 'help', dataset });
    expect(await dispatch('', asker, { editions: singleEdition(dataset) })).toEqual({ kind: 'help', dataset });
    const why = await dispatch('why 169.50.56.174', asker, { editions: singleEdition(dataset) });
    expect(why.kind).toBe('why');
    if (why.kind === 'why') expect(why.result.findings[0]?.listed).toBe(true);
    const answer = await dispatch('kubectl in eu-de', asker, { editions: singleEdition(dataset) });
    expect(answer.kind).toBe('answer');
    if (answer.kind === 'answer') expect(answer.answer.query).toMatchObject({ scenarios: ['kubectl'], region: 'eu-de' });
  });

  it('without a cluster source, a question naming a cluster gets the region answer and a note', async () => {
    const reply = await dispatch('kubectl in eu-de cluster demo-fra', asker, { editions: singleEdition(dataset) });
    expect(reply.kind === 'answer' && reply.answer.notes).toContain(noClusterSourceNote('demo-fra'));
    expect(replyAudit(reply, 'x').outcome).toBe('answered');
  });

  it('with a cluster lookup plugged in, asks it on behalf of the asker and answers for the cluster', async () => {
    const calls: unknown[] = [];
    const audit = { cluster: 'demo-fra', status: 'found', source: 'file', cached: false };
    const lookupCluster: LookupCluster = async (name, who) => {
      calls.push({ name, who });
      return { facts: demoFraFacts(), notes: [], audit };
    };
    const reply = await dispatch('kubectl for cluster demo-fra', asker, { editions: singleEdition(dataset), lookupCluster });
    expect(calls).toEqual([{ name: 'demo-fra', who: asker }]);
    if (reply.kind !== 'answer') throw new Error('not an answer');
    expect(reply.answer.cluster?.name).toBe('demo-fra');
    expect(reply.answer.query.region).toBe(demoFraFacts().region);
    expect(reply.clusterLookup).toEqual(audit);
    expect(replyAudit(reply, 'kubectl for cluster demo-fra')).toMatchObject({ outcome: 'answered', clusterLookup: audit, rules: reply.answer.rules.length });
  });

  it('a failing cluster lookup still gives an answer, with a note', async () => {
    const lookupCluster: LookupCluster = () => Promise.reject(new Error('boom'));
    const reply = await dispatch('kubectl in eu-de cluster demo-fra', asker, { editions: singleEdition(dataset), lookupCluster });
    expect(reply.kind === 'answer' && reply.answer.notes.some((n) => n.includes('could not be looked up'))).toBe(true);
  });

  it('audits needs-region, not-understood and why lookups by what they found', async () => {
    expect(replyAudit(await dispatch('kubectl', asker, { editions: singleEdition(dataset) }), 'kubectl')).toMatchObject({ outcome: 'needs-region', rules: 0 });
    expect(replyAudit(await dispatch('frobnicate the widget', asker, { editions: singleEdition(dataset) }), 'x')).toMatchObject({ outcome: 'not-understood', rules: 0 });
    expect(replyAudit(await dispatch('why 999.1.1.1', asker, { editions: singleEdition(dataset) }), 'why 999.1.1.1')).toMatchObject({ outcome: 'not-understood', query: { text: 'why 999.1.1.1' } });
  });
});

describe('audit records', () => {
  it('writes exactly one record per request, with the question clipped and the lookup kept', () => {
    const records: AuditRecord[] = [];
    let now = 100;
    const bot = createBot({ dataset, editions: singleEdition(dataset), rateLimit: new MemoryRateLimit(5), redelivery: new MemoryRedelivery(), audit: (r) => records.push(r), now: () => now });
    const audit = bot.startAudit('app-mention', { teamId: 'T1', channelId: 'C1', userId: 'U1' });
    audit.clusterLookup = { cluster: 'c', status: 'found', source: 'file', cached: true };
    now += 3.14159;
    audit.finish({ outcome: 'answered', query: { text: 'q'.repeat(500), scenarios: ['kubectl'], region: 'eu-de', zone: null, cluster: 'c', format: null }, rules: 2 });
    audit.finish({ outcome: 'error' });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ entry: 'app-mention', teamId: 'T1', channelId: 'C1', userId: 'U1', outcome: 'answered', rules: 2, latencyMs: 3.1, clusterLookup: { cluster: 'c' } });
    expect(records[0]!.query!.text).toHaveLength(200);
  });
});

describe('InFlight', () => {
  it('waits for the work it tracks, and names (and audits) what is still running when the grace runs out', async () => {
    const inFlight = new InFlight();
    const records: AuditRecord[] = [];
    const bot = createBot({ dataset: undefined as never, editions: undefined as never, rateLimit: new MemoryRateLimit(5), redelivery: new MemoryRedelivery(), audit: (r) => records.push(r), now: () => 0 }, inFlight);
    let finishQuick: () => void = () => undefined;
    const quick = inFlight.track({ kind: 'event', channelId: 'C1' }, async () => {
      const audit = bot.startAudit('app-mention', { teamId: null, channelId: 'C1', userId: 'U1' });
      await new Promise<void>((r) => (finishQuick = r));
      audit.finish({ outcome: 'answered' });
    });
    const stuck = inFlight.track({ kind: 'command', channelId: 'C2' }, async () => {
      bot.startAudit('slash-command', { teamId: null, channelId: 'C2', userId: 'U2' });
      await new Promise(() => undefined);
    });
    void stuck;
    expect(inFlight.size).toBe(2);
    const draining = inFlight.drain(200);
    finishQuick();
    await quick;
    const drained = await draining;
    expect(drained.finished).toBe(false);
    expect(drained.abandoned.map((p) => p.what)).toEqual([{ kind: 'command', channelId: 'C2' }]);
    expect(records.map((r) => [r.channelId, r.outcome])).toEqual([
      ['C1', 'answered'],
      ['C2', 'abandoned'],
    ]);
    expect(await new InFlight().drain(10)).toEqual({ finished: true, abandoned: [] });
  });

  it('runs at a stop only the abandon actions still registered, each once', () => {
    const inFlight = new InFlight();
    const ran: string[] = [];
    const withdrawDone = inFlight.onAbandon(() => ran.push('done'));
    inFlight.onAbandon(() => ran.push('open'));
    withdrawDone();
    inFlight.abandonAll();
    inFlight.abandonAll();
    expect(ran).toEqual(['open']);
  });
});
