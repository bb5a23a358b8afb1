import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClusterFacts } from '../src/core/answer.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { ask } from '../src/core/resolve/resolve.js';
import { EXPORTERS, EXPORT_FORMATS, exportFileName } from '../src/export/index.js';
import { ROOT } from './helpers/cli.js';
import { shippedDataset } from './helpers/dataset.js';

// Golden files: each format for a few answers, under test/golden/export/, named as porthole names the export.
// A change to an exporter shows up as a reviewable diff there; UPDATE_GOLDEN=1 rewrites them after a
// deliberate change.

const GOLDEN_DIR = path.join(ROOT, 'test', 'golden', 'export');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

// A made-up cluster (documentation and private ranges), so that the golden files show filled-in values.
const CLUSTER: ClusterFacts = {
  id: 'c0goldenfra000000000',
  name: 'golden-fra',
  region: 'eu-de',
  zones: ['fra02', 'fra04'],
  masterUrl: 'https://c2.eu-de.containers.cloud.ibm.com:31142',
  masterHost: 'c2.eu-de.containers.cloud.ibm.com',
  masterPort: 31142,
  etcdPort: 31593,
  workers: [
    { id: 'kube-golden-w1', zone: 'fra02', publicIp: '192.0.2.21', privateIp: '10.75.10.21' },
    { id: 'kube-golden-w2', zone: 'fra04', publicIp: '192.0.2.22', privateIp: null },
  ],
  source: 'file',
};

const QUESTIONS: { question: string; cluster?: ClusterFacts }[] = [
  { question: 'kubectl in eu-de' },
  { question: 'registry fra02' },
  { question: 'everything in us-south' },
  { question: 'worker nodes and private network for cluster golden-fra', cluster: CLUSTER },
];

let dataset: Dataset;
beforeAll(async () => {
  dataset = await shippedDataset();
  if (UPDATE) mkdirSync(GOLDEN_DIR, { recursive: true });
});

describe('golden exports', () => {
  const cases = QUESTIONS.flatMap((q) => EXPORT_FORMATS.map((format) => ({ ...q, format })));
  it.each(cases)('$question as $format', ({ question, cluster, format }) => {
    const answer = ask(question, dataset, cluster ? { cluster } : {});
    expect(answer.problems).toEqual([]);
    const file = path.join(GOLDEN_DIR, exportFileName(answer, format));
    const text = EXPORTERS[format].render(answer);
    if (UPDATE) writeFileSync(file, text);
    expect(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/export-golden.test.ts`).toBe(true);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });
});
