import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../src/core/dataset/build.js';
import { parseQuestion } from '../src/core/parse/question.js';
import { listEditions } from '../src/data-files/load.js';
import { shippedDataset } from './helpers/dataset.js';

// How people really ask, and the query each question must parse to.
// s: scenarios, r: region, z: zone, c: cluster, f: output format (absent = null).
interface Expected {
  s: string[];
  r?: string;
  z?: string;
  c?: string;
  f?: string;
}

const PHRASINGS: [string, Expected][] = [
  ["what do I open for kubectl on cluster X in eu-de", { s: ["kubectl"], r: 'eu-de', c: 'X' }],
  ["kubectl eu-de", { s: ["kubectl"], r: 'eu-de' }],
  ["ports for calicoctl", { s: ["calicoctl"] }],
  ["my workers in dal10 can't pull images", { s: ["registry"], r: 'us-south', z: 'dal10' }],
  ["what must the worker nodes reach in Frankfurt", { s: ["worker-outbound"], r: 'eu-de' }],
  ["firewall rules for ibmcloud ks", { s: ["ibmcloud-ks"] }],
  ["ingress", { s: ["ingress"] }],
  ["nodeport", { s: ["nodeport"] }],
  ["block storage on the private network", { s: ["block-storage"] }],
  ["logging and monitoring for us-south", { s: ["logging","monitoring"], r: 'us-south' }],
  ["everything for lon04", { s: ["everything"], r: 'eu-gb', z: 'lon04' }],
  ["registry and IAM", { s: ["registry","iam"] }],
  ["KUBECTL   EU-DE!!!", { s: ["kubectl"], r: 'eu-de' }],
  ["Kubectl, eu-de?", { s: ["kubectl"], r: 'eu-de' }],
  ["kubectl in EU Central", { s: ["kubectl"], r: 'eu-de' }],
  ["kubectl in eu-central", { s: ["kubectl"], r: 'eu-de' }],
  ["kubectl in Frankfurt", { s: ["kubectl"], r: 'eu-de' }],
  ["kubectl in fra02", { s: ["kubectl"], r: 'eu-de', z: 'fra02' }],
  ["kubectl for tok05", { s: ["kubectl"], r: 'jp-tok', z: 'tok05' }],
  ["kubectl in Tokyo", { s: ["kubectl"], r: 'jp-tok' }],
  ["kubectl ap-north", { s: ["kubectl"], r: 'jp-tok' }],
  ["kubectl jp-tok", { s: ["kubectl"], r: 'jp-tok' }],
  ["kubectl au-syd", { s: ["kubectl"], r: 'au-syd' }],
  ["kubectl in Sydney", { s: ["kubectl"], r: 'au-syd' }],
  ["kubectl in ap south", { s: ["kubectl"], r: 'au-syd' }],
  ["kubectl uk-south", { s: ["kubectl"], r: 'eu-gb' }],
  ["kubectl in London", { s: ["kubectl"], r: 'eu-gb' }],
  ["kubectl eu-gb", { s: ["kubectl"], r: 'eu-gb' }],
  ["kubectl us-east", { s: ["kubectl"], r: 'us-east' }],
  ["kubectl in Washington", { s: ["kubectl"], r: 'us-east' }],
  ["kubectl in wdc06", { s: ["kubectl"], r: 'us-east', z: 'wdc06' }],
  ["kubectl us-south", { s: ["kubectl"], r: 'us-south' }],
  ["kubectl in Dallas", { s: ["kubectl"], r: 'us-south' }],
  ["kubectl in dal13", { s: ["kubectl"], r: 'us-south', z: 'dal13' }],
  ["kubectl in mex01", { s: ["kubectl"], r: 'us-south', z: 'mex01' }],
  ["kubectl in che01", { s: ["kubectl"], r: 'jp-tok', z: 'che01' }],
  ["kubectl in mil01", { s: ["kubectl"], r: 'eu-de', z: 'mil01' }],
  ["how do I reach the api server of cluster prod-01 in us-south", { s: ["kubectl"], r: 'us-south', c: 'prod-01' }],
  ["calicoctl for cluster=mycluster", { s: ["calicoctl"], c: 'mycluster' }],
  ["calico policies in eu-de", { s: ["calicoctl"], r: 'eu-de' }],
  ["etcd port for my-cluster", { s: ["calicoctl"] }],
  ["ibmcloud cli behind a proxy", { s: ["ibmcloud-ks"] }],
  ["how do I get containers.cloud.ibm.com through the firewall", { s: ["ibmcloud-ks"] }],
  ["what do the workers need in us-east", { s: ["worker-outbound"], r: 'us-east' }],
  ["worker egress in syd04", { s: ["worker-outbound"], r: 'au-syd', z: 'syd04' }],
  ["outbound rules for workers in eu-gb", { s: ["worker-outbound"], r: 'eu-gb' }],
  ["pull images from icr.io in eu-de", { s: ["registry"], r: 'eu-de' }],
  ["ImagePullBackOff in dal12", { s: ["registry"], r: 'us-south', z: 'dal12' }],
  ["notary port", { s: ["registry"] }],
  ["IAM for workers in lon02", { s: ["iam"], r: 'eu-gb', z: 'lon02' }],
  ["monitoring in eu-gb", { s: ["monitoring"], r: 'eu-gb' }],
  ["sysdig in us-south", { s: ["monitoring"], r: 'us-south' }],
  ["logdna in au-syd", { s: ["logging"], r: 'au-syd' }],
  ["metrics for jp-tok", { s: ["monitoring"], r: 'jp-tok' }],
  ["persistent volume claims in dal10", { s: ["pvc"], r: 'us-south', z: 'dal10' }],
  ["pvc provisioning softlayer api", { s: ["pvc"] }],
  ["VRRP between workers", { s: ["vrrp","private-workers"] }],
  ["load balancer in eu-de", { s: ["load-balancer"], r: 'eu-de' }],
  ["load balancers on cluster web-prod", { s: ["load-balancer"], c: 'web-prod' }],
  ["ingress ALB in us-south", { s: ["ingress"], r: 'us-south' }],
  ["nodeport service in fra05", { s: ["nodeport"], r: 'eu-de', z: 'fra05' }],
  ["inbound traffic in eu-de", { s: ["inbound"], r: 'eu-de' }],
  ["how do I expose apps from the internet", { s: ["inbound"] }],
  ["private network firewall", { s: ["private-network"] }],
  ["file storage in dal10", { s: ["file-storage"], r: 'us-south', z: 'dal10' }],
  ["NFS mounts", { s: ["file-storage"] }],
  ["iscsi", { s: ["block-storage"] }],
  ["kubectl logs does not work", { s: ["kubelet"] }],
  ["kubectl exec times out", { s: ["kubelet"] }],
  ["dashboard access", { s: ["kubelet"] }],
  ["DNS for the private network", { s: ["dns"] }],
  ["worker updates and reloads", { s: ["worker-updates"] }],
  ["pod to pod across subnets", { s: ["private-workers"] }],
  ["ipencap", { s: ["private-workers"] }],
  ["softlayer private ip ranges", { s: ["infrastructure-private"] }],
  ["everything", { s: ["everything"] }],
  ["all rules for us-south as csv", { s: ["everything"], r: 'us-south', f: 'csv' }],
  ["kubectl eu-de --format json", { s: ["kubectl"], r: 'eu-de', f: 'json' }],
  ["registry in eu-de as iptables", { s: ["registry"], r: 'eu-de', f: 'iptables' }],
  ["everything for eu-de in nftables format", { s: ["everything"], r: 'eu-de', f: 'nftables' }],
  ["worker outbound for eu-de as calico yaml", { s: ["worker-outbound"], r: 'eu-de', f: 'calico' }],
  ["master ips in eu-de", { s: ["worker-masters"], r: 'eu-de' }],
  ["bootstrap ports for masters in us-south", { s: ["worker-masters"], r: 'us-south' }],
  ["from my laptop in eu-de", { s: ["workstation"], r: 'eu-de' }],
  ["<!channel> kubectl eu-de", { s: ["kubectl"], r: 'eu-de' }],
  ["<https://evil|ibm.com> registry", { s: ["registry"] }],
  ["kubectl 🚀 in eu-de", { s: ["kubectl"], r: 'eu-de' }],
  ["", { s: [] }],
];

// Misspelt words with one close reading are read, and the answer says so.
const READ_AS: [string, Expected, string][] = [
  ["kubectl eu-dee", { s: ["kubectl"], r: 'eu-de' }, '"eu-dee" as eu-de'],
  ["kubectl in frankfrut", { s: ["kubectl"], r: 'eu-de' }, '"frankfrut" as "frankfurt"'],
  ["kubctl in eu-de", { s: ["kubectl"], r: 'eu-de' }, '"kubctl" as "kubectl"'],
  ["regsitry for us-suoth", { s: ["registry"], r: 'us-south' }, '"regsitry" as "registry"'],
  ["calicoctl in fra2", { s: ["calicoctl"], r: 'eu-de' }, ''],
];

// Questions the parser cannot resolve: the problem code and the first suggestion it must offer, and the place
// the question names that an edition must not list for the row to apply to it.
const PROBLEMS: [string, string, string[], string?][] = [
  ["kubectl in fra09", "unknown-zone", ["fra02"]],
  ["kubectl dal10 eu-de", "zone-region-mismatch", ["us-south"]],
  ["kubectl in eu-de and us-south", "several-regions", ["eu-de"]],
  ["kubectl for cluster ../etc", "invalid-cluster-name", []],
  ["kubectl for cluster \"my cluster\"", "invalid-cluster-name", []],
  ["kubectl in ca-tor", "unknown-region", ["2025-07-08"], 'ca-tor'],
  ["registry for eu-ge", "unknown-region", ["eu-de", "eu-gb"]],
  ["kubectl except workstation", "nothing-left", ["kubectl"]],
  ["kubectl from 300.1.1.1", "invalid-source", []],
];

let dataset: Dataset;
beforeAll(async () => {
  dataset = await shippedDataset();
});

// The tables run for every shipped edition that has the row's facts: its scenarios, region, zone and
// suggestions (mex01 is a zone of the 2019 page only; ca-tor is unknown only before 2025).
const { ids: editions } = await listEditions();
const byEdition = new Map(await Promise.all(editions.map(async (id) => [id, await shippedDataset(id)] as const)));
const knows = (ds: Dataset, name: string) => ds.scenarios.has(name) || ds.regionById.has(name) || ds.zoneById.has(name);
const hasFacts = (ds: Dataset, e: Expected) => e.s.every((id) => ds.scenarios.has(id)) && (!e.r || ds.regionById.has(e.r)) && (!e.z || ds.zoneById.has(e.z));
function forEditions<Row extends unknown[]>(rows: Row[], applies: (ds: Dataset, row: Row) => boolean): [string, ...Row][] {
  return editions.flatMap((edition) => rows.filter((row) => applies(byEdition.get(edition)!, row)).map((row): [string, ...Row] => [edition, ...row]));
}

describe('parseQuestion: phrasings', () => {
  it('has at least 80 phrasings in its table', () => {
    expect(PHRASINGS.length + PROBLEMS.length).toBeGreaterThanOrEqual(80);
  });

  it('each edition has the facts of most rows', () => {
    for (const ds of byEdition.values()) expect(PHRASINGS.filter(([, e]) => hasFacts(ds, e)).length, ds.edition).toBeGreaterThan(PHRASINGS.length * 0.8);
  });

  it.each(forEditions(PHRASINGS.filter(([q]) => q !== ''), (ds, [, e]) => hasFacts(ds, e)))('%s: %j', (edition, question, expected) => {
    const dataset = byEdition.get(edition)!;
    const { query, problems } = parseQuestion(question, dataset);
    expect(problems).toEqual([]);
    expect({
      scenarios: query.scenarios,
      region: query.region,
      zone: query.zone,
      cluster: query.cluster,
      format: query.format,
    }).toEqual({
      scenarios: expected.s,
      region: expected.r ?? null,
      zone: expected.z ?? null,
      cluster: expected.c ?? null,
      format: expected.f ?? null,
    });
    expect(query.text).toBe(question);
  });

  const problemApplies = (ds: Dataset, [, , suggestions, absent]: (typeof PROBLEMS)[number]) =>
    suggestions.every((name) => !/^[a-z]+-[a-z]+$|^[a-z]{3}\d\d$/.test(name) || knows(ds, name)) && (absent === undefined || !knows(ds, absent));
  it.each(forEditions(PROBLEMS, problemApplies))('%s: %j is reported as %s', (edition, question, code, firstSuggestions) => {
    const { query, problems } = parseQuestion(question, byEdition.get(edition)!);
    expect(problems.map((p) => p.code)).toContain(code);
    const problem = problems.find((p) => p.code === code)!;
    expect(problem.suggestions.slice(0, firstSuggestions.length)).toEqual(firstSuggestions);
    expect(problem.message.length).toBeGreaterThan(10);
    expect(query.scenarios).toEqual([]);
  });

  it.each(forEditions(READ_AS, (ds, [, e]) => hasFacts(ds, e)))('%s: %j is read, and the reading says how', (edition, question, expected, said) => {
    const { query, problems, reading } = parseQuestion(question, byEdition.get(edition)!);
    expect(problems).toEqual([]);
    expect({ s: query.scenarios, r: query.region }).toEqual({ s: expected.s, r: expected.r });
    expect(reading).toContain(said);
  });

  it('reports an empty question as empty, with what can be asked in the words users type', () => {
    const { problems } = parseQuestion('   ', dataset);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.code).toBe('empty-question');
    expect(problems[0]!.suggestions).toEqual(dataset.scenarioOrder.map((id) => dataset.topics.get(id)!.keywords[0]));
  });

  it('answers a question it cannot read with the topics in the words users type, never internal ids', () => {
    for (const question of ['hello', 'what do I open in eu-de']) {
      const { problems } = parseQuestion(question, dataset);
      expect(problems.map((p) => p.code)).toEqual(['unknown-scenario']);
      const ids = dataset.scenarioOrder.filter((id) => !dataset.keywords.some((k) => k.tokens.join(' ') === id));
      expect(problems[0]!.suggestions.filter((s) => ids.includes(s))).toEqual([]);
      expect(problems[0]!.suggestions.length).toBe(dataset.scenarioOrder.length);
    }
  });

  it('names the region a zone belongs to when a zone and a region disagree', () => {
    const { problems } = parseQuestion('registry in lon04 for us-east', dataset);
    expect(problems[0]).toMatchObject({ code: 'zone-region-mismatch', input: 'lon04' });
    expect(problems[0]!.message).toContain('eu-gb');
  });

  it('reads only the first 2000 characters of a huge question and says so', () => {
    const { query, notes } = parseQuestion(`kubectl in eu-de ${'x'.repeat(100_000)}`, dataset);
    expect(query.scenarios).toEqual(['kubectl']);
    expect(notes.join(' ')).toMatch(/first 2000 characters/);
  });

  it('takes a value that is not a string as an empty question', () => {
    expect(parseQuestion(undefined, dataset).problems[0]!.code).toBe('empty-question');
    expect(parseQuestion({ text: 'kubectl' }, dataset).problems[0]!.code).toBe('empty-question');
  });
});
