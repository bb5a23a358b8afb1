// npm run bench: the parse-resolve-render pipeline over many different questions in one process.
// Prints the median and p99 microseconds per question. The dataset is loaded once; no I/O per question.
import { performance } from 'node:perf_hooks';
import { parseQuestion } from '../src/core/parse/question.js';
import { renderJson } from '../src/core/render/json.js';
import { renderText } from '../src/core/render/text.js';
import { resolve } from '../src/core/resolve/resolve.js';
import { loadDataset } from '../src/data-files/load.js';

const loaded = await loadDataset();
if (!loaded.ok) throw new Error('the shipped dataset is invalid: run porthole data check');
const dataset = loaded.dataset;

const questions: string[] = [];
for (const id of dataset.scenarioOrder) {
  const keyword = dataset.scenarios.get(id)!.keywords[0]!;
  questions.push(`what do I open for ${keyword}`);
  for (const region of dataset.regions) questions.push(`${keyword} in ${region.pageName}`);
  questions.push(`${keyword} for ${dataset.regions[0]!.zones[0]!.id}`);
}
questions.push('my workers in dal10 cant pull images', 'kubectl eu-dee', 'what do I open for kubectl on cluster X in eu-de', '<!channel> hi');

const ROUNDS = 20;
const samples: number[] = [];
let bytes = 0;
for (let round = 0; round < ROUNDS + 2; round++) {
  for (const q of questions) {
    const start = performance.now();
    const answer = resolve(parseQuestion(q, dataset), dataset);
    const out = round % 2 === 0 ? renderText(answer) : renderJson(answer);
    const micros = (performance.now() - start) * 1000;
    bytes += out.length;
    if (round >= 2) samples.push(micros); // the first two rounds warm the JIT up
  }
}
samples.sort((a, b) => a - b);
const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))]!;
console.log(`questions: ${questions.length} different, ${samples.length} timed runs (${ROUNDS} rounds, text and JSON alternately)`);
console.log(`median: ${pct(50).toFixed(1)} µs per question`);
console.log(`p99:    ${pct(99).toFixed(1)} µs per question`);
console.log(`max:    ${samples.at(-1)!.toFixed(1)} µs; rendered ${(bytes / 1e6).toFixed(1)} MB in all`);
console.log(`goal:   median under 50 µs: ${pct(50) < 50 ? 'met' : 'NOT met'}`);
