import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { answerJsonSchema } from '../src/core/render/json-contract.js';
import { ask } from '../src/core/resolve/resolve.js';
import { dataCopyWith } from './helpers/broken-data.js';
import { ROOT, runCli } from './helpers/cli.js';
import { shippedDataset } from './helpers/dataset.js';

// The CLI answers from the default edition: expected values are the engine's answer from that edition's data.
// The broken-data tests edit the 2019-03-04 page's files, and name that edition.
const BROKEN_EDITION = '2019-03-04';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('porthole ask (child process)', () => {
  it('answers in text, grouped by purpose and within 100 columns', async () => {
    const dataset = await shippedDataset();
    const answer = ask('what do I open for kubectl in eu-de', dataset);
    const r = runCli(['ask', 'what do I open for kubectl in eu-de']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^kubectl commands in eu-de\n/);
    const prerequisites = dataset.scenarios.get('kubectl')!.requires.map((id) => dataset.scenarios.get(id)!.title);
    expect(prerequisites.length).toBeGreaterThan(0);
    for (const title of prerequisites) expect(r.stdout).toContain(`\nPrerequisite: ${title}\n`);
    const addresses = answer.rules.flatMap((rule) => rule.destinations).filter((e) => e.kind === 'ip').map((e) => e.value);
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(r.stdout).toContain(address);
    expect(r.stdout).toContain(`#${dataset.scenarios.get('kubectl')!.section}`);
    // The edition's caveat ends the answer (wrapped at 100 columns: compared with its line breaks folded).
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(dataset.meta.caveat.replace(/\s+/g, ' ').trim());
    // Within 100 columns, except a URL too long for any line, which stands alone on its line (as render-text and
    // why text allow).
    for (const line of r.stdout.split('\n')) if (line.length > 100) expect(line.trim(), line).not.toMatch(/\s/);
  });

  it('answers in JSON that follows the documented contract', async () => {
    const dataset = await shippedDataset();
    const r = runCli(['ask', 'registry in fra02', '--format', 'json']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(answerJsonSchema.safeParse(json).success).toBe(true);
    expect(json.query).toMatchObject({ scenarios: ['registry'], region: 'eu-de', zone: 'fra02', cluster: null });
    expect(json.dataset.lastUpdated).toBe(dataset.meta.lastUpdated);
    const rule = dataset.scenarios.get('registry')!.rules[0]!;
    expect(json.rules[0]).toMatchObject({ id: rule.id, direction: rule.direction, ports: rule.ports, required: rule.required, section: rule.section });
  });

  it('takes the format from the question when no --format is given', () => {
    const r = runCli(['ask', 'kubectl eu-de as json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).query.format).toBe('json');
  });

  it('exits 2 with the problem on stderr when it cannot understand the question', () => {
    const r = runCli(['ask', 'kubectl eu-ge']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Did you mean eu-de or eu-gb?');
  });

  it('exits 2 with the problems in the JSON when asked for JSON', () => {
    const r = runCli(['ask', 'hello', '--format', 'json']);
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).problems[0].code).toBe('unknown-scenario');
  });

  it('rejects an unknown format and an unknown option in one line each', () => {
    const bad = runCli(['ask', 'kubectl', '--format', 'pdf']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown format "pdf"/);
    const opt = runCli(['ask', 'kubectl', '--colour']);
    expect(opt.status).toBe(2);
    expect(opt.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 and names file, path and problem for a broken --data directory, with no stack trace', () => {
    const dir = dataCopyWith('tables/masters.yml', (t) => t.replace('169.38.70.10', '169.38.70.300'), BROKEN_EDITION);
    made.push(dir);
    const r = runCli(['ask', 'kubectl eu-de', '--data', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(path.join(dir, 'tables/masters.yml'));
    expect(r.stderr).toMatch(/masters\.yml:\d+ entries\[0\]\.addresses\[0\]: is not a valid IPv4 address or CIDR/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('names a broken file by the path the user gave, relative or absolute', () => {
    const dir = dataCopyWith('tables/masters.yml', (t) => t.replace('169.38.70.10', '169.38.70.300'), BROKEN_EDITION);
    made.push(dir);
    const relative = path.relative(ROOT, dir);
    const r = runCli(['data', 'check', '--data', relative]);
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n').map((l) => l.trim());
    expect(lines.some((l) => l.startsWith(`${path.join(relative, 'tables/masters.yml')}:`)), r.stderr).toBe(true);
  });

  it('loads another dataset through PORTHOLE_DATA_DIR', () => {
    const dir = dataCopyWith('dataset.yml', (t) => t.replace('version: "2019-03-04.1"', 'version: "test-edition"'), BROKEN_EDITION);
    made.push(dir);
    const r = runCli(['ask', 'ingress', '--format', 'json'], { PORTHOLE_DATA_DIR: dir });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).dataset.version).toBe('test-edition');
  });

  it('answers with the cluster from a cluster file', () => {
    const r = runCli(['ask', 'kubectl for cluster demo-fra', '--format', 'json', '--clusters', 'data/clusters.example.yml']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.cluster).toMatchObject({ name: 'demo-fra', region: 'eu-de', source: 'file' });
    const master = json.rules.find((x: { id: string }) => x.id === 'kubectl.master');
    expect(master.pending).toEqual([]);
    expect(master.ports).toHaveLength(1);
    expect(master.destinations[0].kind).toBe('host');
  });

  it('answers for the region, with a note, when no cluster source is set up', () => {
    const r = runCli(['ask', 'kubectl for cluster demo-fra in eu-de', '--format', 'json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).notes.join(' ')).toMatch(/No cluster source is set up/);
  });

  it('stays quiet when the reader closes the pipe early (| head)', () => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" dist/cli/bin.js ask everything in us-south | head -n 1`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.stdout).toBe('Everything in us-south\n');
    expect(r.stderr).toBe('');
  });
});

describe('other commands (child process)', () => {
  it('porthole regions lists every region, its zones and aliases', () => {
    const r = runCli(['regions']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^eu-de {2}EU Central, Frankfurt$/m);
    expect(r.stdout).toMatch(/also: eu-central, EU Central, Frankfurt/);
    expect(r.stdout).toMatch(/fra02 \(Frankfurt\)/);
  });

  it('porthole data check validates the shipped data and a broken copy', () => {
    const ok = runCli(['data', 'check']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/valid\. Dataset 2019-03-04\.1 .* 6 regions, 35 zones/);
    const dir = dataCopyWith('regions.yml', (t) => t.replace('{ id: fra02, city: Frankfurt }', '{ id: frankfurt2, city: Frankfurt }'), BROKEN_EDITION);
    made.push(dir);
    const bad = runCli(['data', 'check', '--data', dir]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/regions\.yml:\d+ regions\[2\]\.zones\[4\]\.id: must be a zone id such as fra02/);
  });

  it('porthole clusters lists the clusters of a file', () => {
    const r = runCli(['clusters', '--clusters', path.join(ROOT, 'data/clusters.example.yml')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^file +demo-fra +eu-de/m);
  });

  it('porthole clusters says how to set a source up when there is none', () => {
    const r = runCli(['clusters']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--clusters FILE/);
  });

  it('porthole clusters reports a broken cluster file by file, path and problem', () => {
    const file = path.join(tmpdir(), `porthole-clusters-${process.pid}.yml`);
    writeFileSync(file, 'clusters:\n  - name: x\n    id: y\n    region: eu-de\n    zones: [fra02]\n    masterUrl: not a url\n    workers: []\n');
    made.push(file);
    const r = runCli(['ask', 'kubectl for cluster x', '--clusters', file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(file);
    expect(r.stdout).toMatch(/masterUrl/);
  });

  it('prints usage for an unknown command', () => {
    const r = runCli(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command "frobnicate"/);
    expect(r.stderr).toMatch(/porthole ask/);
  });
});

describe('help', () => {
  it('`porthole <command> --help` shows that command and exits 0, for every command', async () => {
    const { commandNames } = await import('../src/cli/main.js');
    const names = commandNames();
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) {
      const r = runCli([...name.split(' '), '--help']);
      expect(r.status, name).toBe(0);
      expect(r.stdout.startsWith(`  porthole ${name} `), `${name}: ${r.stdout}`).toBe(true);
      expect(r.stderr).toBe('');
    }
  });

  it('`porthole ask help` lists what can be asked, as /porthole help does, and exits 0', () => {
    for (const word of ['help', '?']) {
      const r = runCli(['ask', word]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('What you can ask about');
      expect(r.stdout).not.toContain('could not tell');
      for (const line of r.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    }
  });

  it('the command list fits 100 columns', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    for (const line of r.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });
});
