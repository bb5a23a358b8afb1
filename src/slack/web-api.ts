import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Metrics } from '../bot/metrics.js';

/**
 * Every HTTP call porthole makes to Slack (Web API methods, file upload URLs, response_urls), through one fetch:
 * counted by method and outcome in the metrics, and each failure logged with Slack's error and
 * `response_metadata`. The retry policies of those calls are here too.
 */

/**
 * Replies: a failed call is tried twice more within about 3 seconds (the SDK's default retries for up to about
 * 30 minutes, silently, while the asker waits). A 429 still waits for Slack's Retry-After.
 */
export const REPLY_RETRY: webApi.RetryOptions = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2000, randomize: true };
/** One attempt of a reply call gives up after this long. */
export const REPLY_TIMEOUT_MS = 10_000;
/** The start-up token check gives up within seconds when Slack cannot be reached. */
export const STARTUP_RETRY: webApi.RetryOptions = { retries: 2, factor: 2, minTimeout: 300, maxTimeout: 2000 };
export const STARTUP_TIMEOUT_MS = 10_000;

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

/**
 * A fetch for the WebClient (and Bolt's respond()) that counts each HTTP call by method, and each failure by
 * method and error: Slack's error code, `http_<status>`, `ratelimited`, `timeout` or `request_error`.
 * Retries are calls of their own. Each call, its answer read to the end included, gives up after `timeoutMs`.
 * The answer is read once here and handed on whole.
 */
export function countedFetch(options: { metrics: Metrics; logger: Logger; apiUrl: string; timeoutMs: number; fetch?: FetchFunction }): FetchFunction {
  const { metrics, logger, apiUrl, timeoutMs } = options;
  const base = options.fetch ?? (globalThis.fetch as unknown as FetchFunction);
  return async (input, init) => {
    const url = String(input);
    const method = callMethod(url, apiUrl);
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
      response = (await base(input, { ...init, signal: controller.signal })) as Response;
      body = await response.arrayBuffer();
    } catch (error) {
      const label = requestErrorLabel(error);
      metrics.webApiCall(method, label);
      logger.warn({ webApi: { method, error: label }, err: error }, 'Slack call failed');
      throw error;
    } finally {
      clearTimeout(timer);
    }
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
    const answer = new Response(NULL_BODY_STATUS.has(status) ? null : body, { status, statusText: response.statusText, headers: response.headers });
    return answer as Awaited<ReturnType<FetchFunction>>;
  };
}
