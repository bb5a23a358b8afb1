import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  clusterConfigSchema,
  createClusterDirectory,
  isLookupAllowed,
  loadClusterFile,
  readClusterConfig,
  type ClusterConfigInput,
  type ClusterDirectory,
  type ClusterLogger,
  type ClusterLookupResult,
} from '../src/clusters/index.js';
import { MAX_ANSWER_BYTES } from '../src/clusters/http.js';
import { closestNames } from '../src/clusters/names.js';
import type { ClusterFacts } from '../src/core/answer.js';
import { type FakeCluster, type IbmCloudStandIn, startIbmCloudStandIn } from './support/ibm-cloud.js';

// The region ids the engine would derive from the dataset, with the legacy ids IKS may still send.
const REGIONS: Record<string, string> = {
  'eu-de': 'eu-de',
  'eu-central': 'eu-de',
  'eu-gb': 'eu-gb',
  'uk-south': 'eu-gb',
  'us-south': 'us-south',
  'jp-tok': 'jp-tok',
  'ap-north': 'jp-tok',
};
const resolveRegion = (name: string): string | null => REGIONS[name] ?? null;

const EXAMPLE_FILE = join(import.meta.dirname, '..', 'data', 'clusters.example.yml');

function prodFra(): FakeCluster {
  return {
    id: 'bqf7l1ff0b5mmn8kvdsg',
    name: 'prod-fra',
    region: 'eu-de',
    dataCenter: 'fra02',
    workerZones: ['fra02', 'fra04'],
    masterURL: 'https://c2.eu-de.containers.cloud.ibm.com:31142',
    publicServiceEndpointURL: 'https://c2.eu-de.containers.cloud.ibm.com:31142',
    privateServiceEndpointURL: 'https://c2.private.eu-de.containers.cloud.ibm.com:31142',
    etcdPort: '31593',
    workers: [
      { id: 'kube-bqf7l1ff0b5mmn8kvdsg-prodfra-default-0001', publicIP: '192.0.2.10', privateIP: '10.75.1.10', location: 'fra02' },
      { id: 'kube-bqf7l1ff0b5mmn8kvdsg-prodfra-default-0002', publicIP: '192.0.2.11', privateIP: '10.75.2.11', location: 'fra04' },
    ],
  };
}

function oldTok(): FakeCluster {
  return {
    id: 'c9old0tok0000000legacy',
    name: 'old-tok',
    region: 'ap-north',
    dataCenter: 'tok02',
    workerZones: ['tok02'],
    masterURL: 'https://c1.jp-tok.containers.cloud.ibm.com',
    etcdPort: '',
    workers: [{ id: 'kube-old-tok-w1', publicIP: '', privateIP: '10.20.0.5', location: 'tok02' }],
  };
}

function legacyFra(): FakeCluster {
  return { ...prodFra(), id: 'c7legacyfra00000000', name: 'legacy-fra', region: 'eu-central', workers: [] };
}

function devDal(): FakeCluster {
  return {
    id: 'cdevdal0000000000001',
    name: 'dev-dal',
    region: 'us-south',
    dataCenter: 'dal10',
    workerZones: ['dal10'],
    masterURL: 'https://c100.us-south.containers.cloud.ibm.com:30422',
    etcdPort: '30001',
    workers: [{ id: 'kube-dev-dal-w1', publicIP: '198.51.100.7', privateIP: '10.184.0.7', location: 'dal10' }],
  };
}

/** A logger that keeps what it is given, in the shape pino takes. */
function recordingLogger(): ClusterLogger & { lines: Array<{ level: string; obj: object; msg?: string }> } {
  const lines: Array<{ level: string; obj: object; msg?: string }> = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

function found(result: ClusterLookupResult): Extract<ClusterLookupResult, { status: 'found' }> {
  if (result.status !== 'found') throw new Error(`expected found, got ${JSON.stringify(result)}`);
  return result;
}

let cloud: IbmCloudStandIn;
let directories: ClusterDirectory[] = [];
let scratch: string;

function directory(overrides: ClusterConfigInput = {}, logger?: ClusterLogger): ClusterDirectory {
  const config = clusterConfigSchema.parse({
    apiKey: cloud.apiKey,
    iamUrl: cloud.iamUrl,
    iksUrl: cloud.iksUrl,
    ...overrides,
  });
  const dir = createClusterDirectory({ config, resolveRegion, ...(logger ? { logger } : {}) });
  directories.push(dir);
  return dir;
}

const clusterPath = (name: string): string => `/global/v1/clusters/${encodeURIComponent(name)}`;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'porthole-clusters-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

beforeEach(async () => {
  cloud = await startIbmCloudStandIn({ clusters: [prodFra(), oldTok(), legacyFra(), devDal()] });
});

afterEach(async () => {
  vi.useRealTimers();
  for (const dir of directories) dir.close();
  directories = [];
  await cloud.close();
});

describe('IAM token', () => {
  it('is fetched once, with the API key as a form, and reused for later lookups', async () => {
    const dir = directory();
    found(await dir.lookup('prod-fra'));
    found(await dir.lookup('dev-dal'));
    found(await dir.lookup('old-tok'));

    const tokenRequests = cloud.tokenRequests();
    expect(tokenRequests).toHaveLength(1);
    const [req] = tokenRequests;
    expect(req?.method).toBe('POST');
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req?.headers.accept).toBe('application/json');
    const form = new URLSearchParams(req?.body);
    expect(form.get('grant_type')).toBe('urn:ibm:params:oauth:grant-type:apikey');
    expect(form.get('apikey')).toBe(cloud.apiKey);

    const iks = cloud.iksRequests();
    expect(iks).toHaveLength(6);
    for (const r of iks) expect(r.headers.authorization).toBe(`Bearer ${cloud.issuedTokens[0]}`);
  });

  it('is requested once for many concurrent first lookups', async () => {
    const dir = directory();
    const results = await Promise.all(['prod-fra', 'dev-dal', 'old-tok', 'legacy-fra'].map((n) => dir.lookup(n)));
    expect(results.map((r) => r.status)).toEqual(['found', 'found', 'found', 'found']);
    expect(cloud.tokenRequests()).toHaveLength(1);
  });

  it('is fetched anew when it is about to expire (short-lived tokens)', async () => {
    cloud.setTokenLifetime(30); // less than the 60 s refresh margin: every use needs a new one
    const dir = directory();
    found(await dir.lookup('prod-fra'));
    found(await dir.lookup('dev-dal'));
    expect(cloud.tokenRequests()).toHaveLength(2);
    const [first, second] = cloud.issuedTokens;
    expect(cloud.requestsTo(clusterPath('dev-dal'))[0]?.headers.authorization).toBe(`Bearer ${second}`);
    expect(first).not.toBe(second);
  });

  it('is refreshed 60 s before expires_in runs out, not earlier', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2026-03-01T10:00:00Z').getTime();
    vi.setSystemTime(start);
    const dir = directory({ cacheTtlSeconds: 0 });
    found(await dir.lookup('prod-fra'));

    vi.setSystemTime(start + 3530_000); // 70 s left
    found(await dir.lookup('prod-fra'));
    expect(cloud.tokenRequests()).toHaveLength(1);

    vi.setSystemTime(start + 3545_000); // 55 s left
    found(await dir.lookup('prod-fra'));
    expect(cloud.tokenRequests()).toHaveLength(2);
  });

  it('is refreshed once when the API answers 401, and the request is made again', async () => {
    const dir = directory();
    found(await dir.lookup('prod-fra'));
    cloud.rejectIssuedTokens();

    const result = found(await dir.lookup('dev-dal'));
    expect(result.facts.name).toBe('dev-dal');
    // Cluster and workers both met the 401 at once; they shared the one refresh.
    expect(cloud.tokenRequests()).toHaveLength(2);
    const [stale, fresh] = cloud.issuedTokens;
    const auths = cloud.requestsTo(clusterPath('dev-dal')).map((r) => r.headers.authorization);
    expect(auths).toEqual([`Bearer ${stale}`, `Bearer ${fresh}`]);
    const workerAuths = cloud.requestsTo(`${clusterPath('dev-dal')}/workers`).map((r) => r.headers.authorization);
    expect(workerAuths).toEqual([`Bearer ${stale}`, `Bearer ${fresh}`]);
  });

  it('gives unauthorized, after a single refresh, when the API keeps answering 401', async () => {
    const logger = recordingLogger();
    const dir = directory({}, logger);
    const denied = { status: 401, body: { incidentID: 'x1', code: 'E0001', description: 'token not valid', type: 'Authentication' } };
    cloud.enqueue(clusterPath('prod-fra'), denied, denied, denied);

    const result = await dir.lookup('prod-fra');
    expect(result).toMatchObject({ status: 'unauthorized' });
    expect(cloud.tokenRequests()).toHaveLength(2);
    expect(cloud.requestsTo(clusterPath('prod-fra'))).toHaveLength(2);
    expect(logger.lines.some((l) => l.level === 'error')).toBe(true);
    expect(JSON.stringify(logger.lines)).not.toContain(cloud.apiKey);
  });

  it('gives unauthorized with IAM\'s reason when the API key is refused, and makes no API request', async () => {
    const logger = recordingLogger();
    const dir = directory({ apiKey: 'not-the-key' }, logger);
    const result = await dir.lookup('prod-fra');
    expect(result.status).toBe('unauthorized');
    expect(result.status === 'unauthorized' && result.detail).toContain('BXNIM0415E');
    expect(cloud.iksRequests()).toHaveLength(0);
    expect(JSON.stringify(logger.lines)).not.toContain('not-the-key');
  });
});

describe('IKS cluster lookup', () => {
  it('reads the cluster and its workers into ClusterFacts', async () => {
    const dir = directory();
    const result = found(await dir.lookup('prod-fra'));
    expect(result.source).toBe('iks');
    expect(result.cached).toBe(false);
    expect(result.facts).toEqual<ClusterFacts>({
      id: 'bqf7l1ff0b5mmn8kvdsg',
      name: 'prod-fra',
      region: 'eu-de',
      zones: ['fra02', 'fra04'],
      masterUrl: 'https://c2.eu-de.containers.cloud.ibm.com:31142',
      masterHost: 'c2.eu-de.containers.cloud.ibm.com',
      masterPort: 31142,
      privateEndpointUrl: 'https://c2.private.eu-de.containers.cloud.ibm.com:31142',
      etcdPort: 31593,
      workers: [
        { id: 'kube-bqf7l1ff0b5mmn8kvdsg-prodfra-default-0001', zone: 'fra02', publicIp: '192.0.2.10', privateIp: '10.75.1.10' },
        { id: 'kube-bqf7l1ff0b5mmn8kvdsg-prodfra-default-0002', zone: 'fra04', publicIp: '192.0.2.11', privateIp: '10.75.2.11' },
      ],
      source: 'iks',
    });
    expect(cloud.requestsTo(clusterPath('prod-fra'), 'GET')).toHaveLength(1);
    expect(cloud.requestsTo(`${clusterPath('prod-fra')}/workers`, 'GET')).toHaveLength(1);
  });

  it('finds a cluster by id too', async () => {
    const dir = directory();
    expect(found(await dir.lookup('bqf7l1ff0b5mmn8kvdsg')).facts.name).toBe('prod-fra');
  });

  it('takes port 443 for a master URL without one, and no etcd port or public IP for empty strings', async () => {
    const dir = directory();
    const { facts } = found(await dir.lookup('old-tok'));
    expect(facts.masterHost).toBe('c1.jp-tok.containers.cloud.ibm.com');
    expect(facts.masterPort).toBe(443);
    expect(facts.etcdPort).toBeNull();
    expect(facts.privateEndpointUrl).toBeNull();
    expect(facts.workers).toEqual([{ id: 'kube-old-tok-w1', zone: 'tok02', publicIp: null, privateIp: '10.20.0.5' }]);
  });

  it('maps a legacy region (eu-central) to the dataset region (eu-de) through resolveRegion', async () => {
    const dir = directory();
    expect(found(await dir.lookup('legacy-fra')).facts.region).toBe('eu-de');
    expect(found(await dir.lookup('old-tok')).facts.region).toBe('jp-tok');
  });

  it('answers unavailable/malformed for a region resolveRegion does not know', async () => {
    cloud.setClusters([{ ...devDal(), name: 'mars', region: 'mars-north' }]);
    const result = await directory().lookup('mars');
    expect(result).toMatchObject({ status: 'unavailable', reason: 'malformed' });
    expect(result.status === 'unavailable' && result.detail).toContain('mars-north');
  });

  it('answers not-found with the closest names from the list endpoint', async () => {
    const dir = directory();
    const result = await dir.lookup('prod-fr');
    expect(result).toEqual({ status: 'not-found', name: 'prod-fr', suggestions: ['prod-fra'] });
    expect(cloud.requestsTo('/global/v1/clusters')).toHaveLength(1);
    expect(await dir.lookup('zzzzzzzzzzzzzzzzzzzz')).toEqual({ status: 'not-found', name: 'zzzzzzzzzzzzzzzzzzzz', suggestions: [] });
  });

  it('answers forbidden on 403', async () => {
    cloud.enqueue(clusterPath('prod-fra'), {
      status: 403,
      body: { incidentID: 'x2', code: 'E0007', description: 'You are not authorized to view this cluster.', type: 'Authorization' },
    });
    const result = await directory().lookup('prod-fra');
    expect(result.status).toBe('forbidden');
    expect(result.status === 'forbidden' && result.detail).toContain('not authorized');
    expect(cloud.tokenRequests()).toHaveLength(1);
  });

  it('retries once after a 500 and succeeds', async () => {
    cloud.enqueue(clusterPath('prod-fra'), { status: 500, body: { description: 'internal error' } });
    const result = found(await directory().lookup('prod-fra'));
    expect(result.facts.workers).toHaveLength(2);
    expect(cloud.requestsTo(clusterPath('prod-fra'))).toHaveLength(2);
  });

  it('retries once after a dropped connection and succeeds', async () => {
    cloud.enqueue(`${clusterPath('prod-fra')}/workers`, { hangUp: true });
    found(await directory().lookup('prod-fra'));
    expect(cloud.requestsTo(`${clusterPath('prod-fra')}/workers`)).toHaveLength(2);
  });

  it('retries a failed token request once too', async () => {
    cloud.enqueue('/identity/token', { status: 503, raw: 'busy' });
    found(await directory().lookup('prod-fra'));
    expect(cloud.tokenRequests()).toHaveLength(2);
  });

  it('answers unavailable/outage after two 5xx answers, without a third try', async () => {
    cloud.enqueue(clusterPath('prod-fra'), { status: 502, raw: 'bad gateway' }, { status: 503, raw: 'unavailable' });
    const result = await directory().lookup('prod-fra');
    expect(result).toMatchObject({ status: 'unavailable', reason: 'outage' });
    expect(cloud.requestsTo(clusterPath('prod-fra'))).toHaveLength(2);
  });

  it('answers unavailable/timeout quickly when the API is slower than the deadline', async () => {
    cloud.enqueue(clusterPath('prod-fra'), { delayMs: 10_000 });
    const dir = directory({ timeoutMs: 300 });
    const started = performance.now();
    const result = await dir.lookup('prod-fra');
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ status: 'unavailable', reason: 'timeout' });
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(1500);
    // A slow answer is not a network error: no retry.
    expect(cloud.requestsTo(clusterPath('prod-fra'))).toHaveLength(1);
  });

  it('answers unavailable/timeout when IAM is slower than the deadline', async () => {
    cloud.enqueue('/identity/token', { delayMs: 10_000 });
    const started = performance.now();
    const result = await directory({ timeoutMs: 300 }).lookup('prod-fra');
    expect(result).toMatchObject({ status: 'unavailable', reason: 'timeout' });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(cloud.iksRequests()).toHaveLength(0);
  });

  it('answers unavailable/malformed for a body that is not JSON', async () => {
    cloud.enqueue(clusterPath('prod-fra'), { status: 200, raw: '{"id": "bqf7l1ff0b5mmn8kvdsg", "name": ' });
    const result = await directory().lookup('prod-fra');
    expect(result).toMatchObject({ status: 'unavailable', reason: 'malformed' });
  });

  it('answers unavailable/malformed for JSON of the wrong shape', async () => {
    cloud.enqueue(`${clusterPath('prod-fra')}/workers`, { status: 200, body: { workers: 'none' } });
    const result = await directory().lookup('prod-fra');
    expect(result).toMatchObject({ status: 'unavailable', reason: 'malformed' });
  });

  it('answers unavailable/malformed when a worker IP is not an IPv4 address (it would end up in firewall rules)', async () => {
    cloud.enqueue(`${clusterPath('prod-fra')}/workers`, {
      status: 200,
      body: [{ id: 'w1', publicIP: '192.0.2.1\n-A INPUT -j ACCEPT', privateIP: '10.0.0.1', location: 'fra02', state: 'normal' }],
    });
    const result = await directory().lookup('prod-fra');
    expect(result).toMatchObject({ status: 'unavailable', reason: 'malformed' });
  });

  it('answers unavailable/malformed, naming the limit, for an IKS answer larger than MAX_ANSWER_BYTES, and does not ask again', async () => {
    // Sent with its Content-Length: refused before its body is read.
    const huge = [{ id: 'w1', publicIP: '192.0.2.1', privateIP: '10.0.0.1', location: 'fra02', state: 'normal', padding: 'x'.repeat(MAX_ANSWER_BYTES) }];
    cloud.enqueue(`${clusterPath('prod-fra')}/workers`, { status: 200, body: huge }, { status: 200, body: huge });
    const result = await directory().lookup('prod-fra');
    expect(result).toMatchObject({ status: 'unavailable', reason: 'malformed' });
    expect(result.status === 'unavailable' && result.detail).toContain(`larger than ${MAX_ANSWER_BYTES} bytes`);
    expect(cloud.requestsTo(`${clusterPath('prod-fra')}/workers`)).toHaveLength(1);
  });

  it('answers unavailable/malformed for an IAM answer larger than MAX_ANSWER_BYTES that does not declare its length', async () => {
    cloud.enqueue('/identity/token', { status: 200, raw: JSON.stringify({ access_token: 'a'.repeat(MAX_ANSWER_BYTES), expires_in: 3600 }), chunked: true });
    const result = await directory().lookup('prod-fra');
    expect(result).toMatchObject({ status: 'unavailable', reason: 'malformed' });
    expect(result.status === 'unavailable' && result.detail).toContain('MAX_ANSWER_BYTES');
    expect(cloud.tokenRequests()).toHaveLength(1);
    expect(cloud.iksRequests()).toHaveLength(0);
  });

  it('answers unavailable/outage for a 404 that is not from IKS (wrong IKS_API_URL)', async () => {
    const result = await directory({ iksUrl: `${cloud.iamUrl}/not-iks` }).lookup('prod-fra');
    expect(result).toMatchObject({ status: 'unavailable', reason: 'outage' });
    expect(result.status === 'unavailable' && result.detail).toContain('IKS_API_URL');
  });
});

describe('caching and sharing', () => {
  it('answers a second lookup from the cache, by name or id, without a request', async () => {
    const dir = directory();
    expect(found(await dir.lookup('prod-fra')).cached).toBe(false);
    const before = cloud.requests.length;
    const again = found(await dir.lookup('prod-fra'));
    const byId = found(await dir.lookup('bqf7l1ff0b5mmn8kvdsg'));
    expect(again.cached).toBe(true);
    expect(byId.cached).toBe(true);
    expect(again.facts.masterPort).toBe(31142);
    expect(cloud.requests.length).toBe(before);
  });

  it('hands out copies: changing an answer does not change the cache', async () => {
    const dir = directory();
    found(await dir.lookup('prod-fra')).facts.workers.length = 0;
    expect(found(await dir.lookup('prod-fra')).facts.workers).toHaveLength(2);
  });

  it('forgets a found cluster after cacheTtlSeconds', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const dir = directory({ cacheTtlSeconds: 120 });
    found(await dir.lookup('prod-fra'));
    vi.setSystemTime(start + 119_000);
    expect(found(await dir.lookup('prod-fra')).cached).toBe(true);
    vi.setSystemTime(start + 121_000);
    expect(found(await dir.lookup('prod-fra')).cached).toBe(false);
    expect(cloud.requestsTo(clusterPath('prod-fra'))).toHaveLength(2);
  });

  it('does not cache with cacheTtlSeconds 0', async () => {
    const dir = directory({ cacheTtlSeconds: 0 });
    found(await dir.lookup('prod-fra'));
    expect(found(await dir.lookup('prod-fra')).cached).toBe(false);
    expect(cloud.requestsTo(clusterPath('prod-fra'))).toHaveLength(2);
  });

  it('remembers a not-found for 30 s, then asks again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const dir = directory();
    expect((await dir.lookup('prod-fr')).status).toBe('not-found');
    vi.setSystemTime(start + 29_000);
    const again = await dir.lookup('prod-fr');
    expect(again).toEqual({ status: 'not-found', name: 'prod-fr', suggestions: ['prod-fra'] });
    expect(cloud.requestsTo(clusterPath('prod-fr'))).toHaveLength(1);

    vi.setSystemTime(start + 31_000);
    expect((await dir.lookup('prod-fr')).status).toBe('not-found');
    expect(cloud.requestsTo(clusterPath('prod-fr'))).toHaveLength(2);
  });

  it('finds a cluster created after a cached not-found once that expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const dir = directory({ notFoundTtlSeconds: 5 });
    expect((await dir.lookup('new-one')).status).toBe('not-found');
    cloud.setClusters([{ ...devDal(), name: 'new-one', id: 'cnewone0000000000001' }]);
    expect((await dir.lookup('new-one')).status).toBe('not-found');
    vi.setSystemTime(start + 6_000);
    expect(found(await dir.lookup('new-one')).facts.id).toBe('cnewone0000000000001');
  });

  it('does not cache failures', async () => {
    cloud.enqueue(clusterPath('prod-fra'), { status: 500 }, { status: 500 });
    const dir = directory();
    expect((await dir.lookup('prod-fra')).status).toBe('unavailable');
    expect(found(await dir.lookup('prod-fra')).cached).toBe(false);
  });

  it('makes one cluster request for ten concurrent lookups of one cluster', async () => {
    const dir = directory();
    const results = await Promise.all(Array.from({ length: 10 }, () => dir.lookup('prod-fra')));
    for (const r of results) expect(found(r).facts.id).toBe('bqf7l1ff0b5mmn8kvdsg');
    expect(cloud.requestsTo(clusterPath('prod-fra'))).toHaveLength(1);
    expect(cloud.requestsTo(`${clusterPath('prod-fra')}/workers`)).toHaveLength(1);
    expect(cloud.tokenRequests()).toHaveLength(1);
  });
});

describe('cluster names', () => {
  const bad = ['../etc/passwd', '..', '.', 'demo fra', '', 'a/b', 'prod-fra%2F..', 'x'.repeat(65), 'prod-fra\n', 'prod?x=1', 'Ünïcode'];

  it.each(bad)('rejects %j before any request', async (name) => {
    const dir = directory();
    const result = await dir.lookup(name);
    expect(result.status).toBe('invalid-name');
    expect(result.status === 'invalid-name' && result.message.length).toBeGreaterThan(0);
    expect(cloud.requests).toHaveLength(0);
  });

  it('accepts letters, digits, "-", "_" and "." up to 64 characters, and puts them in the path encoded', async () => {
    const long = `a${'b'.repeat(63)}`;
    cloud.setClusters([{ ...devDal(), name: 'My_cluster.v2' }, { ...devDal(), id: 'x1', name: long }]);
    const dir = directory();
    found(await dir.lookup('My_cluster.v2'));
    found(await dir.lookup(long));
    expect(cloud.requestsTo('/global/v1/clusters/My_cluster.v2')).toHaveLength(1);
  });

  it('suggests close names only', () => {
    expect(closestNames('prod-fr', ['prod-fra', 'dev-dal', 'prod-dal'])).toEqual(['prod-fra']);
    expect(closestNames('prod-da', ['prod-dal', 'prod-dar', 'dev-dal'])).toEqual(['prod-dal', 'prod-dar']);
    expect(closestNames('PROD-FRA', ['prod-fra'])).toEqual(['prod-fra']);
    expect(closestNames('abc', ['xyzxyzxyz'])).toEqual([]);
  });
});

describe('cluster file', () => {
  it('is read by preload(), so that the first lookup it answers waits for no I/O', async () => {
    /** Whether the lookup settles before the next I/O callbacks run (setImmediate comes after pending promise jobs). */
    const settlesWithoutIo = async (lookup: Promise<unknown>) =>
      Promise.race([lookup.then(() => true), new Promise<boolean>((resolve) => setImmediate(() => resolve(false)))]);
    const cold = directory({ apiKey: null, clustersFile: EXAMPLE_FILE });
    expect(await settlesWithoutIo(cold.lookup('demo-fra'))).toBe(false);
    const warm = directory({ apiKey: null, clustersFile: EXAMPLE_FILE });
    await warm.preload();
    const lookup = warm.lookup('demo-fra');
    expect(await settlesWithoutIo(lookup)).toBe(true);
    expect(await lookup).toMatchObject({ status: 'found', source: 'file' });
  });

  it('loads the example file', async () => {
    const result = await loadClusterFile(EXAMPLE_FILE, resolveRegion);
    if (!result.ok) throw new Error(result.message);
    expect(result.clusters.map((c) => [c.name, c.region, c.zones])).toEqual([
      ['demo-fra', 'eu-de', ['fra02', 'fra04', 'fra05']],
      ['demo-dal', 'us-south', ['dal10', 'dal12']],
      ['demo-lon', 'eu-gb', ['lon04']],
    ]);
    const fra = result.clusters[0];
    expect(fra).toMatchObject({
      masterUrl: 'https://c2.eu-de.containers.cloud.ibm.com:31142',
      masterHost: 'c2.eu-de.containers.cloud.ibm.com',
      masterPort: 31142,
      etcdPort: 31593,
      source: 'file',
    });
    const documentation = /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$/;
    for (const c of result.clusters) {
      for (const w of c.workers) {
        if (w.publicIp !== null) expect(w.publicIp).toMatch(documentation);
        expect(w.privateIp).toMatch(/^10\./);
        expect(c.zones).toContain(w.zone);
      }
    }
    expect(result.clusters[2]?.workers[0]?.publicIp).toBeNull();
    expect(result.clusters[2]?.etcdPort).toBeNull();
  });

  async function fileWith(name: string, text: string): Promise<string> {
    const path = join(scratch, name);
    await writeFile(path, text);
    return path;
  }

  const twoClusters = (workerIp: string, extra = ''): string => `clusters:
  - name: one
    id: c1
    region: eu-de
    zones: [fra02]
    masterUrl: https://c2.eu-de.containers.cloud.ibm.com:31142
  - name: two
    id: c2
    region: eu-central
    zones: [fra04]
    masterUrl: https://c2.eu-de.containers.cloud.ibm.com:31143${extra}
    workers:
      - id: w1
        zone: fra04
        publicIp: ${workerIp}
        privateIp: 10.0.0.1
`;

  it('accepts a legacy region and a master URL without a port', async () => {
    const path = await fileWith('legacy.yml', twoClusters('192.0.2.1'));
    const result = await loadClusterFile(path, resolveRegion);
    if (!result.ok) throw new Error(result.message);
    expect(result.clusters[1]?.region).toBe('eu-de');
  });

  it('names the file, the place and the problem for a bad value', async () => {
    const path = await fileWith('bad-ip.yml', twoClusters('300.1.2.3'));
    const result = await loadClusterFile(path, resolveRegion);
    expect(result.ok).toBe(false);
    const message = result.ok ? '' : result.message;
    expect(message).toBe(`${path}: clusters[1].workers[0].publicIp: must be an IPv4 address such as 192.0.2.10`);
  });

  it.each([
    ['missing field', (t: string) => t.replace('    region: eu-de\n', ''), 'clusters[0].region: is missing'],
    ['unknown field', (t: string) => t.replace('    id: c1\n', '    id: c1\n    colour: blue\n'), 'clusters[0]: unknown field "colour"'],
    ['unknown region', (t: string) => t.replace('region: eu-de', 'region: mars-1'), 'clusters[0].region: is not a region of the dataset'],
    ['worker zone not a cluster zone', (t: string) => t.replace('        zone: fra04', '        zone: fra05'), 'clusters[1].workers[0].zone: "fra05" is not one of the cluster\'s zones'],
    ['bad name', (t: string) => t.replace('name: one', 'name: ../one'), 'clusters[0].name: "../one" is not a cluster name'],
    ['duplicate name', (t: string) => t.replace('name: two', 'name: one'), 'clusters[1].name: "one" is already used by clusters[0]'],
    ['bad master URL', (t: string) => t.replace('masterUrl: https://c2.eu-de.containers.cloud.ibm.com:31142', 'masterUrl: c2 port 31142'), 'clusters[0].masterUrl: must be an https URL'],
    ['bad etcd port', (t: string) => t.replace('    zones: [fra02]\n', '    zones: [fra02]\n    etcdPort: 99999\n'), 'clusters[0].etcdPort: must be a port number'],
    ['no clusters list', () => 'cluster: []\n', '(top level): unknown field "cluster"'],
    ['YAML syntax', (t: string) => t.replace('zones: [fra02]', 'zones: [fra02'), ': line 6, column '],
    ['duplicate key', (t: string) => t.replace('    id: c1\n', '    id: c1\n    id: c3\n'), ': line 4, column 5: Map keys must be unique'],
  ])('reports a %s with file and place, without a stack trace', async (label, edit, expected) => {
    const path = await fileWith(`${label.replace(/\W+/g, '-')}.yml`, edit(twoClusters('192.0.2.1')));
    const result = await loadClusterFile(path, resolveRegion);
    expect(result.ok).toBe(false);
    const message = result.ok ? '' : result.message;
    expect(message.startsWith(`${path}: `)).toBe(true);
    expect(message).toContain(expected);
    expect(message).not.toMatch(/\n\s+at /);
  });

  it('reports a file that does not exist', async () => {
    const path = join(scratch, 'nope.yml');
    const result = await loadClusterFile(path, resolveRegion);
    expect(result).toEqual({ ok: false, file: path, message: `${path}: cannot read the cluster file (no such file)` });
  });

  it('answers from the file alone, with suggestions from its names', async () => {
    const dir = directory({ apiKey: null, clustersFile: EXAMPLE_FILE });
    const result = found(await dir.lookup('demo-dal'));
    expect(result.source).toBe('file');
    expect(result.facts.masterPort).toBe(30422);
    expect(found(await dir.lookup('c0demolon00000000eu0gb')).facts.name).toBe('demo-lon');
    expect(await dir.lookup('demo-da')).toEqual({ status: 'not-found', name: 'demo-da', suggestions: ['demo-dal'] });
    expect(cloud.requests).toHaveLength(0);
  });

  it('answers before IKS when both know the cluster', async () => {
    cloud.setClusters([{ ...prodFra(), name: 'demo-fra', id: 'iks-demo-fra' }]);
    const dir = directory({ clustersFile: EXAMPLE_FILE });
    const result = found(await dir.lookup('demo-fra'));
    expect(result.source).toBe('file');
    expect(result.facts.id).toBe('c0demofra0000000e0de');
    expect(cloud.requests).toHaveLength(0);
  });

  it('leaves clusters it does not list to IKS, and adds its names to suggestions', async () => {
    const dir = directory({ clustersFile: EXAMPLE_FILE });
    expect(found(await dir.lookup('prod-fra')).source).toBe('iks');
    const miss = await dir.lookup('demo-fr');
    expect(miss).toEqual({ status: 'not-found', name: 'demo-fr', suggestions: ['demo-fra'] });
  });

  it('is skipped with an error logged when broken, while IKS still answers', async () => {
    const path = await fileWith('broken.yml', twoClusters('300.1.2.3'));
    const logger = recordingLogger();
    const dir = directory({ clustersFile: path }, logger);
    expect(found(await dir.lookup('prod-fra')).source).toBe('iks');
    const logged = logger.lines.find((l) => l.level === 'error');
    expect(JSON.stringify(logged?.obj)).toContain('clusters[1].workers[0].publicIp');
  });

  it('makes lookups unavailable/malformed when broken and the only source', async () => {
    const path = await fileWith('broken-only.yml', twoClusters('300.1.2.3'));
    const result = await directory({ apiKey: null, clustersFile: path }).lookup('one');
    expect(result).toMatchObject({ status: 'unavailable', reason: 'malformed' });
    expect(result.status === 'unavailable' && result.detail).toContain(`${path}: clusters[1].workers[0].publicIp`);
  });
});

describe('directory without sources, and list()', () => {
  it('answers not-configured with neither an API key nor a file', async () => {
    const dir = directory({ apiKey: null });
    expect(await dir.lookup('prod-fra')).toEqual({ status: 'not-configured' });
    expect(await dir.list()).toEqual({ status: 'not-configured' });
    expect(cloud.requests).toHaveLength(0);
  });

  it('lists the clusters of each source, file first', async () => {
    const dir = directory({ clustersFile: EXAMPLE_FILE });
    const result = await dir.list();
    expect(result).toEqual({
      status: 'listed',
      failures: [],
      clusters: [
        { source: 'file', name: 'demo-dal', id: 'c0demodal00000000us0s', region: 'us-south' },
        { source: 'file', name: 'demo-fra', id: 'c0demofra0000000e0de', region: 'eu-de' },
        { source: 'file', name: 'demo-lon', id: 'c0demolon00000000eu0gb', region: 'eu-gb' },
        { source: 'iks', name: 'dev-dal', id: 'cdevdal0000000000001', region: 'us-south' },
        { source: 'iks', name: 'legacy-fra', id: 'c7legacyfra00000000', region: 'eu-de' },
        { source: 'iks', name: 'old-tok', id: 'c9old0tok0000000legacy', region: 'jp-tok' },
        { source: 'iks', name: 'prod-fra', id: 'bqf7l1ff0b5mmn8kvdsg', region: 'eu-de' },
      ],
    });
  });

  it('lists what it can and names the source that failed', async () => {
    cloud.enqueue('/global/v1/clusters', { status: 500 }, { status: 500 });
    const dir = directory({ clustersFile: EXAMPLE_FILE });
    const result = await dir.list();
    if (result.status !== 'listed') throw new Error('expected a listing');
    expect(result.clusters.map((c) => c.source)).toEqual(['file', 'file', 'file']);
    expect(result.failures).toMatchObject([{ source: 'iks', status: 'unavailable', reason: 'outage' }]);
  });
});

describe('configuration', () => {
  it('takes defaults when nothing is set', () => {
    const result = readClusterConfig({});
    expect(result).toEqual({
      ok: true,
      config: {
        apiKey: null,
        iamUrl: 'https://iam.cloud.ibm.com',
        iksUrl: 'https://containers.cloud.ibm.com/global',
        clustersFile: null,
        cacheTtlSeconds: 300,
        notFoundTtlSeconds: 30,
        timeoutMs: 2000,
        allowedChannels: null,
        allowedUsers: null,
      },
    });
  });

  it('reads every variable', () => {
    const result = readClusterConfig({
      IBMCLOUD_API_KEY: ' key-123 ',
      IBMCLOUD_IAM_URL: 'http://127.0.0.1:9000/',
      IKS_API_URL: 'http://127.0.0.1:9001/global',
      CLUSTERS_FILE: 'data/clusters.example.yml',
      CLUSTER_CACHE_TTL_SECONDS: '60',
      CLUSTER_LOOKUP_TIMEOUT_MS: '1500',
      CLUSTER_LOOKUP_ALLOWED_CHANNELS: 'C0123ABCD, C0456EFGH',
      CLUSTER_LOOKUP_ALLOWED_USERS: 'U0123ABCD',
    });
    expect(result).toEqual({
      ok: true,
      config: {
        apiKey: 'key-123',
        iamUrl: 'http://127.0.0.1:9000',
        iksUrl: 'http://127.0.0.1:9001/global',
        clustersFile: 'data/clusters.example.yml',
        cacheTtlSeconds: 60,
        notFoundTtlSeconds: 30,
        timeoutMs: 1500,
        allowedChannels: ['C0123ABCD', 'C0456EFGH'],
        allowedUsers: ['U0123ABCD'],
      },
    });
  });

  it('treats empty variables as unset', () => {
    const result = readClusterConfig({ IBMCLOUD_API_KEY: '', CLUSTER_LOOKUP_ALLOWED_USERS: '  ' });
    expect(result.ok && result.config.apiKey).toBeNull();
    expect(result.ok && result.config.allowedUsers).toBeNull();
  });

  it.each([
    ['IBMCLOUD_IAM_URL', 'iam.cloud.ibm.com', 'IBMCLOUD_IAM_URL must be an http(s) URL such as https://iam.cloud.ibm.com'],
    ['IKS_API_URL', 'ftp://example.com', 'IKS_API_URL must be an http(s) URL such as https://containers.cloud.ibm.com/global'],
    ['CLUSTER_CACHE_TTL_SECONDS', '-5', 'CLUSTER_CACHE_TTL_SECONDS must be a whole number from 0 to 86400'],
    ['CLUSTER_CACHE_TTL_SECONDS', '5m', 'CLUSTER_CACHE_TTL_SECONDS must be a whole number'],
    ['CLUSTER_LOOKUP_TIMEOUT_MS', '0', 'CLUSTER_LOOKUP_TIMEOUT_MS must be a whole number from 1 to 120000'],
    ['CLUSTER_LOOKUP_TIMEOUT_MS', '2.5', 'CLUSTER_LOOKUP_TIMEOUT_MS must be a whole number'],
    ['CLUSTER_LOOKUP_ALLOWED_CHANNELS', '#general', 'CLUSTER_LOOKUP_ALLOWED_CHANNELS must be a comma-separated list of Slack ids such as C0123ABCD'],
    ['CLUSTER_LOOKUP_ALLOWED_USERS', ',', 'CLUSTER_LOOKUP_ALLOWED_USERS must be a comma-separated list of Slack ids'],
  ])('rejects %s=%j with a one-line message naming it', (name, value, expected) => {
    const result = readClusterConfig({ [name]: value });
    expect(result.ok).toBe(false);
    const error = result.ok ? '' : result.error;
    expect(error).toContain(expected);
    expect(error).not.toContain('\n');
  });

  it('never repeats the API key in an error', () => {
    const result = readClusterConfig({ IBMCLOUD_API_KEY: 'secret part two' });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toMatch(/^IBMCLOUD_API_KEY /);
    expect(result.ok ? '' : result.error).not.toContain('secret');
  });

  it('takes a pino logger', () => {
    const logger: ClusterLogger = pino({ level: 'silent' });
    expect(typeof logger.warn).toBe('function');
  });
});

describe('access lists', () => {
  const config = (channels: string[] | null, users: string[] | null) =>
    clusterConfigSchema.parse({ allowedChannels: channels, allowedUsers: users });

  it('allows everyone when no list is set', () => {
    expect(isLookupAllowed(config(null, null), { channelId: 'C1', userId: 'U1' })).toEqual({ allowed: true });
  });

  it('allows terminal callers, which pass nothing', () => {
    expect(isLookupAllowed(config(['C0123ABCD'], ['U0123ABCD']))).toEqual({ allowed: true });
    expect(isLookupAllowed(config(['C0123ABCD'], ['U0123ABCD']), {})).toEqual({ allowed: true });
  });

  it('checks the channel list', () => {
    const c = config(['C0123ABCD'], null);
    expect(isLookupAllowed(c, { channelId: 'C0123ABCD', userId: 'U9' })).toEqual({ allowed: true });
    const denied = isLookupAllowed(c, { channelId: 'C0999ZZZZ', userId: 'U9' });
    expect(denied).toEqual({ allowed: false, reason: expect.stringContaining('C0999ZZZZ') });
  });

  it('checks the user list', () => {
    const c = config(null, ['U0123ABCD']);
    expect(isLookupAllowed(c, { channelId: 'C1', userId: 'U0123ABCD' })).toEqual({ allowed: true });
    expect(isLookupAllowed(c, { channelId: 'C1', userId: 'U0999ZZZZ' })).toMatchObject({ allowed: false });
  });

  it('needs both lists to agree when both are set', () => {
    const c = config(['C0123ABCD'], ['U0123ABCD']);
    expect(isLookupAllowed(c, { channelId: 'C0123ABCD', userId: 'U0123ABCD' })).toEqual({ allowed: true });
    expect(isLookupAllowed(c, { channelId: 'C0123ABCD', userId: 'U0999ZZZZ' })).toMatchObject({ allowed: false });
    expect(isLookupAllowed(c, { channelId: 'C0999ZZZZ', userId: 'U0123ABCD' })).toMatchObject({ allowed: false });
  });
});
