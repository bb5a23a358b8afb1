import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, RuleEndpoint } from '../src/core/answer.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { ask } from '../src/core/resolve/resolve.js';
import { CSV_COLUMNS, csvRecords, guardFormula } from '../src/export/csv.js';
import { hostname } from '../src/core/dataset/schema.js';
import { isIPv4OrCidr } from '../src/core/net.js';
import { everyAnswer, type NamedAnswer } from './helpers/export-answers.js';
import { EXPORTERS, EXPORT_FORMATS, exportFileName, type ExportFormat } from '../src/export/index.js';
import { ROOT } from './helpers/cli.js';
import { shippedDataset } from './helpers/dataset.js';
import { needsTool } from './helpers/requirements.js';
import { runFirewallTool } from './helpers/firewall.js';
import { hostileClusterFacts } from './support/cluster-fixture.js';

// Every format for every scenario in every region (and with no region, and for a looked-up cluster), checked by
// the tool or parser that will read it: iptables-restore --test, nft -c, LibreOffice (and csv-parse when it is
// installed) for CSV, and the yaml parser plus the Calico resource fields for Calico.

let dataset: Dataset;
let answers: NamedAnswer[];
const work = mkdtempSync(path.join(tmpdir(), 'porthole-export-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  dataset = await shippedDataset();
  answers = await everyAnswer(dataset);
});

function writeAll(format: ExportFormat): { file: string; name: string; text: string; answer: Answer }[] {
  return answers.map(({ name, answer }) => {
    const text = EXPORTERS[format].render(answer);
    const file = path.join(work, `${name}.${EXPORTERS[format].fileExtension}`);
    writeFileSync(file, text);
    return { file, name, text, answer };
  });
}

// Each of these runs a tool once per file; on a busy machine that takes longer than vitest's default.
const TOOL_TIMEOUT = 300_000;
const LIBREOFFICE_BATCH = 100;

const iptablesTool = needsTool('iptables-restore', 'iptables', ['--version']);
const nftTool = needsTool('nft', 'nftables', ['--version']);
const libreOffice = needsTool('soffice', 'libreoffice-calc-nogui', ['--version']);

// Checking rules needs CAP_NET_ADMIN; without it (another user, a container without the capability) a user and
// network namespace of its own gives it.
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
  // Allowlists on IBM's side are not firewall rules: test/export-model.test.ts checks how each format says so.
  // A rule whose addresses have all ended is never exported (test/ended-rows.test.ts).
  for (const rule of answer.rules.filter((r) => !r.allowlist && r.ended === undefined)) {
    expect(text, rule.id).toContain(rule.id);
    for (const endpoint of [...rule.sources, ...rule.destinations]) expect(text, `${rule.id} ${endpoint.value}`).toContain(shown(endpoint));
  }
}

describe.skipIf(!iptablesTool.available)(`iptables export, checked by iptables-restore --test${iptablesTool.note}`, () => {
  beforeAll(() => iptablesTool.assert());

  it('every scenario and region loads, with one commented ACCEPT per rule line', { timeout: TOOL_TIMEOUT }, () => {
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

  it('the commented templates load too once their <...> values are filled in', { timeout: TOOL_TIMEOUT }, () => {
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

  it('every scenario and region loads into one table with named sets', { timeout: TOOL_TIMEOUT }, () => {
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

  it('the commented templates load too once their <...> values are filled in', { timeout: TOOL_TIMEOUT }, () => {
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
  // One soffice run converts a few hundred files at most and then stops, exiting 0 (seen with the default
  // edition's ~400): convert in batches, each checked.
  for (let start = 0; start < files.length; start += LIBREOFFICE_BATCH) {
    const batch = files.slice(start, start + LIBREOFFICE_BATCH);
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
        ...batch,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    if (r.error) throw r.error;
    const missing = batch.filter((f) => !readdirSync(out).includes(path.basename(f)));
    if (missing.length > 0) throw new Error(`soffice (${r.signal ?? `exit ${r.status}`}) did not convert ${missing.length} of ${batch.length} files: ${r.stderr}`);
  }
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
      // Any address is written as 0.0.0.0/0 (test/export-model.test.ts).
      everyEndpointIsShown(answer, text, (e) => (e.kind === 'reference' ? (e.url ?? e.value) : e.kind === 'any' ? '0.0.0.0/0' : e.value));
    }
  });

  it.skipIf(!libreOffice.available)(`opens in LibreOffice with exactly the cells porthole meant, for every scenario and region${libreOffice.note}`, { timeout: TOOL_TIMEOUT }, () => {
    libreOffice.assert();
    const written = writeAll('csv');
    const read = readWithLibreOffice(written.map((w) => w.file));
    for (const { file, name, answer } of written) {
      const expected = csvRecords(answer).map((record) => record.map(guardFormula));
      expect(read.get(file), name).toEqual(expected);
    }
  });

  it.skipIf(!libreOffice.available)(`keeps quotes, commas, line breaks and would-be formulas as plain text in LibreOffice${libreOffice.note}`, { timeout: TOOL_TIMEOUT }, () => {
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

describe('CSV export, one value per cell', () => {
  it('has in Destination only addresses, CIDRs and host names; lists and values to fill in say so elsewhere in the row', () => {
    const kinds = new Map<string, number>();
    for (const { name, text } of writeAll('csv')) {
      const [header, ...rows] = parse(text, { relax_column_count: false }) as string[][];
      expect(header, name).toEqual([...CSV_COLUMNS]);
      const cell = (row: string[], column: (typeof CSV_COLUMNS)[number]) => row[header!.indexOf(column)]!;
      for (const row of rows) {
        const destination = cell(row, 'Destination');
        const kind = isIPv4OrCidr(destination) ? 'address' : hostname.safeParse(destination).success ? 'host' : destination === '' ? 'none' : 'other';
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        expect(kind, `${name} ${cell(row, 'Rule')}: ${destination}`).not.toBe('other');
        if (kind === 'none') {
          const list = cell(row, 'Address list');
          if (list) expect(() => new URL(list), `${name}: ${list}`).not.toThrow();
          else expect(cell(row, 'Action'), name).toMatch(/^fill in the destination/);
        }
        if (kind === 'host') expect(cell(row, 'Action'), name).toMatch(/by name/);
      }
    }
    // Each kind of destination occurs, so that each branch above was taken.
    expect([...kinds.keys()].sort()).toEqual(['address', 'host', 'none']);
  });

  it('documents each column, in the order of the sheet, in docs/exports.md', () => {
    const docs = readFileSync(path.join(ROOT, 'docs', 'exports.md'), 'utf8');
    const documented = [...docs.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!).filter((c) => (CSV_COLUMNS as readonly string[]).includes(c));
    expect(documented).toEqual([...CSV_COLUMNS]);
  });
});

function csvColumn(name: string): number {
  return csvRecords(ask('registry in eu-de', dataset))[0]!.indexOf(name);
}

const hostile = hostileClusterFacts([
  { id: 'w1\n-A PORTHOLE-OUTBOUND -j ACCEPT', zone: 'fra02', publicIp: '192.0.2.1\n-A PORTHOLE-OUTBOUND -j ACCEPT', privateIp: '10.0.0.1 } accept; #' },
]);

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
      'porthole-kubectl-eu-de.sh',
      'porthole-kubectl-eu-de.k8s.yaml',
    ]);
    expect(exportFileName(ask('registry fra02', dataset), 'csv')).toBe('porthole-registry-fra02.csv');
    for (const { answer: a } of answers) expect(exportFileName(a, 'calico')).toMatch(/^porthole(-[a-z0-9.]+)*\.yaml$/);
  });
});
