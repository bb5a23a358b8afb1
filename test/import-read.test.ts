import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDataProblem } from '../src/data-files/load.js';
import { readKubeSamples, type KubeSamples } from '../src/import/kube-samples/read.js';
import { formatSummary, summarize } from '../src/import/kube-samples/summary.js';
import { KUBE_SAMPLES, kubeSamplesCopy, netsInText } from './helpers/kube-samples.js';

// The reader of kube-samples against the shared copy: every address its files list comes out, region by
// region, counted here from the raw text (a line "- a.b.c.d/n"), not from the YAML parser the reader uses.

const COPY = KUBE_SAMPLES;
const copy = kubeSamplesCopy;
const PUBLIC = 'calico-policies/public-network-isolation';
const PRIVATE = 'calico-policies/private-network-isolation';


function linesIn(text: string): Set<string> {
  return new Set(text.split('\n').map((l) => l.trim()).filter(Boolean));
}

const read = (file: string) => readFile(file, 'utf8');

describe(`reading kube-samples${copy.note}`, { skip: !copy.available }, () => {
  let checkout: KubeSamples;
  let regionIds: string[];

  beforeAll(async () => {
    copy.assert();
    const result = await readKubeSamples(COPY);
    if (!result.ok) throw new Error(result.problems.map(formatDataProblem).join('\n'));
    checkout = result.checkout;
    regionIds = (await readdir(path.join(COPY, PUBLIC), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  });

  it('records the commit of the COMMIT file', async () => {
    const [commit, committedAt] = (await read(path.join(COPY, 'COMMIT'))).trim().split(/\s+/);
    expect(checkout.source.commit).toBe(commit);
    expect(checkout.source.committedAt).toBe(committedAt);
    expect(checkout.source.date).toBe(committedAt!.slice(0, 10));
    expect(checkout.source.repository).toBe('IBM-Cloud/kube-samples');
  });

  it('reads every region folder', () => {
    expect(checkout.regions.map((r) => r.id)).toEqual(regionIds);
  });

  for (const [network, dir, policy, list] of [
    ['public', PUBLIC, 'allow-public-service-endpoint.yaml', 'public-ips.md'],
    ['private', PRIVATE, 'allow-private-service-endpoint.yaml', 'private-ips.md'],
  ] as const) {
    it(`imports exactly the ${network} master addresses of each region's ${policy} and ${list}`, async () => {
      for (const id of regionIds) {
        const text = await read(path.join(COPY, dir, id, policy));
        const expected = netsInText(text);
        const masters = checkout.regions.find((r) => r.id === id)!.masters.find((m) => m.network === network)!;
        expect(new Set(masters.addresses), `${id} ${network}`).toEqual(expected);
        expect(masters.addresses.length, `${id} ${network}: no duplicates`).toBe(expected.size);
        expect(linesIn(await read(path.join(COPY, dir, id, list))), `${id} ${list}`).toEqual(expected);
        // The comment names the zones: each of them is in the comment line of the file.
        const comment = /# Control plane IP addresses for ([\w-]+): (.*)/.exec(text)!;
        expect(masters.nameInComment).toBe(comment[1]);
        expect(masters.zones).toEqual(comment[2]!.split(', '));
        expect(masters.ports).toEqual(expect.arrayContaining(['20000-32767', '443']));
        expect(masters.protocols.sort()).toEqual(['tcp', 'udp']);
      }
    });
  }

  for (const [network, dir, file] of [
    ['public', PUBLIC, 'allow-public-services.yaml'],
    ['private', PRIVATE, 'allow-private-services.yaml'],
  ] as const) {
    it(`accounts for every net of ${file}: a service list or a leftover`, async () => {
      for (const id of regionIds) {
        const full = path.join(COPY, dir, id, file);
        const expected = netsInText(await read(full));
        const region = checkout.regions.find((r) => r.id === id)!;
        const services = region.services.filter((s) => s.network === network);
        const got = new Set([...services.flatMap((s) => s.addresses), ...checkout.leftovers.filter((l) => l.file === full).flatMap((l) => l.addresses)]);
        expect(got, `${id} ${file}`).toEqual(expected);
        expect(new Set(services.map((s) => s.service)), `${id} ${file}`).toEqual(new Set(['registry', 'monitoring', 'logging']));
      }
    });
  }

  it('files the nets by the service their comment names, with the ports of their rule', async () => {
    const text = await read(path.join(COPY, PUBLIC, 'eu-de', 'allow-public-services.yaml'));
    const services = checkout.regions.find((r) => r.id === 'eu-de')!.services.filter((s) => s.network === 'public');
    // The nets under the first "Container Registry" comment, up to the next comment naming a service.
    const lines = text.split('\n');
    const start = lines.findIndex((l) => /# IBM Cloud Container Registry: Global/.test(l));
    const run: string[] = [];
    for (const l of lines.slice(start + 1)) {
      if (/#.*(Container Registry|Monitoring|LogDNA)/.test(l) || !/^\s*(-|#)/.test(l)) break;
      const m = /-\s*(\S+)\/32/.exec(l) ?? /-\s*(\S+\/\d+)/.exec(l);
      if (m) run.push(m[1]!);
    }
    const global = services.find((s) => s.global)!;
    expect(global.service).toBe('registry');
    expect(global.addresses).toEqual(run);
    expect(global.ports).toEqual(['443', '4443']);
    expect(services.filter((s) => s.service === 'logging').every((s) => s.protocol === 'tcp')).toBe(true);
  });

  it('reads the control-plane subnets per metro, with the README\'s names and zones', async () => {
    const folder = path.join(COPY, 'control-plane-ips');
    const files = (await readdir(folder)).filter((n) => n.endsWith('.txt')).sort();
    expect(checkout.controlPlane.map((c) => path.basename(c.file))).toEqual(files);
    for (const c of checkout.controlPlane) expect(new Set(c.addresses), c.metro).toEqual(linesIn(await read(c.file)));
    const readme = await read(path.join(folder, 'README.md'));
    const fra = checkout.controlPlane.find((c) => c.metro === 'fra')!;
    const line = readme.split('\n').find((l) => l.includes('`fra`'))!;
    for (const zone of fra.zones) expect(line).toContain(zone);
    expect(fra.names).toContain('eu-de');
  });

  it('summarises per region and list, with what is left over', () => {
    const summary = summarize(checkout);
    const text = formatSummary(summary);
    for (const r of checkout.regions) {
      for (const m of r.masters) expect(summary.rows).toContainEqual({ region: r.id, list: `${m.network} masters`, addresses: m.addresses.length });
    }
    // Every leftover is printed with its file.
    for (const l of checkout.leftovers) expect(text).toContain(`${l.file}${l.line ? `:${l.line}` : ''}: ${l.what}`);
  });
});

describe(`malformed kube-samples input is refused with file, line and what is wrong${copy.note}`, { skip: !copy.available }, () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'porthole-import-read-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  let n = 0;
  /** A fresh copy of the shared checkout with one file rewritten. */
  async function broken(relative: string, edit: (text: string) => string): Promise<{ dir: string; file: string }> {
    const dir = path.join(scratch, `copy-${n++}`);
    await cp(COPY, dir, { recursive: true });
    const file = path.join(dir, relative);
    await writeFile(file, edit(await read(file)));
    return { dir, file };
  }

  async function problemsOf(dir: string): Promise<string[]> {
    const result = await readKubeSamples(dir);
    expect(result.ok).toBe(false);
    return result.ok ? [] : result.problems.map(formatDataProblem);
  }

  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('YAML that does not parse', async () => {
    const rel = path.join(PUBLIC, 'eu-de', 'allow-public-service-endpoint.yaml');
    const { dir, file } = await broken(rel, (t) => t.replace('  order: 1500', '  order: [1500'));
    const problems = await problemsOf(dir);
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p.startsWith(`${file}:`) && / is not valid YAML: /.test(p), p).toBe(true);
  });

  it('a nets entry that is not an address', async () => {
    const rel = path.join(PRIVATE, 'jp-tok', 'allow-private-services.yaml');
    let line = 0;
    const { dir, file } = await broken(rel, (t) => {
      const first = /- (166\.9\.\d+\.\d+\/32)/.exec(t)![1]!;
      const edited = t.replace(first, '166.9.300.1/32');
      line = lineOf(edited, '166.9.300.1/32');
      return edited;
    });
    expect(await problemsOf(dir)).toEqual([`${file}:${line} spec.egress[0].destination.nets[0]: "166.9.300.1/32" is not an IPv4 address written a.b.c.d/n`]);
  });

  it('a policy without the expected shape', async () => {
    const rel = path.join(PUBLIC, 'us-south', 'allow-public-services.yaml');
    const { dir, file } = await broken(rel, (t) => t.replace('kind: GlobalNetworkPolicy', 'kind: NetworkPolicy'));
    const problems = await problemsOf(dir);
    expect(problems).toEqual([`${file}:${lineOf(await read(file), 'kind:')} kind: is not a Calico policy as kube-samples writes them: must be GlobalNetworkPolicy`]);
  });

  it('master addresses without the comment naming region and zones', async () => {
    const rel = path.join(PUBLIC, 'ca-tor', 'allow-public-service-endpoint.yaml');
    const { dir, file } = await broken(rel, (t) => t.replaceAll('# Control plane IP addresses for ca-tor', '# Masters of ca-tor'));
    const problems = await problemsOf(dir);
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p).toMatch(/expected the comment "# Control plane IP addresses for <region>: <zones>"/);
    expect(problems[0]!.startsWith(`${file}:${lineOf(await read(file), '# Masters of ca-tor')}`)).toBe(true);
  });

  it('a plain list line that is not an address', async () => {
    const rel = path.join(PUBLIC, 'au-syd', 'public-ips.md');
    const { dir, file } = await broken(rel, (t) => `${t.trimEnd()}\nsee the policy\n`);
    const text = await read(file);
    expect(await problemsOf(dir)).toEqual([`${file}:${lineOf(text, 'see the policy')}: "see the policy" is not an IPv4 address or CIDR`]);
  });

  it('a COMMIT file that does not say which commit', async () => {
    const { dir, file } = await broken('COMMIT', () => 'main\n');
    expect((await problemsOf(dir))[0]).toBe(`${file}:1: must hold "<40-digit commit id> <commit date YYYY-MM-DDThh:mm:ss±hh:mm> <subject>"`);
  });

  it('a folder that is not a kube-samples checkout', async () => {
    const dir = path.join(scratch, 'empty');
    await cp(path.join(COPY, 'control-plane-ips'), dir, { recursive: true });
    expect((await problemsOf(dir)).join('\n')).toMatch(/is it a kube-samples checkout\?/);
  });

  it('an address only in the plain list is reported, not dropped', async () => {
    const rel = path.join(PRIVATE, 'eu-gb', 'private-ips.md');
    const { dir, file } = await broken(rel, (t) => `${t.trimEnd()}\n166.9.255.254\n`);
    const result = await readKubeSamples(dir);
    if (!result.ok) throw new Error(result.problems.map(formatDataProblem).join('\n'));
    const leftover = result.checkout.leftovers.find((l) => l.file === file)!;
    expect(leftover.addresses).toEqual(['166.9.255.254']);
    expect(formatSummary(summarize(result.checkout))).toContain('166.9.255.254');
  });
});
