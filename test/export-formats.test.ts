import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { parse } from 'csv-parse/sync';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClusterFile, regionResolver } from '../src/clusters/index.js';
import type { Answer, ClusterFacts, RuleEndpoint } from '../src/core/answer.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { ask } from '../src/core/resolve/resolve.js';
import { csvRecords, guardFormula } from '../src/export/csv.js';
import { EXPORTERS, EXPORT_FORMATS, exportFileName, type ExportFormat } from '../src/export/index.js';
import { ROOT } from './helpers/cli.js';
import { shippedDataset } from './helpers/dataset.js';
import { needsTool } from './helpers/requirements.js';

// Every format for every scenario in every region (and with no region, and for a looked-up cluster), checked by
// the tool or parser that will read it: iptables-restore --test, nft -c, LibreOffice (and csv-parse when it is
// installed) for CSV, and the yaml parser plus the Calico resource fields for Calico.

interface NamedAnswer {
  name: string;
  answer: Answer;
}

let dataset: Dataset;
let answers: NamedAnswer[];
const work = mkdtempSync(path.join(tmpdir(), 'porthole-export-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  dataset = await shippedDataset();
  const loaded = await loadClusterFile(path.join(ROOT, 'data', 'clusters.example.yml'), regionResolver(dataset));
  if (!loaded.ok) throw new Error(loaded.message);
  const cluster: ClusterFacts = loaded.clusters[0]!;
  answers = [];
  for (const id of dataset.scenarioOrder) {
    const keyword = dataset.scenarios.get(id)!.keywords[0]!;
    for (const region of [null, ...dataset.regions.map((r) => r.id)]) {
      const answer = ask(region ? `${keyword} in ${region}` : keyword, dataset);
      expect(answer.problems, `${id} ${region}`).toEqual([]);
      answers.push({ name: `${id}-${region ?? 'no-region'}`, answer });
    }
    answers.push({ name: `${id}-cluster`, answer: ask(`${keyword} for cluster ${cluster.name}`, dataset, { cluster }) });
  }
});

function writeAll(format: ExportFormat): { file: string; name: string; text: string; answer: Answer }[] {
  return answers.map(({ name, answer }) => {
    const text = EXPORTERS[format].render(answer);
    const file = path.join(work, `${name}.${EXPORTERS[format].fileExtension}`);
    writeFileSync(file, text);
    return { file, name, text, answer };
  });
}

const iptablesTool = needsTool('iptables-restore', 'iptables', ['--version']);
const nftTool = needsTool('nft', 'nftables', ['--version']);
const libreOffice = needsTool('soffice', 'libreoffice-calc-nogui', ['--version']);

// Checking rules needs CAP_NET_ADMIN; without it (another user, a container without the capability) a user and
// network namespace of its own gives it.
function runFirewallTool(command: string, args: string[]): { status: number | null; output: string } {
  const run = (argv: string[]) => {
    const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
    if (r.error) throw new Error(`cannot run ${argv[0]} (${r.error.message})`);
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  };
  const direct = run([command, ...args]);
  if (direct.status === 0 || !/Permission denied|Operation not permitted|you must be root/i.test(direct.output)) return direct;
  return run(['unshare', '-rn', command, ...args]);
}

/** Turns the commented template lines of a rule file into rules, with documentation values for the <...> parts. */
function fillTemplates(text: string, templateLine: RegExp): { text: string; count: number } {
  let count = 0;
  const lines = text.split('\n').map((line) => {
    const m = templateLine.exec(line);
    if (!m) return line;
    count++;
    return `${m[1]}${m[2]!.replace(/(dports? |dport )?<[^>]*>/g, (_all, port: string | undefined) => (port ? `${port}8080` : '192.0.2.1'))}`;
  });
  return { text: lines.join('\n'), count };
}

function everyEndpointIsShown(answer: Answer, text: string, shown: (e: RuleEndpoint) => string = (e) => e.value): void {
  for (const rule of answer.rules) {
    expect(text, rule.id).toContain(rule.id);
    for (const endpoint of [...rule.sources, ...rule.destinations]) expect(text, `${rule.id} ${endpoint.value}`).toContain(shown(endpoint));
  }
}

describe.skipIf(!iptablesTool.available)(`iptables export, checked by iptables-restore --test${iptablesTool.note}`, () => {
  beforeAll(() => iptablesTool.assert());

  it('every scenario and region loads, with one commented ACCEPT per rule line', () => {
    let rules = 0;
    for (const { file, name, text, answer } of writeAll('iptables')) {
      const run = runFirewallTool('iptables-restore', ['--test', file]);
      expect(run.status, `${name}: ${run.output}`).toBe(0);
      for (const line of text.split('\n')) {
        if (line === '' || line.startsWith('#')) continue;
        expect(line, name).toMatch(/^(\*filter|:PORTHOLE-(OUTBOUND|INBOUND|WORKERS) - \[0:0\]|-A PORTHOLE-\S+ .* -m comment --comment ".*" -j ACCEPT|COMMIT)$/);
        if (line.startsWith('-A')) {
          rules++;
          expect(line, 'an active rule holds no placeholder').not.toContain('<');
        }
      }
      everyEndpointIsShown(answer, text);
    }
    expect(rules).toBeGreaterThan(1000);
  });

  it('the commented templates load too once their <...> values are filled in', () => {
    let templates = 0;
    for (const { name, text } of writeAll('iptables')) {
      const filled = fillTemplates(text, /^(# )(-A PORTHOLE-.*)$/);
      if (filled.count === 0) continue;
      templates += filled.count;
      const file = path.join(work, `${name}.filled.rules`);
      writeFileSync(file, filled.text.replace(/^# (-A PORTHOLE-.*)$/gm, '$1'));
      const run = runFirewallTool('iptables-restore', ['--test', file]);
      expect(run.status, `${name}: ${run.output}`).toBe(0);
    }
    expect(templates).toBeGreaterThan(100);
  });

  it('is rejected when a rule is broken, so the checks above prove something', () => {
    const file = path.join(work, 'broken.rules');
    writeFileSync(file, '*filter\n:PORTHOLE-OUTBOUND - [0:0]\n-A PORTHOLE-OUTBOUND -p tcp -m tcp --dport 70000 -j ACCEPT\nCOMMIT\n');
    expect(runFirewallTool('iptables-restore', ['--test', file]).status).not.toBe(0);
  });
});

describe.skipIf(!nftTool.available)(`nftables export, checked by nft -c${nftTool.note}`, () => {
  beforeAll(() => nftTool.assert());

  it('every scenario and region loads into one table with named sets', () => {
    for (const { file, name, text, answer } of writeAll('nftables')) {
      const run = runFirewallTool('nft', ['-c', '-f', file]);
      expect(run.status, `${name}: ${run.output}`).toBe(0);
      expect(text.match(/^table inet porthole \{$/gm), name).toHaveLength(1);
      for (const line of text.split('\n').filter((l) => /accept comment/.test(l) && !l.trimStart().startsWith('#'))) {
        expect(line, 'an active rule holds no placeholder').not.toContain('<');
      }
      everyEndpointIsShown(answer, text);
    }
  });

  it('the commented templates load too once their <...> values are filled in', () => {
    let templates = 0;
    for (const { name, text } of writeAll('nftables')) {
      const filled = fillTemplates(text, /^(\s*)# ((?:ip|tcp|udp|meta) .* accept comment ".*")$/);
      if (filled.count === 0) continue;
      templates += filled.count;
      const file = path.join(work, `${name}.filled.nft`);
      writeFileSync(file, filled.text);
      const run = runFirewallTool('nft', ['-c', '-f', file]);
      expect(run.status, `${name}: ${run.output}`).toBe(0);
    }
    expect(templates).toBeGreaterThan(100);
  });

  it('is rejected when a set is broken, so the checks above prove something', () => {
    const file = path.join(work, 'broken.nft');
    writeFileSync(file, 'table inet porthole {\n  set s { type ipv4_addr; flags interval; elements = { 10.0.0.0/8, 10.1.2.3 } }\n}\n');
    expect(runFirewallTool('nft', ['-c', '-f', file]).status).not.toBe(0);
  });
});

// LibreOffice writes what it read with cells between ASCII record separators (30) and separated by unit
// separators (31), characters no cell holds, so its reading can be compared cell by cell.
function readWithLibreOffice(files: string[]): Map<string, string[][]> {
  const out = mkdtempSync(path.join(work, 'lo-'));
  const profile = mkdtempSync(path.join(work, 'lo-profile-'));
  const textColumns = Array.from({ length: 20 }, (_, i) => `${i + 1}/2`).join('/');
  const r = spawnSync(
    'soffice',
    [
      `-env:UserInstallation=file://${profile}`,
      '--headless',
      `--infilter=CSV:44,34,76,1,${textColumns},1033,false,false,false,false,false,false`,
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):31,30,76,1,,1033,true,false,false',
      '--outdir',
      out,
      ...files,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (r.error) throw r.error;
  const read = new Map<string, string[][]>();
  for (const file of files) read.set(file, readUnitSeparated(readFileSync(path.join(out, path.basename(file)), 'utf8')));
  return read;
}

/** Reads LibreOffice's output: cells between record separators, an empty cell as nothing, records per line. */
function readUnitSeparated(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell: string | null = null;
  let quoted = false;
  for (const ch of text) {
    if (quoted) {
      if (ch === '\x1e') quoted = false;
      else cell = (cell ?? '') + ch;
    } else if (ch === '\x1e') {
      quoted = true;
      cell ??= '';
    } else if (ch === '\x1f' || ch === '\n') {
      record.push(cell ?? '');
      cell = null;
      if (ch === '\n') {
        records.push(record);
        record = [];
      }
    } else {
      cell = (cell ?? '') + ch;
    }
  }
  if (record.length > 0 || cell !== null) records.push([...record, cell ?? '']);
  return records;
}

describe('CSV export', () => {
  it('is RFC 4180: CRLF records, a header, the same number of cells in each record', () => {
    for (const { name, text, answer } of writeAll('csv')) {
      expect(text.endsWith('\r\n'), name).toBe(true);
      const records = csvRecords(answer);
      expect(records[0]).toContain('Dataset version');
      expect(new Set(records.map((r) => r.length)).size, name).toBe(1);
      everyEndpointIsShown(answer, text, (e) => (e.kind === 'reference' ? (e.url ?? e.value) : e.value));
    }
  });

  it.skipIf(!libreOffice.available)(`opens in LibreOffice with exactly the cells porthole meant, for every scenario and region${libreOffice.note}`, () => {
    libreOffice.assert();
    const written = writeAll('csv');
    const read = readWithLibreOffice(written.map((w) => w.file));
    for (const { file, name, answer } of written) {
      const expected = csvRecords(answer).map((record) => record.map(guardFormula));
      expect(read.get(file), name).toEqual(expected);
    }
  });

  it.skipIf(!libreOffice.available)(`keeps quotes, commas, line breaks and would-be formulas as plain text in LibreOffice${libreOffice.note}`, () => {
    libreOffice.assert();
    const answer = ask('registry in eu-de', dataset);
    const tricky: Answer = {
      ...answer,
      rules: answer.rules.map((r) => ({ ...r, purpose: '=HYPERLINK("http://x","a, b")\r\nsecond line', id: '@evil' })),
    };
    const file = path.join(work, 'tricky.csv');
    writeFileSync(file, EXPORTERS.csv.render(tricky));
    const records = readWithLibreOffice([file]).get(file)!;
    expect(records[1]![csvColumn('Purpose')]).toBe(`'=HYPERLINK("http://x","a, b")\nsecond line`);
    expect(records[1]![csvColumn('Rule')]).toBe(`'@evil`);
    expect(records).toHaveLength(csvRecords(tricky).length);
  });

  it('parses with csv-parse into exactly the cells porthole meant', () => {
    for (const { name, text, answer } of writeAll('csv')) {
      expect(parse(text, { relax_column_count: false }), name).toEqual(csvRecords(answer).map((record) => record.map(guardFormula)));
    }
  });
});

function csvColumn(name: string): number {
  return csvRecords(ask('registry in eu-de', dataset))[0]!.indexOf(name);
}

// The Calico resource fields the export uses, as Calico's v3 API defines them.
const calicoName = z.string().regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/);
const labelValue = z.string().regex(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/);
const cidrOrIp = z.string().refine((s) => ipaddr.IPv4.isValidCIDR(s) || ipaddr.IPv4.isValidFourPartDecimal(s), 'not an IPv4 net');
const port = z.union([z.number().int().min(1).max(65535), z.string().regex(/^\d+:\d+$/)]);
const entity = z.strictObject({ selector: z.string().min(1).optional(), nets: z.array(cidrOrIp).min(1).optional(), ports: z.array(port).min(1).optional() });
const calicoRule = z
  .strictObject({
    action: z.literal('Allow'),
    protocol: z.union([z.enum(['TCP', 'UDP']), z.number().int().min(1).max(255)]).optional(),
    source: entity.optional(),
    destination: entity.optional(),
  })
  .refine((r) => !(r.destination?.ports || r.source?.ports) || r.protocol === 'TCP' || r.protocol === 'UDP', 'ports need TCP or UDP');
const networkSet = z.strictObject({
  apiVersion: z.literal('projectcalico.org/v3'),
  kind: z.literal('GlobalNetworkSet'),
  metadata: z.strictObject({ name: calicoName, labels: z.record(z.string(), labelValue) }),
  spec: z.strictObject({ nets: z.array(cidrOrIp).min(1) }),
});
const networkPolicy = z.strictObject({
  apiVersion: z.literal('projectcalico.org/v3'),
  kind: z.literal('GlobalNetworkPolicy'),
  metadata: z.strictObject({ name: calicoName }),
  spec: z
    .strictObject({
      selector: z.string().min(1),
      order: z.number(),
      types: z.array(z.enum(['Ingress', 'Egress'])).min(1),
      ingress: z.array(calicoRule).min(1).optional(),
      egress: z.array(calicoRule).min(1).optional(),
    })
    .refine((s) => s.types.includes('Ingress') === !!s.ingress && s.types.includes('Egress') === !!s.egress, 'types match the rule lists'),
});

describe('Calico export', () => {
  it('parses as YAML documents of GlobalNetworkSets and GlobalNetworkPolicies on the worker roles', () => {
    let policies = 0;
    for (const { name, text, answer } of writeAll('calico')) {
      const docs = parseAllDocuments(text);
      const sets = new Map<string, string[]>();
      for (const doc of docs) {
        expect(doc.errors, name).toEqual([]);
        const value = doc.toJS() as { kind?: string };
        if (value.kind === 'GlobalNetworkSet') {
          const set = networkSet.parse(value);
          sets.set(set.metadata.labels['porthole/set']!, set.spec.nets);
        } else {
          const policy = networkPolicy.parse(value);
          policies++;
          expect(["ibm.role == 'worker_public'", "ibm.role == 'worker_private'"]).toContain(policy.spec.selector);
          for (const rule of [...(policy.spec.egress ?? []), ...(policy.spec.ingress ?? [])]) {
            const setName = /^porthole\/set == '(.+)'$/.exec(rule.destination?.selector ?? '')?.[1];
            if (setName) expect(sets.has(setName), `${name}: ${setName} is defined`).toBe(true);
          }
        }
      }
      everyEndpointIsShown(answer, text);
    }
    expect(policies).toBeGreaterThan(50);
  });

  it("puts each rule in the policy of the worker interface it starts or ends at, and workstation rules in none", () => {
    const policiesOf = (question: string) =>
      parseAllDocuments(EXPORTERS.calico.render(ask(question, dataset)))
        .map((d) => d.toJS() as { kind: string; spec: { selector: string; egress?: unknown[]; ingress?: unknown[] } })
        .filter((v) => v.kind === 'GlobalNetworkPolicy');
    expect(policiesOf('kubectl in eu-de')).toEqual([]);
    expect(EXPORTERS.calico.render(ask('kubectl in eu-de', dataset))).toMatch(/kubectl\.master[\s\S]*not a worker node rule/);
    const outbound = policiesOf('registry in eu-de');
    expect(outbound.map((p) => p.spec.selector)).toEqual(["ibm.role == 'worker_public'"]);
    const privateOnly = policiesOf('block storage');
    expect(privateOnly.map((p) => p.spec.selector)).toEqual(["ibm.role == 'worker_private'"]);
    const kubelet = policiesOf('kubectl logs');
    expect(kubelet.map((p) => [p.spec.selector, (p.spec.ingress ?? []).length > 0])).toEqual([["ibm.role == 'worker_private'", true]]);
  });

  it('quotes port ranges, so that YAML 1.1 readers do not take them for base-60 numbers', () => {
    const text = EXPORTERS.calico.render(ask('worker outbound in eu-de', dataset));
    expect(text).toContain("- '20000:32767'");
  });
});

const hostile: ClusterFacts = {
  id: 'c0hostile',
  name: 'hostile',
  region: 'eu-de',
  zones: ['fra02'],
  masterUrl: 'https://c2.eu-de.containers.cloud.ibm.com:31142',
  masterHost: 'c2.eu-de.containers.cloud.ibm.com',
  masterPort: 31142,
  workers: [{ id: 'w1\n-A PORTHOLE-OUTBOUND -j ACCEPT', zone: 'fra02', publicIp: '192.0.2.1\n-A PORTHOLE-OUTBOUND -j ACCEPT', privateIp: '10.0.0.1 } accept; #' }],
  source: 'iks',
};

describe('values from a cluster lookup', () => {
  it('can never become part of a rule unless they are IPv4 addresses', () => {
    const answer = ask('everything for cluster hostile', dataset, { cluster: hostile });
    for (const format of ['iptables', 'nftables'] as const) {
      const text = EXPORTERS[format].render(answer);
      expect(text.split('\n')).not.toContain('-A PORTHOLE-OUTBOUND -j ACCEPT');
      for (const line of text.split('\n').filter((l) => !l.trimStart().startsWith('#'))) {
        expect(line).not.toContain('192.0.2.1');
        expect(line).not.toContain('10.0.0.1');
      }
    }
  });

  it.skipIf(!iptablesTool.available || !nftTool.available)(`leave files that still load${iptablesTool.note}${nftTool.note}`, () => {
    iptablesTool.assert();
    nftTool.assert();
    const answer = ask('everything for cluster hostile', dataset, { cluster: hostile });
    for (const format of ['iptables', 'nftables'] as const) {
      const file = path.join(work, `hostile.${EXPORTERS[format].fileExtension}`);
      writeFileSync(file, EXPORTERS[format].render(answer));
      const run = format === 'iptables' ? runFirewallTool('iptables-restore', ['--test', file]) : runFirewallTool('nft', ['-c', '-f', file]);
      expect(run.status, run.output).toBe(0);
    }
  });
});

describe('file names', () => {
  it('names each file from the scenarios, place and cluster, with the format extension', () => {
    const answer = ask('kubectl in eu-de', dataset);
    expect(exportFileName(answer, 'iptables')).toBe('porthole-kubectl-eu-de.rules');
    expect(EXPORT_FORMATS.map((f) => exportFileName(answer, f))).toEqual([
      'porthole-kubectl-eu-de.csv',
      'porthole-kubectl-eu-de.rules',
      'porthole-kubectl-eu-de.nft',
      'porthole-kubectl-eu-de.yaml',
    ]);
    expect(exportFileName(ask('registry fra02', dataset), 'csv')).toBe('porthole-registry-fra02.csv');
    for (const { answer: a } of answers) expect(exportFileName(a, 'calico')).toMatch(/^porthole(-[a-z0-9.]+)*\.yaml$/);
  });
});
