import { format } from 'node:util';
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import pino, { type DestinationStream, type Logger } from 'pino';
import { REDACTED, scrubber } from '../core/scrub.js';
import type { LogLevelName } from './config.js';

export { REDACTED, scrubber };

/**
 * pino JSON logs with guards against leaking secrets, none of which deep-copies a log line (pino's `redact` copies
 * only the objects on a redacted path, each shallowly):
 * - `redact` removes token and secret fields wherever porthole logs structured data;
 * - the error serializer scrubs tokens from an error's message, stack and Slack's answer (`data`, which holds
 *   Slack's `error` and `response_metadata`, e.g. what is wrong in an `invalid_blocks`), and keeps the rest;
 * - every message string (Bolt's and the Web API client's included, see toBoltLogger) is scrubbed of anything
 *   shaped like a Slack token, of the configured secret values themselves and of response_urls (which let anyone
 *   post as porthole for 30 minutes), and cut to LOG_TEXT_CHARS: at debug level the SDKs log whole payloads;
 * - the audit record's question text is scrubbed the same way (a person may paste a token into a question).
 */

export const REDACT_PATHS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.authorization',
  '*.headers.authorization',
  '*.headers["x-slack-signature"]',
  'config.botToken',
  'config.appToken',
  'config.signingSecret',
  'env.SLACK_BOT_TOKEN',
  'env.SLACK_APP_TOKEN',
  'env.SLACK_SIGNING_SECRET',
  'response_url',
  '*.response_url',
];

/** Message strings longer than this are cut (with the number of characters left out). */
export const LOG_TEXT_CHARS = 2000;

/** A message string as logged: scrubbed, then cut to LOG_TEXT_CHARS. */
function boundedText(text: string, scrub: (s: string) => string): string {
  const out = scrub(text);
  return out.length <= LOG_TEXT_CHARS ? out : `${out.slice(0, LOG_TEXT_CHARS)}… [${out.length - LOG_TEXT_CHARS} more characters]`;
}

/** pino's `audit` serializer: the record with its question text scrubbed (it is already cut to its length). */
function auditSerializer(scrub: (s: string) => string): (record: unknown) => unknown {
  return (record) => {
    const query = (record as { query?: { text?: unknown } | null } | null)?.query;
    if (query === null || query === undefined || typeof query.text !== 'string') return record;
    return { ...(record as object), query: { ...query, text: scrub(query.text) } };
  };
}

/** A copy of Slack's answer in an error (small JSON: error, response_metadata, ...) with every string scrubbed. */
function scrubbedData(value: unknown, scrub: (s: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubbedData(v, scrub, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubbedData(v, scrub, depth + 1)]));
}

interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  code?: unknown;
  statusCode?: unknown;
  data?: unknown;
  cause?: SerializedError | unknown;
}

/** pino's `err` serializer: name, message, stack, code, HTTP status, Slack's `data` and the cause, scrubbed. */
export function errorSerializer(scrub: (s: string) => string): (err: unknown) => unknown {
  const serialize = (err: unknown, depth: number): unknown => {
    if (!(err instanceof Error)) return scrubbedData(err, scrub);
    const fields = err as Error & { code?: unknown; statusCode?: unknown; data?: unknown };
    const out: SerializedError = { type: err.name, message: scrub(err.message) };
    if (err.stack !== undefined) out.stack = scrub(err.stack);
    if (fields.code !== undefined) out.code = fields.code;
    if (fields.statusCode !== undefined) out.statusCode = fields.statusCode;
    if (fields.data !== undefined) out.data = scrubbedData(fields.data, scrub);
    if (err.cause !== undefined && depth < 3) out.cause = serialize(err.cause, depth + 1);
    return out;
  };
  return (err) => serialize(err, 0);
}

export interface LoggerOptions {
  level: LogLevelName;
  /** Secret values to scrub (the configured tokens and signing secret). */
  secrets: readonly string[];
  /** Where to write (default stdout). Tests pass a stream to capture the output. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const scrub = scrubber(options.secrets);
  return pino(
    {
      level: options.level,
      base: { app: 'porthole-slack' },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: errorSerializer(scrub), audit: auditSerializer(scrub) },
      hooks: {
        // Message strings only (objects go through redact and the serializers): nothing is copied.
        logMethod(args, method) {
          for (let i = 0; i < args.length; i += 1) if (typeof args[i] === 'string') args[i] = boundedText(args[i] as string, scrub);
          method.apply(this, args);
        },
      },
    },
    // Synchronous, pino's own default: a line is out when the call returns, so no audit line waits in a buffer
    // for a crash, and each line costs about a third of the CPU of an asynchronous write (which goes through
    // the thread pool): measured at 9 against 29 µs per audit line.
    options.destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

const TO_BOLT: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

export function boltLevel(level: string): LogLevel {
  return TO_BOLT[level] ?? LogLevel.INFO;
}

/**
 * Bolt's, the Web API client's and the Socket Mode client's logger, writing through pino (and so through
 * the scrubber). The level comes from LOG_LEVEL: setLevel from inside the SDKs is ignored.
 */
export function toBoltLogger(logger: Logger, name = 'bolt'): BoltLogger {
  const child = logger.child({ component: name });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]): void => {
      if (!child.isLevelEnabled(level)) return;
      const err = msg.find((m): m is Error => m instanceof Error);
      const text = format(...msg.map((m) => (m instanceof Error ? m.message : m)));
      if (err !== undefined) child[level]({ err }, text);
      else child[level](text);
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: () => undefined,
    getLevel: () => boltLevel(logger.level),
    setName: () => undefined,
  };
}

/**
 * Writes out everything logged so far: the last step before process.exit (pino's own flush returns before an
 * asynchronous write has reached its destination, and exit would cut it off). The log stays open: a late
 * callback on the way out (a socket closing, a reply finishing) may still log, and a log ended here would throw
 * "SonicBoom destroyed" at it, making the exit code 1. Bounded by `timeoutMs`.
 */
export function flushLog(logger: Logger, timeoutMs = 2000): Promise<void> {
  const stream = (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as { flushSync?: () => void; flush?: (done: (error?: Error) => void) => void } | undefined;
  if (typeof stream?.flushSync === 'function') {
    try {
      stream.flushSync();
      return Promise.resolve();
    } catch {
      // Not open yet, or a write in progress: flushed asynchronously below.
    }
  }
  if (typeof stream?.flush !== 'function') return Promise.resolve();
  const flush = stream.flush.bind(stream);
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    flush(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
