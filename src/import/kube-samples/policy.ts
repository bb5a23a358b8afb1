import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { cidr } from '../../core/dataset/schema.js';
import { isIPv4 } from '../../core/net.js';
import type { DataProblem } from '../../core/dataset/build.js';

// One Calico GlobalNetworkPolicy file of kube-samples, read into rules whose `nets` are grouped into runs: a
// run starts at a comment naming what its addresses are for ("# IBM Cloud Container Registry: Global
// registry") and holds every address up to the next such comment. Other comments inside a run ("# New IP
// addresses added on 1/19/2023") are kept as its notes.

export type PolicyProtocol = 'tcp' | 'udp';

export interface PolicyAddress {
  /** As porthole writes it: a.b.c.d for a /32, else the CIDR. */
  value: string;
  line: number;
}

export interface NetRun {
  /** The comment that starts the run, without "# "; null for addresses before any such comment. */
  heading: string | null;
  headingLine: number | null;
  /** Where the run starts: its heading, else its first comment or address. */
  line: number;
  notes: string[];
  addresses: PolicyAddress[];
}

export interface PolicyRule {
  direction: 'egress' | 'ingress';
  protocol: PolicyProtocol | null;
  /** porthole port specs: "443", "20000-32767". */
  ports: string[];
  /** Comments in the ports list (the Istio rules name their ports there). */
  portComments: string[];
  runs: NetRun[];
  line: number;
}

export interface Policy {
  file: string;
  name: string;
  rules: PolicyRule[];
}

/** Tells a comment that names what the following addresses are for from one that annotates them. */
export type HeadingTest = (comment: string) => boolean;

const calicoPort = z.union([
  z.number().int().min(1).max(65535),
  z.string().regex(/^\d{1,5}(:\d{1,5})?$/, 'must be a port or a range "a:b"'),
]);

const calicoRule = z.object({
  action: z.literal('Allow', { message: 'must be Allow: kube-samples lists only what to allow' }),
  protocol: z.enum(['TCP', 'UDP'], { message: 'must be TCP or UDP' }).optional(),
  source: z.object({}).passthrough().optional(),
  destination: z
    .object({
      nets: z.array(z.string({ message: 'must be an address written a.b.c.d/n' })).optional(),
      ports: z.array(calicoPort).optional(),
    })
    .passthrough()
    .optional(),
});

const calicoPolicy = z.object({
  apiVersion: z.literal('projectcalico.org/v3', { message: 'must be projectcalico.org/v3' }),
  kind: z.literal('GlobalNetworkPolicy', { message: 'must be GlobalNetworkPolicy' }),
  metadata: z.object({ name: z.string().min(1) }),
  spec: z
    .object({
      egress: z.array(calicoRule).optional(),
      ingress: z.array(calicoRule).optional(),
    })
    .refine((s) => (s.egress?.length ?? 0) + (s.ingress?.length ?? 0) > 0, { message: 'holds no egress or ingress rule' }),
});

export type PolicyResult = { ok: true; policy: Policy } | { ok: false; problems: DataProblem[] };

/** The line of the node at `path` in a parsed YAML document, or of its nearest parent that has one. */
export function lineOf(doc: Document, lines: LineCounter, path: (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/** The line of `key` in the map at `path`. */
function keyLine(doc: Document, lines: LineCounter, path: (string | number)[], key: string): number | undefined {
  const map = doc.getIn(path, true);
  const pair = isMap(map) ? map.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
  const range = isScalar(pair?.key) ? pair.key.range : undefined;
  return range ? lines.linePos(range[0]).line : undefined;
}

function portSpec(port: number | string): string | null {
  const [lo, hi] = String(port).split(':').map(Number);
  if (lo === undefined || lo < 1 || lo > 65535) return null;
  if (hi === undefined) return String(lo);
  return hi >= lo && hi <= 65535 ? `${lo}-${hi}` : null;
}

/** The comment lines of the text, by line number (1-based), without "# ". */
function commentsByLine(text: string): Map<number, string> {
  const comments = new Map<number, string>();
  text.split('\n').forEach((raw, i) => {
    const m = /^\s*#\s?(.*?)\s*$/.exec(raw);
    if (m) comments.set(i + 1, m[1] ?? '');
  });
  return comments;
}

function commentsBetween(comments: Map<number, string>, after: number, before: number): { line: number; text: string }[] {
  const found: { line: number; text: string }[] = [];
  for (let l = after + 1; l < before; l++) {
    const text = comments.get(l);
    if (text !== undefined && text !== '') found.push({ line: l, text });
  }
  return found;
}

/** Parses one policy file. Never throws: YAML errors, unexpected shapes and bad addresses come back as problems. */
export function parsePolicy(file: string, text: string, isHeading: HeadingTest): PolicyResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        file,
        path: [],
        line: lines.linePos(e.pos[0]).line,
        message: `is not valid YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const parsed = calicoPolicy.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
        return { file, path, line: lineOf(doc, lines, path), message: `is not a Calico policy as kube-samples writes them: ${issue.message}` };
      }),
    };
  }
  const comments = commentsByLine(text);
  const problems: DataProblem[] = [];
  const rules: PolicyRule[] = [];
  for (const direction of ['egress', 'ingress'] as const) {
    (parsed.data.spec[direction] ?? []).forEach((rule, ri) => {
      const at = ['spec', direction, ri];
      const ports: string[] = [];
      (rule.destination?.ports ?? []).forEach((p, pi) => {
        const spec = portSpec(p);
        if (spec) ports.push(spec);
        else problems.push({ file, path: [...at, 'destination', 'ports', pi], line: lineOf(doc, lines, [...at, 'destination', 'ports', pi]), message: `"${p}" is not a port or an ordered range within 1-65535` });
      });
      const portsNode = doc.getIn([...at, 'destination', 'ports'], true);
      const portComments = isSeq(portsNode) && portsNode.range
        ? commentsBetween(comments, keyLine(doc, lines, [...at, 'destination'], 'ports') ?? 0, lines.linePos(portsNode.range[1]).line + 1).map((c) => c.text)
        : [];
      const runs: NetRun[] = [];
      const netsNode = doc.getIn([...at, 'destination', 'nets'], true);
      if (isSeq(netsNode)) {
        let previous = keyLine(doc, lines, [...at, 'destination'], 'nets') ?? lines.linePos(netsNode.range?.[0] ?? 0).line - 1;
        let run: NetRun | null = null;
        netsNode.items.forEach((item, ni) => {
          const line = lines.linePos((item as { range?: [number, number, number] }).range?.[0] ?? 0).line;
          for (const c of commentsBetween(comments, previous, line)) {
            if (isHeading(c.text)) {
              run = { heading: c.text, headingLine: c.line, line: c.line, notes: [], addresses: [] };
              runs.push(run);
            } else if (run) run.notes.push(c.text);
            else {
              run = { heading: null, headingLine: null, line: c.line, notes: [c.text], addresses: [] };
              runs.push(run);
            }
          }
          previous = line;
          const value = isScalar(item) ? item.value : undefined;
          const address = typeof value === 'string' ? netAddress(value.trim()) : null;
          if (address === null) {
            problems.push({ file, path: [...at, 'destination', 'nets', ni], line, message: `"${String(value)}" is not an IPv4 address written a.b.c.d/n` });
            return;
          }
          if (!run) {
            run = { heading: null, headingLine: null, line, notes: [], addresses: [] };
            runs.push(run);
          }
          (run as NetRun).addresses.push({ value: address, line });
        });
      }
      rules.push({
        direction,
        protocol: rule.protocol === 'TCP' ? 'tcp' : rule.protocol === 'UDP' ? 'udp' : null,
        ports,
        portComments,
        runs,
        line: lineOf(doc, lines, at) ?? 0,
      });
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, policy: { file, name: parsed.data.metadata.name, rules } };
}

/** "1.2.3.4/32" → "1.2.3.4"; "1.2.3.0/24" stays; anything else → null. */
export function netAddress(net: string): string | null {
  if (!cidr.safeParse(net).success) return null;
  return net.endsWith('/32') ? net.slice(0, -3) : net;
}

/** An address as a plain list writes it (public-ips.md): a.b.c.d or a.b.c.d/n, normalised like nets. */
export function listAddress(entry: string): string | null {
  if (isIPv4(entry)) return entry;
  return netAddress(entry);
}
