import { Writable } from 'node:stream';
import { MultipleListenerError, type App } from '@slack/bolt';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClusterFacts } from '../src/core/answer.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { loadDataset } from '../src/data-files/load.js';
import { answerQuestion, noClusterSourceNote, type LookupCluster } from '../src/slack/answering.js';
import { createApp } from '../src/slack/app.js';
import { writeAudit } from '../src/slack/audit.js';
import { blockTexts, setFileNote } from '../src/slack/blocks.js';
import { Dedupe } from '../src/slack/dedupe.js';
import { ephemeralBody, JsonBody, responder, ResponseUrlError } from '../src/slack/deliver.js';
import { Registrar } from '../src/slack/deps.js';
import { createLogger, REDACTED, toBoltLogger } from '../src/slack/logger.js';
import { exportAnswerMenus } from '../src/slack/export-menu.js';
import { RateLimiter } from '../src/slack/rate-limit.js';
import { ReplyCache } from '../src/slack/reply-cache.js';
import { decodeState, encodeState, parsedFromState } from '../src/slack/state.js';

let dataset: Dataset;
beforeAll(async () => {
  const loaded = await loadDataset();
  if (!loaded.ok) throw new Error('the bundled dataset does not load');
  dataset = loaded.dataset;
});

describe('Dedupe', () => {
  it('is true the first time a key is seen and false on every repeat', () => {
    const dedupe = new Dedupe(60);
    try {
      expect(dedupe.firstTime('event:Ev1')).toBe(true);
      expect(dedupe.firstTime('event:Ev1')).toBe(false);
      expect(dedupe.firstTime('event:Ev1')).toBe(false);
      expect(dedupe.firstTime('event:Ev2')).toBe(true);
    } finally {
      dedupe.close();
    }
  });

  it('stays bounded in memory', () => {
    const dedupe = new Dedupe(60, 100);
    try {
      for (let i = 0; i < 1000; i++) dedupe.firstTime(`k${i}`);
      expect(dedupe.size).toBeLessThanOrEqual(100);
    } finally {
      dedupe.close();
    }
  });
});

describe('RateLimiter', () => {
  it('allows the limit, warns once, then drops until the minute has passed', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(3, () => now);
    expect([1, 2, 3, 4, 5, 6].map(() => limiter.check('U1'))).toEqual(['allow', 'allow', 'allow', 'warn', 'drop', 'drop']);
    expect(limiter.check('U2')).toBe('allow');
    now += 30_000;
    expect(limiter.check('U1')).toBe('drop');
    expect(limiter.retryAfterMs('U1')).toBe(30_000);
    now += 30_000;
    expect(limiter.check('U1')).toBe('allow');
    expect(limiter.retryAfterMs('U1')).toBe(0);
  });

  it('never lets more than the limit through in any one window, and warns at most once per window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.array(fc.integer({ min: 0, max: 20_000 }), { maxLength: 200 }), (limit, gaps) => {
        let now = 0;
        const limiter = new RateLimiter(limit, () => now);
        let windowStart = 0;
        let allowed = 0;
        let warned = 0;
        let first = true;
        for (const gap of gaps) {
          now += gap;
          if (first || now - windowStart >= 60_000) {
            windowStart = now;
            allowed = 0;
            warned = 0;
            first = false;
          }
          const d = limiter.check('U');
          if (d === 'allow') allowed += 1;
          if (d === 'warn') warned += 1;
          expect(allowed).toBeLessThanOrEqual(limit);
          expect(warned).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});

describe('query state', () => {
  it('round-trips through a button value and a block_id', () => {
    const state = { scenarios: ['kubectl', 'registry'], region: 'eu-de', zone: 'fra02', cluster: 'demo_1.x', question: 'kubectl; registry <!channel> & co' };
    const value = encodeState(state, 2000)!;
    expect(value).not.toMatch(/[<>]/);
    expect(decodeState(value, dataset)).toEqual(state);
    const blockId = encodeState({ ...state, question: 'x'.repeat(300) }, 255)!;
    expect(blockId.length).toBeLessThanOrEqual(255);
    expect(decodeState(blockId, dataset)).toEqual({ ...state, question: null });
  });

  it('refuses what is not ours or names what the dataset lacks', () => {
    for (const bad of ['', 'q2;kubectl;;;', 'q1;;eu-de;;', 'q1;nope;;;', 'q1;kubectl;mars;;', 'q1;kubectl;us-south;fra02;', 'q1;kubectl;;;bad name']) {
      expect(decodeState(bad, dataset)).toBeNull();
    }
  });

  it('rebuilds a question for a picked region, dropping a zone of another region', () => {
    const parsed = parsedFromState({ scenarios: ['kubectl'], region: null, zone: null, cluster: 'demo', question: null }, 'eu-de');
    expect(parsed.query).toEqual({ text: 'kubectl eu-de cluster demo', scenarios: ['kubectl'], region: 'eu-de', zone: null, cluster: 'demo', format: null });
    expect(parsed.problems).toEqual([]);
  });
});

describe('answering seams', () => {
  const asker = { userId: 'U0HUMAN01', channelId: 'C0GENERAL', teamId: 'T0PORTHOLE' };

  it('without a cluster source, a question naming a cluster gets the region answer and a note', async () => {
    const reply = await answerQuestion('kubectl in eu-de cluster demo-fra', asker, { dataset });
    expect(reply.outcome).toBe('answered');
    expect(reply.answer?.notes).toContain(noClusterSourceNote('demo-fra'));
    expect(blockTexts(reply.message.blocks).join('\n')).toContain('No cluster source is set up');
  });

  it('with a cluster lookup plugged in, the cluster gives the region, the master and the port', async () => {
    const calls: unknown[] = [];
    const facts: ClusterFacts = {
      id: 'c0ffee',
      name: 'demo-fra',
      region: 'eu-de',
      zones: ['fra02'],
      masterUrl: 'https://c7.eu-de.containers.cloud.ibm.com:31234',
      masterHost: 'c7.eu-de.containers.cloud.ibm.com',
      masterPort: 31234,
      workers: [{ id: 'kube-w1', zone: 'fra02', publicIp: '169.50.1.2', privateIp: '10.1.2.3' }],
      source: 'file',
    };
    const lookupCluster: LookupCluster = async (name, who) => {
      calls.push({ name, who });
      return { facts, notes: [] };
    };
    const reply = await answerQuestion('kubectl for cluster demo-fra', asker, { dataset, lookupCluster });
    expect(calls).toEqual([{ name: 'demo-fra', who: asker }]);
    expect(reply.outcome).toBe('answered');
    const all = blockTexts(reply.message.blocks).join('\n');
    expect(all).toContain('`c7.eu-de.containers.cloud.ibm.com`');
    expect(all).toContain('`31234`');
    expect(all).toContain('cluster *demo-fra* (from file)');
    expect(reply.clusterLookup).toBeNull();
  });

  it('answers from the parsed question it is given instead of parsing the text again', async () => {
    const { parseQuestion } = await import('../src/core/parse/question.js');
    const parsed = parseQuestion('registry in fra02', dataset);
    const reply = await answerQuestion('registry in fra02', asker, { dataset }, {}, parsed);
    expect(JSON.stringify(reply)).toBe(JSON.stringify(await answerQuestion('registry in fra02', asker, { dataset })));
    // Proof that it is used: the parsed question of another text wins.
    const other = await answerQuestion('registry in fra02', asker, { dataset }, {}, parseQuestion('dns in jp-tok', dataset));
    expect(other.answer?.query.scenarios).toEqual(parseQuestion('dns in jp-tok', dataset).query.scenarios);
  });

  it("the lookup's audit record comes back with the reply (no async context needed), null without a lookup", async () => {
    const audit = { cluster: 'demo-fra', status: 'not-found', source: null, cached: false };
    const lookupCluster: LookupCluster = async () => ({ facts: null, notes: ['not there'], audit });
    const looked = await answerQuestion('kubectl for cluster demo-fra in eu-de', asker, { dataset, lookupCluster });
    expect(looked.clusterLookup).toEqual(audit);
    const plain = await answerQuestion('kubectl in eu-de', asker, { dataset, lookupCluster });
    expect(plain.clusterLookup).toBeNull();
  });

  it('a failing cluster lookup still gives an answer, with a note', async () => {
    const lookupCluster: LookupCluster = () => Promise.reject(new Error('boom'));
    const reply = await answerQuestion('kubectl in eu-de cluster demo-fra', asker, { dataset, lookupCluster });
    expect(reply.outcome).toBe('answered');
    expect(reply.answer?.notes.some((n) => n.includes('could not be looked up'))).toBe(true);
  });

  it('answer menus (the export seam) appear only under answers', async () => {
    const answerMenus = () => [{ actionId: 'porthole.export', options: [{ text: 'CSV', value: 'csv' }] }];
    const answered = await answerQuestion('kubectl in eu-de', asker, { dataset, answerMenus });
    expect(JSON.stringify(answered.message.blocks)).toContain('porthole.export');
    const picker = await answerQuestion('kubectl', asker, { dataset, answerMenus });
    expect(picker.outcome).toBe('needs-region');
    expect(JSON.stringify(picker.message.blocks)).not.toContain('porthole.export');
  });
});

describe('response_url bodies and the responder', () => {
  it('writes the ephemeral body exactly as JSON.stringify would, once per message', async () => {
    const asker = { userId: 'U0HUMAN01', channelId: 'C0GENERAL', teamId: null };
    for (const q of ['kubectl in eu-de <!channel> "quoted" \\ \u2028', 'kubectl', 'help', 'why icr.io']) {
      const { message } = await answerQuestion(q, asker, { dataset, answerMenus: exportAnswerMenus }, { share: true, private: true });
      for (const replaceOriginal of [false, true]) {
        const expected = JSON.stringify({ response_type: 'ephemeral', replace_original: replaceOriginal, text: message.text, blocks: message.blocks });
        expect(ephemeralBody(message, replaceOriginal).bytes.toString('utf8')).toBe(expected);
        expect(ephemeralBody(message, replaceOriginal)).toBe(ephemeralBody(message, replaceOriginal));
      }
    }
  });

  it('posts JSON, resolves on 2xx and rejects otherwise', async () => {
    const { createServer } = await import('node:http');
    const received: Array<{ type: string | undefined; body: string }> = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ type: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(req.url === '/gone' ? 404 : 200).end(req.url === '/gone' ? 'used_url' : '{"ok":true}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      await expect(responder(`${base}/ok`)({ text: 'hi', response_type: 'ephemeral' })).resolves.toBeUndefined();
      await expect(responder(`${base}/ok`)('plain')).resolves.toBeUndefined();
      await expect(responder(`${base}/ok`)(new JsonBody('{"text":"as is"}'))).resolves.toBeUndefined();
      expect(received).toEqual([
        { type: 'application/json', body: '{"text":"hi","response_type":"ephemeral"}' },
        { type: 'application/json', body: '{"text":"plain"}' },
        { type: 'application/json', body: '{"text":"as is"}' },
      ]);
      await expect(responder(`${base}/gone`)('x')).rejects.toMatchObject({ name: 'ResponseUrlError', status: 404 });
      await expect(responder('ftp://example.com/x')('x')).rejects.toBeInstanceOf(ResponseUrlError);
      await expect(responder('not a url')('x')).rejects.toMatchObject({ status: 0 });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('Registrar', () => {
  /** A stand-in for Bolt's App that keeps the global middleware it is given, and a request through it. */
  function fakeBolt() {
    const middleware: Array<(args: unknown) => Promise<void>> = [];
    const app = { use: (m: (args: unknown) => Promise<void>) => middleware.push(m) } as unknown as App;
    const passedOn: unknown[] = [];
    const send = async (args: Record<string, unknown>) => {
      for (const m of middleware) await m({ ...args, next: async () => void passedOn.push(args) });
    };
    return { app, middleware, passedOn, send };
  }

  it('routes each request to the listeners of its exact command, event type or action id, and passes on the rest', async () => {
    const { app, middleware, passedOn, send } = fakeBolt();
    const on = new Registrar(app);
    const seen: string[] = [];
    on.command('/porthole', ['commands'], async () => void seen.push('command'));
    on.event('app_mention', 'app_mention', [], async () => void seen.push('mention'));
    on.event('message', 'message.im', [], async () => void seen.push('message'));
    on.action('porthole.share', [], async () => void seen.push('share'));
    on.action('porthole.region', [], async ({ action }) => void seen.push(`region ${(action as { selected_option?: { value: string } }).selected_option?.value}`));
    expect(middleware).toHaveLength(1);
    expect(on.registrations).toHaveLength(5);
    expect(on.routed()).toEqual({ commands: ['/porthole'], events: ['app_mention', 'message'], actions: ['porthole.share', 'porthole.region'] });
    await send({ command: { command: '/porthole' } });
    await send({ command: { command: '/other' } });
    await send({ event: { type: 'message' } });
    await send({ event: { type: 'app_home_opened' } });
    await send({ event: {} });
    await send({ event: { type: 'app_mention' } });
    const region = { action_id: 'porthole.region', selected_option: { value: 'eu-de' } };
    await send({ action: region, payload: region });
    await send({ action: { action_id: 'porthole.regio' }, payload: { action_id: 'porthole.regio' } });
    await send({ action: { callback_id: 'legacy' }, payload: { callback_id: 'legacy' } });
    await send({ shortcut: { callback_id: 'porthole.share' }, payload: { callback_id: 'porthole.share' } });
    expect(seen).toEqual(['command', 'message', 'mention', 'region eu-de']);
    expect(passedOn).toHaveLength(6);
  });

  it('runs every listener of one name, and fails as Bolt does: with the one error, or a MultipleListenerError', async () => {
    const { app, middleware } = fakeBolt();
    const on = new Registrar(app);
    const seen: string[] = [];
    const boom = new Error('boom');
    const mention = { event: { type: 'app_mention' }, next: async () => undefined };
    on.event('app_mention', 'app_mention', [], async () => void seen.push('a'));
    on.event('app_mention', 'app_mention', [], async () => {
      seen.push('b');
      throw boom;
    });
    await expect(middleware[0]!(mention)).rejects.toBe(boom);
    expect(seen).toEqual(['a', 'b']);
    on.event('app_mention', 'app_mention', [], () => {
      throw new Error('sync');
    });
    await expect(middleware[0]!(mention)).rejects.toBeInstanceOf(MultipleListenerError);
    expect(middleware).toHaveLength(1);
  });
});

describe('ReplyCache', () => {
  const asker = { userId: 'U0HUMAN01', channelId: 'C0GENERAL', teamId: 'T0PORTHOLE' };
  const QUESTIONS = [
    'kubectl in eu-de',
    'kubectl in  eu-de',
    'Kubectl in eu-de',
    'registry in fra02',
    'kubectl',
    'everything in eu-de',
    'kubectl in eu-dee',
    'help',
    '',
    'why 169.50.56.174',
    'why 999.1.1.1',
    'kubectl in eu-de <!channel> <https://evil|ibm.com> & co',
    'kubectl in eu-de cluster demo-fra',
    'worker outbound in us-south',
  ];
  const OPTIONS = [{}, { share: true, private: true }, { private: true }, { askedBy: 'U0OTHER02' }, { askedBy: 'U0HUMAN01' }];

  it('keeps the most recently used replies, up to its bound', () => {
    const cache = new ReplyCache(2);
    const reply = (n: number) => ({ answer: null, message: { text: String(n), blocks: [], file: null }, outcome: 'answered' as const });
    cache.set('a', reply(1));
    cache.set('b', reply(2));
    expect(cache.get('a')?.message.text).toBe('1'); // a is now the most recent
    cache.set('c', reply(3));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.message.text).toBe('1');
    expect(cache.get('c')?.message.text).toBe('3');
    expect(cache.size).toBe(2);
  });

  it('keys on the exact text and every render option answerQuestion reads', () => {
    const keys = new Set<string>();
    for (const q of QUESTIONS) for (const o of OPTIONS) keys.add(ReplyCache.key(q, o));
    expect(keys.size).toBe(QUESTIONS.length * OPTIONS.length);
    expect(ReplyCache.key('q', { share: false, private: false, askedBy: null })).toBe(ReplyCache.key('q', {}));
  });

  it('gives every question, asked again in any order and through evictions, the reply worked out afresh', async () => {
    const deps = { dataset, answerMenus: exportAnswerMenus, replies: new ReplyCache(5) };
    const fresh = { dataset, answerMenus: exportAnswerMenus };
    const order = fc.sample(fc.tuple(fc.constantFrom(...QUESTIONS), fc.constantFrom(...OPTIONS)), { numRuns: 300, seed: 7 });
    let hits = 0;
    for (const [q, o] of order) {
      const before = deps.replies.size;
      const cached = await answerQuestion(q, asker, deps, o);
      const again = await answerQuestion(q, asker, deps, o);
      expect(again).toBe(cached);
      if (deps.replies.size === before) hits += 1;
      expect(JSON.stringify(cached)).toBe(JSON.stringify(await answerQuestion(q, asker, fresh, o)));
    }
    expect(hits).toBeGreaterThan(0);
  });

  it('never stores a reply that consulted the cluster lookup, and a stored reply is not changed by delivering it', async () => {
    let lookups = 0;
    const lookupCluster: LookupCluster = async (name) => {
      lookups += 1;
      return { facts: null, notes: [`Cluster ${name} was not found (lookup ${lookups}).`] };
    };
    const deps = { dataset, lookupCluster, replies: new ReplyCache() };
    const first = await answerQuestion('kubectl for cluster demo-fra in eu-de', asker, deps);
    const second = await answerQuestion('kubectl for cluster demo-fra in eu-de', asker, deps);
    expect(lookups).toBe(2);
    expect(second).not.toBe(first);
    expect(JSON.stringify(second.message)).toContain('(lookup 2)');
    expect(deps.replies.size).toBe(0);

    const stored = await answerQuestion('everything in eu-de', asker, deps, { share: true, private: true });
    const snapshot = JSON.stringify(stored);
    setFileNote(stored.message, 'somewhere else');
    expect(JSON.stringify(await answerQuestion('everything in eu-de', asker, deps, { share: true, private: true }))).toBe(snapshot);
  });

  it('is used by the app unless extra answer menus are plugged in', async () => {
    const config = {
      mode: 'http' as const,
      botToken: 'xoxb-1-cache',
      appToken: undefined,
      signingSecret: 'b3c7a1f09d2e4c6a8b0d1e2f3a4b5c6d',
      port: 0,
      host: '127.0.0.1',
      slackApiUrl: undefined,
      rateLimitPerMinute: 20,
      logLevel: 'silent' as const,
      dataDir: undefined,
    };
    const logger = createLogger({ level: 'silent', secrets: [] });
    const plain = createApp({ config, dataset, logger });
    const withMenus = createApp({ config, dataset, logger, answerMenus: () => [] });
    try {
      expect(plain.deps.replies).toBeInstanceOf(ReplyCache);
      expect(withMenus.deps.replies).toBeUndefined();
    } finally {
      await plain.stop();
      await withMenus.stop();
    }
  });
});

describe('logging', () => {
  function capture(level: 'debug' | 'info', secrets: string[]) {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    return { logger: createLogger({ level, secrets, destination }), lines };
  }

  it('redacts token and secret fields, and scrubs token-shaped strings and configured secrets from messages', () => {
    const bot = 'xoxb-1-2-redactionTestBot';
    const app = 'xapp-1-A1-2-redactionTestApp';
    const secret = 'a3f1c2d4e5b6a7980123456789abcdef';
    const { logger, lines } = capture('debug', [bot, app, secret]);
    logger.info({ config: { botToken: bot, appToken: app, signingSecret: secret, port: 3000 } }, 'starting');
    logger.info({ req: { headers: { authorization: `Bearer ${bot}`, 'x-slack-signature': 'v0=abc' } } }, 'request');
    logger.info({ token: bot }, `token ${bot} and ${app} and a user token xoxp-9-9-userToken`);
    logger.error({ err: new Error(`call failed with ${secret}`) }, 'failed');
    toBoltLogger(logger).debug('http request body:', { token: bot }, `secret=${secret}`);
    const all = lines.join('\n');
    for (const s of [bot, app, secret, 'redactionTest', 'xoxp-9-9-userToken', 'Bearer']) expect(all).not.toContain(s);
    expect(all).toContain(REDACTED);
    const first = JSON.parse(lines[0]!) as { config: Record<string, unknown> };
    expect(first.config).toEqual({ botToken: REDACTED, appToken: REDACTED, signingSecret: REDACTED, port: 3000 });
  });

  it('writes one audit line per request with every field', () => {
    const { logger, lines } = capture('info', []);
    writeAudit(logger, {
      entry: 'app-mention',
      teamId: 'T1',
      channelId: 'C1',
      userId: 'U1',
      query: { text: 'q'.repeat(500), scenarios: ['kubectl'], region: 'eu-de', zone: null, cluster: null, format: null },
      outcome: 'answered',
      rules: 2,
      latencyMs: 3.14159,
    });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as { msg: string; audit: Record<string, unknown> & { query: { text: string } } };
    expect(line.msg).toBe('audit');
    expect(line.audit).toMatchObject({ entry: 'app-mention', teamId: 'T1', channelId: 'C1', userId: 'U1', outcome: 'answered', rules: 2, latencyMs: 3.1 });
    expect(line.audit.query.text).toHaveLength(200);
  });
});
