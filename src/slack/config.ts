import { z } from 'zod';

/**
 * The bot's configuration, read from the environment once (by main.ts) and validated with zod.
 * A bad or missing variable becomes one line that names it, says what it should look like and where to get it.
 * Secret values are never repeated in those lines.
 */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export interface SlackConfig {
  /** Socket Mode when SLACK_APP_TOKEN is set, else the Events API over HTTP. */
  mode: 'socket' | 'http';
  botToken: string;
  appToken: string | undefined;
  signingSecret: string | undefined;
  /** HTTP port: Events API in HTTP mode; /healthz and /readyz in both modes. */
  port: number;
  /** Interface to listen on (HOST); undefined: all interfaces. */
  host: string | undefined;
  /** Web API base URL (Bolt's clientOptions.slackApiUrl), ending in "/". */
  slackApiUrl: string | undefined;
  rateLimitPerMinute: number;
  logLevel: LogLevelName;
  /** Dataset folder (PORTHOLE_DATA_DIR, as for the CLI); undefined: the bundled data. */
  dataDir: string | undefined;
  /** Redis shared by replicas (REDIS_URL); undefined: this process's memory. */
  redisUrl: string | undefined;
  /** How long a SIGTERM or SIGINT waits for work in flight before abandoning it (SHUTDOWN_GRACE_MS); unset: the default. */
  shutdownGraceMs?: number;
  /** Socket Mode: how long start-up waits for Slack's `hello` (SOCKET_HELLO_TIMEOUT_MS); unset: the default. */
  socketHelloTimeoutMs?: number;
  /** Answers carry their rules as a table block (SLACK_TABLES=on, the default); false: as sections (SLACK_TABLES=off). */
  tables?: boolean;
  /** Who may change a channel's settings and watches (ADMIN_USER_IDS); unset: anyone in the channel. */
  adminUserIds?: string[] | undefined;
  /** Folder of the conversation state file for one replica (STATE_DIR); unset: Redis when REDIS_URL is set, else memory. */
  stateDir?: string | undefined;
}

export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
export const DEFAULT_SOCKET_HELLO_TIMEOUT_MS = 10_000;

export type ConfigResult = { ok: true; config: SlackConfig } | { ok: false; errors: string[] };

const APPS_PAGE = 'https://api.slack.com/apps';
const WHERE = {
  bot: `copy the Bot User OAuth Token from ${APPS_PAGE} > your app (created from manifest.yml) > OAuth & Permissions, after installing it to the workspace`,
  app: `generate an app-level token with the connections:write scope at ${APPS_PAGE} > your app > Basic Information > App-Level Tokens`,
  secret: `copy the Signing Secret from ${APPS_PAGE} > your app > Basic Information > App Credentials`,
};

/** What a wrong token starts with, without repeating any of the secret part. */
function prefixOf(value: string): string {
  const m = /^([a-z]{4})-/.exec(value);
  return m ? ` (it starts with "${m[1]}-")` : '';
}

const token = (name: string, prefix: string, what: string, where: string) =>
  z.string().superRefine((value, ctx) => {
    if (!value.startsWith(prefix) || value.length < prefix.length + 8 || /\s/.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message: `${name} is not ${what}${prefixOf(value)}: it should start with ${prefix} and have no spaces; ${where}.`,
      });
    }
  });

const intIn = (name: string, min: number, max: number, what: string) =>
  z.string().superRefine((value, ctx) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `${name} must be ${what}, a whole number from ${min} to ${max}; got "${value.slice(0, 20)}".` });
    }
  });

/** A variable holding a URL that `accepts` (the message never repeats the value: it may hold a password). */
const urlVar = (accepts: (url: URL) => boolean, message: string) =>
  z.string().superRefine((value, ctx) => {
    let ok = false;
    try {
      ok = accepts(new URL(value));
    } catch {
      ok = false;
    }
    if (!ok) ctx.addIssue({ code: 'custom', message });
  });

function userIdList(value: string): string[] {
  return value
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

const envSchema = z.object({
  SLACK_BOT_TOKEN: token('SLACK_BOT_TOKEN', 'xoxb-', 'a bot token', WHERE.bot).optional(),
  SLACK_APP_TOKEN: token('SLACK_APP_TOKEN', 'xapp-', 'an app-level token', WHERE.app).optional(),
  SLACK_SIGNING_SECRET: z
    .string()
    .superRefine((value, ctx) => {
      if (!/^[0-9a-f]{32}$/i.test(value)) {
        ctx.addIssue({
          code: 'custom',
          message: `SLACK_SIGNING_SECRET is not a signing secret: it should be 32 hexadecimal characters (got ${value.length} characters); ${WHERE.secret}.`,
        });
      }
    })
    .optional(),
  PORT: intIn('PORT', 0, 65535, 'the TCP port to listen on (default 3000)').optional(),
  HOST: z
    .string()
    .superRefine((value, ctx) => {
      if (!/^[A-Za-z0-9.:-]{1,253}$/.test(value)) {
        ctx.addIssue({ code: 'custom', message: `HOST must be an interface address or host name to listen on, such as 127.0.0.1 or 0.0.0.0; leave it unset to listen on all interfaces.` });
      }
    })
    .optional(),
  SLACK_API_URL: urlVar(
    (url) => (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '',
    'SLACK_API_URL must be an http(s) URL of a Slack Web API such as https://slack.com/api/ (a proxy in front of it); leave it unset to use Slack directly.',
  ).optional(),
  RATE_LIMIT_PER_MINUTE: intIn('RATE_LIMIT_PER_MINUTE', 1, 100000, 'how many questions one person may ask per minute (default 20)').optional(),
  LOG_LEVEL: z
    .string()
    .superRefine((value, ctx) => {
      if (!(LOG_LEVELS as readonly string[]).includes(value.trim().toLowerCase())) {
        ctx.addIssue({ code: 'custom', message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (default info); got "${value.slice(0, 20)}".` });
      }
    })
    .optional(),
  PORTHOLE_DATA_DIR: z.string().optional(),
  REDIS_URL: urlVar(
    (url) => (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '',
    'REDIS_URL must be a redis:// or rediss:// URL such as redis://redis:6379 (replicas share redelivery memory and rate limits there); leave it unset to keep them in memory.',
  ).optional(),
  ADMIN_USER_IDS: z
    .string()
    .superRefine((value, ctx) => {
      const ids = userIdList(value);
      if (ids.length === 0 || ids.some((id) => !/^[UW][A-Z0-9]{2,}$/.test(id))) {
        ctx.addIssue({ code: 'custom', message: `ADMIN_USER_IDS must be a comma-separated list of Slack user ids such as U0123ABCD,U0456EFGH (who may change a channel's settings and watches); leave it unset to let anyone in the channel.` });
      }
    })
    .optional(),
  STATE_DIR: z.string().optional(),
  SHUTDOWN_GRACE_MS: intIn('SHUTDOWN_GRACE_MS', 0, 600_000, `how long a stop waits for answers in flight, in milliseconds (default ${DEFAULT_SHUTDOWN_GRACE_MS})`).optional(),
  SOCKET_HELLO_TIMEOUT_MS: intIn(
    'SOCKET_HELLO_TIMEOUT_MS',
    100,
    600_000,
    `how long Socket Mode start-up waits for Slack's hello, in milliseconds (default ${DEFAULT_SOCKET_HELLO_TIMEOUT_MS})`,
  ).optional(),
  SLACK_TABLES: z
    .string()
    .superRefine((value, ctx) => {
      if (!['on', 'off'].includes(value.trim().toLowerCase())) {
        ctx.addIssue({ code: 'custom', message: `SLACK_TABLES must be on (answers show their rules as a table, the default) or off (as text, for a workspace that refuses tables); got "${value.slice(0, 20)}".` });
      }
    })
    .optional(),
});

/** Empty variables count as unset, as a shell `VAR=` usually means "not set". */
function present(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** Reads and validates the configuration. Never throws; never repeats a secret in an error. */
export function readConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) raw[key] = present(env, key);
  const parsed = envSchema.safeParse(raw);
  const errors: string[] = parsed.success ? [] : parsed.error.issues.map((i) => i.message);

  const values = parsed.success ? parsed.data : raw;
  if (values.SLACK_BOT_TOKEN === undefined) {
    errors.unshift(`SLACK_BOT_TOKEN is missing: set it to the bot token (xoxb-...); ${WHERE.bot}.`);
  }
  if (values.SLACK_APP_TOKEN === undefined && values.SLACK_SIGNING_SECRET === undefined) {
    errors.push(
      'SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is missing: set SLACK_APP_TOKEN (xapp-...) for Socket Mode, ' +
        `or SLACK_SIGNING_SECRET (32 hexadecimal characters) for the Events API over HTTP; to get them, ${WHERE.app}, or ${WHERE.secret}.`,
    );
  }
  if (!parsed.success || errors.length > 0) return { ok: false, errors };

  const data = parsed.data;
  const apiUrl = data.SLACK_API_URL;
  return {
    ok: true,
    config: {
      mode: data.SLACK_APP_TOKEN !== undefined ? 'socket' : 'http',
      botToken: data.SLACK_BOT_TOKEN!,
      appToken: data.SLACK_APP_TOKEN,
      signingSecret: data.SLACK_SIGNING_SECRET,
      port: data.PORT === undefined ? 3000 : Number(data.PORT),
      host: data.HOST,
      slackApiUrl: apiUrl === undefined ? undefined : apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
      rateLimitPerMinute: data.RATE_LIMIT_PER_MINUTE === undefined ? 20 : Number(data.RATE_LIMIT_PER_MINUTE),
      logLevel: (data.LOG_LEVEL?.trim().toLowerCase() as LogLevelName | undefined) ?? 'info',
      dataDir: data.PORTHOLE_DATA_DIR,
      redisUrl: data.REDIS_URL,
      shutdownGraceMs: data.SHUTDOWN_GRACE_MS === undefined ? DEFAULT_SHUTDOWN_GRACE_MS : Number(data.SHUTDOWN_GRACE_MS),
      socketHelloTimeoutMs: data.SOCKET_HELLO_TIMEOUT_MS === undefined ? DEFAULT_SOCKET_HELLO_TIMEOUT_MS : Number(data.SOCKET_HELLO_TIMEOUT_MS),
      tables: data.SLACK_TABLES?.trim().toLowerCase() !== 'off',
      adminUserIds: data.ADMIN_USER_IDS === undefined ? undefined : userIdList(data.ADMIN_USER_IDS),
      stateDir: data.STATE_DIR,
    },
  };
}

/** The secret values of a configuration, for the log scrubber. */
export function secretsOf(config: SlackConfig): string[] {
  return [config.botToken, config.appToken, config.signingSecret].filter((s): s is string => s !== undefined && s !== '');
}
