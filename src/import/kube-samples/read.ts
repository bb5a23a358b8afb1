import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { DataProblem } from '../../core/dataset/build.js';
import { listAddress, parsePolicy, type Policy, type PolicyProtocol } from './policy.js';

// Reads a checkout (or a copy) of IBM-Cloud/kube-samples into a neutral structure: per region folder, the
// control-plane (master) addresses of the public and private service endpoints with the zones their comment
// names, and the nets of the IBM services (registry, monitoring, logging) by the service their comment names;
// per metro, the control-plane subnets. Anything it does not map is listed in `leftovers`, never dropped.

export const KUBE_SAMPLES_REPOSITORY = 'IBM-Cloud/kube-samples';

export type Network = 'public' | 'private';
export type ServiceKind = 'registry' | 'monitoring' | 'logging';

export interface SourceCommit {
  repository: string;
  commit: string;
  /** As git gives it, with its offset: 2026-06-16T10:22:38+02:00. */
  committedAt: string;
  /** The calendar day of committedAt as written (the committer's day). */
  date: string;
  subject: string;
}

export interface MasterList {
  network: Network;
  /** The region as the comment names it ("eu-central"), which may be a legacy id. */
  nameInComment: string;
  zones: string[];
  addresses: string[];
  protocols: PolicyProtocol[];
  ports: string[];
  file: string;
  line: number;
}

export interface ServiceNets {
  network: Network;
  service: ServiceKind;
  /** The comment naming the service and its region, without "# ". */
  heading: string;
  /** True for the registry's global nets ("Global registry", "Global (US East) registry subnets"). */
  global: boolean;
  protocol: PolicyProtocol | null;
  ports: string[];
  addresses: string[];
  notes: string[];
  file: string;
  line: number;
}

export interface RegionFolder {
  id: string;
  masters: MasterList[];
  services: ServiceNets[];
}

export interface MetroSubnets {
  metro: string;
  /** The names the README gives the metro ("Frankfurt", "EU Central", "eu-de"). */
  names: string[];
  zones: string[];
  addresses: string[];
  file: string;
}

export interface Leftover {
  file: string;
  line?: number;
  what: string;
  addresses: string[];
}

export interface KubeSamples {
  dir: string;
  source: SourceCommit;
  regions: RegionFolder[];
  controlPlane: MetroSubnets[];
  leftovers: Leftover[];
}

export type ReadResult = { ok: true; checkout: KubeSamples } | { ok: false; problems: DataProblem[] };

const ISOLATION: Record<Network, string> = {
  public: 'calico-policies/public-network-isolation',
  private: 'calico-policies/private-network-isolation',
};
const MASTERS_FILE: Record<Network, string> = {
  public: 'allow-public-service-endpoint.yaml',
  private: 'allow-private-service-endpoint.yaml',
};
const LIST_FILE: Record<Network, string> = { public: 'public-ips.md', private: 'private-ips.md' };
const SERVICES_FILE: Record<Network, string> = { public: 'allow-public-services.yaml', private: 'allow-private-services.yaml' };
const CONTROL_PLANE_DIR = 'control-plane-ips';

const MASTERS_HEADING = /^Control plane IP addresses for ([\w-]+):\s*(.*)$/;
const SERVICE_HEADINGS: { service: ServiceKind | 'istio'; pattern: RegExp }[] = [
  { service: 'registry', pattern: /Container Registry/i },
  { service: 'monitoring', pattern: /Monitoring/i },
  { service: 'logging', pattern: /Log Analysis|LogDNA/i },
  { service: 'istio', pattern: /Istio/i },
];

function serviceOf(heading: string): ServiceKind | 'istio' | null {
  return SERVICE_HEADINGS.find((h) => h.pattern.test(heading))?.service ?? null;
}

// "# Taken from: https://…/docs/monitoring?…" annotates a run: its link would otherwise read as a service's name.
const isHeading = (comment: string) => !/^Taken from:/i.test(comment) && (MASTERS_HEADING.test(comment) || serviceOf(comment) !== null);

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

async function subfolders(dir: string): Promise<string[] | null> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  } catch {
    return null;
  }
}

/** `<40 hex> <ISO date-time> <subject>`, as the copy's COMMIT file holds it. */
export function parseCommitLine(file: string, text: string): { ok: true; source: SourceCommit } | { ok: false; problem: DataProblem } {
  const m = /^([0-9a-f]{40})\s+(\d{4}-\d{2}-\d{2})T(\S+)\s*(.*)$/.exec(text.trim().split('\n')[0] ?? '');
  if (!m) {
    return { ok: false, problem: { file, path: [], line: 1, message: 'must hold "<40-digit commit id> <commit date YYYY-MM-DDThh:mm:ss±hh:mm> <subject>"' } };
  }
  const [, commit, date, time, subject] = m as unknown as [string, string, string, string, string];
  return { ok: true, source: { repository: KUBE_SAMPLES_REPOSITORY, commit, committedAt: `${date}T${time}`, date, subject } };
}

async function readSource(dir: string, problems: DataProblem[]): Promise<SourceCommit | null> {
  const file = path.join(dir, 'COMMIT');
  const text = await readText(file);
  if (text !== null) {
    const parsed = parseCommitLine(file, text);
    if (parsed.ok) return parsed.source;
    problems.push(parsed.problem);
    return null;
  }
  try {
    const { stdout } = await promisify(execFile)('git', ['-C', dir, 'log', '-1', '--format=%H %cI %s'], { timeout: 10_000 });
    const parsed = parseCommitLine(dir, stdout);
    if (parsed.ok) return parsed.source;
  } catch {
    // reported below
  }
  problems.push({ file: dir, path: [], message: 'is neither a git checkout (git log fails there) nor a copy with a COMMIT file: the commit it holds is unknown' });
  return null;
}

/** One address a line; blank lines are skipped, anything else is a problem with its line. */
export function parseAddressList(file: string, text: string, problems: DataProblem[]): { value: string; line: number }[] {
  const found: { value: string; line: number }[] = [];
  text.split('\n').forEach((raw, i) => {
    const entry = raw.trim();
    if (entry === '') return;
    const value = listAddress(entry);
    if (value === null) problems.push({ file, path: [], line: i + 1, message: `"${entry}" is not an IPv4 address or CIDR` });
    else found.push({ value, line: i + 1 });
  });
  return found;
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

async function readPolicy(file: string, problems: DataProblem[]): Promise<Policy | null> {
  const text = await readText(file);
  if (text === null) return null;
  const parsed = parsePolicy(file, text, isHeading);
  if (!parsed.ok) {
    problems.push(...parsed.problems);
    return null;
  }
  return parsed.policy;
}

function mastersFrom(policy: Policy, network: Network, problems: DataProblem[]): MasterList | null {
  let heading: { name: string; zones: string[]; line: number } | null = null;
  const addresses: string[] = [];
  const protocols: PolicyProtocol[] = [];
  const ports: string[] = [];
  for (const rule of policy.rules) {
    if (rule.direction !== 'egress') {
      problems.push({ file: policy.file, path: [], line: rule.line, message: 'expected egress rules only: this policy opens the way to the masters' });
      continue;
    }
    if (rule.runs.length === 0) {
      problems.push({ file: policy.file, path: [], line: rule.line, message: 'a rule without nets: expected the masters\' addresses under "# Control plane IP addresses for <region>: <zones>"' });
    }
    for (const run of rule.runs) {
      const m = run.heading === null ? null : MASTERS_HEADING.exec(run.heading);
      if (!m) {
        problems.push({
          file: policy.file,
          path: [],
          line: run.line,
          message: `expected the comment "# Control plane IP addresses for <region>: <zones>" above these nets${run.heading ? `, found "# ${run.heading}"` : ''}`,
        });
        continue;
      }
      const zones = (m[2] ?? '').split(',').map((z) => z.trim()).filter(Boolean);
      if (!heading) heading = { name: m[1] ?? '', zones, line: run.headingLine ?? rule.line };
      else if (heading.name !== m[1] || heading.zones.join() !== zones.join()) {
        problems.push({ file: policy.file, path: [], line: run.headingLine ?? rule.line, message: `names "${m[1]}: ${zones.join(', ')}" where line ${heading.line} names "${heading.name}: ${heading.zones.join(', ')}"` });
      }
      addresses.push(...run.addresses.map((a) => a.value));
    }
    if (rule.protocol) protocols.push(rule.protocol);
    ports.push(...rule.ports);
  }
  if (!heading) return null;
  return {
    network,
    nameInComment: heading.name,
    zones: heading.zones,
    addresses: unique(addresses),
    protocols: unique(protocols) as PolicyProtocol[],
    ports: unique(ports),
    file: policy.file,
    line: heading.line,
  };
}

function servicesFrom(policy: Policy, network: Network, leftovers: Leftover[]): ServiceNets[] {
  const services: ServiceNets[] = [];
  for (const rule of policy.rules) {
    const protocolPorts = `${rule.protocol?.toUpperCase() ?? 'any protocol'} ${rule.ports.join(', ') || 'any port'}`;
    if (rule.runs.length === 0) {
      const named = rule.portComments.length > 0 ? ` (${rule.portComments.join('; ')})` : '';
      leftovers.push({ file: policy.file, line: rule.line, what: `${rule.direction} rule on ${protocolPorts}${named} lists no addresses: nothing to import`, addresses: [] });
      continue;
    }
    for (const run of rule.runs) {
      const service = run.heading === null ? null : serviceOf(run.heading);
      const addresses = run.addresses.map((a) => a.value);
      if (service === null || service === 'istio' || rule.direction !== 'egress') {
        leftovers.push({
          file: policy.file,
          line: run.line,
          what: `${rule.direction} nets ${run.heading ? `under "# ${run.heading}"` : 'under no comment naming their service'} on ${protocolPorts}: not a registry, monitoring or logging list`,
          addresses,
        });
        continue;
      }
      services.push({
        network,
        service,
        heading: run.heading as string,
        global: /^IBM Cloud Container Registry: Global\b/i.test(run.heading as string),
        protocol: rule.protocol,
        ports: rule.ports,
        addresses,
        notes: run.notes,
        file: policy.file,
        line: run.headingLine ?? rule.line,
      });
    }
  }
  return services;
}

async function readRegion(dir: string, id: string, problems: DataProblem[], leftovers: Leftover[]): Promise<RegionFolder> {
  const region: RegionFolder = { id, masters: [], services: [] };
  for (const network of ['public', 'private'] as const) {
    const folder = path.join(dir, ISOLATION[network], id);
    const mastersFile = path.join(folder, MASTERS_FILE[network]);
    const before = problems.length;
    const policy = await readPolicy(mastersFile, problems);
    const masters = policy ? mastersFrom(policy, network, problems) : null;
    if (masters) region.masters.push(masters);
    else if (problems.length > before) {
      // reported
    } else if (!policy) {
      leftovers.push({ file: folder, what: `has no ${MASTERS_FILE[network]}: no ${network} master addresses for ${id}`, addresses: [] });
    } else {
      problems.push({ file: mastersFile, path: [], message: 'lists no master addresses under "# Control plane IP addresses for <region>: <zones>"' });
    }
    const listFile = path.join(folder, LIST_FILE[network]);
    const listText = await readText(listFile);
    if (listText !== null) {
      const listed = parseAddressList(listFile, listText, problems);
      const inPolicy = new Set(masters?.addresses ?? []);
      const onlyListed = listed.filter((a) => !inPolicy.has(a.value));
      if (onlyListed.length > 0 && masters) {
        leftovers.push({
          file: listFile,
          line: onlyListed[0]?.line,
          what: `listed here but not in ${MASTERS_FILE[network]}: not imported (the policy is what porthole imports)`,
          addresses: onlyListed.map((a) => a.value),
        });
      }
      const listedSet = new Set(listed.map((a) => a.value));
      const onlyInPolicy = (masters?.addresses ?? []).filter((a) => !listedSet.has(a));
      if (onlyInPolicy.length > 0 && masters) {
        leftovers.push({ file: listFile, what: `misses addresses that ${MASTERS_FILE[network]} lists (imported from the policy)`, addresses: onlyInPolicy });
      }
    }
    const servicesPolicy = await readPolicy(path.join(folder, SERVICES_FILE[network]), problems);
    if (servicesPolicy) region.services.push(...servicesFrom(servicesPolicy, network, leftovers));
  }
  return region;
}

const METRO_LINE = /^\s*[*-]\s+`([a-z]+)`\s+\(([^)]*)\):\s*(.*)$/;

async function readControlPlane(dir: string, problems: DataProblem[], leftovers: Leftover[]): Promise<MetroSubnets[]> {
  const folder = path.join(dir, CONTROL_PLANE_DIR);
  let names: string[];
  try {
    names = (await readdir(folder)).sort();
  } catch {
    leftovers.push({ file: folder, what: 'is missing: no control-plane subnets', addresses: [] });
    return [];
  }
  const readmeFile = path.join(folder, 'README.md');
  const metros = new Map<string, { names: string[]; zones: string[] }>();
  for (const line of ((await readText(readmeFile)) ?? '').split('\n')) {
    const m = METRO_LINE.exec(line);
    if (!m) continue;
    metros.set(m[1] ?? '', {
      names: (m[2] ?? '').split(',').map((n) => n.trim()).filter(Boolean),
      zones: (m[3] ?? '').split(',').map((z) => z.trim()).filter(Boolean),
    });
  }
  const found: MetroSubnets[] = [];
  for (const name of names) {
    const m = /^control-plane-ips-([a-z]+)\.txt$/.exec(name);
    if (!m) continue;
    const metro = m[1] ?? '';
    const file = path.join(folder, name);
    const addresses = parseAddressList(file, (await readText(file)) ?? '', problems).map((a) => a.value);
    const known = metros.get(metro);
    if (!known) {
      leftovers.push({ file, what: `metro "${metro}" has no line in ${readmeFile}: its region and zones are unknown`, addresses: [] });
    }
    found.push({ metro, names: known?.names ?? [], zones: known?.zones ?? [], addresses, file });
  }
  for (const metro of metros.keys()) {
    if (!found.some((f) => f.metro === metro)) {
      leftovers.push({ file: readmeFile, what: `describes metro "${metro}" but control-plane-ips-${metro}.txt is missing`, addresses: [] });
    }
  }
  return found;
}

/** Reads a kube-samples checkout. Never throws: every problem comes back with its file, line and what is wrong. */
export async function readKubeSamples(dir: string): Promise<ReadResult> {
  const problems: DataProblem[] = [];
  const leftovers: Leftover[] = [];
  const source = await readSource(dir, problems);
  const [publicIds, privateIds] = await Promise.all([subfolders(path.join(dir, ISOLATION.public)), subfolders(path.join(dir, ISOLATION.private))]);
  if (publicIds === null && privateIds === null) {
    problems.push({ file: dir, path: [], message: `holds neither ${ISOLATION.public}/ nor ${ISOLATION.private}/: is it a kube-samples checkout?` });
    return { ok: false, problems };
  }
  const ids = unique([...(publicIds ?? []), ...(privateIds ?? [])]).sort();
  const regions: RegionFolder[] = [];
  for (const id of ids) regions.push(await readRegion(dir, id, problems, leftovers));
  const controlPlane = await readControlPlane(dir, problems, leftovers);
  if (problems.length > 0 || !source) return { ok: false, problems };
  return { ok: true, checkout: { dir, source, regions, controlPlane, leftovers } };
}
