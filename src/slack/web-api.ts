import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Metrics } from '../bot/metrics.js';

/**
 * Every HTTP call porthole makes to Slack (Web API methods, file upload URLs, response_urls), through one fetch:
 * counted by method and outcome in the metrics, and each failure logged with Slack's error and
 * `response_metadata`. The retry policies of those calls are here too.
 */

/**
 * Replies: a call is tried at most twice more, 0.5 to 2 s apart (the SDK's default retries for up to about
 * 30 minutes, silently, while the asker waits), and only when trying again cannot post anything twice: see
 * `retryDelay`. The retries happen in the counted fetch, per call; the WebClient itself never retries.
 */
export const REPLY_RETRY: webApi.RetryOptions = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2000, randomize: true };
/** One attempt of a call that can be repeated safely gives up after this long, and is tried again. */
export const REPLY_TIMEOUT_MS = 10_000;
/**
 * A call that posts something is waited for longer: giving up does not take it back (Slack may post it after
 * all), and trying again would post it twice.
 */
export const UNREPEATABLE_TIMEOUT_MS = 30_000;
/**
 * The longest Retry-After a reply waits for, per call, while other calls go on. A longer one fails the call at
 * once: the asker is told rather than kept waiting.
 */
export const RETRY_AFTER_CAP_MS = 5_000;
/** The start-up token check gives up within seconds when Slack cannot be reached. */
export const STARTUP_RETRY: webApi.RetryOptions = { retries: 2, factor: 2, minTimeout: 300, maxTimeout: 2000 };
export const STARTUP_TIMEOUT_MS = 10_000;

/**
 * Calls that change nothing when made twice: reads, the upload slot and the upload itself (the same bytes to
 * the same one-time URL). Anything else (chat.postMessage, chat.postEphemeral, chat.update,
 * files.completeUploadExternal, response_url posts) may post twice if repeated after it reached Slack.
 */
const REPEATABLE_CALLS = new Set(['auth.test', 'apps.connections.open', 'files.getUploadURLExternal', 'file_upload', 'views.publish', 'conversations.info', 'users.info']);

/** Whether a call of `method` may be repeated after it may have reached Slack. */
export function isRepeatable(method: string): boolean {
  return REPEATABLE_CALLS.has(method);
}

/**
 * Errors that come before a request is sent: no connection was made, so Slack provably never saw it. A reset or
 * a timeout may come after Slack got the request, and proves nothing.
 */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** The connection was never made (fetch wraps the system error as its `cause`). */
export function neverSent(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' && NOT_SENT_CODES.has(cause.code);
}

type FetchFunction = NonNullable<webApi.WebClientOptions['fetch']>;

/** What a call is, for the metrics' `method` label: the Web API method, `file_upload` or `response_url`. */
export function callMethod(url: string, apiUrl: string): string {
  if (url.startsWith(apiUrl)) return url.slice(apiUrl.length).split(/[/?]/)[0] ?? 'unknown';
  return /\/upload\/v1\//.test(new URL(url).pathname) ? 'file_upload' : 'response_url';
}

/** A short, bounded label for a call that never got an answer. */
function requestErrorLabel(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  return 'request_error';
}

/** `"ok": false`, as Slack writes it: most answers are not refusals and need no parsing here. */
const REFUSAL = /"ok"\s*:\s*false/;

/** Slack's `{ ok: false, error }` answer to a Web API method, read from the bytes of its body. */
function platformError(headers: Headers, body: ArrayBuffer): { error?: unknown; response_metadata?: unknown } | undefined {
  if (!(headers.get('content-type') ?? '').includes('json')) return undefined;
  const text = Buffer.from(body).toString('utf8');
  if (!REFUSAL.test(text)) return undefined;
  try {
    const answer = JSON.parse(text) as { ok?: unknown; error?: unknown; response_metadata?: unknown };
    return answer.ok === false ? answer : undefined;
  } catch {
    return undefined;
  }
}

/** HTTP statuses whose response has no body (a Response with a body and one of these cannot be built). */
const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

/** What one attempt of a call came to: Slack's answer, or why there was none. */
type Attempt = { response: Response } | { error: unknown };

export interface CountedFetchOptions {
  metrics: Metrics;
  logger: Logger;
  apiUrl: string;
  /** How long one attempt of a repeatable call may take, its answer read to the end included. */
  timeoutMs: number;
  /** The same for a call that posts something (default: `timeoutMs`). */
  unrepeatableTimeoutMs?: number;
  /** Tries after the first (default: none), and the pause between them. */
  retry?: webApi.RetryOptions;
  /** The longest Retry-After waited for (default RETRY_AFTER_CAP_MS). */
  retryAfterCapMs?: number;
  fetch?: FetchFunction;
}

/**
 * A fetch for the WebClient (and Bolt's respond()) that counts each HTTP call by method, and each failure by
 * method and error: Slack's error code, `http_<status>`, `ratelimited`, `timeout` or `request_error`. It retries
 * a call itself (each try counted as a call of its own), only when that cannot post anything twice
 * (`retryDelay`), and waits out a 429's Retry-After in that call alone: the WebClient's own retries pause its
 * whole queue, every asker's calls with it. The answer is read once here and handed on whole.
 */
export function countedFetch(options: CountedFetchOptions): FetchFunction {
  const base = options.fetch ?? (globalThis.fetch as unknown as FetchFunction);
  const retry = options.retry ?? { retries: 0 };
  const retryAfterCapMs = options.retryAfterCapMs ?? RETRY_AFTER_CAP_MS;
  return async (input, init) => {
    const url = String(input);
    const method = callMethod(url, options.apiUrl);
    const repeatable = isRepeatable(method);
    const timeoutMs = repeatable ? options.timeoutMs : (options.unrepeatableTimeoutMs ?? options.timeoutMs);
    // A streamed body cannot be sent a second time.
    const retries = init?.body instanceof ReadableStream ? 0 : (retry.retries ?? 0);
    for (let attempt = 0; ; attempt += 1) {
      const outcome = await attemptCall(base, url, init, { ...options, method, timeoutMs });
      const waitMs = attempt < retries && init?.signal?.aborted !== true ? retryDelay(outcome, { repeatable, attempt, retry, retryAfterCapMs }) : undefined;
      if (waitMs === undefined) {
        if ('error' in outcome) throw outcome.error;
        return outcome.response as Awaited<ReturnType<FetchFunction>>;
      }
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  };
}

/**
 * Milliseconds to wait before trying a call again, or undefined when it must not be tried again:
 * - a 429 is a refusal (Slack did nothing): tried again after its Retry-After, when that is within the cap;
 * - no connection made (refused, no route, no such host): Slack never saw it, tried again;
 * - a 5xx, a timeout or a broken connection may come after Slack acted on the call: only a repeatable call is
 *   tried again;
 * - any other answer stands.
 */
export function retryDelay(outcome: Attempt, context: { repeatable: boolean; attempt: number; retry: webApi.RetryOptions; retryAfterCapMs: number }): number | undefined {
  const backoff = () => backoffMs(context.retry, context.attempt);
  if ('error' in outcome) return neverSent(outcome.error) || context.repeatable ? backoff() : undefined;
  const status = outcome.response.status;
  if (status === 429) {
    const retryAfterMs = Number.parseInt(outcome.response.headers.get('retry-after') ?? '', 10) * 1000;
    return Number.isFinite(retryAfterMs) && retryAfterMs >= 0 && retryAfterMs <= context.retryAfterCapMs ? retryAfterMs : undefined;
  }
  return status >= 500 && context.repeatable ? backoff() : undefined;
}

/** The pause before try `attempt + 2`: node-retry's exponential backoff with its options. */
function backoffMs(retry: webApi.RetryOptions, attempt: number): number {
  const min = retry.minTimeout ?? 1000;
  const random = retry.randomize === true ? 1 + Math.random() : 1;
  return Math.min(Math.round(random * min * (retry.factor ?? 2) ** attempt), retry.maxTimeout ?? Number.POSITIVE_INFINITY);
}

/** One try of a call, counted and, when it fails, logged; it gives up after `timeoutMs`. */
async function attemptCall(
  base: FetchFunction,
  url: string,
  init: Parameters<FetchFunction>[1],
  options: { metrics: Metrics; logger: Logger; method: string; timeoutMs: number },
): Promise<Attempt> {
  const { metrics, logger, method, timeoutMs } = options;
  // A timer cleared when the call is done, rather than the SDK's `timeout`: its AbortSignal.timeout fires (and
  // builds a DOMException) after every call, long after the answer came.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`Slack did not answer within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
  const outer = init?.signal;
  if (outer?.aborted === true) controller.abort(outer.reason);
  else outer?.addEventListener('abort', () => controller.abort(outer.reason), { once: true });
  let response: Response;
  let body: ArrayBuffer;
  try {
    response = (await base(url, { ...init, signal: controller.signal })) as Response;
    body = await response.arrayBuffer();
  } catch (error) {
    const label = requestErrorLabel(error);
    metrics.webApiCall(method, label);
    logger.warn({ webApi: { method, error: label }, err: error }, 'Slack call failed');
    return { error };
  } finally {
    clearTimeout(timer);
  }
  countAnswer(response, body, options);
  const status = response.status;
  return { response: new Response(NULL_BODY_STATUS.has(status) ? null : body, { status, statusText: response.statusText, headers: response.headers }) };
}

/** Counts Slack's answer to a call, and logs it when it is a failure: a 429, another non-2xx, or `ok: false`. */
function countAnswer(response: Response, body: ArrayBuffer, options: { metrics: Metrics; logger: Logger; method: string }): void {
  const { metrics, logger, method } = options;
  const status = response.status;
  if (status === 429) {
    metrics.webApiCall(method, 'ratelimited');
    logger.warn({ webApi: { method, error: 'ratelimited', status, retryAfter: response.headers.get('retry-after') } }, 'Slack call failed');
  } else if (status < 200 || status > 299) {
    metrics.webApiCall(method, `http_${status}`);
    logger.warn({ webApi: { method, error: `http_${status}`, status } }, 'Slack call failed');
  } else {
    const refused = method === 'response_url' || method === 'file_upload' ? undefined : platformError(response.headers, body);
    if (refused === undefined) {
      metrics.webApiCall(method);
    } else {
      const error = typeof refused.error === 'string' ? refused.error : 'unknown_error';
      metrics.webApiCall(method, error);
      logger.warn({ webApi: { method, error, status, response_metadata: refused.response_metadata ?? null } }, 'Slack call failed');
    }
  }
}
