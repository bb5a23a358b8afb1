import { z } from 'zod';

// Cluster lookup settings: a plain validated object. Only readClusterConfig looks at environment variables,
// and only at the map it is given.

export const DEFAULT_IAM_URL = 'https://iam.cloud.ibm.com';
export const DEFAULT_IKS_URL = 'https://containers.cloud.ibm.com/global';

const httpUrl = z
  .string()
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL')
  .transform((s) => s.replace(/\/+$/, ''));

const slackId = z.string().regex(/^[A-Z0-9]{2,}$/, 'must be a Slack id such as C0123ABCD or U0123ABCD');

export const clusterConfigSchema = z.object({
  /** IBM Cloud API key; without it the IKS source is off. */
  apiKey: z.string().min(1).nullable().default(null),
  iamUrl: httpUrl.default(DEFAULT_IAM_URL),
  iksUrl: httpUrl.default(DEFAULT_IKS_URL),
  /** A YAML cluster file; without it the file source is off. */
  clustersFile: z.string().min(1).nullable().default(null),
  /** How long a found cluster is remembered; 0 turns the cache off. */
  cacheTtlSeconds: z.number().int().min(0).default(300),
  /** How long a "not found" is remembered; 0 turns negative caching off. */
  notFoundTtlSeconds: z.number().int().min(0).default(30),
  /** The deadline of one lookup, token request included. */
  timeoutMs: z.number().int().min(1).max(120_000).default(2000),
  /** Slack channel ids allowed to look clusters up; null = every channel. */
  allowedChannels: z.array(slackId).nullable().default(null),
  /** Slack user ids allowed to look clusters up; null = everyone. */
  allowedUsers: z.array(slackId).nullable().default(null),
});

export type ClusterConfig = z.output<typeof clusterConfigSchema>;
export type ClusterConfigInput = z.input<typeof clusterConfigSchema>;

export type ReadConfigResult = { ok: true; config: ClusterConfig } | { ok: false; error: string };

type Env = Record<string, string | undefined>;

/**
 * Reads the cluster lookup settings from an environment map (pass process.env). Unset or empty variables take
 * their defaults. On a bad value the error is one line naming the variable and what it should look like; the
 * API key's value is never part of it.
 */
export function readClusterConfig(env: Env): ReadConfigResult {
  const value = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const fail = (error: string): ReadConfigResult => ({ ok: false, error });

  const input: ClusterConfigInput = {};
  const apiKey = value('IBMCLOUD_API_KEY');
  if (apiKey !== undefined) {
    if (/\s/.test(apiKey)) return fail('IBMCLOUD_API_KEY must be one IBM Cloud API key, without spaces or line breaks');
    input.apiKey = apiKey;
  }

  for (const [name, key, example] of [
    ['IBMCLOUD_IAM_URL', 'iamUrl', DEFAULT_IAM_URL],
    ['IKS_API_URL', 'iksUrl', DEFAULT_IKS_URL],
  ] as const) {
    const v = value(name);
    if (v === undefined) continue;
    if (!httpUrl.safeParse(v).success) return fail(`${name} must be an http(s) URL such as ${example} (got "${v}")`);
    input[key] = v;
  }

  const file = value('CLUSTERS_FILE');
  if (file !== undefined) input.clustersFile = file;

  for (const [name, key, min, max, example] of [
    ['CLUSTER_CACHE_TTL_SECONDS', 'cacheTtlSeconds', 0, 86_400, '300'],
    ['CLUSTER_LOOKUP_TIMEOUT_MS', 'timeoutMs', 1, 120_000, '2000'],
  ] as const) {
    const v = value(name);
    if (v === undefined) continue;
    const n = /^\d+$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      return fail(`${name} must be a whole number from ${min} to ${max}, such as ${example} (got "${v}")`);
    }
    input[key] = n;
  }

  for (const [name, key, example] of [
    ['CLUSTER_LOOKUP_ALLOWED_CHANNELS', 'allowedChannels', 'C0123ABCD,C0456EFGH'],
    ['CLUSTER_LOOKUP_ALLOWED_USERS', 'allowedUsers', 'U0123ABCD,U0456EFGH'],
  ] as const) {
    const v = value(name);
    if (v === undefined) continue;
    const ids = v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const bad = ids.find((id) => !slackId.safeParse(id).success);
    if (ids.length === 0 || bad !== undefined) {
      const what = bad === undefined ? 'no ids' : `"${bad}"`;
      return fail(`${name} must be a comma-separated list of Slack ids such as ${example} (got ${what})`);
    }
    input[key] = ids;
  }

  const parsed = clusterConfigSchema.safeParse(input);
  if (!parsed.success) {
    // Every field was checked above; this is a guard against the two drifting apart.
    const issue = parsed.error.issues[0];
    return fail(`cluster lookup settings: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
  }
  return { ok: true, config: parsed.data };
}

export type LookupPermission = { allowed: true } | { allowed: false; reason: string };

/**
 * Whether a Slack caller may look clusters up. Ids that are not given are not checked, so terminal callers,
 * which pass nothing, are always allowed. When both lists are set, both must allow the caller.
 */
export function isLookupAllowed(
  config: Pick<ClusterConfig, 'allowedChannels' | 'allowedUsers'>,
  caller: { channelId?: string; userId?: string } = {},
): LookupPermission {
  if (config.allowedChannels && caller.channelId !== undefined && !config.allowedChannels.includes(caller.channelId)) {
    return { allowed: false, reason: `channel ${caller.channelId} is not in CLUSTER_LOOKUP_ALLOWED_CHANNELS` };
  }
  if (config.allowedUsers && caller.userId !== undefined && !config.allowedUsers.includes(caller.userId)) {
    return { allowed: false, reason: `user ${caller.userId} is not in CLUSTER_LOOKUP_ALLOWED_USERS` };
  }
  return { allowed: true };
}
