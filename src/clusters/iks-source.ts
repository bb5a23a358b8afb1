import { z } from 'zod';
import { ipv4 } from '../core/dataset/schema.js';
import type { ClusterFacts, ClusterWorker } from '../core/answer.js';
import { formatPath, masterEndpoint, portNumber } from './facts.js';
import { type Deadline, type HttpAnswer, parseJson, safeJson, send, snippet } from './http.js';
import type { IamTokenProvider } from './iam-token.js';
import { printable } from '../core/printable.js';
import { type FetchLike, LookupFailure, type ResolveRegion, unavailable } from './types.js';
import { clusterName, endpointUrl, regionName, zoneId } from './values.js';

// The IBM Cloud Kubernetes Service API (v1, /global base): one cluster with its workers, and the list of
// clusters the API key can see.

const optionalText = z.string().nullish();
// IKS writes "" for a value it does not have yet (a cluster still deploying has no master URL).
const absent = z.literal('');
const optionalZone = z.union([zoneId, absent]).nullish();
const optionalUrl = z.union([endpointUrl, absent]).nullish();

const iksCluster = z
  .object({
    id: clusterName,
    name: clusterName,
    region: regionName,
    dataCenter: optionalZone,
    workerZones: z.array(zoneId).nullish(),
    masterURL: optionalUrl,
    publicServiceEndpointURL: optionalUrl,
    privateServiceEndpointURL: optionalUrl,
    etcdPort: z.union([z.string(), z.number()]).nullish(),
    state: optionalText,
  })
  .loose();

const workerIp = z.union([ipv4, z.literal('')]).nullish();

const iksWorkers = z.array(
  z
    .object({
      id: clusterName,
      // An address that is not IPv4 would end up in firewall rules: refuse the answer instead.
      publicIP: workerIp,
      privateIP: workerIp,
      location: optionalZone,
      state: optionalText,
    })
    .loose(),
);

const iksClusterList = z.array(
  z.object({ id: clusterName, name: clusterName, region: z.union([regionName, absent]).default('') }).loose(),
);

const iksError = z
  .object({ incidentID: z.string().optional(), code: z.string().optional(), description: z.string().optional() })
  .loose();

export interface IksSourceOptions {
  /** Base URL, e.g. https://containers.cloud.ibm.com/global. */
  iksUrl: string;
  tokens: IamTokenProvider;
  resolveRegion: ResolveRegion;
  fetch?: FetchLike;
}

export interface IksListEntry {
  id: string;
  name: string;
  /** As the API wrote it. */
  region: string;
}

export class IksSource {
  private readonly fetchImpl: FetchLike;

  constructor(private readonly options: IksSourceOptions) {
    this.fetchImpl = options.fetch ?? globalThis.fetch;
  }

  /** The facts of one cluster, or null when IKS says there is no such cluster. `nameOrId` must be checked. */
  async getCluster(nameOrId: string, deadline: Deadline): Promise<ClusterFacts | null> {
    const path = `/v1/clusters/${encodeURIComponent(nameOrId)}`;
    // Cluster and workers are asked for at once: a lookup has about two seconds.
    const clusterAnswer = this.get(path, deadline);
    const workersAnswer = this.get(`${path}/workers`, deadline);
    workersAnswer.catch(() => undefined); // not awaited when the cluster request fails first

    const cluster = await clusterAnswer;
    if (this.isNotFound(cluster, path)) return null;
    this.expectOk(cluster, path);
    const c = this.parse(iksCluster, cluster.text, path);

    const workers = await workersAnswer;
    if (this.isNotFound(workers, `${path}/workers`)) return null; // deleted in between
    this.expectOk(workers, `${path}/workers`);
    const ws = this.parse(iksWorkers, workers.text, `${path}/workers`);

    const region = this.options.resolveRegion(c.region);
    if (region === null) {
      throw unavailable('malformed', `GET ${path}: region "${c.region}" of cluster ${c.name} is not a region of the dataset`);
    }
    const masterUrl = [c.masterURL, c.publicServiceEndpointURL, c.privateServiceEndpointURL].find(
      (u): u is string => typeof u === 'string' && masterEndpoint(u) !== null,
    );
    if (masterUrl === undefined) {
      throw unavailable('malformed', `GET ${path}: cluster ${c.name} has no master URL yet (state "${printable(c.state ?? '')}")`);
    }
    const master = masterEndpoint(masterUrl);
    if (master === null) throw unavailable('malformed', `GET ${path}: bad master URL "${masterUrl}"`);

    const fallbackZone = c.dataCenter ?? '';
    const workerList: ClusterWorker[] = ws
      .filter((w) => w.state !== 'deleted')
      .map((w) => ({
        id: w.id,
        zone: w.location || fallbackZone,
        publicIp: w.publicIP || null,
        privateIp: w.privateIP || null,
      }));
    const zones = unique(
      c.workerZones && c.workerZones.length > 0
        ? c.workerZones
        : workerList.length > 0
          ? workerList.map((w) => w.zone)
          : [fallbackZone],
    ).filter((z) => z !== '');

    return {
      id: c.id,
      name: c.name,
      region,
      zones,
      masterUrl,
      masterHost: master.host,
      masterPort: master.port,
      privateEndpointUrl: c.privateServiceEndpointURL || null,
      etcdPort: portNumber(c.etcdPort),
      workers: workerList,
      source: 'iks',
    };
  }

  /** The clusters the API key can see. */
  async listClusters(deadline: Deadline): Promise<IksListEntry[]> {
    const path = '/v1/clusters';
    const answer = await this.get(path, deadline);
    this.expectOk(answer, path);
    return this.parse(iksClusterList, answer.text, path).map((c) => ({ id: c.id, name: c.name, region: c.region }));
  }

  /** A GET with the bearer token; on 401 the token is renewed once and the request made once more. */
  private async get(path: string, deadline: Deadline): Promise<HttpAnswer> {
    const url = `${this.options.iksUrl}${path}`;
    const what = `GET ${url}`;
    const attempt = async (token: string): Promise<HttpAnswer> =>
      send(this.fetchImpl, url, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } }, deadline, what);

    let token = await this.options.tokens.token(deadline);
    let answer = await attempt(token);
    if (answer.status === 401) {
      this.options.tokens.invalidate(token);
      token = await this.options.tokens.token(deadline);
      answer = await attempt(token);
    }
    if (answer.status === 401) {
      throw new LookupFailure({ status: 'unauthorized', detail: `${what}: HTTP 401 with a fresh token: ${describe(answer.text)}` });
    }
    if (answer.status === 403) {
      throw new LookupFailure({ status: 'forbidden', detail: `${what}: HTTP 403: ${describe(answer.text)}` });
    }
    return answer;
  }

  /** A 404 from IKS itself (its error JSON); a 404 page from elsewhere means a wrong IKS_API_URL instead. */
  private isNotFound(answer: HttpAnswer, path: string): boolean {
    if (answer.status !== 404) return false;
    const err = iksError.safeParse(safeJson(answer.text));
    if (err.success && (err.data.code !== undefined || err.data.incidentID !== undefined)) return true;
    throw unavailable('outage', `GET ${path}: HTTP 404 that is not an IKS error (is IKS_API_URL right?): ${snippet(answer.text)}`);
  }

  private expectOk(answer: HttpAnswer, path: string): void {
    if (answer.status >= 200 && answer.status < 300) return;
    throw unavailable('outage', `GET ${path}: HTTP ${answer.status}: ${describe(answer.text)}`);
  }

  private parse<T>(schema: z.ZodType<T>, text: string, path: string): T {
    const parsed = schema.safeParse(parseJson(text, `GET ${path}`));
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue ? formatPath(issue.path) || '(top level)' : '(top level)';
    throw unavailable('malformed', `GET ${path}: unexpected answer at ${where}: ${issue?.message ?? 'invalid'}`);
  }
}

function describe(text: string): string {
  const err = iksError.safeParse(safeJson(text));
  if (err.success && (err.data.code || err.data.description)) {
    return [err.data.code, err.data.description, err.data.incidentID && `(incident ${err.data.incidentID})`]
      .filter(Boolean)
      .join(' ');
  }
  return snippet(text);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
