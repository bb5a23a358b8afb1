import { type FetchLike, LookupFailure, unavailable } from './types.js';

/** The time a lookup may still take: one abort signal shared by all its requests. */
export interface Deadline {
  signal: AbortSignal;
  ms: number;
}

/**
 * Runs `body` with a deadline of `ms` milliseconds. When it settles the timer is cleared and the signal
 * aborted, so requests it started and no longer waits for (a parallel request after a failure) stop too.
 */
export async function withDeadline<T>(ms: number, body: (deadline: Deadline) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('lookup deadline passed', 'TimeoutError')), ms);
  try {
    return await body({ signal: controller.signal, ms });
  } finally {
    clearTimeout(timer);
    controller.abort(new DOMException('lookup finished', 'AbortError'));
  }
}

/** JSON.parse, or null for a body that is not JSON (an error page from a proxy, an empty body). */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * The largest IAM or IKS answer porthole reads: a cluster's workers for thousands of workers fit many times
 * over, and a larger answer (a proxy gone wrong, a hostile endpoint) would otherwise be held whole in memory,
 * several times over once parsed, within the deployment's 256 MiB.
 */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/** Reads a body of at most `limit` bytes (declared or streamed); past it, stops reading and fails the lookup. */
export async function readLimited(res: Response, limit: number, what: string): Promise<string> {
  const tooLarge = () => unavailable('malformed', `${what}: the answer is larger than ${limit} bytes, the most porthole reads (MAX_ANSWER_BYTES)`);
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (res.body === null) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface HttpAnswer {
  status: number;
  text: string;
}

/**
 * One HTTP exchange, retried once on a network error or a 5xx answer while the deadline allows. The body is
 * read under the same deadline, at most MAX_ANSWER_BYTES of it. Throws LookupFailure (timeout or outage) when there is no usable answer.
 */
export async function send(
  fetchImpl: FetchLike,
  url: string,
  init: RequestInit,
  deadline: Deadline,
  what: string,
): Promise<HttpAnswer> {
  let lastProblem = '';
  for (let attempt = 1; attempt <= 2; attempt++) {
    if (deadline.signal.aborted) break;
    try {
      const res = await fetchImpl(url, { ...init, signal: deadline.signal, redirect: 'error' });
      const text = await readLimited(res, MAX_ANSWER_BYTES, what);
      if (res.status >= 500 && attempt < 2) {
        lastProblem = `HTTP ${res.status}`;
        continue;
      }
      return { status: res.status, text };
    } catch (err) {
      // An answer too large is the same the second time.
      if (err instanceof LookupFailure) throw err;
      if (deadline.signal.aborted) break;
      lastProblem = describeError(err);
    }
  }
  if (deadline.signal.aborted) {
    throw unavailable('timeout', `${what}: no answer within ${deadline.ms} ms${lastProblem ? ` (before that: ${lastProblem})` : ''}`);
  }
  throw unavailable('outage', `${what}: ${lastProblem} (tried twice)`);
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    const code = cause && typeof cause === 'object' && 'code' in cause ? String(cause.code) : null;
    return code ? `${err.message} (${code})` : err.message;
  }
  return String(err);
}

/** Parses a JSON body, or throws LookupFailure malformed naming what was being read. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw unavailable('malformed', `${what}: the answer is not JSON (${snippet(text)})`);
  }
}

/** The start of a body, for log details. */
export function snippet(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return 'empty body';
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
