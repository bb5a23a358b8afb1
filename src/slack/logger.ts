import { format } from 'node:util';
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevelName } from './config.js';

/**
 * pino JSON logs with two layers against leaking secrets:
 * - `redact` removes token and secret fields wherever porthole logs structured data;
 * - every string that reaches the log (messages from Bolt and the Web API client included) is scrubbed of
 *   anything shaped like a Slack token, and of the configured secret values themselves.
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
];

export const REDACTED = '[redacted]';

const TOKEN_SHAPE = /\bx(?:ox[abposre]|app)-[A-Za-z0-9-]+/g;

export function scrubber(secrets: readonly string[]): (text: string) => string {
  const literal = secrets.filter((s) => s.length >= 8);
  return (text) => {
    let out = text.replace(TOKEN_SHAPE, REDACTED);
    for (const secret of literal) out = out.split(secret).join(REDACTED);
    return out;
  };
}

function scrubDeep(value: unknown, scrub: (s: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const copy = new Error(scrub(value.message));
    copy.name = value.name;
    if (value.stack !== undefined) copy.stack = scrub(value.stack);
    const code = (value as { code?: unknown }).code;
    if (code !== undefined) (copy as { code?: unknown }).code = code;
    return copy;
  }
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, scrub, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, scrub, depth + 1);
  return out;
}

export interface LoggerOptions {
  level: LogLevelName;
  /** Secret values to scrub from every string (the configured tokens and signing secret). */
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
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((a) => scrubDeep(a, scrub)) as Parameters<typeof method>;
          method.apply(this, cleaned);
        },
      },
    },
    options.destination ?? pino.destination({ fd: 1, sync: false }),
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
