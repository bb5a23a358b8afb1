import { z } from 'zod';
import { type Deadline, parseJson, safeJson, send, snippet, withDeadline } from './http.js';
import { type FetchLike, LookupFailure, unavailable } from './types.js';

// An IAM access token for an API key: fetched when first needed, reused until shortly before it expires,
// fetched once for any number of concurrent callers, and dropped when the API says it is no longer good.

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive().optional(),
  expiration: z.number().positive().optional(),
});

const iamError = z.object({ errorCode: z.string().optional(), errorMessage: z.string().optional() }).loose();

export interface IamTokenOptions {
  apiKey: string;
  /** Base URL of IAM, without /identity/token. */
  iamUrl: string;
  /** Deadline of one token request (retry included), independent of the callers waiting for it. */
  timeoutMs: number;
  fetch?: FetchLike;
  /** How long before its expiry a token is replaced; default 60 s. */
  refreshEarlyMs?: number;
  now?: () => number;
}

export class IamTokenProvider {
  private current: { token: string; refreshAt: number } | null = null;
  private pending: Promise<string> | null = null;
  private readonly fetchImpl: FetchLike;
  private readonly now: () => number;
  private readonly refreshEarlyMs: number;

  constructor(private readonly options: IamTokenOptions) {
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? (() => Date.now());
    this.refreshEarlyMs = options.refreshEarlyMs ?? 60_000;
  }

  /** A bearer token, from memory when it is still fresh; waits at most until the caller's deadline. */
  async token(deadline: Deadline): Promise<string> {
    if (this.current && this.now() < this.current.refreshAt) return this.current.token;
    if (!this.pending) {
      const pending = this.requestToken().finally(() => {
        if (this.pending === pending) this.pending = null;
      });
      // Callers may all have given up (deadline) before it settles; that is not an unhandled rejection.
      pending.catch(() => undefined);
      this.pending = pending;
    }
    return untilDeadline(this.pending, deadline, 'IAM token request');
  }

  /** Forgets `token` if it is the one in memory, so the next caller fetches a new one. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = null;
  }

  private async requestToken(): Promise<string> {
    const url = `${this.options.iamUrl}/identity/token`;
    const what = `IAM token request (${url})`;
    const body = new URLSearchParams({
      grant_type: 'urn:ibm:params:oauth:grant-type:apikey',
      apikey: this.options.apiKey,
    });
    const answer = await withDeadline(this.options.timeoutMs, (deadline) =>
      send(
        this.fetchImpl,
        url,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
          body: body.toString(),
        },
        deadline,
        what,
      ),
    );
    if (answer.status === 400 || answer.status === 401 || answer.status === 403) {
      const err = iamError.safeParse(safeJson(answer.text));
      const why = err.success && (err.data.errorCode || err.data.errorMessage)
        ? [err.data.errorCode, err.data.errorMessage].filter(Boolean).join(' ')
        : snippet(answer.text);
      throw new LookupFailure({ status: 'unauthorized', detail: `${what}: HTTP ${answer.status}: ${why}` });
    }
    if (answer.status !== 200) {
      throw unavailable('outage', `${what}: HTTP ${answer.status}: ${snippet(answer.text)}`);
    }
    const parsed = tokenAnswer.safeParse(parseJson(answer.text, what));
    if (!parsed.success) throw unavailable('malformed', `${what}: the answer has no access_token`);
    const received = this.now();
    const expiresAt =
      parsed.data.expires_in !== undefined
        ? received + parsed.data.expires_in * 1000 // relative: immune to clock skew
        : parsed.data.expiration !== undefined
          ? parsed.data.expiration * 1000
          : received; // unknown lifetime: use it for the callers waiting now, fetch anew next time
    this.current = { token: parsed.data.access_token, refreshAt: expiresAt - this.refreshEarlyMs };
    return parsed.data.access_token;
  }
}

/** Waits for a shared promise, but gives up with a timeout failure when this caller's deadline passes. */
export function untilDeadline<T>(promise: Promise<T>, deadline: Deadline, what: string): Promise<T> {
  if (deadline.signal.aborted) {
    return Promise.reject(unavailable('timeout', `${what}: no answer within ${deadline.ms} ms`));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(unavailable('timeout', `${what}: no answer within ${deadline.ms} ms`));
    deadline.signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        deadline.signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        deadline.signal.removeEventListener('abort', onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
