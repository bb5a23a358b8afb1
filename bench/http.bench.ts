// npm run bench:http: the porthole Slack app in HTTP mode against the local Slack stand-in (127.0.0.1 only).
//
// Each app runs in its own process, as in production; this process plays Slack: it sends signed slash commands
// and serves the Web API, the file uploads and the response_urls the answers go to. Four apps answer the same
// questions: bare Bolt acking a fixed text; bare Bolt acking porthole's answers rendered once at its start;
// bare Bolt answering with porthole's core and delivery (answer, Block Kit, ack, the file of a long answer) and
// nothing else; and porthole. The bare apps configure Bolt as porthole does (no conversation store). A request
// counts as served once its answer has reached Slack: the ack body, the response_url, and for a long answer its
// file (the round ends when every file is up).
//
// Goals (why these, and the figures: docs/slack.md, "Benchmark"):
// - the service layer (rate limit, redelivery, audit line, metrics, in-flight tracking, counted and bounded Web
//   API calls, every listener registered): porthole keeps at least 0.8 of the throughput of bare Bolt doing the
//   same answering, at concurrency 16 (the median of the rounds' ratios);
// - ack latency: p99 at most 20 ms at a steady 100 requests per second (median of three 10 s windows).
// `--check`: exit 1 when a goal is missed.
import { fork, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { App, LogLevel, type RespondArguments } from '@slack/bolt';
import pino from 'pino';
import { loadDataset } from '../src/data-files/load.js';
import { dispatch, logAuditSink, singleEdition, type AuditRecord } from '../src/bot/index.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { renderReply } from '../src/slack/reply-message.js';
import { createApp } from '../src/slack/app.js';
import { ephemeral, followWithPrivateFile, respondWith, withPrivateFileNote } from '../src/slack/deliver.js';
import { fromSlackText } from '../src/slack/escape.js';
import { createLogger, toBoltLogger } from '../src/slack/logger.js';
import { postSlashCommand, slashCommandFields, startSlackStandIn, type SlackStandIn } from '../test/support/slack/index.js';

const REQUESTS = 2000;
const CONCURRENCY = 16;
const WARMUP = 2000;
const ROUNDS = 5;
const STEADY_RATE = 100;
const STEADY_SECONDS = 10;
const STEADY_WINDOWS = 3;
const GOAL_LAYER_RATIO = 0.8;
const GOAL_P99_MS = 20;
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
const ASKER = { userId: 'U0BENCH1', channelId: 'C0GENERAL', teamId: 'T0BENCH' };
const RENDER = { share: true, private: true } as const;

type Which = 'bare' | 'bare-answers' | 'bare-answering' | 'porthole';
const NAMES: Record<Which, string> = {
  bare: 'bare Bolt, fixed text',
  'bare-answers': "bare Bolt, porthole's answers rendered once",
  'bare-answering': 'bare Bolt answering (core and delivery only)',
  porthole: 'porthole',
};
type ToChild = { stop: true } | { usage: true };
type FromChild = { port: number } | { cpuMs: number };

async function shippedDataset(): Promise<Dataset> {
  const loaded = await loadDataset();
  if (!loaded.ok) throw new Error('the shipped dataset is invalid: run porthole data check');
  return loaded.dataset;
}

// ---------------------------------------------------------------------------------------------------------------
// Child: one app, told where the stand-in is by argv.

/** porthole as `npm start` runs it, with its own logger (audit lines included) writing to /dev/null. */
async function servePorthole(apiUrl: string): Promise<{ port: number; stop: () => Promise<void> }> {
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
    dataset: await shippedDataset(),
    logger: createLogger({ level: 'info', secrets: [BOT_TOKEN, SECRET], destination: pino.destination({ dest: '/dev/null', sync: true }) }),
    retryConfig: { retries: 0 },
  });
  const { port } = await app.start();
  return { port, stop: () => app.stop() };
}

/** A bare Bolt app with one `/porthole` listener, and what it acks. */
async function serveBare(which: Exclude<Which, 'porthole'>, apiUrl: string): Promise<{ port: number; stop: () => Promise<void> }> {
  const app = new App({
    token: BOT_TOKEN,
    signingSecret: SECRET,
    logger: toBoltLogger(pino({ level: 'silent' })),
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: apiUrl, retryConfig: { retries: 0 } },
    deferInitialization: true,
    // As porthole configures Bolt: what differs is the listeners' work.
    convoStore: false,
  });
  if (which === 'bare') {
    app.command('/porthole', async ({ ack }) => {
      await ack('Looking that up...');
    });
  } else if (which === 'bare-answers') {
    const dataset = await shippedDataset();
    const acks = new Map<string, RespondArguments>();
    for (const text of QUESTIONS) {
      acks.set(text, ephemeral(withPrivateFileNote(renderReply(await dispatch(text, ASKER, { editions: singleEdition(dataset) }), { ...RENDER, question: text }))));
    }
    app.command('/porthole', async ({ ack, command }) => {
      await ack(acks.get(command.text)!);
    });
  } else {
    const dataset = await shippedDataset();
    const silent = pino({ level: 'silent' });
    app.command('/porthole', async ({ ack, command, client, respond }) => {
      const text = fromSlackText(command.text);
      const reply = await dispatch(text, { userId: command.user_id, channelId: command.channel_id, teamId: command.team_id ?? null }, { editions: singleEdition(dataset) });
      const message = renderReply(reply, { ...RENDER, question: text });
      await ack(ephemeral(withPrivateFileNote(message)));
      await followWithPrivateFile(client, { userId: command.user_id, channelId: command.channel_id }, message, (m) => respondWith(respond, ephemeral(m)), silent);
    });
  }
  await app.init();
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  return { port: (server.address() as AddressInfo).port, stop: () => app.stop() as Promise<void> };
}

async function serve(which: Which, apiUrl: string): Promise<void> {
  const { port, stop } = which === 'porthole' ? await servePorthole(apiUrl) : await serveBare(which, apiUrl);
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
  max: number;
  failures: number;
  cpuMsPerRequest: number;
  /** CPU of this process (the load and the Slack stand-in) per request, for the report only. */
  parentCpuMsPerRequest: number;
}

class Child {
  private constructor(
    readonly which: Which,
    readonly proc: ChildProcess,
    readonly port: number,
  ) {}

  static start(which: Which, apiUrl: string): Promise<Child> {
    const prof = process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : [];
    const proc = fork(fileURLToPath(import.meta.url), ['--serve', which, apiUrl], { execArgv: ['--import', 'tsx', ...prof], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      proc.once('error', reject);
      proc.once('exit', (code) => reject(new Error(`${which} exited with code ${code} before listening`)));
      proc.once('message', (m: FromChild) => {
        if ('port' in m) resolve(new Child(which, proc, m.port));
      });
    });
  }

  get answers(): boolean {
    return this.which === 'porthole' || this.which === 'bare-answering';
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Which of the bench's questions have an answer too long for one message (a summary, and the full list as a file). */
async function questionsWithFiles(dataset: Dataset): Promise<Set<string>> {
  const withFile = new Set<string>();
  for (const text of QUESTIONS) if (renderReply(await dispatch(text, ASKER, { editions: singleEdition(dataset) }), { ...RENDER, question: text }).file !== null) withFile.add(text);
  return withFile;
}

/** Sends request `i` and, for an app that answers, waits until its answer is at Slack (ack body or response_url). */
class Load {
  private counter = 0;
  answeredInAck = 0;
  answeredTotal = 0;

  constructor(
    private readonly standIn: SlackStandIn,
    private readonly withFile: ReadonlySet<string>,
  ) {}

  async send(child: Child, i: number, pending: Promise<unknown>[]): Promise<{ ok: boolean; latencyMs: number; file: boolean }> {
    this.counter += 1;
    const responseId = `bench-${this.counter}`;
    const text = QUESTIONS[i % QUESTIONS.length]!;
    const fields = slashCommandFields({ text, user_id: `U0BENCH${this.counter % 500}`, response_url: this.standIn.responseUrl(responseId) });
    const res = await postSlashCommand(`http://127.0.0.1:${child.port}`, SECRET, fields, { timeoutMs: 10_000 });
    if (!child.answers) return { ok: res.status === 200, latencyMs: res.latencyMs, file: false };
    const inAck = (res.json as { blocks?: unknown } | undefined)?.blocks !== undefined;
    if (!inAck) pending.push(this.standIn.waitForResponse(responseId, 30_000));
    this.answeredTotal += 1;
    if (inAck) this.answeredInAck += 1;
    return { ok: res.status === 200, latencyMs: res.latencyMs, file: this.withFile.has(text) };
  }

  /** Resolves once Slack has every file the apps were due to upload since the last reset. */
  async filesUp(expected: number): Promise<void> {
    const deadline = performance.now() + 30_000;
    while (this.standIn.callsTo('files.completeUploadExternal').length < expected) {
      if (performance.now() > deadline) throw new Error(`only ${this.standIn.callsTo('files.completeUploadExternal').length} of ${expected} files arrived`);
      await sleep(2);
    }
  }

  /** `count` requests, CONCURRENCY at a time: the throughput at saturation. */
  async closed(child: Child, count: number): Promise<Round> {
    this.standIn.reset();
    const latencies: number[] = [];
    const pending: Promise<unknown>[] = [];
    let failures = 0;
    let files = 0;
    let next = 0;
    const cpuBefore = await child.cpuMs();
    const parentBefore = process.cpuUsage();
    const started = performance.now();
    const worker = async () => {
      while (next < count) {
        const sent = await this.send(child, next++, pending);
        if (!sent.ok) failures += 1;
        if (sent.file) files += 1;
        latencies.push(sent.latencyMs);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await Promise.all(pending);
    await this.filesUp(files);
    const seconds = (performance.now() - started) / 1000;
    const parentCpu = process.cpuUsage(parentBefore);
    const cpuMs = (await child.cpuMs()) - cpuBefore;
    return summary(latencies, count / seconds, failures, cpuMs / count, (parentCpu.user + parentCpu.system) / 1000 / count);
  }

  /** STEADY_RATE requests per second for STEADY_SECONDS, each sent on time whatever the others are doing. */
  async steady(child: Child): Promise<Round> {
    this.standIn.reset();
    const count = STEADY_RATE * STEADY_SECONDS;
    const latencies: number[] = [];
    const pending: Promise<unknown>[] = [];
    const inFlight: Promise<void>[] = [];
    let failures = 0;
    let files = 0;
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const due = started + (i * 1000) / STEADY_RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      inFlight.push(
        this.send(child, i, pending).then((sent) => {
          if (!sent.ok) failures += 1;
          if (sent.file) files += 1;
          latencies.push(sent.latencyMs);
        }),
      );
    }
    await Promise.all(inFlight);
    await Promise.all(pending);
    await this.filesUp(files);
    return summary(latencies, count / ((performance.now() - started) / 1000), failures, Number.NaN, Number.NaN);
  }
}

function summary(latencies: number[], rps: number, failures: number, cpuMsPerRequest: number, parentCpuMsPerRequest: number): Round {
  latencies.sort((a, b) => a - b);
  return { rps, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? Number.NaN, failures, cpuMsPerRequest, parentCpuMsPerRequest };
}

/** Microseconds per request of porthole's own work, measured in this process over the bench's questions. */
async function ownCost(dataset: Dataset): Promise<{ answer: number; render: number; json: number; audit: number; bytes: number }> {
  const audit = logAuditSink(createLogger({ level: 'info', secrets: [BOT_TOKEN, SECRET], destination: pino.destination({ dest: '/dev/null', sync: true }) }));
  const n = 3000;
  const t = { answer: 0, render: 0, json: 0, audit: 0, bytes: 0 };
  // The first n warm the JIT up, as the apps' warm-up rounds do; the next n are timed.
  for (let i = 0; i < 2 * n; i++) {
    const text = QUESTIONS[i % QUESTIONS.length]!;
    const t0 = performance.now();
    const reply = await dispatch(text, ASKER, { editions: singleEdition(dataset) });
    const t1 = performance.now();
    const message = renderReply(reply, { ...RENDER, question: text });
    const t2 = performance.now();
    const body = JSON.stringify(ephemeral(message));
    const t3 = performance.now();
    const record: AuditRecord = { entry: 'slash-command', ...ASKER, query: null, outcome: 'answered', rules: 2, latencyMs: 1, clusterLookup: null };
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

function medianOf(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/**
 * The median, over the rounds, of `a`'s throughput over `b`'s in the same round: the two ran one after the
 * other, so a slow spell of the machine weighs on both sides of each ratio.
 */
function pairedRatio(a: Round[], b: Round[]): number {
  return medianOf(a.map((x, i) => x.rps / b[i]!.rps));
}

const ms = (x: number) => `${x.toFixed(2).padStart(6)} ms`;

async function main(): Promise<void> {
  const dataset = await shippedDataset();
  const withFile = await questionsWithFiles(dataset);
  // Slack's side keeps only what the answers need: no block validation, each response_url used once.
  const standIn = await startSlackStandIn({ botToken: BOT_TOKEN, validateBlocks: false, responseUrlMaxUses: 1 });
  const load = new Load(standIn, withFile);
  const children: Child[] = [];
  try {
    for (const which of Object.keys(NAMES) as Which[]) children.push(await Child.start(which, standIn.apiUrl));
    for (const child of children) await load.closed(child, WARMUP);
    const rounds = new Map<Which, Round[]>(children.map((c) => [c.which, []]));
    // Rounds alternate between the apps, so that a slower spell of the machine falls on all of them.
    for (let r = 0; r < ROUNDS; r++) for (const child of children) rounds.get(child.which)!.push(await load.closed(child, REQUESTS));
    const at = (which: Which) => median(rounds.get(which)!);
    // Windows alternate between the apps too; an app's figure is the window with its median p99.
    const windows = new Map<Which, Round[]>(children.filter((c) => c.answers).map((c) => [c.which, []]));
    for (let w = 0; w < STEADY_WINDOWS; w++) for (const child of children.filter((c) => c.answers)) windows.get(child.which)!.push(await load.steady(child));
    const steady = new Map([...windows].map(([which, ws]) => [which, [...ws].sort((a, b) => a.p99 - b.p99)[Math.floor(ws.length / 2)]!]));

    console.log(`Saturation: ${REQUESTS} signed slash commands per round at concurrency ${CONCURRENCY}, median of ${ROUNDS} rounds, loopback, one process per app`);
    for (const which of Object.keys(NAMES) as Which[]) {
      const x = at(which);
      console.log(
        `  ${NAMES[which].padEnd(46)} ${x.rps.toFixed(0).padStart(6)} req/s   ack p50 ${ms(x.p50)}   p99 ${ms(x.p99)}   ` +
          `CPU per request: app ${x.cpuMsPerRequest.toFixed(3)} ms, Slack's side ${x.parentCpuMsPerRequest.toFixed(3)} ms   non-200: ${x.failures}`,
      );
    }
    console.log(
      `  ${load.answeredInAck} of ${load.answeredTotal} answers came in the ack body, the rest at a response_url; ${withFile.size} of the ${QUESTIONS.length} questions ` +
        `have an answer too long for one message, served once its file is up.`,
    );
    console.log(`Steady load: ${STEADY_RATE} requests per second, ${STEADY_WINDOWS} windows of ${STEADY_SECONDS} s per app, the window with the median p99`);
    for (const [which, x] of steady) console.log(`  ${NAMES[which].padEnd(46)} ack p50 ${ms(x.p50)}   p99 ${ms(x.p99)}   max ${ms(x.max)}   non-200: ${x.failures}`);

    const c = await ownCost(dataset);
    console.log(
      `porthole's own work per request (this process, same questions): answer ${c.answer.toFixed(0)} µs, Block Kit ${c.render.toFixed(0)} µs, ` +
        `ack JSON ${c.json.toFixed(0)} µs (${(c.bytes / 1024).toFixed(1)} KiB), audit line ${c.audit.toFixed(0)} µs`,
    );
    const p = at('porthole');
    const answering = at('bare-answering');
    const bare = at('bare');
    const layer = pairedRatio(rounds.get('porthole')!, rounds.get('bare-answering')!);
    const ofBare = (which: Which) => pairedRatio(rounds.get(which)!, rounds.get('bare')!).toFixed(2);
    const p99 = steady.get('porthole')!.p99;
    console.log(
      `CPU per request over bare Bolt's: carrying porthole's answers ${(at('bare-answers').cpuMsPerRequest - bare.cpuMsPerRequest).toFixed(3)} ms, ` +
        `making them (core and delivery) ${(answering.cpuMsPerRequest - at('bare-answers').cpuMsPerRequest).toFixed(3)} ms, ` +
        `porthole's service layer ${(p.cpuMsPerRequest - answering.cpuMsPerRequest).toFixed(3)} ms`,
    );
    console.log(
      `Against bare Bolt acking a fixed text (#8's first measure): porthole ${ofBare('porthole')}, bare Bolt carrying porthole's answers ` +
        `${ofBare('bare-answers')}, bare Bolt answering ${ofBare('bare-answering')}; porthole's ack p99 at concurrency ${CONCURRENCY}: ${p.p99.toFixed(1)} ms`,
    );
    const each = rounds.get('porthole')!.map((x, i) => (x.rps / rounds.get('bare-answering')![i]!.rps).toFixed(2)).join(', ');
    console.log(`service layer: porthole / bare Bolt answering ${layer.toFixed(2)}, median of the rounds' ratios ${each} (goal >= ${GOAL_LAYER_RATIO.toFixed(2)})`);
    const p99s = windows.get('porthole')!.map((x) => x.p99.toFixed(1)).join(', ');
    console.log(`latency: porthole ack p99 at ${STEADY_RATE} requests per second ${p99.toFixed(2)} ms, median of the windows' ${p99s} ms (goal <= ${GOAL_P99_MS} ms)`);
    const failures = [...rounds.values(), ...windows.values()].flat().some((x) => x.failures > 0);
    const met = layer >= GOAL_LAYER_RATIO && p99 <= GOAL_P99_MS && !failures;
    console.log(met ? 'goals met' : `goals NOT met${failures ? ' (some requests were not answered with 200)' : ''}`);
    if (process.argv.includes('--check') && !met) process.exitCode = 1;
  } finally {
    for (const child of children) await child.stop();
    await standIn.close();
  }
}

const serveAt = process.argv.indexOf('--serve');
if (serveAt >= 0) await serve(process.argv[serveAt + 1] as Which, process.argv[serveAt + 2] ?? '');
else await main();
