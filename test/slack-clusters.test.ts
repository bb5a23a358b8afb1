/**
 * Cluster lookups in the Slack app: the real app (src/slack) with the real cluster directory (src/clusters),
 * against the local Slack stand-in and the local IBM Cloud (IAM + IKS) stand-in, everything on 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readClusterConfig } from '../src/clusters/index.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { loadDataset } from '../src/data-files/load.js';
import { createClusterLookups, type ClusterLookups } from '../src/bot/index.js';
import { readConfig } from '../src/slack/config.js';
import { type FakeCluster, type IbmCloudStandIn, startIbmCloudStandIn } from './support/ibm-cloud.js';
import {
  appMentionEvent,
  DEFAULT_WORKSPACE as W,
  postSlashCommand,
  SlackAppHarness,
  slashCommandFields,
  startSlackStandIn,
  type LogLine,
  type Mode,
  type RecordedResponse,
  type SlackStandIn,
  shownText,
} from './support/slack/index.js';

const ROOT = join(import.meta.dirname, '..');
const EXAMPLE_FILE = join(ROOT, 'data', 'clusters.example.yml');
const BOT_TOKEN = 'xoxb-5555-6666-clusterBotTokenSecret';
const APP_TOKEN = 'xapp-1-A0PORTHOLE-7777-clusterAppTokenSecret';
const SECRET = '0cc175b9c0f1b6a831c399e269772661';
const API_KEY = 'stand-in-ibmcloud-api-key-0123456789';

interface Audit {
  entry: string;
  query: { text: string; cluster: string | null } | null;
  outcome: string;
  clusterLookup: { cluster: string; status: string; source: string | null; cached: boolean } | null;
}

interface MessageBody {
  text?: string;
  blocks?: unknown[];
  response_type?: string;
  replace_original?: boolean;
  delete_original?: boolean;
}

function prodFra(): FakeCluster {
  return {
    id: 'bqf7l1ff0b5mmn8kvdsg',
    name: 'prod-fra',
    region: 'eu-central', // the legacy form: the dataset maps it to eu-de
    dataCenter: 'fra02',
    workerZones: ['fra02', 'fra04'],
    masterURL: 'https://c2.eu-de.containers.cloud.ibm.com:31142',
    publicServiceEndpointURL: 'https://c2.eu-de.containers.cloud.ibm.com:31142',
    etcdPort: '31593',
    workers: [
      { id: 'kube-prodfra-w1', publicIP: '192.0.2.10', privateIP: '10.75.1.10', location: 'fra02' },
      { id: 'kube-prodfra-w2', publicIP: '192.0.2.11', privateIP: '10.75.2.11', location: 'fra04' },
    ],
  };
}

/** A cluster in us-south with one worker: one per test where the directory's cache must not answer from an earlier test. */
function clusterNamed(name: string, publicIp: string): FakeCluster {
  return {
    id: `c0${name.replace(/-/g, '')}00000000`,
    name,
    region: 'us-south',
    dataCenter: 'dal10',
    workerZones: ['dal10'],
    masterURL: 'https://c100.us-south.containers.cloud.ibm.com:30422',
    etcdPort: '30001',
    workers: [{ id: `kube-${name}-w1`, publicIP: publicIp, privateIP: '10.184.0.7', location: 'dal10' }],
  };
}

const clusterPath = (name: string): string => `/global/v1/clusters/${encodeURIComponent(name)}`;
const textOf = (blocks: unknown): string => shownText(blocks).join('\n');
const headerOf = (blocks: unknown): string | undefined => (blocks as { type: string; text?: { text: string } }[] | undefined)?.find((b) => b.type === 'header')?.text?.text;

let dataset: Dataset;
let cloud: IbmCloudStandIn;

beforeAll(async () => {
  // The expected values of this file (addresses, rule ids, titles, examples) are the 2019-03-04 page's.
  const loaded = await loadDataset(undefined, { edition: '2019-03-04' });
  if (!loaded.ok) throw new Error('the bundled dataset does not load');
  dataset = loaded.dataset;
  cloud = await startIbmCloudStandIn({
    apiKey: API_KEY,
    clusters: [prodFra(), clusterNamed('dev-dal', '198.51.100.7'), clusterNamed('slow-dal', '198.51.100.8'), clusterNamed('ops-dal', '198.51.100.9')],
  });
});

afterAll(async () => {
  await cloud?.close();
});

/** The porthole app as main.ts builds it, from an environment map (Slack and cluster settings), with its log captured (test/support/slack/app-harness.ts). */
class Porthole extends SlackAppHarness {
  lookups: ClusterLookups | null = null;

  constructor(
    mode: Mode,
    readonly clusterEnv: Record<string, string>,
    readonly rateLimit = 100,
  ) {
    super(mode, {
      tokens: { botToken: BOT_TOKEN, appToken: APP_TOKEN, signingSecret: SECRET },
      rateLimitPerMinute: rateLimit,
      logLevel: 'info',
      fakeClock: true,
      extraSecrets: [API_KEY],
      config: (standIn) => {
        const slackRead = readConfig({
          SLACK_BOT_TOKEN: BOT_TOKEN,
          ...(mode === 'socket' ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: SECRET }),
          PORT: '0',
          HOST: '127.0.0.1',
          SLACK_API_URL: standIn.apiUrl,
          RATE_LIMIT_PER_MINUTE: String(rateLimit),
        });
        if (!slackRead.ok) throw new Error(slackRead.errors.join('\n'));
        return slackRead.config;
      },
      appOptions: (logger) => {
        const read = readClusterConfig(clusterEnv);
        if (!read.ok) throw new Error(read.error);
        this.lookups = createClusterLookups({ config: read.config, dataset, logger });
        return { lookupCluster: this.lookups?.lookupCluster };
      },
      onStop: () => this.lookups?.close(),
    });
  }

  override start(): Promise<this> {
    return super.start(dataset);
  }

  /** The log as written (the API key must never be in it). */
  get rawLog(): string {
    return this.rawLogs.join('\n');
  }

  /** The first log line matching `pred` after the first `from` lines, once it is written (the test's timeout bounds the wait). */
  log(pred: (l: LogLine) => boolean, from = 0): Promise<LogLine> {
    return this.waitForLog(pred, from, Infinity);
  }

  /** The audit line of the question `text`, written after the first `from` log lines. */
  async audit(text: string, from: number): Promise<Audit> {
    const line = await this.log((l) => l.msg === 'audit' && (l.audit as Audit).query?.text === text, from);
    return line.audit as Audit;
  }

  /** Sends /porthole `text`; resolves when the ack has arrived, with its latency and body. */
  async slash(text: string, who: { user?: string; channel?: string } = {}): Promise<Asked> {
    const responseId = this.nextId();
    const fields = slashCommandFields({ text, user_id: who.user ?? W.userId, channel_id: who.channel ?? W.channelId, response_url: this.standIn.responseUrl(responseId) });
    const sentAt = Date.now();
    const { latencyMs, ackJson } = await this.sendSlash(fields);
    return { latencyMs, ackBody: ackJson, responseId, sentAt, ackedAt: Date.now() };
  }

  /**
   * The answer to a slash command: in its ack when it needed no network call, else the ephemeral message posted
   * to its response_url after the ack's "Looking up cluster …" notice.
   */
  async answerOf(asked: Asked, timeoutMs = 5000): Promise<{ body: MessageBody; at: number; inAck: boolean }> {
    const ack = asked.ackBody as MessageBody | undefined;
    if (ack?.blocks !== undefined && !textOf(ack.blocks).startsWith('Looking up cluster')) return { body: ack, at: asked.ackedAt, inAck: true };
    return { ...(await this.response(asked.responseId, timeoutMs)), inAck: false };
  }

  async mention(text: string): Promise<{ ts: string }> {
    const body = appMentionEvent({ text: `<@${W.botUserId}> ${text}` });
    await this.event(body);
    return { ts: String(body.event.ts) };
  }

  async response(id: string, timeoutMs = 5000): Promise<{ body: MessageBody; at: number }> {
    const r: RecordedResponse = await this.waitForResponse(id, 0, timeoutMs);
    return { body: r.body as MessageBody, at: r.at };
  }
}

interface Asked {
  latencyMs: number;
  ackBody: unknown;
  responseId: string;
  sentAt: number;
  ackedAt: number;
}

const iksEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  IBMCLOUD_API_KEY: API_KEY,
  IBMCLOUD_IAM_URL: cloud.iamUrl,
  IKS_API_URL: cloud.iksUrl,
  CLUSTER_LOOKUP_TIMEOUT_MS: '2000',
  ...extra,
});

describe.each<Mode>(['http', 'socket'])('/porthole naming a cluster, %s mode', (mode) => {
  let p: Porthole;
  beforeAll(async () => {
    p = await new Porthole(mode, iksEnv()).start();
  });
  afterAll(async () => p?.stop());
  beforeEach(() => cloud.clearRequests());

  it('acks at once with "Looking up cluster…", then posts the exact answer as its own ephemeral message when the slow lookup ends', async () => {
    const question = 'kubectl and master ips for cluster prod-fra';
    // The IKS API takes 1.5 s to answer (the lookup's deadline is 2 s).
    cloud.enqueue(clusterPath('prod-fra'), { delayMs: 1500 });
    const from = p.logs.length;
    const asked = await p.slash(question);
    expect(asked.latencyMs).toBeLessThan(1000);
    expect(asked.ackBody).toMatchObject({ response_type: 'ephemeral', text: 'Looking up cluster `prod-fra`: the answer follows here in a moment.' });

    // Meanwhile the app answers others: a plain question is answered in its ack before the lookup has ended.
    const other = await p.slash('dns in eu-de');
    const otherAnswer = await p.answerOf(other);
    expect(otherAnswer.inAck).toBe(true);
    expect(headerOf(otherAnswer.body.blocks)).toBe('DNS in eu-de');
    expect(p.standIn.responses(asked.responseId)).toEqual([]);

    const { body, at } = await p.answerOf(asked);
    expect(at - asked.sentAt).toBeGreaterThanOrEqual(1400);
    // Its own message: Slack would not replace the slash command's notice (bolt-js#2287).
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const all = textOf(body.blocks);
    expect(all).toContain('in eu-de for cluster prod-fra'); // IKS said eu-central
    expect(all).toContain('cluster *prod-fra* (from iks)');
    // Each value the cluster gave is in the table, as code.
    const table = shownText((body.blocks as { type: string }[]).find((b) => b.type === 'table')).join('\n');
    expect(table).toContain('`c2.eu-de.containers.cloud.ibm.com`');
    expect(table).toContain('`31142`');
    for (const ip of ['192.0.2.10', '192.0.2.11']) expect(all).toContain(`\`${ip}\``);
    expect(all).toContain('Cluster prod-fra as read from the IBM Cloud Kubernetes Service API.');

    expect((await p.audit(question, from)).clusterLookup).toEqual({ cluster: 'prod-fra', status: 'found', source: 'iks', cached: false });
    // The plain question, answered while the lookup ran, has no cluster lookup in its audit line.
    expect((await p.audit('dns in eu-de', from)).clusterLookup).toBeNull();
  });
});

describe('/porthole with the IBM Cloud source (HTTP mode)', () => {
  let p: Porthole;
  beforeAll(async () => {
    p = await new Porthole('http', iksEnv()).start();
  });
  afterAll(async () => p?.stop());
  beforeEach(() => cloud.clearRequests());

  it('past the deadline: the region answer through response_url, with a note that the cluster could not be read', async () => {
    cloud.enqueue(clusterPath('slow-dal'), { delayMs: 5000 }); // the deadline is 2 s
    const from = p.logs.length;
    const asked = await p.slash('master ips for cluster slow-dal in us-south');
    expect(asked.latencyMs).toBeLessThan(1000);
    const { body, at } = await p.answerOf(asked);
    expect(at - asked.sentAt).toBeGreaterThanOrEqual(1900);
    expect(at - asked.sentAt).toBeLessThan(4000); // answered at the deadline, not when IKS finally answers
    expect(body.replace_original).toBe(false);
    const all = textOf(body.blocks);
    expect(all).toContain('Cluster slow-dal could not be read (the lookup timed out): the answer covers the region.');
    expect(all).toContain('Worker nodes to the cluster masters');
    expect(all).not.toContain('198.51.100.8');
    // The workers' addresses stay a placeholder: in italics, saying what it stands for, never as code.
    const workers = dataset.parties.get('workers-public')!;
    expect(shownText(body.blocks)).toContain(`_${workers.label}_`);
    expect(all).not.toContain(`\`${workers.placeholder}`);
    expect((await p.audit('master ips for cluster slow-dal in us-south', from)).clusterLookup).toMatchObject({ cluster: 'slow-dal', status: 'unavailable-timeout', source: null });
    // The operators' log has the details.
    const warn = await p.log((l) => l.msg === 'cluster lookup failed', from);
    expect(warn).toMatchObject({ component: 'clusters', cluster: 'slow-dal', status: 'unavailable', reason: 'timeout' });
  });

  it('not found: the region answer with the closest names', async () => {
    const asked = await p.slash('kubectl for cluster prod-frx in eu-de');
    const all = textOf((await p.answerOf(asked)).body.blocks);
    expect(all).toContain('Cluster prod-frx was not found; did you mean prod-fra? The answer covers the region.');
    expect(all).toContain('kubectl commands in eu-de');
    expect(all).toContain('`20000-32767`');
  });

  it('answers the second question about a cluster from the cache: no second IKS request, audit cached: true', async () => {
    const from = p.logs.length;
    const question = 'master ips for cluster dev-dal';
    const first = await p.slash(question);
    expect(textOf((await p.answerOf(first)).body.blocks)).toContain('`198.51.100.7`');
    expect((await p.audit(question, from)).clusterLookup).toEqual({ cluster: 'dev-dal', status: 'found', source: 'iks', cached: false });
    const iksAfterFirst = cloud.iksRequests().length;
    expect(iksAfterFirst).toBe(2); // the cluster and its workers

    const fromSecond = p.logs.length;
    const second = await p.slash(question);
    const cachedAnswer = await p.answerOf(second);
    // A cached lookup needs no network call: the answer comes in the ack itself.
    expect(cachedAnswer.inAck).toBe(true);
    const all = textOf(cachedAnswer.body.blocks);
    expect(all).toContain('`198.51.100.7`');
    expect(all).toContain('Cluster dev-dal as read from the IBM Cloud Kubernetes Service API (cached).');
    expect((await p.audit(question, fromSecond)).clusterLookup).toEqual({ cluster: 'dev-dal', status: 'found', source: 'iks', cached: true });
    expect(cloud.iksRequests()).toHaveLength(iksAfterFirst);

    // The next request, naming no cluster, starts afresh: its audit line has no cluster lookup.
    const fromPlain = p.logs.length;
    await p.answerOf(await p.slash('vrrp in us-south'));
    expect((await p.audit('vrrp in us-south', fromPlain)).clusterLookup).toBeNull();
  });

  it('a person over the rate limit gets "slow down" in each ack, and no lookup is made', async () => {
    const limited = await new Porthole('http', iksEnv(), 1).start();
    try {
      const first = await limited.slash('master ips for cluster prod-fra', { user: 'U0FLOOD01' });
      expect(textOf((await limited.answerOf(first)).body.blocks)).toContain('`192.0.2.10`');
      const lookups = cloud.iksRequests().length;
      const warned = await limited.slash('master ips for cluster prod-fra', { user: 'U0FLOOD01' });
      expect(textOf((warned.ackBody as MessageBody).blocks)).toContain('more than 1 questions in the last minute');
      const dropped = await limited.slash('master ips for cluster prod-fra', { user: 'U0FLOOD01' });
      expect(textOf((dropped.ackBody as MessageBody).blocks)).toContain('more than 1 questions in the last minute');
      expect(cloud.iksRequests()).toHaveLength(lookups);
      expect(limited.standIn.responses(warned.responseId)).toEqual([]);
      expect(limited.standIn.responses(dropped.responseId)).toEqual([]);
    } finally {
      await limited.stop();
    }
  });
});

describe('/porthole when IAM refuses the API key', () => {
  let p: Porthole;
  beforeAll(async () => {
    p = await new Porthole('http', iksEnv()).start();
  });
  afterAll(async () => p?.stop());

  it('tells the asker lookups are not set up, and puts the details in the log only', async () => {
    cloud.clearRequests();
    cloud.enqueue('/identity/token', { status: 401, body: { errorCode: 'BXNIM0415E', errorMessage: 'Provided API key could not be found.' } });
    const from = p.logs.length;
    const asked = await p.slash('kubectl for cluster prod-fra in eu-de');
    const { body } = await p.answerOf(asked);
    const raw = JSON.stringify(body);
    expect(textOf(body.blocks)).toContain(
      'Cluster lookups are not set up correctly for porthole (the administrators have the details in the log), so cluster prod-fra could not be read: the answer covers the region.',
    );
    expect(raw).not.toContain('BXNIM0415E');
    expect(raw).not.toContain('401');
    expect(textOf(body.blocks)).toContain('kubectl commands in eu-de');

    const logged = await p.log((l) => l.msg === 'cluster lookup is not authorised; check IBMCLOUD_API_KEY and its access', from);
    expect(logged).toMatchObject({ level: 50, component: 'clusters', cluster: 'prod-fra', status: 'unauthorized' });
    expect(logged.detail).toContain('HTTP 401');
    expect(logged.detail).toContain('BXNIM0415E Provided API key could not be found.');
    expect((await p.audit('kubectl for cluster prod-fra in eu-de', from)).clusterLookup).toMatchObject({ cluster: 'prod-fra', status: 'unauthorized' });
    expect(cloud.tokenRequests()).toHaveLength(1);
    expect(cloud.iksRequests()).toEqual([]);
    expect(p.rawLog).not.toContain(API_KEY);
  });
});

describe('access lists (CLUSTER_LOOKUP_ALLOWED_CHANNELS, CLUSTER_LOOKUP_ALLOWED_USERS)', () => {
  let p: Porthole;
  beforeAll(async () => {
    p = await new Porthole('http', iksEnv({ CLUSTER_LOOKUP_ALLOWED_CHANNELS: 'C0OPSROOM', CLUSTER_LOOKUP_ALLOWED_USERS: 'U0OPS0001,U0OPS0002' })).start();
  });
  afterAll(async () => p?.stop());
  beforeEach(() => cloud.clearRequests());

  it('gives the region answer and says why to anyone outside them, without asking IBM Cloud anything', async () => {
    const question = 'master ips for cluster ops-dal';
    const cases = [
      { who: { user: W.userId, channel: 'C0OPSROOM' }, why: `user ${W.userId} is not in CLUSTER_LOOKUP_ALLOWED_USERS` },
      { who: { user: 'U0OPS0001', channel: W.channelId }, why: `channel ${W.channelId} is not in CLUSTER_LOOKUP_ALLOWED_CHANNELS` },
    ];
    for (const { who, why } of cases) {
      const from = p.logs.length;
      const asked = await p.slash(question, who);
      const { body } = await p.answerOf(asked);
      expect(JSON.stringify(body)).not.toContain('198.51.100.9');
      expect(textOf(body.blocks)).toContain(`Cluster details are not shared here (${why}): the answer covers the region.`);
      expect((await p.audit(question, from)).clusterLookup).toEqual({ cluster: 'ops-dal', status: 'not-allowed', source: null, cached: false });
    }
    expect(cloud.requests).toEqual([]);

    // The same question from an allowed person in an allowed channel: the workers' IPs.
    const allowed = await p.slash(question, { user: 'U0OPS0002', channel: 'C0OPSROOM' });
    expect(textOf((await p.answerOf(allowed)).body.blocks)).toContain('`198.51.100.9`');
    expect(cloud.iksRequests().length).toBeGreaterThan(0);
  });
});

describe('a cluster file (CLUSTERS_FILE) answering a mention', () => {
  let p: Porthole;
  beforeAll(async () => {
    p = await new Porthole('http', { CLUSTERS_FILE: EXAMPLE_FILE }).start();
  });
  afterAll(async () => p?.stop());

  it('answers in the thread with the workers’ IPs; the audit line names the cluster and the file', async () => {
    const from = p.logs.length;
    const { ts } = await p.mention('master ips for cluster demo-fra');
    const reply = await p.call('chat.postMessage', (c) => c.args.thread_ts === ts);
    const all = textOf(reply.args.blocks);
    expect(all).toContain('cluster *demo-fra* (from file)');
    for (const ip of ['192.0.2.11', '192.0.2.12', '192.0.2.13']) expect(all).toContain(`\`${ip}\``);
    expect(all).toContain('Cluster demo-fra as read from the cluster file.');
    const audit = await p.audit('master ips for cluster demo-fra', from);
    expect(audit).toMatchObject({ entry: 'app-mention', outcome: 'answered', query: { cluster: 'demo-fra' } });
    expect(audit.clusterLookup).toEqual({ cluster: 'demo-fra', status: 'found', source: 'file', cached: false });
  });
});

/** `npm start`'s entry point as a child process, with only `env` and PATH; `onLogLine` sees each JSON log line on stdout. */
async function runMain(env: Record<string, string>, onLogLine?: (line: LogLine, child: ChildProcess) => void) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/slack/main.ts'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 });
  const out = { stdout: [] as LogLine[], stderr: '' };
  child.stderr.setEncoding('utf8').on('data', (text: string) => (out.stderr += text));
  createInterface({ input: child.stdout }).on('line', (text) => {
    const line = JSON.parse(text) as LogLine;
    out.stdout.push(line);
    onLogLine?.(line, child);
  });
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, ...out };
}

describe('npm start (src/slack/main.ts) with cluster settings', () => {
  const slackEnv = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SECRET, PORT: '0', HOST: '127.0.0.1' };
  let slack: SlackStandIn | undefined;
  afterEach(async () => {
    await slack?.close();
    slack = undefined;
  });

  it('stops with one line and exit code 1 on a malformed CLUSTER_LOOKUP_TIMEOUT_MS', async () => {
    const run = await runMain({ ...slackEnv, CLUSTER_LOOKUP_TIMEOUT_MS: '2s' });
    expect(run.code).toBe(1);
    expect(run.stdout).toEqual([]);
    expect(run.stderr).toBe('porthole: CLUSTER_LOOKUP_TIMEOUT_MS must be a whole number from 1 to 120000, such as 2000 (got "2s")\n');
  });

  it('stops with one line and exit code 1 when CLUSTERS_FILE cannot be read', async () => {
    const missing = join(ROOT, 'data', 'no-such-clusters.yml');
    const run = await runMain({ ...slackEnv, CLUSTERS_FILE: missing });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`porthole: CLUSTERS_FILE is not a valid cluster file: ${missing}: cannot read the cluster file (no such file)\n`);
  });

  it('answers a slash command naming a cluster from CLUSTERS_FILE, and stops cleanly on SIGTERM', async () => {
    let ack: MessageBody | undefined;
    const standIn = await startSlackStandIn({ botToken: BOT_TOKEN });
    slack = standIn;
    const run = await runMain({ ...slackEnv, SLACK_API_URL: standIn.apiUrl, CLUSTERS_FILE: EXAMPLE_FILE }, (line, child) => {
      if (line.msg !== 'porthole Slack app started') return;
      const fields = slashCommandFields({ text: 'master ips for cluster demo-dal', response_url: standIn.responseUrl('main-1') });
      void postSlashCommand(`http://127.0.0.1:${String(line.port)}`, SECRET, fields)
        .then(async (res) => {
          ack = res.json as MessageBody | undefined;
          // The answer is in the ack, or (the cluster file read for the first time) follows through response_url.
          if (textOf(ack?.blocks).startsWith('Looking up cluster')) await standIn.waitForResponse('main-1', 5000);
        })
        .catch(() => undefined) // the assertions below say what is missing
        .finally(() => child.kill('SIGTERM'));
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const body = (standIn.responses('main-1')[0]?.body as MessageBody | undefined) ?? ack;
    expect(textOf(body?.blocks)).toContain('`198.51.100.21`');
    expect(run.stdout.find((l) => l.msg === 'cluster lookups set up')).toMatchObject({ clusterLookups: { sources: ['file'], allowedChannels: 'all', allowedUsers: 'all' } });
    expect(run.stdout.find((l) => l.msg === 'audit')?.audit).toMatchObject({ clusterLookup: { cluster: 'demo-dal', status: 'found', source: 'file', cached: false } });
  });
});
