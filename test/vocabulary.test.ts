import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Dataset } from '../src/core/dataset/build.js';
import { sortEditions } from '../src/core/dataset/editions.js';
import { parseQuestion } from '../src/core/parse/question.js';
import { normalizeText } from '../src/core/text.js';
import { ROOT } from './helpers/cli.js';
import { shippedDataset } from './helpers/dataset.js';

// Vocabulary (issue 22): the abbreviations and synonyms engineers use for each topic, party and network, read
// as the topic they name, in every edition that has the topic. The words are data (topics.yml, regions.yml).

const topicsYml = parse(readFileSync(path.join(ROOT, 'data', 'topics.yml'), 'utf8')) as {
  addressWords: string[];
  topics: Record<string, { keywords: string[] }>;
};
const EDITIONS = sortEditions(readdirSync(path.join(ROOT, 'data', 'editions')));
/** The scenario ids an edition's scenarios/*.yml define, read at collection so that each row runs where its topic exists. */
function scenariosOf(edition: string): Set<string> {
  const dir = path.join(ROOT, 'data', 'editions', edition, 'scenarios');
  return new Set(readdirSync(dir).flatMap((file) => (parse(readFileSync(path.join(dir, file), 'utf8')) as { scenarios: { id: string }[] }).scenarios.map((s) => s.id)));
}
const datasets = new Map<string, Dataset>();
beforeAll(async () => {
  for (const edition of EDITIONS) datasets.set(edition, await shippedDataset(edition));
});

// How engineers write each topic: the page's own names (service endpoint, cluster master, ALB), the ibmcloud
// CLI's (ibmcloud cr, ibmcloud oc) and the short forms of chat.
const SAID: [string, string][] = [
  ['what does the CSE need in eu-de?', 'private-masters'],
  ['SE ips for eu-gb', 'private-masters'],
  ['private cloud service endpoint in jp-tok', 'private-masters'],
  ['public service endpoint in eu-de', 'worker-masters'],
  ['control plane IPs for us-south', 'worker-masters'],
  ['cluster master in fra02', 'worker-masters'],
  ['LB in eu-de', 'load-balancer'],
  ['NLB ranges', 'load-balancer'],
  ['network load balancers from the internet', 'load-balancer'],
  ['ALBs from outside', 'ingress'],
  ['ingress controllers', 'ingress'],
  ['ICR for us-south', 'registry'],
  ['ibmcloud cr login in jp-tok', 'registry'],
  ['cr for jp-tok', 'registry'],
  ['kube-apiserver in eu-gb', 'kubectl'],
  ['k8s api server in eu-gb', 'kubectl'],
  ['kubernetes api server for eu-de', 'kubectl'],
  ['ibmcloud oc commands', 'ibmcloud-ks'],
  ['master CIDRs in dal10', 'worker-masters'],
  ['private registry ranges in jp-tok', 'private-registry'],
  ['registry subnets eu-de', 'registry'],
  ['coredns on the private network', 'dns'],
  ['nfs storage', 'file-storage'],
];

describe.each(EDITIONS)('what engineers call each topic, in the %s edition', (edition) => {
  const has = scenariosOf(edition);
  it.each(SAID.filter(([, topic]) => has.has(topic)))('"%s" reads as %s, with no word left unused', (question, topic) => {
    const ds = datasets.get(edition)!;
    const { query, problems, unused } = parseQuestion(question, ds);
    expect(problems).toEqual([]);
    expect(query.scenarios).toEqual([topic]);
    expect(unused).toEqual([]);
  });

  it("every keyword ending in an address word reads the same with each of topics.yml's addressWords", () => {
    const ds = datasets.get(edition)!;
    const addressWords = topicsYml.addressWords.map(normalizeText);
    let checked = 0;
    for (const [topic, { keywords }] of Object.entries(topicsYml.topics)) {
      if (!ds.scenarios.has(topic)) continue;
      for (const keyword of keywords.map(normalizeText)) {
        const tail = addressWords.filter((w) => keyword.endsWith(` ${w}`)).sort((a, b) => b.length - a.length)[0];
        if (!tail) continue;
        const head = keyword.slice(0, -tail.length);
        for (const other of addressWords) {
          const variant = `${head}${other}`;
          const owner = Object.entries(topicsYml.topics).find(([, t]) => t.keywords.map(normalizeText).includes(variant))?.[0];
          const { query, unused } = parseQuestion(`${variant} in ${ds.regions[0]!.id}`, ds);
          expect(query.scenarios, variant).toEqual([owner ?? topic]);
          expect(unused, variant).toEqual([]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(addressWords.length * 3);
  });
});
