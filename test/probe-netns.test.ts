import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, AnswerRule } from '../src/core/answer.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { ask } from '../src/core/resolve/resolve.js';
import { planProbe, renderProbe } from '../src/export/probe.js';
import { demoFraFacts } from './support/cluster-fixture.js';
import { shippedDataset } from './helpers/dataset.js';
import { needsTool, UNDER_CI } from './helpers/requirements.js';

// The probe script run in network namespaces of its own (ip netns, as root): a client namespace joined to a
// server namespace by a veth pair, where iptables rules answer as firewalls do. What each check reports must
// be what it observed: only an open port passes.

const CLIENT_IP = '10.231.0.1';
const SERVER_IP = '10.231.0.2';
const TIMEOUT_SECONDS = 2;
const suffix = randomBytes(3).toString('hex');
const CLIENT = `porthole-c-${suffix}`;
const SERVER = `porthole-s-${suffix}`;
const EMPTY = `porthole-e-${suffix}`;

/** Whether this process may make network namespaces and firewall rules in them. */
function namespacesPossible(): { ok: boolean; why: string } {
  const probe = `porthole-t-${suffix}`;
  const add = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (add.error || add.status !== 0) return { ok: false, why: `ip netns add failed (${add.error?.message ?? add.stderr.trim()}); run as root with ip and iptables` };
  const rules = spawnSync('ip', ['netns', 'exec', probe, 'iptables', '-L', '-n'], { encoding: 'utf8' });
  spawnSync('ip', ['netns', 'del', probe]);
  if (rules.error || rules.status !== 0) return { ok: false, why: `iptables in a namespace failed (${rules.error?.message ?? rules.stderr.trim()})` };
  return { ok: true, why: '' };
}

const possible = namespacesPossible();
if (!possible.ok && !UNDER_CI) process.stderr.write(`porthole tests: skipping the probe namespace tests: ${possible.why}\n`);
const note = possible.ok ? '' : UNDER_CI ? '' : ` (skipped: ${possible.why})`;
const run = possible.ok || UNDER_CI;

function sh(...argv: string[]): void {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr || r.error?.message}`);
}
const inNs = (ns: string, ...argv: string[]) => sh('ip', 'netns', 'exec', ns, ...argv);

const work = mkdtempSync(path.join(tmpdir(), 'porthole-netns-'));
const listeners: ChildProcess[] = [];
let dataset: Dataset;

/** A TCP listener on `ip:port` inside a namespace, accepting and closing. */
async function listen(ns: string, ip: string, port: number): Promise<void> {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', `require('net').createServer((s) => s.destroy()).listen(${port}, '${ip}', () => console.log('up'))`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  listeners.push(child);
  await new Promise((resolve) => child.stdout!.once('data', resolve));
}

beforeAll(async () => {
  dataset = await shippedDataset();
  if (!run) return;
  if (!possible.ok) throw new Error(`${possible.why}; CI=true requires it`);
  sh('ip', 'netns', 'add', EMPTY);
  inNs(EMPTY, 'ip', 'link', 'set', 'lo', 'up');
  sh('ip', 'netns', 'add', CLIENT);
  sh('ip', 'netns', 'add', SERVER);
  sh('ip', 'link', 'add', `pc${suffix}`, 'netns', CLIENT, 'type', 'veth', 'peer', 'name', `ps${suffix}`, 'netns', SERVER);
  for (const [ns, dev, ip] of [[CLIENT, `pc${suffix}`, CLIENT_IP], [SERVER, `ps${suffix}`, SERVER_IP]] as const) {
    inNs(ns, 'ip', 'link', 'set', 'lo', 'up');
    inNs(ns, 'ip', 'addr', 'add', `${ip}/24`, 'dev', dev);
    inNs(ns, 'ip', 'link', 'set', dev, 'up');
  }
  // The server: 1001 open; 1002 closed; 1003-1005 rejected in each form; 1006 dropped; 1007 open behind a range.
  await listen(SERVER, SERVER_IP, 1001);
  for (const [port, target] of [
    [1003, ['REJECT', '--reject-with', 'icmp-port-unreachable']],
    [1004, ['REJECT', '--reject-with', 'tcp-reset']],
    [1005, ['REJECT', '--reject-with', 'icmp-host-prohibited']],
    [1006, ['DROP']],
  ] as const) {
    inNs(SERVER, 'iptables', '-A', 'INPUT', '-p', 'tcp', '--dport', String(port), '-j', ...target);
  }
  await listen(CLIENT, '127.0.0.1', 1001);
}, 60_000);

afterAll(() => {
  for (const child of listeners) child.kill('SIGKILL');
  if (possible.ok) for (const ns of [EMPTY, CLIENT, SERVER]) spawnSync('ip', ['netns', 'del', ns]);
  rmSync(work, { recursive: true, force: true });
});

function answerTo(destination: string, rules: Partial<AnswerRule>[]): Answer {
  const base = ask('registry in eu-de', dataset);
  const template = base.rules[0]!;
  return {
    ...base,
    rules: rules.map((r) => ({ ...template, pending: [], notes: [], destinations: [{ kind: 'ip', value: destination, label: 'a test server' }], protocols: ['tcp'], required: true, ...r }) as AnswerRule),
  };
}

/** One rule per port of the server namespace, each answered as set up in beforeAll. */
const SERVER_RULES: Partial<AnswerRule>[] = [
  { id: 'srv.open', ports: ['1001'] },
  { id: 'srv.closed', ports: ['1002'] },
  { id: 'srv.reject-port-unreachable', ports: ['1003'] },
  { id: 'srv.reject-tcp-reset', ports: ['1004'] },
  { id: 'srv.reject-host-prohibited', ports: ['1005'] },
  { id: 'srv.drop', ports: ['1006'] },
];

interface Line {
  rule: string;
  destination: string;
  port: number;
  result: string;
  verdict: string;
}

/** A PATH of BusyBox applets only (sh, nc, timeout, ...), as in the Kubernetes Job's busybox image. */
function busyboxOnlyPath(): string {
  const bin = mkdtempSync(path.join(work, 'busybox-'));
  const applets = spawnSync('busybox', ['--list'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  for (const applet of applets) symlinkSync(busyboxPath, path.join(bin, applet));
  return bin;
}
const busyboxPath = spawnSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).stdout.trim();
const busybox = needsTool('busybox', 'busybox', ['true']);

function runProbeIn(ns: string, answer: Answer, pathOnly?: string): { status: number | null; lines: Line[]; stdout: string } {
  const file = path.join(work, `probe-${randomBytes(4).toString('hex')}.sh`);
  writeFileSync(file, renderProbe(answer));
  const shell = pathOnly ? ['env', '-i', `PATH=${pathOnly}`, path.join(pathOnly, 'sh')] : ['sh'];
  const r = spawnSync('ip', ['netns', 'exec', ns, ...shell, file, '-t', String(TIMEOUT_SECONDS), '-j', '8'], { encoding: 'utf8', timeout: 120_000 });
  expect(r.stderr).toBe('');
  const lines = r.stdout
    .split('\n')
    .map((line) => /^(\S+)\s+(\S+)\s+(\d+)\s+(open|refused|timed out|unresolved|host unreachable|net unreachable|prohibited|TLS failure|tool error)\s+\d+ ms\s+(.+)$/.exec(line))
    .filter((m) => m !== null)
    .map((m) => ({ rule: m[1]!, destination: m[2]!, port: Number(m[3]), result: m[4]!, verdict: m[5]! }));
  return { status: r.status, lines, stdout: r.stdout };
}

describe.skipIf(!run)(`probe in network namespaces${note}`, () => {
  it('passes nothing where nothing is reachable: the kubectl probe for a cluster, in a namespace with only loopback', () => {
    const answer = ask(`kubectl for cluster ${demoFraFacts().name}`, dataset, { cluster: demoFraFacts() });
    const { checks } = planProbe(answer);
    expect(checks.length).toBeGreaterThan(0);
    const { status, lines, stdout } = runProbeIn(EMPTY, answer);
    expect(lines).toHaveLength(checks.length);
    expect(lines.filter((l) => l.verdict === 'ok')).toEqual([]);
    for (const line of lines) expect(['net unreachable', 'unresolved'], JSON.stringify(line)).toContain(line.result);
    expect(stdout).not.toMatch(/all \d+ checks passed/);
    expect(status).toBe(1);
  });

  it('tells open, refused, each REJECT form and DROP apart, and passes only the open port', () => {
    const answer = answerTo(SERVER_IP, SERVER_RULES);
    const { status, lines } = runProbeIn(CLIENT, answer);
    expect(lines.map((l) => [l.rule, l.result, l.verdict])).toEqual([
      ['srv.open', 'open', 'ok'],
      ['srv.closed', 'refused', 'FAIL'],
      ['srv.reject-port-unreachable', 'refused', 'FAIL'],
      ['srv.reject-tcp-reset', 'refused', 'FAIL'],
      ['srv.reject-host-prohibited', 'host unreachable', 'FAIL'],
      ['srv.drop', 'timed out', 'FAIL'],
    ]);
    expect(status).toBe(1);
  });

  it.skipIf(!busybox.available)(`tells them apart alike with BusyBox alone, as in the Job's image${busybox.note}`, () => {
    busybox.assert();
    const answer = answerTo(SERVER_IP, [...SERVER_RULES, { id: 'srv.range', ports: ['1001-1003'] }]);
    const { status, lines, stdout } = runProbeIn(CLIENT, answer, busyboxOnlyPath());
    expect(stdout).toMatch(/with busybox-nc/);
    expect(lines.map((l) => [l.rule, l.port, l.result, l.verdict])).toEqual([
      ['srv.open', 1001, 'open', 'ok'],
      ['srv.closed', 1002, 'refused', 'FAIL'],
      ['srv.reject-port-unreachable', 1003, 'refused', 'FAIL'],
      ['srv.reject-tcp-reset', 1004, 'refused', 'FAIL'],
      ['srv.reject-host-prohibited', 1005, 'host unreachable', 'FAIL'],
      ['srv.drop', 1006, 'timed out', 'FAIL'],
      ['srv.range', 1001, 'open', 'ok'],
      ['srv.range', 1003, 'refused', 'inconclusive'],
    ]);
    expect(status).toBe(1);
  });

  it('counts a refused or rejected end of a port range as inconclusive, never passed, and says how to make it conclusive', () => {
    const answer = answerTo(SERVER_IP, [{ id: 'srv.range', ports: ['1001-1003'] }, { id: 'srv.rejected-range', ports: ['1004-1005'] }]);
    const { status, lines, stdout } = runProbeIn(CLIENT, answer);
    expect(lines.map((l) => [l.rule, l.port, l.result, l.verdict])).toEqual([
      ['srv.range', 1001, 'open', 'ok'],
      ['srv.range', 1003, 'refused', 'inconclusive'],
      ['srv.rejected-range', 1004, 'refused', 'inconclusive'],
      ['srv.rejected-range', 1005, 'host unreachable', 'FAIL'],
    ]);
    expect(stdout).toMatch(/2 check\(s\) of 4 inconclusive[\s\S]*for cluster NAME/);
    expect(status).toBe(1);
    const onlyInconclusive = runProbeIn(CLIENT, answerTo(SERVER_IP, [{ id: 'srv.range', ports: ['1001-1003'] }]));
    expect(onlyInconclusive.stdout).not.toMatch(/all \d+ checks passed/);
    expect(onlyInconclusive.status).toBe(3);
  });

  it('passes an open loopback port and says "all passed" only then', () => {
    const { status, lines, stdout } = runProbeIn(CLIENT, answerTo('127.0.0.1', [{ id: 'loop.open', ports: ['1001'] }]));
    expect(lines.map((l) => [l.result, l.verdict])).toEqual([['open', 'ok']]);
    expect(stdout).toMatch(/all 1 checks passed/);
    expect(status).toBe(0);
  });

  it('checks a master whose host is an IP address by TCP', () => {
    const cluster = { ...demoFraFacts(), masterUrl: `https://${SERVER_IP}:1001`, masterHost: SERVER_IP, masterPort: 1001 };
    const answer = ask(`kubectl for cluster ${cluster.name}`, dataset, { cluster });
    const master = planProbe(answer).checks.filter((c) => c.destination === SERVER_IP);
    expect(master.map((c) => [c.port, c.method])).toEqual([[1001, 'tcp']]);
    const { lines } = runProbeIn(CLIENT, answer);
    expect(lines.filter((l) => l.destination === SERVER_IP).map((l) => [l.port, l.result, l.verdict])).toEqual([[1001, 'open', 'ok']]);
  });
});
