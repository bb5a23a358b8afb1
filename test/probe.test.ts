import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, AnswerRule, RuleEndpoint } from '../src/core/answer.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { ask } from '../src/core/resolve/resolve.js';
import { EXPORTERS } from '../src/export/index.js';
import { planProbe, renderProbe } from '../src/export/probe.js';
import { PROBE_IMAGE, ZONE_LABEL } from '../src/export/probe-k8s.js';
import { shippedDataset } from './helpers/dataset.js';
import { exampleCluster } from './helpers/export-answers.js';
import { needsTool } from './helpers/requirements.js';
import { hostileClusterFacts } from './support/cluster-fixture.js';

// The probe script runs here only against fixtures whose every destination is a loopback address, checked
// before each run; the scripts of real regions are only parsed (sh -n) and linted (shellcheck).

const TIMEOUT_SECONDS = 2;
const work = mkdtempSync(path.join(tmpdir(), 'porthole-probe-'));
let dataset: Dataset;
const cleanups: (() => void)[] = [];
afterAll(() => {
  cleanups.forEach((c) => c());
  rmSync(work, { recursive: true, force: true });
});

beforeAll(async () => {
  dataset = await shippedDataset();
});

async function listening(server: net.Server, backlog?: number): Promise<number> {
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog }, resolve));
  return (server.address() as AddressInfo).port;
}

/** A port that answers: a server in this process, accepting. */
async function openPort(): Promise<number> {
  const server = net.createServer((socket) => socket.destroy());
  cleanups.push(() => server.close());
  return listening(server);
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listening(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A port that drops new connections, as a firewall's DROP does: a child process listens with a backlog of one and
 * never accepts; once connections fill its queue the kernel drops further SYNs.
 */
async function droppingPort(): Promise<number> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '-e',
      `const s = require('net').createServer().listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
         process.stdout.write(String(s.address().port) + '\\n');
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
       });`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  cleanups.push(() => child.kill('SIGKILL'));
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  const fillers = Array.from({ length: 6 }, () => net.connect(port, '127.0.0.1').on('error', () => {}));
  cleanups.push(() => fillers.forEach((s) => s.destroy()));
  await new Promise((resolve) => setTimeout(resolve, 300));
  return port;
}

function loopback(value: string): RuleEndpoint {
  return { kind: 'ip', value, label: 'a local listener' };
}

function loopbackAnswer(rules: Partial<AnswerRule>[]): Answer {
  const base = ask('registry in eu-de', dataset);
  const template = base.rules[0]!;
  return {
    ...base,
    rules: rules.map((r) => ({ ...template, pending: [], notes: [], destinations: [loopback('127.0.0.1')], protocols: ['tcp'], ...r }) as AnswerRule),
  };
}

/** Refuses to go on unless every address the script would connect to is a loopback address. */
function assertLoopbackOnly(answer: Answer): void {
  const { checks } = planProbe(answer);
  expect(checks.length).toBeGreaterThan(0);
  for (const check of checks) {
    expect(ipaddr.IPv4.isValidFourPartDecimal(check.destination) && ipaddr.IPv4.parse(check.destination).range(), check.destination).toBe('loopback');
  }
}

interface ProbeLine {
  rule: string;
  port: number;
  result: string;
  ms: number;
  verdict: string;
  line: string;
}

async function runProbe(answer: Answer, env: NodeJS.ProcessEnv = process.env): Promise<{ status: number | null; lines: ProbeLine[]; stdout: string }> {
  assertLoopbackOnly(answer);
  const file = path.join(work, `probe-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(file, renderProbe(answer));
  const child = spawn('sh', [file, '-t', String(TIMEOUT_SECONDS), '-j', '3'], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).toBe('');
  const lines = stdout
    .split('\n')
    .map((line) => ({ line, m: /^(\S+)\s+127\.0\.0\.1\s+(\d+)\s+(open|refused|timed out|unresolved|host unreachable|net unreachable|prohibited|TLS failure|tool error)\s+(\d+) ms\s+(.+)$/.exec(line) }))
    .filter((x) => x.m)
    .map(({ line, m }) => ({ rule: m![1]!, port: Number(m![2]), result: m![3]!, ms: Number(m![4]), verdict: m![5]!, line }));
  return { status, lines, stdout };
}

const shellcheck = needsTool('shellcheck', 'shellcheck', ['--version']);
const netcat = needsTool('nc', 'netcat-openbsd', ['-h']);

describe('probe script against local listeners on 127.0.0.1', () => {
  it('reports open, refused and timed out, each within the timeout, and fails on a refused required check', async () => {
    const [open, closed, drop] = [await openPort(), await closedPort(), await droppingPort()];
    const [low, high] = [Math.min(open, closed), Math.max(open, closed)];
    const answer = loopbackAnswer([
      { id: 'loop.open', ports: [String(open)], required: true },
      { id: 'loop.refused', ports: [String(closed)], required: true },
      { id: 'loop.drop', ports: [String(drop)], required: false },
      { id: 'loop.range', ports: [`${low}-${high}`], required: true },
      { id: 'loop.udp', ports: ['53'], protocols: ['udp'], required: true },
      {
        id: 'loop.placeholder',
        ports: ['443'],
        required: true,
        destinations: [{ kind: 'placeholder', value: '<a peer>', label: 'a peer', find: ['look it up with ls'] }],
      },
    ]);
    const { status, lines, stdout } = await runProbe(answer);
    const byRule = (rule: string) => lines.filter((l) => l.rule === rule);
    expect(byRule('loop.open').map((l) => [l.result, l.verdict])).toEqual([['open', 'ok']]);
    expect(byRule('loop.refused').map((l) => [l.result, l.verdict])).toEqual([['refused', 'FAIL']]);
    const [dropped] = byRule('loop.drop');
    expect([dropped!.result, dropped!.verdict]).toEqual(['timed out', 'FAIL (optional)']);
    expect(dropped!.ms).toBeLessThanOrEqual(TIMEOUT_SECONDS * 1000 + 1000);
    // A range: its first and last port; the refused end is inconclusive, never a pass, and counted apart.
    expect(byRule('loop.range').map((l) => [l.port, l.result, l.verdict])).toEqual([
      [low, low === open ? 'open' : 'refused', low === open ? 'ok' : 'inconclusive'],
      [high, high === open ? 'open' : 'refused', high === open ? 'ok' : 'inconclusive'],
    ]);
    expect(stdout).toMatch(/1 check\(s\) of 5 inconclusive: refused at the end of a port range[\s\S]*for cluster NAME/);
    // UDP and placeholders are never run, never passed: the header lists them with the reason or the step.
    expect(byRule('loop.udp')).toEqual([]);
    expect(stdout).toMatch(/1 required check\(s\) of 5 failed/);
    const script = renderProbe(answer);
    expect(script).toMatch(/Not checkable from here[\s\S]*loop\.udp: .*UDP: no connection to prove from one side/);
    expect(script).toMatch(/Skipped until the value is known[\s\S]*loop\.placeholder: <a peer>.*find it: look it up with ls/);
    expect(status).toBe(1);
    // Aligned: the destination and the result start in the same column on every line.
    expect(new Set(lines.map((l) => l.line.indexOf('127.0.0.1'))).size).toBe(1);
    expect(new Set(lines.map((l) => l.line.search(/ (open|refused|timed out) /))).size).toBe(1);
  });

  it('exits 0 when only optional checks fail', async () => {
    const [open, closed] = [await openPort(), await closedPort()];
    const answer = loopbackAnswer([
      { id: 'loop.open', ports: [String(open)], required: true },
      { id: 'loop.optional', ports: [String(closed)], required: false },
    ]);
    const { status, lines } = await runProbe(answer);
    expect(lines.map((l) => l.verdict)).toEqual(['ok', 'FAIL (optional)']);
    expect(status).toBe(0);
  });
});

describe('probe script tools', () => {
  it.skipIf(!netcat.available)(`checks with a real nc when there is one with -z${netcat.note}`, async () => {
    netcat.assert();
    const [open, closed, drop] = [await openPort(), await closedPort(), await droppingPort()];
    const answer = loopbackAnswer([
      { id: 'loop.open', ports: [String(open)], required: true },
      { id: 'loop.refused', ports: [String(closed)], required: true },
      { id: 'loop.drop', ports: [String(drop)], required: false },
    ]);
    const { status, lines, stdout } = await runProbe(answer);
    expect(stdout).toMatch(/with nc/);
    expect(lines.map((l) => [l.rule, l.result, l.verdict])).toEqual([
      ['loop.open', 'open', 'ok'],
      ['loop.refused', 'refused', 'FAIL'],
      ['loop.drop', 'timed out', 'FAIL (optional)'],
    ]);
    expect(lines[2]!.ms).toBeLessThanOrEqual(TIMEOUT_SECONDS * 1000 + 1000);
    expect(status).toBe(1);
  });

  it('does not use an nc without -z, and checks with bash /dev/tcp instead', async () => {
    const bin = mkdtempSync(path.join(work, 'bin-'));
    writeFileSync(path.join(bin, 'nc'), '#!/bin/sh\necho "usage: nc [-l] host port" >&2\nexit 1\n', { mode: 0o755 });
    const [open, closed] = [await openPort(), await closedPort()];
    const answer = loopbackAnswer([
      { id: 'loop.open', ports: [String(open)], required: true },
      { id: 'loop.refused', ports: [String(closed)], required: true },
    ]);
    const { status, lines, stdout } = await runProbe(answer, { ...process.env, PATH: `${bin}:${process.env.PATH}` });
    expect(stdout).toMatch(/with bash/);
    expect(lines.map((l) => [l.rule, l.result])).toEqual([
      ['loop.open', 'open'],
      ['loop.refused', 'refused'],
    ]);
    expect(status).toBe(1);
  });
});

describe('probe scripts of real regions (parsed and linted, never run)', () => {
  const scripts = () => [
    ...dataset.regions.map((r) => ({ name: `everything-${r.id}`, answer: ask(`everything in ${r.id}`, dataset) })),
    { name: 'everything-no-region', answer: ask('everything', dataset) },
  ];

  it('sh -n accepts the "everything" script of every region and of a looked-up cluster', async () => {
    const cluster = await exampleCluster(dataset);
    for (const { name, answer } of [...scripts(), { name: 'cluster', answer: ask(`everything for cluster ${cluster.name}`, dataset, { cluster }) }]) {
      const file = path.join(work, `${name}.sh`);
      writeFileSync(file, EXPORTERS.probe.render(answer));
      const r = spawnSync('sh', ['-n', file], { encoding: 'utf8' });
      expect(r.status, `${name}: ${r.stderr}`).toBe(0);
      expect(planProbe(answer).checks.length, name).toBeGreaterThan(0);
    }
  });

  it.skipIf(!shellcheck.available)(`shellcheck accepts every region's script${shellcheck.note}`, { timeout: 120_000 }, () => {
    shellcheck.assert();
    const files = scripts().map(({ name, answer }) => {
      const file = path.join(work, `lint-${name}.sh`);
      writeFileSync(file, EXPORTERS.probe.render(answer));
      return file;
    });
    const r = spawnSync('shellcheck', ['--shell=sh', '--severity=style', ...files], { encoding: 'utf8' });
    expect(r.status, r.stdout).toBe(0);
  });

  it('puts a cluster lookup\'s exact master port in the checks instead of the ends of the range', async () => {
    const cluster = await exampleCluster(dataset);
    const checks = planProbe(ask(`kubectl for cluster ${cluster.name}`, dataset, { cluster })).checks;
    expect(checks.some((c) => c.port === cluster.masterPort && !c.rangeEnd)).toBe(true);
    expect(checks.some((c) => c.port === 20000 || c.port === 32767)).toBe(false);
  });
});

describe('values from a cluster lookup in a probe', () => {
  it('never reach the script outside its comments unless they are IPv4 addresses', () => {
    const hostile = hostileClusterFacts([{ id: 'w1', zone: 'fra02', publicIp: '192.0.2.1$(touch /tmp/pwned)', privateIp: "10.0.0.1'; reboot; '" }]);
    const script = EXPORTERS.probe.render(ask('everything for cluster hostile', dataset, { cluster: hostile }));
    const code = script.split('\n').filter((l) => !l.startsWith('#'));
    expect(code.join('\n')).not.toMatch(/pwned|reboot/);
    const file = path.join(work, 'hostile.sh');
    writeFileSync(file, script);
    expect(spawnSync('sh', ['-n', file]).status).toBe(0);
  });
});

describe('probe-k8s manifest', () => {
  it('holds the script in a ConfigMap and runs it in a Job per zone and worker interface, on the host network', async () => {
    const cluster = await exampleCluster(dataset);
    const answer = ask(`everything for cluster ${cluster.name}`, dataset, { cluster });
    const docs = parseAllDocuments(EXPORTERS['probe-k8s'].render(answer)).map((d) => {
      expect(d.errors).toEqual([]);
      return d.toJS() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    });
    const [configMap, ...jobs] = docs;
    expect(configMap!.kind).toBe('ConfigMap');
    expect(configMap!.data['probe.sh']).toBe(renderProbe(answer));
    const froms = [...new Set(planProbe(answer).checks.flatMap((c) => c.from))].filter((f) => f.startsWith('workers-'));
    expect(jobs).toHaveLength(cluster.zones.length * froms.length);
    const zones = new Set<string>();
    for (const job of jobs) {
      expect(job.apiVersion).toBe('batch/v1');
      expect(job.kind).toBe('Job');
      expect(job.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
      const pod = job.spec.template.spec;
      expect(pod.hostNetwork).toBe(true);
      expect(pod.restartPolicy).toBe('Never');
      expect(pod.containers[0].image).toBe(PROBE_IMAGE);
      expect(pod.containers[0].command.slice(0, 2)).toEqual(['sh', '/porthole/probe.sh']);
      expect(pod.volumes[0].configMap.name).toBe(configMap!.metadata.name);
      zones.add(pod.nodeSelector[ZONE_LABEL]);
    }
    expect([...zones].sort()).toEqual([...cluster.zones].sort());
  });

  it('has no node selector when the answer names no zone', () => {
    const docs = parseAllDocuments(EXPORTERS['probe-k8s'].render(ask('worker outbound in eu-de', dataset))).map((d) => d.toJS());
    const jobs = docs.filter((d) => d.kind === 'Job');
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) expect(job.spec.template.spec.nodeSelector).toBeUndefined();
  });
});

describe('asking for a probe', () => {
  it('takes "as probe script" and "as probe-k8s" in a question', () => {
    expect(ask('everything in eu-de as probe script', dataset).query.format).toBe('probe');
    expect(ask('everything in eu-de as probe-k8s', dataset).query.format).toBe('probe-k8s');
  });
});
