import { describe, expect, it } from 'vitest';
import type { ClusterFacts } from '../src/core/answer.js';
import { ask } from '../src/core/resolve/resolve.js';
import { listEditions } from '../src/data-files/load.js';
import { EXPORTERS, EXPORT_FORMATS, exportFileName } from '../src/export/index.js';
import { shippedDataset } from './helpers/dataset.js';

// Golden files: each format for a few answers of every shipped edition, under test/golden/export/<edition>/,
// named as porthole names the export. A change to an exporter or the data shows up as a reviewable diff there.
// A missing or changed file fails the test; `npm run test:update-goldens` rewrites them after a deliberate
// change (docs/development.md).

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

const { ids: editions } = await listEditions();

describe.each(editions)('golden exports of the %s edition', (edition) => {
  const cases = QUESTIONS.flatMap((q) => EXPORT_FORMATS.map((format) => ({ ...q, format })));
  it.each(cases)('$question as $format', async ({ question, cluster, format }) => {
    const answer = ask(question, await shippedDataset(edition), cluster ? { cluster } : {});
    expect(answer.problems).toEqual([]);
    await expect(EXPORTERS[format].render(answer)).toMatchFileSnapshot(`golden/export/${edition}/${exportFileName(answer, format)}`);
  });
});
