import path from 'node:path';
import { loadClusterFile, regionResolver } from '../../src/clusters/index.js';
import type { Answer, ClusterFacts } from '../../src/core/answer.js';
import type { Dataset } from '../../src/core/dataset/build.js';
import { ask } from '../../src/core/resolve/resolve.js';
import { ROOT } from './cli.js';
import { shippedDataset } from './dataset.js';

export interface NamedAnswer {
  name: string;
  answer: Answer;
}

/** The first cluster of data/clusters.example.yml (demo-fra), as a cluster lookup would return it. */
export async function exampleCluster(dataset: Dataset): Promise<ClusterFacts> {
  const loaded = await loadClusterFile(path.join(ROOT, 'data', 'clusters.example.yml'), regionResolver(dataset));
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.clusters[0]!;
}

/**
 * What the export tests check every format with: every scenario in every region and with no region, each for
 * the example cluster too, "everything" with no region and for the cluster, and the model-fields answers.
 */
export async function everyAnswer(dataset: Dataset): Promise<NamedAnswer[]> {
  const cluster = await exampleCluster(dataset);
  const answers: NamedAnswer[] = [];
  const checked = (name: string, answer: Answer) => {
    if (answer.problems.length > 0) throw new Error(`${name}: ${JSON.stringify(answer.problems)}`);
    answers.push({ name, answer });
  };
  for (const id of dataset.scenarioOrder) {
    const keyword = dataset.scenarios.get(id)!.keywords[0]!;
    for (const region of [null, ...dataset.regions.map((r) => r.id)]) {
      checked(`${id}-${region ?? 'no-region'}`, ask(region ? `${keyword} in ${region}` : keyword, dataset));
    }
    checked(`${id}-cluster`, ask(`${keyword} for cluster ${cluster.name}`, dataset, { cluster }));
  }
  // "everything" is the union of the scenarios above; with the cluster it is the demo-fra example.
  checked('everything-no-region', ask('everything', dataset));
  checked('everything-cluster', ask(`everything for cluster ${cluster.name}`, dataset, { cluster }));
  const fields = await modelFieldsAnswer();
  answers.push({ name: 'model-fields', answer: fields }, { name: 'model-fields-with-optional', answer: { ...fields, query: { ...fields.query, includeOptional: true } } });
  return answers;
}

export const MODEL_FIELDS = {
  condition: { rule: 'pvc.softlayer-api', text: 'if you use block storage' },
  allowlist: 'iam.token',
  optional: 'monitoring.metrics',
  anyDestination: 'test.any-egress',
} as const;

/** The edition whose rules the model fields are laid over: the 2019 page uses none of them itself. */
const MODEL_FIELDS_EDITION = '2019-03-04';

/**
 * "worker outbound in eu-de" of the 2019 page with the answer model's newer fields laid over its rules: a rule
 * with a condition, an allowlist on IBM's side, an optional rule and a rule to any address.
 */
export async function modelFieldsAnswer(): Promise<Answer> {
  const answer = ask('worker outbound in eu-de', await shippedDataset(MODEL_FIELDS_EDITION));
  const rules = answer.rules.map((rule) => {
    if (rule.id === MODEL_FIELDS.condition.rule) return { ...rule, condition: MODEL_FIELDS.condition.text };
    if (rule.id === MODEL_FIELDS.allowlist) return { ...rule, allowlist: true };
    return rule;
  });
  const template = rules.find((r) => r.id === MODEL_FIELDS.condition.rule)!;
  for (const id of [MODEL_FIELDS.condition.rule, MODEL_FIELDS.allowlist, MODEL_FIELDS.optional]) {
    if (!rules.some((r) => r.id === id)) throw new Error(`the data no longer has ${id}: pick another rule for this fixture`);
  }
  rules.push({
    ...template,
    id: MODEL_FIELDS.anyDestination,
    condition: undefined,
    destinations: [{ kind: 'any', value: 'any', label: 'any address' }],
    protocols: ['tcp'],
    ports: ['443'],
    purpose: 'Allow all egress on TCP 443',
  });
  return { ...answer, rules };
}
