/**
 * Slack's side of Socket Mode, on 127.0.0.1 (random port), built on `ws`.
 *
 * Attach it to the Web API stand-in and `apps.connections.open` answers with
 * `ws://127.0.0.1:PORT/link/?ticket=…&app_id=…` (a fresh single-use ticket each time, like Slack).
 * On connection it sends `hello`; `push()` sends an envelope and resolves with the app's ack and how long it
 * took. Bolt does not enforce Slack's 3-second ack deadline in Socket Mode, so `push()` rejects when no ack
 * arrives within `ackTimeoutMs` (default 3000, Slack's deadline) and tests can also assert on `latencyMs`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { DEFAULT_WORKSPACE, type SlackStandIn } from './web-api.js';
import { listenOnLoopback } from '../listen.js';

export type EnvelopeType = 'slash_commands' | 'events_api' | 'interactive';

export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: unknown;
  accepts_response_payload: boolean;
  retry_attempt: number;
  retry_reason: string;
}

export interface SocketAck {
  envelope_id: string;
  /** The ack's payload (for a slash command: the immediate response body), if the app sent one. */
  payload?: unknown;
  /** Milliseconds from sending the envelope to receiving the ack. */
  latencyMs: number;
  /** The ack frame exactly as received. */
  raw: string;
}

export interface PushOptions {
  /** Default: true for slash_commands, false otherwise (what Slack sends for events and block_actions). */
  acceptsResponsePayload?: boolean;
  retryAttempt?: number;
  retryReason?: string;
  /** Override the stand-in's ack timeout for this envelope. */
  timeoutMs?: number;
  envelopeId?: string;
}

export interface SocketModeStandInOptions {
  /** Web API stand-in to attach to, so `apps.connections.open` returns this server's URL. */
  webApi?: SlackStandIn;
  appId?: string;
  /** Reject `push()` when no ack arrives within this many ms (default 3000). */
  ackTimeoutMs?: number;
  /** Send a WebSocket ping this often (default: never). Slack pings periodically; the client then expects them. */
  pingIntervalMs?: number;
  /** Refuse connections without a ticket issued by `connectionUrl()` / `apps.connections.open` (default true). */
  requireTicket?: boolean;
  /** Send `hello` on each new connection (default true); false plays a Slack that accepts the socket and then says nothing. */
  hello?: boolean;
}

export interface ConnectionInfo {
  /** 1-based number of this connection since start. */
  index: number;
  ticket: string | undefined;
  url: string;
  connectedAt: number;
}

/** A frame from the app that is not an ack of a pending envelope (late ack, unknown id, bad JSON). */
export interface UnexpectedFrame {
  raw: string;
  reason: string;
  at: number;
}

export interface SocketModeStandIn {
  readonly port: number;
  /** Issue a fresh single-use `ws://127.0.0.1:PORT/link/?ticket=…&app_id=…` URL. */
  connectionUrl(): string;
  /** Send an envelope to the newest open connection; resolves with its ack. */
  push(type: EnvelopeType, payload: unknown, opts?: PushOptions): Promise<SocketAck>;
  /**
   * Resolves once a client has connected and been sent `hello` (immediately if one is connected and
   * `minTotal` is already reached). `minTotal`: wait until this many connections were made in total
   * (for reconnection tests).
   */
  waitForConnection(opts?: { timeoutMs?: number; minTotal?: number }): Promise<ConnectionInfo>;
  readonly openConnections: number;
  readonly totalConnections: number;
  /** Every envelope sent, in order. */
  readonly envelopes: Envelope[];
  readonly acks: SocketAck[];
  readonly unexpected: UnexpectedFrame[];
  /** Send `{type:'disconnect', reason}` to every client, as Slack does before recycling a connection. */
  requestDisconnect(reason?: 'warning' | 'refresh_requested' | 'link_disabled'): void;
  /** Send `text` as it is to the newest open connection (a malformed frame Slack should never send); its ack, if any, is `unexpected`. */
  sendRaw(text: string): void;
  /** Close client connections (close frame, then terminate after a short grace) and stop the server. */
  close(): Promise<void>;
}

interface PendingAck {
  envelope: Envelope;
  sentAt: number;
  resolve: (ack: SocketAck) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface ConnectionWaiter {
  minTotal: number;
  resolve: (info: ConnectionInfo) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface Client {
  socket: WebSocket;
  info: ConnectionInfo;
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Start the Socket Mode stand-in; with `webApi`, `apps.connections.open` starts answering with its URL. */
export async function startSocketModeStandIn(opts: SocketModeStandInOptions = {}): Promise<SocketModeStandIn> {
  const appId = opts.appId ?? opts.webApi?.workspace.appId ?? DEFAULT_WORKSPACE.appId;
  const ackTimeoutMs = opts.ackTimeoutMs ?? 3000;
  const requireTicket = opts.requireTicket ?? true;
  const tickets = new Set<string>();
  const clients: Client[] = [];
  const pending = new Map<string, PendingAck>();
  const connectionWaiters = new Set<ConnectionWaiter>();
  const envelopes: Envelope[] = [];
  const acks: SocketAck[] = [];
  const unexpected: UnexpectedFrame[] = [];
  let total = 0;
  let closed = false;
  let lastConnection: ConnectionInfo | undefined;

  const server: Server = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' });
    res.end('upgrade required');
  });
  const wss = new WebSocketServer({ noServer: true });

  function refuse(socket: Socket, status: string): void {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (closed || !/^\/link\/?$/.test(url.pathname)) {
      refuse(socket, '404 Not Found');
      return;
    }
    const ticket = url.searchParams.get('ticket') ?? undefined;
    if (requireTicket) {
      if (ticket === undefined || !tickets.has(ticket)) {
        refuse(socket, '401 Unauthorized');
        return;
      }
      tickets.delete(ticket);
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, ticket, `ws://127.0.0.1:${port}${req.url ?? '/'}`));
  });

  function onConnection(socket: WebSocket, ticket: string | undefined, url: string): void {
    total += 1;
    const info: ConnectionInfo = { index: total, ticket, url, connectedAt: Date.now() };
    const client: Client = { socket, info };
    clients.push(client);
    socket.on('error', () => {
      // A client dropping the TCP connection is not the stand-in's problem; 'close' follows.
    });
    socket.on('close', () => {
      const i = clients.indexOf(client);
      if (i >= 0) clients.splice(i, 1);
    });
    socket.on('message', (data, isBinary) => onFrame(rawToString(data), isBinary));
    if (opts.hello === false) return;
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: clients.length,
        debug_info: { host: 'applink-standin-127-0-0-1', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: appId },
      }),
      (error) => {
        if (error !== undefined && error !== null) return;
        lastConnection = info;
        for (const waiter of [...connectionWaiters]) {
          if (total >= waiter.minTotal) {
            connectionWaiters.delete(waiter);
            clearTimeout(waiter.timer);
            waiter.resolve(info);
          }
        }
      },
    );
  }

  function onFrame(raw: string, isBinary: boolean): void {
    const at = Date.now();
    if (isBinary) {
      unexpected.push({ raw, reason: 'binary frame', at });
      return;
    }
    let frame: unknown;
    try {
      frame = JSON.parse(raw) as unknown;
    } catch {
      unexpected.push({ raw, reason: 'not JSON', at });
      return;
    }
    const envelopeId = isRecord(frame) && typeof frame.envelope_id === 'string' ? frame.envelope_id : undefined;
    if (envelopeId === undefined) {
      unexpected.push({ raw, reason: 'no envelope_id', at });
      return;
    }
    const waiting = pending.get(envelopeId);
    if (waiting === undefined) {
      const known = envelopes.some((e) => e.envelope_id === envelopeId);
      unexpected.push({ raw, reason: known ? 'ack after timeout or duplicate ack' : 'unknown envelope_id', at });
      return;
    }
    pending.delete(envelopeId);
    clearTimeout(waiting.timer);
    const ack: SocketAck = { envelope_id: envelopeId, latencyMs: performance.now() - waiting.sentAt, raw };
    if (isRecord(frame) && frame.payload !== undefined) ack.payload = frame.payload;
    acks.push(ack);
    waiting.resolve(ack);
  }

  let pingTimer: NodeJS.Timeout | undefined;
  if (opts.pingIntervalMs !== undefined && opts.pingIntervalMs > 0) {
    pingTimer = setInterval(() => {
      for (const { socket } of clients) if (socket.readyState === WebSocket.OPEN) socket.ping(`standin-${Date.now()}`);
    }, opts.pingIntervalMs);
  }

  const port = await listenOnLoopback(server);

  function connectionUrl(): string {
    const ticket = randomUUID();
    tickets.add(ticket);
    return `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=${encodeURIComponent(appId)}`;
  }

  opts.webApi?.attachSocketMode(connectionUrl);

  function push(type: EnvelopeType, payload: unknown, pushOpts: PushOptions = {}): Promise<SocketAck> {
    if (closed) return Promise.reject(new Error('push(): the Socket Mode stand-in is closed'));
    if (type === 'events_api' && !(isRecord(payload) && isRecord(payload.event) && typeof payload.event.type === 'string')) {
      // @slack/socket-mode reads payload.event.type unguarded: such a frame becomes an unhandled rejection in the app.
      return Promise.reject(new Error('push(events_api): payload must be an event_callback body with event.type'));
    }
    const target = [...clients].reverse().find((c) => c.socket.readyState === WebSocket.OPEN);
    if (target === undefined) {
      return Promise.reject(new Error(`push(${type}): no Socket Mode client is connected (await waitForConnection() first)`));
    }
    const envelope: Envelope = {
      envelope_id: pushOpts.envelopeId ?? randomUUID(),
      type,
      payload,
      accepts_response_payload: pushOpts.acceptsResponsePayload ?? type === 'slash_commands',
      retry_attempt: pushOpts.retryAttempt ?? 0,
      retry_reason: pushOpts.retryReason ?? '',
    };
    envelopes.push(envelope);
    const timeoutMs = pushOpts.timeoutMs ?? ackTimeoutMs;
    return new Promise<SocketAck>((resolve, reject) => {
      const entry: PendingAck = {
        envelope,
        sentAt: performance.now(),
        resolve,
        reject,
        timer: setTimeout(() => {
          pending.delete(envelope.envelope_id);
          reject(
            new Error(
              `no ack for ${type} envelope ${envelope.envelope_id} within ${timeoutMs} ms ` +
                '(Slack would have shown the user a timeout error)',
            ),
          );
        }, timeoutMs),
      };
      pending.set(envelope.envelope_id, entry);
      target.socket.send(JSON.stringify(envelope), (error) => {
        if (error === undefined || error === null) return;
        if (pending.delete(envelope.envelope_id)) {
          clearTimeout(entry.timer);
          reject(new Error(`push(${type}): sending the envelope failed: ${error.message}`));
        }
      });
    });
  }

  function waitForConnection(waitOpts: { timeoutMs?: number; minTotal?: number } = {}): Promise<ConnectionInfo> {
    const minTotal = waitOpts.minTotal ?? 1;
    const timeoutMs = waitOpts.timeoutMs ?? 3000;
    const open = [...clients].reverse().find((c) => c.socket.readyState === WebSocket.OPEN && c.info === lastConnection);
    if (open !== undefined && total >= minTotal) return Promise.resolve(open.info);
    if (closed) return Promise.reject(new Error('waitForConnection(): the Socket Mode stand-in is closed'));
    return new Promise((resolve, reject) => {
      const waiter: ConnectionWaiter = {
        minTotal,
        resolve,
        reject,
        timer: setTimeout(() => {
          connectionWaiters.delete(waiter);
          reject(
            new Error(
              `waitForConnection() timed out after ${timeoutMs} ms: ${total} connection(s) so far, wanted ${minTotal}; ` +
                `${tickets.size} ticket(s) issued but unused (did the app call apps.connections.open and connect?)`,
            ),
          );
        }, timeoutMs),
      };
      connectionWaiters.add(waiter);
    });
  }

  return {
    port,
    connectionUrl,
    push,
    waitForConnection,
    get openConnections() {
      return clients.filter((c) => c.socket.readyState === WebSocket.OPEN).length;
    },
    get totalConnections() {
      return total;
    },
    get envelopes() {
      return [...envelopes];
    },
    get acks() {
      return [...acks];
    },
    get unexpected() {
      return [...unexpected];
    },
    sendRaw(text: string) {
      const target = [...clients].reverse().find((c) => c.socket.readyState === WebSocket.OPEN);
      if (target === undefined) throw new Error('sendRaw(): no Socket Mode client is connected');
      target.socket.send(text);
    },
    requestDisconnect(reason = 'refresh_requested') {
      for (const { socket } of clients) {
        if (socket.readyState === WebSocket.OPEN) {
          socket.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-standin-127-0-0-1' } }));
        }
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      if (pingTimer !== undefined) clearInterval(pingTimer);
      opts.webApi?.attachSocketMode(undefined);
      for (const entry of pending.values()) {
        clearTimeout(entry.timer);
        entry.reject(new Error(`the Socket Mode stand-in closed before envelope ${entry.envelope.envelope_id} was acked`));
      }
      pending.clear();
      for (const waiter of connectionWaiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error('the Socket Mode stand-in closed while waiting for a connection'));
      }
      connectionWaiters.clear();
      await Promise.all(
        clients.map(
          ({ socket }) =>
            new Promise<void>((resolve) => {
              if (socket.readyState === WebSocket.CLOSED) {
                resolve();
                return;
              }
              const grace = setTimeout(() => socket.terminate(), 500);
              socket.once('close', () => {
                clearTimeout(grace);
                resolve();
              });
              if (socket.readyState === WebSocket.OPEN) socket.close(1001, 'stand-in shutting down');
            }),
        ),
      );
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
