import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnswerRule } from '../src/core/answer.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { parsePortRange } from '../src/core/net.js';
import { EXPORT_FORMATS } from '../src/export/index.js';
import { ask } from '../src/core/resolve/resolve.js';
import { explainAddress } from '../src/core/why/index.js';
import { BUNDLED_DATA_DIR, loadDataset } from '../src/data-files/load.js';
import { KUBE_SAMPLES, kubeSamplesCopy } from './helpers/kube-samples.js';
import { runMain } from './helpers/main.js';

// Every list of the shared kube-samples copy, counted from the files' text here (not with the importer's
// parser), reaches the default edition's answers and `why` lookups on the ports its policy opens.

const POLICY_FILES = [
  ['calico-policies/public-network-isolation', 'allow-public-service-endpoint.yaml'],
  ['calico-policies/public-network-isolation', 'allow-public-services.yaml'],
  ['calico-policies/private-network-isolation', 'allow-private-service-endpoint.yaml'],
  ['calico-policies/private-network-isolation', 'allow-private-services.yaml'],
] as const;

interface PolicyRun {
  file: string;
  protocol: 'tcp' | 'udp';
  ports: string[];
  nets: string[];
}

/** The egress rules of a policy file with nets, read line by line: protocol, ports ("a:b" as "a-b") and nets. */
function runsInText(file: string, text: string): PolicyRun[] {
  const runs: PolicyRun[] = [];
  let current: PolicyRun | null = null;
  for (const line of text.split('\n')) {
    if (/^\s*-\s*action:/.test(line)) {
      current = { file, protocol: 'tcp', ports: [], nets: [] };
      runs.push(current);
    }
    if (!current) continue;
    const protocol = /^\s*protocol:\s*(TCP|UDP)\s*$/.exec(line)?.[1];
    if (protocol) current.protocol = protocol.toLowerCase() as 'tcp' | 'udp';
    const net = /^\s*-\s*(\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2})\s*$/.exec(line)?.[1];
    if (net) current.nets.push(net.replace(/\/32$/, ''));
    const port = /^\s*-\s*(\d+(?::\d+)?)\s*(?:#.*)?$/.exec(line)?.[1];
    if (port) current.ports.push(port.replace(':', '-'));
  }
  return runs.filter((r) => r.nets.length > 0);
}

const covers = (ruleSpec: string, policySpec: string) => {
  const rule = parsePortRange(ruleSpec);
  const policy = parsePortRange(policySpec);
  return rule !== null && policy !== null && rule.from <= policy.from && rule.to >= policy.to;
};

/** A rule opens the run's protocol and every port the policy opens to the net. */
const opensRun = (rule: { protocols: string[]; ports: string[] }, run: PolicyRun) =>
  rule.protocols.includes(run.protocol) && run.ports.every((p) => rule.ports.some((q) => covers(q, p)));

const listsAddress = (endpoints: AnswerRule['destinations'], net: string) => endpoints.some((d) => (d.kind === 'ip' || d.kind === 'cidr') && d.value === net);

describe(`every list of kube-samples in the default edition${kubeSamplesCopy.note}`, { skip: !kubeSamplesCopy.available }, () => {
  let dataset: Dataset;
  let folders: string[];
  const saved = process.env.PORTHOLE_EDITION;

  beforeAll(async () => {
    kubeSamplesCopy.assert();
    // The default edition: what users get.
    delete process.env.PORTHOLE_EDITION;
    const loaded = await loadDataset(BUNDLED_DATA_DIR, { edition: null });
    if (saved !== undefined) process.env.PORTHOLE_EDITION = saved;
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    dataset = loaded.dataset;
    folders = (await readdir(path.join(KUBE_SAMPLES, POLICY_FILES[0][0]), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  });

  async function runsOf(folder: string): Promise<PolicyRun[]> {
    const runs: PolicyRun[] = [];
    for (const [dir, file] of POLICY_FILES) {
      const text = await readFile(path.join(KUBE_SAMPLES, dir, folder, file), 'utf8').catch(() => null);
      if (text !== null) runs.push(...runsInText(`${folder}/${file}`, text));
    }
    return runs;
  }

  it('answers every net of every policy of every region folder, on the ports its policy opens', async () => {
    let checked = 0;
    for (const folder of folders) {
      expect(dataset.regionById.has(folder), `region folder ${folder}`).toBe(true);
      const rules = ask(`everything in ${folder}`, dataset).rules;
      const missing: string[] = [];
      for (const run of await runsOf(folder)) {
        for (const net of run.nets) {
          checked++;
          if (!rules.some((r) => listsAddress(r.destinations, net) && opensRun(r, run))) missing.push(`${run.file} ${net} ${run.protocol} ${run.ports.join(',')}`);
        }
      }
      expect(missing, `everything in ${folder}`).toEqual([]);
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('finds every net of every policy through why, in its region, with a rule on the ports its policy opens', async () => {
    for (const folder of folders) {
      const missing: string[] = [];
      for (const run of await runsOf(folder)) {
        for (const net of run.nets) {
          const listings = explainAddress(net, dataset).findings.flatMap((f) => f.listings);
          const found = listings.some(
            (l) => l.relation === 'exact' && (l.regions.includes(folder) || l.regions.includes('global')) && l.rules.some((r) => opensRun(r, run)),
          );
          if (!found) missing.push(`${run.file} ${net}`);
        }
      }
      expect(missing, `why, ${folder}`).toEqual([]);
    }
  });

  it('answers the control-plane subnets of each metro the README places as inbound TCP 80 to the ALBs and routers', async () => {
    const dir = path.join(KUBE_SAMPLES, 'control-plane-ips');
    const readme = await readFile(path.join(dir, 'README.md'), 'utf8');
    let checked = 0;
    for (const m of readme.matchAll(/^\s*\*\s+`([a-z]+)`\s+\(([^)]*)\)/gm)) {
      const region = m[2]!.split(',').map((n) => n.trim()).find((n) => dataset.regionById.has(n));
      if (!region) continue;
      const subnets = (await readFile(path.join(dir, `control-plane-ips-${m[1]}.txt`), 'utf8')).split('\n').map((l) => l.trim()).filter(Boolean);
      for (const question of [`ingress in ${region}`, `routes in ${region}`]) {
        const rules = ask(question, dataset).rules.filter((r) => r.direction === 'inbound' && r.protocols.includes('tcp') && r.ports.includes('80'));
        const missing = subnets.filter((s) => !rules.some((r) => listsAddress(r.sources, s)));
        expect(missing, question).toEqual([]);
        checked += subnets.length;
      }
      for (const subnet of subnets) {
        const listings = explainAddress(subnet, dataset).findings.flatMap((f) => f.listings);
        expect(listings.some((l) => l.regions.includes(region) && l.rules.some((r) => r.direction === 'inbound' && r.ports.includes('80'))), `why ${subnet}`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('answers a zone kube-samples serves from another region folder with both folders\' masters, and says why', async () => {
    let checked = 0;
    for (const folder of folders) {
      const text = await readFile(path.join(KUBE_SAMPLES, POLICY_FILES[0][0], folder, POLICY_FILES[0][1]), 'utf8');
      const zones = /# Control plane IP addresses for [\w-]+:(.*)/.exec(text)?.[1]?.split(',').map((z) => z.trim()) ?? [];
      const own = new Set(dataset.meta.regions.find((r) => r.region === folder)?.zones ?? []);
      for (const zone of zones.filter((z) => !own.has(z))) {
        const holder = dataset.meta.regions.find((r) => r.zones.includes(zone));
        if (!holder) continue;
        const holderText = await readFile(path.join(KUBE_SAMPLES, POLICY_FILES[0][0], holder.region, POLICY_FILES[0][1]), 'utf8');
        const answer = ask(`worker masters in ${zone}`, dataset);
        const answered = new Set(answer.rules.flatMap((r) => r.destinations).map((d) => d.value));
        for (const run of [...runsInText(folder, text), ...runsInText(holder.region, holderText)]) {
          expect(run.nets.filter((n) => !answered.has(n)), `worker masters in ${zone}: ${run.file}`).toEqual([]);
        }
        expect(answer.notes.join(' '), `worker masters in ${zone}`).toContain(`kube-samples lists ${zone} under ${folder}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('exports the masters with the port range the policies open, and the page\'s narrower range beside it', async () => {
    const text = await readFile(path.join(KUBE_SAMPLES, POLICY_FILES[0][0], 'eu-de', POLICY_FILES[0][1]), 'utf8');
    const policyRange = runsInText('eu-de', text).flatMap((r) => r.ports).find((p) => p.includes('-'))!;
    const { status, stdout } = await runMain(['ask', 'worker masters in eu-de as iptables']);
    expect(status).toBe(0);
    const opened = [...stdout.matchAll(/^-A .* --dports? (\S+)/gm)].flatMap((m) => m[1]!.split(','));
    expect(opened).toContain(policyRange.replace('-', ':'));
    const rule = ask('worker masters in eu-de', dataset).rules.find((r) => r.ports.includes(policyRange))!;
    expect(rule.notes.join(' ')).toMatch(/The page edition of \d{4}-\d{2}-\d{2} gives \d+-\d+/);
  });

  it('data status lists what was read and is not answered: rules without nets, subnets the README places nowhere', async () => {
    const { status, stdout } = await runMain(['data', 'status']);
    expect(status).toBe(0);
    const expected: string[] = [];
    for (const folder of folders) {
      for (const [dir, file] of POLICY_FILES) {
        const text = await readFile(path.join(KUBE_SAMPLES, dir, folder, file), 'utf8').catch(() => '');
        const starts = [...text.matchAll(/^\s*-\s*action:/gm)].map((m) => m.index);
        starts.forEach((start, i) => {
          const rule = text.slice(start, starts[i + 1] ?? text.length);
          if (!/^\s*-\s*\d{1,3}(\.\d{1,3}){3}\/\d+/m.test(rule)) expected.push(`${dir}/${folder}/${file}:${text.slice(0, start).split('\n').length}`);
        });
      }
    }
    const dir = path.join(KUBE_SAMPLES, 'control-plane-ips');
    const readme = await readFile(path.join(dir, 'README.md'), 'utf8');
    for (const name of await readdir(dir)) {
      const metro = /^control-plane-ips-([a-z]+)\.txt$/.exec(name)?.[1];
      if (metro && !readme.includes(`\`${metro}\``)) expected.push(`control-plane-ips/${name}`);
    }
    expect(expected.length).toBeGreaterThan(0);
    const listed = stdout.split('\n').filter((l) => l.startsWith('  - ')).map((l) => l.slice(4));
    expect(expected.filter((e) => !listed.some((l) => l.startsWith(`${e}:`) || l.startsWith(`${e} `)))).toEqual([]);
  });

  describe('provenance in two parts: the page edition with its date, the address lists with repository, commit and date', () => {
    let page: { edition: string; date: string };
    let lists: { commit: string; date: string };
    const cli = async (args: string[]) => {
      const r = await runMain(args);
      return { status: r.status, stdout: r.stdout + r.stderr };
    };
    const both = (text: string) => {
      expect(text).toContain(`page edition of ${page.date}`);
      expect(text).toContain(`${lists.commit.slice(0, 7)} of ${lists.date}`);
    };

    beforeAll(async () => {
      const [commit, committedAt] = (await readFile(path.join(KUBE_SAMPLES, 'COMMIT'), 'utf8')).trim().split(/\s+/) as [string, string];
      lists = { commit, date: committedAt.slice(0, 10) };
      const record = (await readFile(path.join(BUNDLED_DATA_DIR, 'editions', dataset.edition, 'import.yml'), 'utf8')).match(/^base: (\S+)$/m)![1]!;
      const baseMeta = await readFile(path.join(BUNDLED_DATA_DIR, 'editions', record, 'dataset.yml'), 'utf8');
      page = { edition: record, date: /^lastUpdated: "?([\d-]+)"?$/m.exec(baseMeta)![1]! };
      expect(page.date).not.toBe(lists.date);
    });

    it('in the answer header and as JSON fields', async () => {
      both((await cli(['ask', 'registry in eu-de'])).stdout.split('\n').slice(0, 5).join(' '));
      const json = JSON.parse((await cli(['ask', 'registry in eu-de', '--format', 'json'])).stdout);
      expect(json.dataset.page).toEqual(page);
      expect(json.dataset.addresses).toEqual({ repository: 'IBM-Cloud/kube-samples', commit: lists.commit, date: lists.date });
    });

    it.each(EXPORT_FORMATS)('in the header of the %s export', async (format) => {
      const { status, stdout } = await cli(['ask', 'worker masters in eu-de', '--format', format]);
      expect(status).toBe(0);
      if (format === 'csv') {
        expect(stdout).toContain(`${page.date} (page edition)`);
        expect(stdout).toContain(`${lists.date} (addresses, IBM-Cloud/kube-samples ${lists.commit.slice(0, 7)})`);
      } else both(stdout.split('\n').slice(0, 4).join(' '));
    });

    it('in data editions, data check and data status', async () => {
      both((await cli(['data', 'editions'])).stdout.split('\n').filter((l, i, all) => i > 0 && all[i - 1]!.startsWith(dataset.edition)).join(' '));
      both((await cli(['data', 'check'])).stdout.split('\n').find((l) => l.includes(`edition ${dataset.edition} `))!);
      const status = (await cli(['data', 'status'])).stdout;
      expect(status).toContain(`${lists.commit.slice(0, 7)}, committed ${lists.date}`);
      expect(status).toContain(`the page edition ${page.edition}, updated ${page.date}`);
    });
  });
});
