import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { clusterConfigSchema, createClusterDirectory, parseClusterFile, type ClusterDirectory } from '../src/clusters/index.js';
import { masterEndpoint } from '../src/clusters/facts.js';
import { demoFraAsIks, demoFraFacts } from './support/cluster-fixture.js';
import { HOSTILE_SUFFIXES, UNSAFE_CHARACTERS } from './support/hostile.js';
import { type FakeCluster, type IbmCloudStandIn, startIbmCloudStandIn } from './support/ibm-cloud.js';

// Remote values are checked where they enter: every field IKS or a cluster file hands on, with every hostile
// suffix, is refused with a message that shows no control, bidi or line-breaking character.

const resolveRegion = (name: string): string | null => (name === 'eu-de' ? 'eu-de' : null);

// demo-fra, as IKS describes it.
const prodFra = demoFraAsIks;
const MASTER = prodFra().masterURL;

type Edit = (c: FakeCluster, value: (valid: string) => string) => void;

/** Every field of an IKS cluster or worker that reaches an answer, and how to make it hostile. */
const IKS_FIELDS: Record<string, Edit> = {
  'cluster name': (c, v) => (c.name = v(c.name)),
  'cluster id': (c, v) => (c.id = v(c.id)),
  region: (c, v) => (c.region = v(c.region)),
  dataCenter: (c, v) => (c.dataCenter = v(c.dataCenter)),
  workerZones: (c, v) => (c.workerZones = c.workerZones.map(v)),
  masterURL: (c, v) => (c.masterURL = v(c.masterURL)),
  publicServiceEndpointURL: (c, v) => (c.publicServiceEndpointURL = v(MASTER)),
  privateServiceEndpointURL: (c, v) => (c.privateServiceEndpointURL = v(MASTER)),
  'worker id': (c, v) => c.workers.forEach((w) => (w.id = v(w.id))),
  'worker location': (c, v) => c.workers.forEach((w) => (w.location = v(w.location))),
};

const CASES = Object.keys(IKS_FIELDS).flatMap((field) => Object.keys(HOSTILE_SUFFIXES).map((payload) => [field, payload] as const));

function expectShownSafely(text: string): void {
  for (const line of text.split('\n')) expect(line).not.toMatch(UNSAFE_CHARACTERS);
}

describe('IKS values are validated where they enter', () => {
  let cloud: IbmCloudStandIn;
  let dir: ClusterDirectory;

  beforeAll(async () => {
    cloud = await startIbmCloudStandIn({ clusters: [prodFra()] });
  });
  afterAll(async () => {
    dir?.close();
    await cloud.close();
  });

  const lookupWith = async (edit: (c: FakeCluster) => void) => {
    const cluster = prodFra();
    edit(cluster);
    // Looked up by whichever of name and id stayed valid; the stand-in answers by either.
    cloud.setClusters([cluster]);
    dir?.close();
    dir = createClusterDirectory({
      config: clusterConfigSchema.parse({ apiKey: cloud.apiKey, iamUrl: cloud.iamUrl, iksUrl: cloud.iksUrl, cacheTtlSeconds: 0 }),
      resolveRegion,
    });
    return dir.lookup(cluster.name === prodFra().name ? prodFra().name : prodFra().id);
  };

  it('still takes the valid cluster', async () => {
    expect((await lookupWith(() => undefined)).status).toBe('found');
  });

  it.each(CASES)('refuses a %s with %s as malformed, and says so safely', async (field, payload) => {
    const result = await lookupWith((c) => IKS_FIELDS[field]!(c, (valid) => `${valid}${HOSTILE_SUFFIXES[payload]}`));
    expect(result).toMatchObject({ status: 'unavailable', reason: 'malformed' });
    expectShownSafely(result.status === 'unavailable' ? result.detail : '');
  });

  it.each(Object.keys(HOSTILE_SUFFIXES))('refuses a cluster list whose names carry %s', async (payload) => {
    cloud.setClusters([{ ...prodFra(), name: `${prodFra().name}${HOSTILE_SUFFIXES[payload]}` }]);
    const listing = await createClusterDirectory({
      config: clusterConfigSchema.parse({ apiKey: cloud.apiKey, iamUrl: cloud.iamUrl, iksUrl: cloud.iksUrl }),
      resolveRegion,
    }).list();
    if (listing.status !== 'listed') throw new Error('expected a listing');
    expect(listing.clusters).toEqual([]);
    expect(listing.failures).toMatchObject([{ source: 'iks', status: 'unavailable', reason: 'malformed' }]);
  });

  it('refuses a region with a line break in the cluster list', async () => {
    cloud.setClusters([{ ...prodFra(), region: 'eu-de\u0085*x*' }]);
    const listing = await createClusterDirectory({
      config: clusterConfigSchema.parse({ apiKey: cloud.apiKey, iamUrl: cloud.iamUrl, iksUrl: cloud.iksUrl }),
      resolveRegion,
    }).list();
    expect(listing).toMatchObject({ status: 'listed', clusters: [], failures: [{ reason: 'malformed' }] });
  });
});

describe('endpoint URLs are https, a host and a port, and nothing else', () => {
  it.each([
    [MASTER, { host: 'c2.eu-de.containers.cloud.ibm.com', port: 31142 }],
    ['https://c1.jp-tok.containers.cloud.ibm.com', { host: 'c1.jp-tok.containers.cloud.ibm.com', port: 443 }],
    ['https://192.0.2.7:30000', { host: '192.0.2.7', port: 30000 }],
  ])('takes %s', (url, endpoint) => {
    expect(masterEndpoint(url)).toEqual(endpoint);
  });

  it.each([
    'http://c2.eu-de.containers.cloud.ibm.com:31142',
    `${MASTER}/`,
    `${MASTER}/version`,
    `${MASTER}?x=1`,
    `${MASTER}#x`,
    'https://user:secret@c2.eu-de.containers.cloud.ibm.com:31142',
    'https://c2.eu-de.containers.cloud.ibm.com:0',
    'https://c2.eu-de.containers.cloud.ibm.com:70000',
    'https://-c2.eu-de.containers.cloud.ibm.com:31142',
    'https://999.1.2.3:31142',
    'https://[::1]:31142',
    'https://:31142',
    ...Object.values(HOSTILE_SUFFIXES).map((suffix) => `${MASTER}${suffix}`),
  ])('refuses %j', (url) => {
    expect(masterEndpoint(url)).toBeNull();
  });
});

describe('cluster file values are validated where they enter', () => {
  const { name, id, region, zones, masterUrl, workers } = demoFraFacts();
  const file = { name, id, region, zones, masterUrl, privateEndpointUrl: prodFra().privateServiceEndpointURL ?? '', workers };
  type FileCluster = typeof file;
  const FILE_FIELDS: Record<string, (c: FileCluster, suffix: string) => void> = {
    name: (c, s) => (c.name += s),
    id: (c, s) => (c.id += s),
    zones: (c, s) => (c.zones = c.zones.map((z) => z + s)),
    masterUrl: (c, s) => (c.masterUrl += s),
    privateEndpointUrl: (c, s) => (c.privateEndpointUrl += s),
    'worker id': (c, s) => c.workers.forEach((w) => (w.id += s)),
    'worker zone': (c, s) => c.workers.forEach((w) => (w.zone += s)),
  };
  const text = (edit: (c: FileCluster) => void): string => {
    const cluster = structuredClone(file);
    edit(cluster);
    return stringify({ clusters: [cluster] });
  };

  it('still takes the valid file', () => {
    expect(parseClusterFile(text(() => undefined), 'clusters.yml', resolveRegion)).toMatchObject({ ok: true });
  });

  it.each(Object.keys(FILE_FIELDS).flatMap((field) => Object.keys(HOSTILE_SUFFIXES).map((payload) => [field, payload] as const)))(
    'refuses a %s with %s, naming the place, safely',
    (field, payload) => {
      const result = parseClusterFile(text((c) => FILE_FIELDS[field]!(c, HOSTILE_SUFFIXES[payload]!)), 'clusters.yml', resolveRegion);
      expect(result.ok).toBe(false);
      const message = result.ok ? '' : result.message;
      expect(message).toMatch(/^clusters\.yml: /);
      expectShownSafely(message);
    },
  );

  it('refuses a masterUrl with a newline written as a YAML escape', () => {
    const result = parseClusterFile(text(() => undefined).replace(`masterUrl: ${MASTER}`, `masterUrl: "${MASTER}\\n/x"`), 'clusters.yml', resolveRegion);
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('clusters[0].masterUrl: must be an https URL') });
  });
});
