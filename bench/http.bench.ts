// npm run bench:http: the porthole Slack app in HTTP mode against the local Slack stand-in (127.0.0.1 only).
//
// Each app runs in its own process, as in production; this process plays Slack: it sends a fixed number of
// signed slash commands at a fixed concurrency, and serves the Web API and the response_urls the answers go to.
// It prints ack latency p50/p99 and requests per second for porthole, then the same for a bare Bolt app that
// acks a fixed text, and the ratio. porthole's requests count once their answer has reached Slack: in the ack
// body (answers that need no network call) or at the response_url. Then what porthole's remaining cost per
// request is made of (answering, rendering, the ack body's JSON and size, the audit line), measured in this
// process. A third app, bare Bolt acking porthole's own answers rendered once at start, separates what carrying
// an answer costs (its size on the wire) from what computing it costs. Goal: at least 0.8 of the bare app's
// throughput, and ack p99 at most 20 ms. `--check`: exit 1 when a goal is missed.
import { fork, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { App, LogLevel } from '@slack/bolt';
import pino from 'pino';
import { loadDataset } from '../src/data-files/load.js';
import { ask, logAuditSink, type AuditRecord } from '../src/bot/index.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { renderReply } from '../src/slack/answer-message.js';
import { createApp } from '../src/slack/app.js';
import { ephemeral } from '../src/slack/deliver.js';
import { toBoltLogger } from '../src/slack/logger.js';
import { postSlashCommand, slashCommandFields, startSlackStandIn, type SlackStandIn } from '../test/support/slack/index.js';

const REQUESTS = 2000;
const CONCURRENCY = 16;
const WARMUP = 2000;
const ROUNDS = 3;
const BOT_TOKEN = 'xoxb-0000-0000-benchmark';
const SECRET = 'b3c7a1f09d2e4c6a8b0d1e2f3a4b5c6d';
const QUESTIONS = [
  'kubectl in eu-de',
  'registry in fra02',
  'worker outbound in us-south',
  'dns in jp-tok',
  'calicoctl in eu-gb',
  'iam and monitoring in au-syd',
  'vrrp in dal10',
  'block storage on the private network in lon04',
  'inbound nodeport in us-east',
  'why 169.50.56.174',
];

type Which = 'porthole' | 'bare' | 'sized';
type ToChild = { stop: true } | { usage: true };
type FromChild = { port: number } | { cpuMs: number };

// ---------------------------------------------------------------------------------------------------------------
// Child: one app, told where the stand-in is by argv.

async function serve(which: Which, apiUrl: string): Promise<void> {
  let stop: () => Promise<void>;
  let port: number;
  if (which === 'porthole') {
    const loaded = await loadDataset();
    if (!loaded.ok) throw new Error('the shipped dataset is invalid: run porthole data check');
    const app = createApp({
      config: {
        mode: 'http',
        botToken: BOT_TOKEN,
        appToken: undefined,
        signingSecret: SECRET,
        port: 0,
        host: '127.0.0.1',
        slackApiUrl: apiUrl,
        rateLimitPerMinute: 100_000,
        logLevel: 'info',
        dataDir: undefined,
        redisUrl: undefined,
      },
      dataset: loaded.dataset,
      // As `npm start` logs (audit lines included), to /dev/null instead of a terminal.
      logger: pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false })),
      retryConfig: { retries: 0 },
    });
    port = (await app.start()).port;
    stop = () => app.stop();
  } else {
    // 'sized': the answers porthole gives to the bench's questions, rendered once, acked as they are.
    const acks = new Map<string, unknown>();
    if (which === 'sized') {
      const loaded = await loadDataset();
      if (!loaded.ok) throw new Error('the shipped dataset is invalid: run porthole data check');
      for (const text of QUESTIONS) {
        const reply = await ask(text, { userId: 'U0BENCH1', channelId: 'C0GENERAL', teamId: 'T0BENCH' }, { dataset: loaded.dataset });
        acks.set(text, ephemeral(renderReply(reply, loaded.dataset, { question: text, share: true, private: true })));
      }
    }
    const app = new App({
      token: BOT_TOKEN,
      signingSecret: SECRET,
      logger: toBoltLogger(pino({ level: 'silent' })),
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: apiUrl, retryConfig: { retries: 0 } },
      deferInitialization: true,
    });
    app.command('/porthole', async ({ ack, command }) => {
      await ack((acks.get(command.text) as Parameters<typeof ack>[0]) ?? 'Looking that up...');
    });
    await app.init();
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    port = (server.address() as AddressInfo).port;
    stop = async () => {
      await app.stop();
    };
  }
  const send = (m: FromChild) => process.send?.(m);
  process.on('message', (m: ToChild) => {
    if ('usage' in m) {
      const u = process.cpuUsage();
      send({ cpuMs: (u.user + u.system) / 1000 });
    } else {
      void stop().finally(() => process.exit(0));
    }
  });
  send({ port });
}

// ---------------------------------------------------------------------------------------------------------------
// Parent: Slack's side and the load.

interface Round {
  rps: number;
  p50: number;
  p99: number;
  failures: number;
  cpuMsPerRequest: number;
  /** CPU of this process (the load and the Slack stand-in) per request, for the report only. */
  parentCpuMsPerRequest: number;
}

class Child {
  private constructor(
    readonly proc: ChildProcess,
    readonly port: number,
  ) {}

  static start(which: Which, apiUrl: string): Promise<Child> {
    const proc = fork(fileURLToPath(import.meta.url), ['--serve', which, apiUrl], { execArgv: ['--import', 'tsx', ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      proc.once('error', reject);
      proc.once('exit', (code) => reject(new Error(`${which} exited with code ${code} before listening`)));
      proc.once('message', (m: FromChild) => {
        if ('port' in m) resolve(new Child(proc, m.port));
      });
    });
  }

  cpuMs(): Promise<number> {
    return new Promise((resolve) => {
      this.proc.once('message', (m: FromChild) => {
        if ('cpuMs' in m) resolve(m.cpuMs);
      });
      this.proc.send({ usage: true } satisfies ToChild);
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.proc.removeAllListeners('exit');
      this.proc.once('exit', () => resolve());
      this.proc.send({ stop: true } satisfies ToChild);
    });
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

let counter = 0;
let answeredInAck = 0;
let answeredTotal = 0;

/**
 * `count` signed slash commands, `CONCURRENCY` at a time; every one must be acked with 200. With `answers`,
 * a request whose ack holds no answer (blocks) counts only once its answer has reached its response_url.
 */
async function load(child: Child, standIn: SlackStandIn, count: number, answers: boolean): Promise<Round> {
  const baseUrl = `http://127.0.0.1:${child.port}`;
  const latencies: number[] = [];
  const pending: Promise<unknown>[] = [];
  let failures = 0;
  let next = 0;
  const cpuBefore = await child.cpuMs();
  const parentBefore = process.cpuUsage();
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      counter += 1;
      const responseId = `bench-${counter}`;
      const fields = slashCommandFields({ text: QUESTIONS[i % QUESTIONS.length]!, user_id: `U0BENCH${counter % 500}`, response_url: standIn.responseUrl(responseId) });
      const res = await postSlashCommand(baseUrl, SECRET, fields, { timeoutMs: 10_000 });
      if (res.status !== 200) failures += 1;
      latencies.push(res.latencyMs);
      const inAck = (res.json as { blocks?: unknown } | undefined)?.blocks !== undefined;
      if (answers && !inAck) pending.push(standIn.waitForResponse(responseId, 30_000));
      if (answers) answeredTotal += 1;
      if (answers && inAck) answeredInAck += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  const parentCpu = process.cpuUsage(parentBefore);
  const cpuMs = (await child.cpuMs()) - cpuBefore;
  latencies.sort((a, b) => a - b);
  return {
    rps: count / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures,
    cpuMsPerRequest: cpuMs / count,
    parentCpuMsPerRequest: (parentCpu.user + parentCpu.system) / 1000 / count,
  };
}

/** Microseconds per request of porthole's own work, measured in this process over the bench's questions. */
async function ownCost(dataset: Dataset): Promise<{ answer: number; render: number; json: number; audit: number; bytes: number }> {
  const asker = { userId: 'U0BENCH1', channelId: 'C0GENERAL', teamId: 'T0BENCH' };
  const audit = logAuditSink(pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: true })));
  const n = 3000;
  const t = { answer: 0, render: 0, json: 0, audit: 0, bytes: 0 };
  // The first n warm the JIT up, as the apps' warm-up rounds do; the next n are timed.
  for (let i = 0; i < 2 * n; i++) {
    const text = QUESTIONS[i % QUESTIONS.length]!;
    const t0 = performance.now();
    const reply = await ask(text, asker, { dataset });
    const t1 = performance.now();
    const message = renderReply(reply, dataset, { question: text, share: true, private: true });
    const t2 = performance.now();
    const body = JSON.stringify(ephemeral(message));
    const t3 = performance.now();
    const record: AuditRecord = { entry: 'slash-command', ...asker, query: null, outcome: 'answered', rules: 2, latencyMs: 1, clusterLookup: null };
    audit(record);
    const t4 = performance.now();
    if (i < n) continue;
    t.answer += t1 - t0;
    t.render += t2 - t1;
    t.json += t3 - t2;
    t.audit += t4 - t3;
    t.bytes += Buffer.byteLength(body);
  }
  const us = (ms: number) => (ms * 1000) / n;
  return { answer: us(t.answer), render: us(t.render), json: us(t.json), audit: us(t.audit), bytes: t.bytes / n };
}

function median(rounds: Round[]): Round {
  return [...rounds].sort((a, b) => a.rps - b.rps)[Math.floor(rounds.length / 2)]!;
}

async function main(): Promise<void> {
  // Slack's side keeps only what the answers need: no block validation, each response_url used once.
  const standIn = await startSlackStandIn({ botToken: BOT_TOKEN, validateBlocks: false, responseUrlMaxUses: 1 });
  const children: Child[] = [];
  try {
    const porthole = await Child.start('porthole', standIn.apiUrl);
    children.push(porthole);
    const bare = await Child.start('bare', standIn.apiUrl);
    children.push(bare);
    const sized = await Child.start('sized', standIn.apiUrl);
    children.push(sized);
    await load(bare, standIn, WARMUP, false);
    await load(sized, standIn, WARMUP, false);
    await load(porthole, standIn, WARMUP, true);
    const bareRounds: Round[] = [];
    const sizedRounds: Round[] = [];
    const portholeRounds: Round[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      bareRounds.push(await load(bare, standIn, REQUESTS, false));
      sizedRounds.push(await load(sized, standIn, REQUESTS, false));
      standIn.reset();
      portholeRounds.push(await load(porthole, standIn, REQUESTS, true));
      standIn.reset();
    }
    const b = median(bareRounds);
    const s = median(sizedRounds);
    const p = median(portholeRounds);
    const ratio = p.rps / b.rps;
    const row = (name: string, x: Round) =>
      `${name.padEnd(14)} ${x.rps.toFixed(0).padStart(6)} req/s   ack p50 ${x.p50.toFixed(2).padStart(6)} ms   p99 ${x.p99.toFixed(2).padStart(6)} ms   ` +
      `app CPU ${x.cpuMsPerRequest.toFixed(3)} ms/request   non-200: ${x.failures}`;
    console.log(`${REQUESTS} signed slash commands per round, concurrency ${CONCURRENCY}, median of ${ROUNDS} rounds, loopback, one process per app`);
    console.log(row('bare Bolt', b));
    console.log(row('bare, answers', s));
    console.log(row('porthole', p));
    console.log(`porthole req/s count a request once its answer reached Slack (${answeredInAck} of ${answeredTotal} in the ack body, the rest at a response_url).`);
    console.log(`"bare, answers" is bare Bolt acking porthole's answers to the same questions, rendered once at its start.`);
    // All apps share the machine's cores with this process, which sends the requests and reads every ack body
    // (and, for porthole, every answer posted to its response_url).
    const cpu = (x: Round) => `${x.cpuMsPerRequest.toFixed(3)} + ${x.parentCpuMsPerRequest.toFixed(3)} ms`;
    console.log(`CPU per request, app + this process (load and Slack stand-in): bare ${cpu(b)}, bare with answers ${cpu(s)}, porthole ${cpu(p)}`);
    console.log(
      `of porthole's extra app CPU over bare Bolt (${(p.cpuMsPerRequest - b.cpuMsPerRequest).toFixed(3)} ms), carrying the answer is ` +
        `${(s.cpuMsPerRequest - b.cpuMsPerRequest).toFixed(3)} ms and making it ${(p.cpuMsPerRequest - s.cpuMsPerRequest).toFixed(3)} ms; ` +
        `throughput ratio of bare-with-answers to bare: ${(s.rps / b.rps).toFixed(2)}`,
    );
    const loaded = await loadDataset();
    if (loaded.ok) {
      const c = await ownCost(loaded.dataset);
      console.log(
        `porthole's own work per request (this process, same questions): answer ${c.answer.toFixed(0)} µs, Block Kit ${c.render.toFixed(0)} µs, ` +
          `ack JSON ${c.json.toFixed(0)} µs (${(c.bytes / 1024).toFixed(1)} KiB, which Bolt sends and this process reads), audit line ${c.audit.toFixed(0)} µs`,
      );
    }
    console.log(`throughput ratio porthole/bare: ${ratio.toFixed(2)} (goal >= 0.80); porthole ack p99 ${p.p99.toFixed(2)} ms (goal <= 20 ms)`);
    const met = ratio >= 0.8 && p.p99 <= 20 && p.failures === 0;
    console.log(met ? 'goals met' : 'goals NOT met');
    if (process.argv.includes('--check') && !met) process.exitCode = 1;
  } finally {
    for (const child of children) await child.stop();
    await standIn.close();
  }
}

const serveAt = process.argv.indexOf('--serve');
if (serveAt >= 0) await serve(process.argv[serveAt + 1] as Which, process.argv[serveAt + 2] ?? '');
else await main();
