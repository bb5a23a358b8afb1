import { beforeAll, describe, expect, it } from 'vitest';
import type { AnswerRule, ClusterFacts } from '../src/core/answer.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { ask } from '../src/core/resolve/resolve.js';
import { loadDataset } from '../src/data-files/load.js';
import { shippedDataset } from './helpers/dataset.js';

let dataset: Dataset;
beforeAll(async () => {
  dataset = await shippedDataset('2019-03-04');
});

const values = (rule: AnswerRule | undefined, side: 'sources' | 'destinations' = 'destinations') =>
  (rule?.[side] ?? []).map((e) => e.value);

function tableAddresses(table: string, region: string, zone?: string): string[] {
  return dataset.tables
    .get(table)!
    .entries.filter((e) => e.regions !== 'global' && e.regions.includes(region) && (!zone || e.zones?.includes(zone)))
    .flatMap((e) => e.addresses);
}

describe('resolve', () => {
  it('answers kubectl with the ibmcloud ks prerequisite first', () => {
    const answer = ask('kubectl in eu-de', dataset);
    expect(answer.scenarios.map((s) => [s.id, s.prerequisite])).toEqual([
      ['ibmcloud-ks', true],
      ['kubectl', false],
    ]);
    expect(answer.rules.map((r) => r.id)).toEqual(['ibmcloud-ks.api', 'kubectl.master']);
    expect(answer.rules[0]!.prerequisite).toBe(true);
    expect(values(answer.rules[0])).toEqual(['containers.cloud.ibm.com']);
  });

  it('gives calicoctl both prerequisites, in page order', () => {
    const answer = ask('calicoctl in us-south', dataset);
    expect(answer.scenarios.map((s) => s.id)).toEqual(['ibmcloud-ks', 'kubectl', 'calicoctl']);
    expect(answer.scenarios.filter((s) => s.prerequisite).map((s) => s.id)).toEqual(['ibmcloud-ks', 'kubectl']);
  });

  it('does not mark a prerequisite that was asked for as a prerequisite', () => {
    const answer = ask('kubectl and ibmcloud ks in eu-de', dataset);
    expect(answer.scenarios.every((s) => !s.prerequisite)).toBe(true);
  });

  it('lists every master IP of the region for kubectl, and the master URL host as a placeholder', () => {
    const rule = ask('kubectl eu-de', dataset).rules.find((r) => r.id === 'kubectl.master')!;
    const ips = rule.destinations.filter((d) => d.kind === 'ip').map((d) => d.value);
    expect(ips).toEqual(tableAddresses('masters', 'eu-de'));
    expect(ips).toHaveLength(10);
    expect(rule.destinations[0]).toMatchObject({ kind: 'placeholder' });
    expect(rule.ports).toEqual(['20000-32767']);
    expect(rule.pending[0]).toMatchObject({ fact: 'master-port', range: '20000-32767' });
    expect(rule.pending[0]!.find.at(-1)).toContain('ibmcloud ks cluster-get');
  });

  it("lists the region's master IPs for kubectl in a zone, with the zone's row marked, and says so", () => {
    const answer = ask('kubectl in fra04', dataset);
    const rule = answer.rules.find((r) => r.id === 'kubectl.master')!;
    const ips = rule.destinations.filter((d) => d.kind === 'ip');
    expect(ips.map((d) => d.value)).toEqual(tableAddresses('masters', 'eu-de'));
    expect(ips.filter((d) => d.label.includes('your zone')).map((d) => d.value)).toEqual(tableAddresses('masters', 'eu-de', 'fra04'));
    expect(tableAddresses('masters', 'eu-de', 'fra04').length).toBeLessThan(tableAddresses('masters', 'eu-de').length);
    expect(answer.notes.join('\n')).toMatch(/all of eu-de is listed.*row for fra02, fra04, fra05 is marked/s);
  });

  it('keeps the whole region for worker-to-master traffic even when a zone is named', () => {
    const answer = ask('master ips in mil01', dataset);
    const rule = answer.rules.find((r) => r.id === 'worker-masters.region')!;
    expect(values(rule)).toEqual(tableAddresses('masters', 'eu-de'));
    expect(rule.protocols).toEqual(['tcp', 'udp']);
    expect(rule.ports).toEqual(['20000-32767', '443']);
    expect(answer.notes.join('\n')).toMatch(/every zone of the region/);
  });

  it('gives the global and the regional registry, with deprecated hosts marked', () => {
    const rule = ask('registry uk-south', dataset).rules[0]!;
    const hosts = rule.destinations.filter((d) => d.kind === 'host');
    expect(hosts.map((h) => [h.value, h.deprecated ?? false])).toEqual([
      ['icr.io', false],
      ['registry.bluemix.net', true],
      ['uk.icr.io', false],
      ['registry.eu-gb.bluemix.net', true],
    ]);
    expect(rule.destinations.filter((d) => d.kind === 'cidr')).toHaveLength(10);
    expect(rule.ports).toEqual(['443', '4443']);
  });

  it('shares rows the page shares between regions (us-east and us-south registry)', () => {
    const east = values(ask('registry us-east', dataset).rules[0]);
    const south = values(ask('registry us-south', dataset).rules[0]);
    expect(east).toEqual(south);
    expect(east).toContain('us.icr.io');
  });

  it('marks optional services as optional', () => {
    const answer = ask('logging and monitoring in eu-de', dataset);
    expect(answer.rules.map((r) => [r.id, r.required])).toEqual([
      ['monitoring.metrics', false],
      ['monitoring.sysdig', false],
      ['logging.ingest', false],
      ['logging.logdna', false],
    ]);
    expect(answer.rules.find((r) => r.id === 'monitoring.sysdig')!.destinations[0]).toMatchObject({ kind: 'reference' });
  });

  it('asks for a region instead of guessing one', () => {
    const answer = ask('kubectl', dataset);
    expect(answer.needsRegion).toBe(true);
    expect(answer.rules.find((r) => r.id === 'kubectl.master')!.destinations.some((d) => d.kind === 'ip')).toBe(false);
    expect(answer.notes.join('\n')).toMatch(/Name a region or zone/);
    expect(ask('ibmcloud ks', dataset).needsRegion).toBe(false);
  });

  it('carries the dataset version, the date, the caveat and the section of every rule', () => {
    const answer = ask('everything for us-south', dataset);
    expect(answer.dataset).toMatchObject({
      version: dataset.meta.version,
      lastUpdated: '2019-03-04',
      source: { title: dataset.meta.source.title, url: dataset.meta.source.url },
      edition: { id: '2019-03-04', date: '2019-03-04', covers: dataset.meta.covers },
    });
    expect(answer.notes.at(-1)).toContain('2019-03-04');
    for (const rule of answer.rules) expect(rule.sectionUrl).toBe(`${dataset.meta.source.url}#${rule.section}`);
    expect(new Set(answer.rules.map((r) => r.id)).size).toBe(answer.rules.length);
  });

  it('answers a bundle with all its members and nothing twice', () => {
    const answer = ask('everything in eu-de', dataset);
    const leaves = dataset.scenarios.get('everything')!.leaves;
    expect(answer.scenarios.map((s) => s.id)).toEqual(leaves);
    const allRules = leaves.flatMap((id) => dataset.scenarios.get(id)!.rules.map((r) => r.id));
    expect(answer.rules.map((r) => r.id)).toEqual(allRules);
  });

  it('leaves the problems for the front end and answers nothing when the question is not understood', () => {
    const answer = ask('kubectl eu-ge', dataset);
    expect(answer.rules).toEqual([]);
    expect(answer.problems[0]!.code).toBe('unknown-region');
  });
});

describe('resolve with cluster facts', () => {
  const cluster: ClusterFacts = {
    id: 'c0ffee',
    name: 'demo-fra',
    region: 'eu-de',
    zones: ['fra02', 'fra04'],
    masterUrl: 'https://c2.eu-de.containers.cloud.ibm.com:31142',
    masterHost: 'c2.eu-de.containers.cloud.ibm.com',
    masterPort: 31142,
    privateEndpointUrl: 'https://c2.private.eu-de.containers.cloud.ibm.com:26101',
    etcdPort: 30512,
    workers: [
      { id: 'w1', zone: 'fra02', publicIp: '192.0.2.10', privateIp: '10.1.0.10' },
      { id: 'w2', zone: 'fra04', publicIp: '192.0.2.11', privateIp: '10.1.0.11' },
    ],
    source: 'file',
  };

  it('uses the master host and port; an edition without a private service endpoint adds no rule for it', () => {
    const answer = ask('kubectl for cluster demo-fra', dataset, { cluster });
    expect(answer.query.region).toBe('eu-de');
    const master = answer.rules.find((r) => r.id === 'kubectl.master')!;
    expect(master.ports).toEqual(['31142']);
    expect(master.pending).toEqual([]);
    expect(master.destinations[0]).toMatchObject({ kind: 'host', value: 'c2.eu-de.containers.cloud.ibm.com' });
    expect(master.verify).toEqual(['curl --insecure https://c2.eu-de.containers.cloud.ibm.com:31142/version']);
    expect(answer.rules.map((r) => r.id)).toEqual(['ibmcloud-ks.api', 'kubectl.master']);
    expect(JSON.stringify(answer.rules)).not.toContain('c2.private');
  });

  it('uses the etcd port for calicoctl', () => {
    const rule = ask('calicoctl on cluster demo-fra', dataset, { cluster }).rules.find((r) => r.id === 'calicoctl.etcd')!;
    expect(rule.ports).toEqual(['30512']);
  });

  it("uses the workers' public and private IPs as sources", () => {
    const answer = ask('worker outbound for cluster demo-fra', dataset, { cluster });
    expect(values(answer.rules.find((r) => r.id === 'registry.pull'), 'sources')).toEqual(['192.0.2.10', '192.0.2.11']);
    const ranges = answer.rules.find((r) => r.id === 'pvc.softlayer-ranges')!;
    expect(values(ranges, 'sources')).toEqual(['192.0.2.10', '192.0.2.11', '10.1.0.10', '10.1.0.11']);
  });

  it("answers for the cluster's region when the question names another, with a note", () => {
    const answer = ask('kubectl in us-south for cluster demo-fra', dataset, { cluster });
    expect(answer.query.region).toBe('eu-de');
    expect(answer.notes.join('\n')).toMatch(/demo-fra is in eu-de, not us-south/);
  });
});

describe('the rows of a table worked out once per dataset', () => {
  it.each(['2019-03-04', 'newest'])('give every answer the same rules and notes as a dataset that has answered nothing before (%s)', async (which) => {
    const edition = which === 'newest' ? [...dataset.editions].sort().at(-1)! : which;
    const load = async () => {
      const loaded = await loadDataset(undefined, { edition });
      if (!loaded.ok) throw new Error(`edition ${edition} is invalid`);
      return loaded.dataset;
    };
    const [used, fresh] = [await load(), await load()];
    // Every topic, alone, in every region and in a zone of each: questions that share a table's rows in different ways.
    const questions = used.scenarioOrder.flatMap((id) => {
      const keyword = used.scenarios.get(id)!.keywords[0]!;
      return [keyword, ...used.regions.flatMap((r) => [`${keyword} in ${r.id}`, `${keyword} in ${r.zones[0]!.id}`])];
    });
    const inOrder = questions.map((q) => ask(q, used));
    const reversed = [...questions].reverse().map((q) => ask(q, fresh)).reverse();
    expect(inOrder.length).toBe(used.scenarioOrder.length * (1 + 2 * used.regions.length));
    inOrder.forEach((answer, i) => expect(answer, questions[i]).toEqual(reversed[i]));
  });
});
