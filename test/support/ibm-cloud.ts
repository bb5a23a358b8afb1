import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listenOnLoopback } from './listen.js';

// A stand-in for IBM Cloud IAM and the IKS API (v1, /global base) on 127.0.0.1, for tests that make real HTTP
// requests. It answers like the real services for the fields porthole reads, records every request, and can
// be told to misbehave: scripted answers per path, short-lived tokens, and refusing the tokens issued so far.

export interface FakeWorker {
  id: string;
  publicIP: string;
  privateIP: string;
  /** The zone, e.g. fra02. */
  location: string;
  state?: string;
}

export interface FakeCluster {
  id: string;
  name: string;
  /** As IKS writes it: current (eu-de) or legacy (eu-central). */
  region: string;
  dataCenter: string;
  workerZones: string[];
  masterURL: string;
  publicServiceEndpointURL?: string;
  privateServiceEndpointURL?: string;
  /** A string, as IKS sends it ("" for OpenShift). */
  etcdPort: string;
  state?: string;
  workers: FakeWorker[];
}

export interface RecordedRequest {
  method: string;
  /** Path and query as sent, still URL-encoded, e.g. /global/v1/clusters/demo-fra. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A scripted answer. Without `status`, `raw` and `body` the normal answer is given, after `delayMs`. */
export interface ScriptedResponse {
  status?: number;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (for malformed bodies). */
  raw?: string;
  /** With `raw`: sent in chunks of 64 KiB with no Content-Length, so that only reading it tells its size. */
  chunked?: boolean;
  delayMs?: number;
  /** Close the connection without answering (a network error). */
  hangUp?: boolean;
}

export interface IbmCloudStandInOptions {
  clusters?: FakeCluster[];
  /** The one API key IAM accepts; default "test-api-key". */
  apiKey?: string;
  /** expires_in of issued tokens; default 3600. */
  tokenLifetimeSeconds?: number;
}

export interface IbmCloudStandIn {
  /** Base URL for IAM (IBMCLOUD_IAM_URL). */
  readonly iamUrl: string;
  /** Base URL for IKS (IKS_API_URL), ending in /global. */
  readonly iksUrl: string;
  readonly apiKey: string;
  readonly requests: RecordedRequest[];
  /** Requests whose path (without query) is `path`, optionally of one method. */
  requestsTo(path: string, method?: string): RecordedRequest[];
  /** Token requests made so far. */
  tokenRequests(): RecordedRequest[];
  /** Requests to the IKS API (paths under /global). */
  iksRequests(): RecordedRequest[];
  /** Answers the next requests to `path` (exact, still encoded) with these, in order, before normal answers. */
  enqueue(path: string, ...responses: ScriptedResponse[]): void;
  setTokenLifetime(seconds: number): void;
  /** From now on every token issued so far is answered with 401, as after a revocation or expiry. */
  rejectIssuedTokens(): void;
  /** Tokens issued so far, oldest first. */
  readonly issuedTokens: readonly string[];
  setClusters(clusters: FakeCluster[]): void;
  /** Forgets recorded requests. */
  clearRequests(): void;
  close(): Promise<void>;
}

const IAM_PATH = '/identity/token';
const IKS_PREFIX = '/global';

export async function startIbmCloudStandIn(options: IbmCloudStandInOptions = {}): Promise<IbmCloudStandIn> {
  const apiKey = options.apiKey ?? 'test-api-key';
  let tokenLifetime = options.tokenLifetimeSeconds ?? 3600;
  let clusters = [...(options.clusters ?? [])];
  const requests: RecordedRequest[] = [];
  const scripts = new Map<string, ScriptedResponse[]>();
  const valid = new Set<string>();
  const issued: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();

  const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };

  const iksError = (res: ServerResponse, status: number, code: string, description: string, type: string): void =>
    sendJson(res, status, { incidentID: randomUUID(), code, description, type });

  const issueToken = (res: ServerResponse): void => {
    const now = Math.floor(Date.now() / 1000);
    const token = `stand-in-${issued.length + 1}-${randomBytes(8).toString('hex')}`;
    issued.push(token);
    valid.add(token);
    sendJson(res, 200, {
      access_token: token,
      refresh_token: 'not-used',
      token_type: 'Bearer',
      expires_in: tokenLifetime,
      expiration: now + tokenLifetime,
      scope: 'ibm openid',
    });
  };

  const handleIam = (req: IncomingMessage, body: string, res: ServerResponse): void => {
    const form = new URLSearchParams(body);
    if (req.method !== 'POST' || !/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) {
      sendJson(res, 400, { errorCode: 'BXNIM0109E', errorMessage: 'Property missing or empty.' });
    } else if (form.get('grant_type') !== 'urn:ibm:params:oauth:grant-type:apikey') {
      sendJson(res, 400, { errorCode: 'BXNIM0103E', errorMessage: 'Unsupported grant type.' });
    } else if (form.get('apikey') !== apiKey) {
      sendJson(res, 400, { errorCode: 'BXNIM0415E', errorMessage: 'Provided API key could not be found.' });
    } else {
      issueToken(res);
    }
  };

  const handleIks = (req: IncomingMessage, path: string, res: ServerResponse): void => {
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : '';
    if (!valid.has(token)) {
      // The real API's wording differs; the status and the JSON shape are what clients rely on.
      iksError(res, 401, 'E0001', 'The provided IAM token is not valid or has expired.', 'Authentication');
      return;
    }
    if (req.method !== 'GET') {
      iksError(res, 405, 'E0010', 'Method not allowed.', 'General');
      return;
    }
    const rest = path.slice(IKS_PREFIX.length);
    if (rest === '/v1/clusters') {
      sendJson(
        res,
        200,
        clusters.map(({ workers: _workers, ...c }) => c),
      );
      return;
    }
    const m = /^\/v1\/clusters\/([^/]+)(\/workers)?$/.exec(rest);
    if (!m?.[1]) {
      iksError(res, 404, 'E0003', 'The requested resource could not be found.', 'General');
      return;
    }
    let wanted: string;
    try {
      wanted = decodeURIComponent(m[1]);
    } catch {
      iksError(res, 400, 'E0002', 'The request is not valid.', 'General');
      return;
    }
    const cluster = clusters.find((c) => c.id === wanted || c.name === wanted);
    if (!cluster) {
      iksError(
        res,
        404,
        'E0004',
        'The specified cluster could not be found. Target the region where the cluster exists, and try again.',
        'Provisioning',
      );
      return;
    }
    const { workers, ...fields } = cluster;
    if (m[2]) {
      sendJson(
        res,
        200,
        workers.map((w) => ({ status: 'Ready', machineType: 'b3c.4x16', poolName: 'default', state: 'normal', ...w })),
      );
    } else {
      sendJson(res, 200, { state: 'normal', type: 'classic', location: 'stand-in', serverURL: fields.masterURL, ...fields });
    }
  };

  const answer = (req: IncomingMessage, path: string, body: string, res: ServerResponse): void => {
    if (path === IAM_PATH) handleIam(req, body, res);
    else if (path === IKS_PREFIX || path.startsWith(`${IKS_PREFIX}/`)) handleIks(req, path, res);
    else sendJson(res, 404, { error: 'not found' });
  };

  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const fullPath = req.url ?? '/';
      const path = fullPath.split('?')[0] ?? fullPath;
      requests.push({ method: req.method ?? '', path: fullPath, headers: { ...req.headers }, body });

      const script = scripts.get(path)?.shift();
      const respond = (): void => {
        if (res.destroyed) return;
        if (!script || (script.status === undefined && script.raw === undefined && script.body === undefined && !script.hangUp)) {
          answer(req, path, body, res);
        } else if (script.hangUp) {
          req.socket.destroy();
        } else if (script.raw !== undefined && script.chunked === true) {
          res.writeHead(script.status ?? 200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
          const raw = Buffer.from(script.raw, 'utf8');
          for (let at = 0; at < raw.length && !res.destroyed; at += 65536) res.write(raw.subarray(at, at + 65536));
          res.end();
        } else if (script.raw !== undefined) {
          res.writeHead(script.status ?? 200, { 'Content-Type': 'application/json' });
          res.end(script.raw);
        } else {
          sendJson(res, script.status ?? 200, script.body ?? {});
        }
      };
      if (script?.delayMs) later(script.delayMs, respond);
      else respond();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listenOnLoopback(server);
  const base = `http://127.0.0.1:${port}`;
  const pathOnly = (p: string): string => p.split('?')[0] ?? p;

  return {
    iamUrl: base,
    iksUrl: `${base}${IKS_PREFIX}`,
    apiKey,
    requests,
    requestsTo: (path, method) => requests.filter((r) => pathOnly(r.path) === path && (!method || r.method === method)),
    tokenRequests: () => requests.filter((r) => pathOnly(r.path) === IAM_PATH),
    iksRequests: () => requests.filter((r) => r.path.startsWith(`${IKS_PREFIX}/`)),
    enqueue(path, ...responses) {
      const queue = scripts.get(path) ?? [];
      queue.push(...responses);
      scripts.set(path, queue);
    },
    setTokenLifetime(seconds) {
      tokenLifetime = seconds;
    },
    rejectIssuedTokens() {
      valid.clear();
    },
    issuedTokens: issued,
    setClusters(next) {
      clusters = [...next];
    },
    clearRequests() {
      requests.length = 0;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
