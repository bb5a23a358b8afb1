import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { Answer, ClusterFacts } from '../src/core/answer.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { renderJson } from '../src/core/render/json.js';
import { renderText } from '../src/core/render/text.js';
import { renderAnswer } from '../src/slack/answer-message.js';
import { forTerminal, jsonForTerminal } from '../src/core/printable.js';
import { ask } from '../src/core/resolve/resolve.js';
import { CSV_COLUMNS } from '../src/export/csv.js';
import { EXPORTERS, type ExportFormat } from '../src/export/index.js';
import { demoFraFacts } from './support/cluster-fixture.js';
import { HOSTILE_SUFFIXES, PWNED, UNSAFE_CHARACTERS } from './support/hostile.js';
import { shippedDataset } from './helpers/dataset.js';
import { runFirewallTool } from './helpers/firewall.js';
import { needsTool } from './helpers/requirements.js';

// Every remote field of a looked-up cluster, with every hostile payload, in every format: each artefact read by
// what will read it (the yaml package as YAML 1.2 and as YAML 1.1, PyYAML as kubectl-era YAML 1.1 readers do,
// iptables-restore --test, nft -c, csv-parse, sh -n and shellcheck), and the probe run in a network namespace of
// its own, where nothing the payloads would create may appear. The values bypass the sources' validation
// (test/clusters-hostile.test.ts holds that): this is the second line, each format writing in its own syntax.

const QUESTION = 'kubectl and worker nodes for cluster demo-fra';

type Edit = (c: ClusterFacts, suffix: string) => void;
const FIELDS: Record<string, Edit> = {
  name: (c, s) => (c.name += s),
  id: (c, s) => (c.id += s),
  zones: (c, s) => (c.zones = c.zones.map((z) => z + s)),
  masterUrl: (c, s) => (c.masterUrl += s),
  masterHost: (c, s) => (c.masterHost += s),
  privateEndpointUrl: (c, s) => (c.privateEndpointUrl = `${c.masterUrl}${s}`),
  'worker id': (c, s) => c.workers.forEach((w) => (w.id += s)),
  'worker zone': (c, s) => c.workers.forEach((w) => (w.zone += s)),
  'worker public IP': (c, s) => c.workers.forEach((w) => (w.publicIp += s)),
  'worker private IP': (c, s) => c.workers.forEach((w) => (w.privateIp += s)),
};

interface Case {
  label: string;
  answer: Answer;
}

const pyyaml = needsTool('python3', 'python3-yaml', ['-c', 'import yaml']);
const iptables = needsTool('iptables-restore', 'iptables', ['--version']);
const nft = needsTool('nft', 'nftables', ['--version']);
const shellcheck = needsTool('shellcheck', 'shellcheck', ['--version']);
const unshare = needsTool('unshare', 'util-linux', ['-rn', 'true']);

let dataset: Dataset;
let cases: Case[];
let baseline: Answer;
const work = mkdtempSync(path.join(tmpdir(), 'porthole-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  dataset = await shippedDataset();
  baseline = ask(QUESTION, dataset, { cluster: demoFraFacts() });
  cases = Object.entries(FIELDS).flatMap(([field, edit]) =>
    Object.entries(HOSTILE_SUFFIXES).map(([payload, suffix]) => {
      const cluster = demoFraFacts();
      edit(cluster, suffix);
      return { label: `${field} with ${payload}`, answer: ask(QUESTION, dataset, { cluster }) };
    }),
  );
});

function writeAll(format: ExportFormat): { label: string; file: string; text: string; answer: Answer }[] {
  const dir = path.join(work, format);
  mkdirSync(dir, { recursive: true });
  return cases.map(({ label, answer }, i) => {
    const text = EXPORTERS[format].render(answer);
    const file = path.join(dir, `${i}.${EXPORTERS[format].fileExtension}`);
    writeFileSync(file, text);
    return { label, file, text, answer };
  });
}

/** The distinct files of a format, each with the labels of the cases that wrote it: a tool runs once per file. */
function distinct(format: ExportFormat): { labels: string; file: string }[] {
  const byText = new Map<string, { labels: string[]; file: string }>();
  for (const { label, file, text } of writeAll(format)) {
    const seen = byText.get(text);
    if (seen) seen.labels.push(label);
    else byText.set(text, { labels: [label], file });
  }
  return [...byText.values()].map(({ labels, file }) => ({ labels: labels.join('; '), file }));
}

function kinds(documents: unknown[]): string[] {
  return documents.map((d) => String((d as { kind?: unknown }).kind));
}

describe('every remote field x payload', () => {
  it('covers each field with each payload', () => {
    expect(cases).toHaveLength(Object.keys(FIELDS).length * Object.keys(HOSTILE_SUFFIXES).length);
    expect(baseline.cluster?.name).toBe(demoFraFacts().name);
  });

  it('shows the terminal text and the JSON without a control, bidi or line-breaking character', () => {
    for (const { label, answer } of cases) {
      const text = forTerminal(renderText(answer));
      for (const line of text.split('\n')) expect(line.replace(/\t/g, ''), label).not.toMatch(UNSAFE_CHARACTERS);
      const json = jsonForTerminal(renderJson(answer));
      expect(json.replace(/\n/g, ''), label).not.toMatch(UNSAFE_CHARACTERS);
      expect(JSON.parse(json), label).toEqual(JSON.parse(renderJson(answer)));
    }
  });

  it('shows the Slack answer without a control, bidi or line-separator character, and without a forged ping or link', () => {
    for (const { label, answer } of cases) {
      const message = renderAnswer(answer, dataset);
      const shown: string[] = [];
      // mrkdwn: the message's own text and every mrkdwn text object; Slack reads <...> there, not in plain_text.
      const mrkdwn: string[] = [message.text ?? ''];
      JSON.stringify(message, function (this: Record<string, unknown>, key: string, value: unknown) {
        if (typeof value === 'string' && (key === 'text' || key === 'alt_text' || key === 'title' || key === 'content')) {
          shown.push(value);
          if (this.type === 'mrkdwn') mrkdwn.push(value);
        }
        return value;
      });
      expect(mrkdwn.length, label).toBeGreaterThan(1);
      for (const text of shown) expect(text.replace(/[\n\t]/g, ''), label).not.toMatch(UNSAFE_CHARACTERS);
      expect(!message.file || shown.includes(message.file.content), label).toBe(true);
      for (const text of mrkdwn) expect(text, label).not.toMatch(/<!channel>|<https:\/\/evil\.example/);
    }
  });

  it('suggests verify commands that sh reads as the command and one word per value', () => {
    let filled = 0;
    for (const { label, answer } of cases) {
      // A command still holding IBM's <placeholder> is a template to fill in, not one to paste.
      for (const command of answer.rules.flatMap((r) => r.verify).filter((v) => !/<\w+>/.test(v))) {
        if (command.includes('containers.cloud.ibm.com:')) filled++;
        const file = path.join(work, 'verify.sh');
        writeFileSync(file, `${command}\n`);
        expect(spawnSync('sh', ['-n', file]).status, `${label}: ${command}`).toBe(0);
        // Printed by sh itself, word by word, without running the command.
        const words = spawnSync('sh', ['-c', `set -- ${command}; printf '%s\\n' "$#" "$1"`], { encoding: 'utf8', cwd: work });
        const [count, first] = words.stdout.split('\n');
        expect(first, `${label}: ${command}`).toMatch(/^(curl|ibmcloud|kubectl|calicoctl|nslookup|dig|ping|ssh|openssl)$/);
        expect(Number(count), `${label}: ${command}`).toBeLessThanOrEqual(4);
      }
    }
    expect(filled).toBeGreaterThan(Object.keys(HOSTILE_SUFFIXES).length);
    expect(existsSync(path.join(work, PWNED))).toBe(false);
  });

  it('writes every YAML file so that YAML 1.2 and 1.1 readers read the same documents, with no document added', () => {
    const expectedKinds = {
      calico: kinds(parseAllDocuments(EXPORTERS.calico.render(baseline)).map((d) => d.toJS())),
      'probe-k8s': kinds(parseAllDocuments(EXPORTERS['probe-k8s'].render(baseline)).map((d) => d.toJS())),
    };
    for (const format of ['calico', 'probe-k8s'] as const) {
      for (const { label, text } of writeAll(format)) {
        const v12 = parseAllDocuments(text);
        const v11 = parseAllDocuments(text, { version: '1.1' });
        for (const doc of [...v12, ...v11]) expect(doc.errors, `${format} ${label}`).toEqual([]);
        const documents = v12.map((d) => d.toJS());
        expect(v11.map((d) => d.toJS()), `${format} ${label}`).toEqual(documents);
        expect(kinds(documents), `${format} ${label}`).toEqual(expectedKinds[format]);
        expect(text, `${format} ${label}: no raw character a reader breaks or hides at`).not.toMatch(/[\u0085\u2028\u2029\v\f\r\p{Cf}]/u);
      }
    }
  });

  it('names every Kubernetes object with a DNS-1123 label of at most 63 characters', () => {
    for (const { label, text } of writeAll('probe-k8s')) {
      for (const doc of parseAllDocuments(text).map((d) => d.toJS() as { metadata: { name: string; labels?: Record<string, string> } })) {
        expect(doc.metadata.name, label).toMatch(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/);
        for (const value of Object.values(doc.metadata.labels ?? {})) expect(value.length, label).toBeLessThanOrEqual(63);
      }
    }
  });

  it.skipIf(!pyyaml.available)(`reads each YAML file with PyYAML (NEL, LS and PS break its lines) alike${pyyaml.note}`, () => {
    pyyaml.assert();
    const files = [...writeAll('calico'), ...writeAll('probe-k8s')];
    const reader = 'import json, sys, yaml\nfor f in sys.argv[1:]:\n    print(json.dumps(list(yaml.safe_load_all(open(f, encoding="utf-8")))))\n';
    const run = spawnSync('python3', ['-c', reader, ...files.map((f) => f.file)], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    expect(run.status, run.stderr).toBe(0);
    const results = run.stdout.trimEnd().split('\n');
    expect(results).toHaveLength(files.length);
    files.forEach(({ label, text }, i) => {
      const ours = parseAllDocuments(text).map((d) => d.toJS());
      expect(JSON.parse(results[i]!), label).toEqual(JSON.parse(JSON.stringify(ours)));
    });
  });

  it('keeps the probe script whole inside the Kubernetes ConfigMap', () => {
    for (const { label, text, answer } of writeAll('probe-k8s')) {
      const configMap = parseAllDocuments(text)[0]!.toJS() as { data: Record<string, string> };
      expect(configMap.data['probe.sh'], label).toBe(EXPORTERS.probe.render(answer));
    }
  });

  it.skipIf(!iptables.available)(`leaves iptables files that load, with only porthole's own rules${iptables.note}`, () => {
    iptables.assert();
    for (const { label, file, text } of writeAll('iptables')) {
      const run = runFirewallTool('iptables-restore', ['--test', file]);
      expect(run.status, `${label}: ${run.output}`).toBe(0);
      for (const line of text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))) {
        expect(line, label).toMatch(/^(\*filter|:PORTHOLE-(OUTBOUND|INBOUND|WORKERS) - \[0:0\]|-A PORTHOLE-\S+ .* -m comment --comment ".*" -j ACCEPT|COMMIT)$/);
        expect(line, label).not.toContain(PWNED);
      }
    }
  });

  it.skipIf(!nft.available)(`leaves nftables files that load, with no payload outside comments${nft.note}`, () => {
    nft.assert();
    for (const { label, file, text } of writeAll('nftables')) {
      const run = runFirewallTool('nft', ['-c', '-f', file]);
      expect(run.status, `${label}: ${run.output}`).toBe(0);
      for (const line of text.split('\n').filter((l) => !l.trimStart().startsWith('#'))) {
        expect(line.replace(/comment "[^"]*"/, ''), label).not.toMatch(/pwned|evil|Pod/);
      }
    }
  });

  it('leaves CSV files of the same rows, each of the same columns', () => {
    const rows = (text: string) => parseCsv(text, { bom: true, relax_column_count: false }) as string[][];
    const expected = rows(EXPORTERS.csv.render(baseline)).length;
    for (const { label, text } of writeAll('csv')) {
      const records = rows(text);
      expect(records, label).toHaveLength(expected);
      for (const record of records) expect(record, label).toHaveLength(CSV_COLUMNS.length);
    }
  });

  it(`leaves probe scripts that sh parses${shellcheck.note}`, () => {
    const files = distinct('probe');
    expect(files.length).toBeGreaterThan(Object.keys(HOSTILE_SUFFIXES).length);
    for (const { labels, file } of files) expect(spawnSync('sh', ['-n', file]).status, labels).toBe(0);
    if (!shellcheck.available) return;
    shellcheck.assert();
    const run = spawnSync('shellcheck', ['--shell=sh', '--severity=style', ...files.map((f) => f.file)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(run.status, run.stdout.slice(0, 4000)).toBe(0);
  });

  it.skipIf(!unshare.available)(`runs every probe in a network namespace without creating a file${unshare.note}`, { timeout: 600_000 }, async () => {
    unshare.assert();
    const files = distinct('probe');
    const runIn = (file: string, cwd: string) =>
      new Promise<number | null>((resolve) => {
        const child = spawn('unshare', ['-rn', 'sh', file, '-t', '1', '-j', '16'], { cwd, env: { PATH: process.env.PATH, TMPDIR: cwd }, stdio: 'ignore' });
        child.on('close', (code) => resolve(code));
      });
    const pending = [...files];
    const failures: string[] = [];
    const worker = async () => {
      for (let next = pending.shift(); next; next = pending.shift()) {
        const cwd = mkdtempSync(path.join(work, 'run-'));
        const code = await runIn(next.file, cwd);
        // Nothing is reachable here: a run ends with a failed check (1), never "all passed" (0) or a crash.
        if (code !== 1) failures.push(`${next.labels}: exit ${code}`);
        const left = readdirSync(cwd);
        if (left.length > 0) failures.push(`${next.labels}: created ${left.join(', ')}`);
      }
    };
    await Promise.all([worker(), worker()]);
    expect(failures).toEqual([]);
    expect(existsSync(path.join(work, PWNED))).toBe(false);
  });
});
