import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { ClusterFacts } from '../core/answer.js';
import { printable } from '../core/printable.js';
import { isIPv4 } from '../core/net.js';
import { formatPath, masterEndpoint, portNumber } from './facts.js';
import type { ResolveRegion } from './types.js';
import { clusterName, endpointUrl, zoneId } from './values.js';

// A YAML file of clusters, for sites without an API key or with clusters the key cannot see:
//
//   clusters:
//     - name: demo-fra
//       id: c0ffee0fra0000000001
//       region: eu-de            # or the legacy eu-central
//       zones: [fra02, fra04, fra05]
//       masterUrl: https://c2.eu-de.containers.cloud.ibm.com:31142
//       privateEndpointUrl: https://c2.private.eu-de.containers.cloud.ibm.com:31142   # optional
//       etcdPort: 31593          # optional
//       workers:
//         - { id: kube-w1, zone: fra02, publicIp: 192.0.2.10, privateIp: 10.194.0.10 }

export type FileLoadResult =
  | { ok: true; file: string; clusters: ClusterFacts[] }
  /** `message` names the file, the place inside it and the problem, on one line per problem. */
  | { ok: false; file: string; message: string };

const MAX_ISSUES = 5;

const ip = z.string().refine((s) => isIPv4(s), 'must be an IPv4 address such as 192.0.2.10');


const port = z
  .union([z.number(), z.string()])
  .refine((v) => portNumber(v) !== null, 'must be a port number from 1 to 65535')
  .transform((v) => portNumber(v));

function fileSchema(resolveRegion: ResolveRegion) {
  const worker = z.strictObject({
    id: clusterName,
    zone: zoneId,
    publicIp: ip.nullish(),
    privateIp: ip.nullish(),
  });
  const cluster = z
    .strictObject({
      name: clusterName,
      id: clusterName,
      region: z
        .string()
        .min(1)
        .refine((r) => resolveRegion(r) !== null, 'is not a region of the dataset (such as eu-de or us-south)'),
      zones: z.array(zoneId).min(1, 'must list at least one zone'),
      masterUrl: endpointUrl,
      privateEndpointUrl: endpointUrl.nullish(),
      etcdPort: port.nullish(),
      workers: z.array(worker).default([]),
    })
    .superRefine((c, ctx) => {
      c.workers.forEach((w, i) => {
        if (!c.zones.includes(w.zone)) {
          ctx.addIssue({
            code: 'custom',
            path: ['workers', i, 'zone'],
            message: `"${printable(w.zone)}" is not one of the cluster's zones (${printable(c.zones.join(', '))})`,
          });
        }
      });
    });
  return z
    .strictObject({ clusters: z.array(cluster) })
    .superRefine((f, ctx) => {
      const seen = new Map<string, string>();
      f.clusters.forEach((c, i) => {
        for (const key of ['name', 'id'] as const) {
          const value = c[key];
          const earlier = seen.get(value);
          if (earlier !== undefined && !(key === 'id' && c.name === c.id)) {
            ctx.addIssue({ code: 'custom', path: ['clusters', i, key], message: `"${printable(value)}" is already used by ${earlier}` });
          } else {
            seen.set(value, `clusters[${i}]`);
          }
        }
      });
    });
}

/** Reads and validates a cluster file. Never throws. */
export async function loadClusterFile(file: string, resolveRegion: ResolveRegion): Promise<FileLoadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code ?? String(err);
    return { ok: false, file, message: `${file}: cannot read the cluster file (${why})` };
  }
  return parseClusterFile(text, file, resolveRegion);
}

/** Validates the text of a cluster file; `file` is only used in messages. Never throws. */
export function parseClusterFile(text: string, file: string, resolveRegion: ResolveRegion): FileLoadResult {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const pos = yamlError.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}` : 'YAML';
    // The pretty message is "<problem> at line L, column C:" and a code frame; keep the problem.
    const what = (yamlError.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '') || 'invalid YAML';
    return { ok: false, file, message: `${file}: ${where}: ${what}` };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { ok: false, file, message: `${file}: ${err instanceof Error ? err.message : String(err)}` };
  }

  const parsed = fileSchema(resolveRegion).safeParse(data ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const lines = issues.slice(0, MAX_ISSUES).map((issue) => {
      const where = formatPath(issue.path) || '(top level)';
      return `${file}: ${where}: ${friendly(issue)}`;
    });
    if (issues.length > MAX_ISSUES) lines.push(`${file}: and ${issues.length - MAX_ISSUES} more problems`);
    return { ok: false, file, message: lines.join('\n') };
  }

  const clusters = parsed.data.clusters.map((c): ClusterFacts => {
    const master = masterEndpoint(c.masterUrl);
    return {
      id: c.id,
      name: c.name,
      region: resolveRegion(c.region) ?? c.region,
      zones: c.zones,
      masterUrl: c.masterUrl,
      masterHost: master?.host ?? '',
      masterPort: master?.port ?? 443,
      privateEndpointUrl: c.privateEndpointUrl ?? null,
      etcdPort: c.etcdPort ?? null,
      workers: c.workers.map((w) => ({ id: w.id, zone: w.zone, publicIp: w.publicIp ?? null, privateIp: w.privateIp ?? null })),
      source: 'file',
    };
  });
  return { ok: true, file, clusters };
}

const KINDS: Record<string, string> = {
  array: 'a list',
  object: 'a mapping of fields',
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  null: 'empty',
  undefined: 'missing',
};

function friendly(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  if (issue.code === 'invalid_type') {
    const received = /received (\w+)/.exec(issue.message)?.[1];
    if (received === 'undefined') return 'is missing';
    const want = KINDS[issue.expected] ?? issue.expected;
    return received ? `must be ${want}, not ${KINDS[received] ?? received}` : `must be ${want}`;
  }
  return issue.message;
}
