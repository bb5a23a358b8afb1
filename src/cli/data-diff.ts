import { parseArgs } from 'node:util';
import { diffEditions, type EditionDiff } from '../core/diff/diff.js';
import { changeEditions, type ChangeQuestion } from '../core/diff/question.js';
import { renderDiffText } from '../core/diff/render.js';
import { closest } from '../core/text.js';
import { parseQuestion } from '../core/parse/question.js';
import { renderText } from '../core/render/text.js';
import { resolve } from '../core/resolve/resolve.js';
import { listEditions } from '../data-files/load.js';
import { dataDirFrom, loadOrReport } from './dataset.js';
import { EXIT, type Io } from './io.js';

export const DIFF_USAGE = 'usage: porthole data diff FROM TO [--region R] [--topic T] [--format text|json] [--data DIR]';

/** `porthole data diff FROM TO`: what changed between two editions (ids or dates), per rule and per table row. */
export async function dataDiffCommand(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { data: { type: 'string' }, region: { type: 'string' }, topic: { type: 'string' }, format: { type: 'string' } },
    });
  } catch (err) {
    io.err(`porthole data diff: ${(err as Error).message}\n${DIFF_USAGE}\n`);
    return EXIT.notUnderstood;
  }
  const [fromId, toId, ...extra] = parsed.positionals;
  const format = parsed.values.format ?? 'text';
  if (!fromId || !toId || extra.length > 0 || (format !== 'text' && format !== 'json')) {
    io.err(`porthole data diff: name two editions and a format of text or json\n${DIFF_USAGE}\n`);
    return EXIT.notUnderstood;
  }
  const dir = dataDirFrom(parsed.values.data, io.env);
  const from = await loadOrReport(dir, io, fromId);
  const to = from && (await loadOrReport(dir, io, toId));
  if (!from || !to) return EXIT.badDataset;
  const region = parsed.values.region?.toLowerCase();
  if (region && !from.regionById.has(region) && !to.regionById.has(region)) {
    const known = [...new Set([...from.regionById.keys(), ...to.regionById.keys()])];
    const near = closest(region, known, 2);
    io.err(`porthole data diff: unknown region "${region}"; ${near.length > 0 ? `did you mean ${near.join(' or ')}?` : `regions: ${known.join(', ')}`}\n`);
    return EXIT.notUnderstood;
  }
  const topic = parsed.values.topic?.toLowerCase();
  if (topic && !from.scenarios.has(topic) && !to.scenarios.has(topic)) {
    const known = [...new Set([...from.scenarioOrder, ...to.scenarioOrder])];
    const near = closest(topic, known, 3);
    io.err(`porthole data diff: unknown topic "${topic}"; ${near.length > 0 ? `did you mean ${near.join(' or ')}?` : `topics: ${known.join(', ')}`}\n`);
    return EXIT.notUnderstood;
  }
  const diff = diffEditions(from, to, { region: region ?? null, topic: topic ?? null });
  io.out(format === 'json' ? JSON.stringify(diff, null, 2) + '\n' : renderDiffText(diff, from, to));
  return EXIT.ok;
}

/** Answers "what changed … since 2019" with the diff of the two editions, narrowed to the topics and place asked. */
export async function printChanges(change: ChangeQuestion, dir: string, format: 'text' | 'json', io: Io): Promise<number> {
  const { ids } = await listEditions(dir);
  const pair = changeEditions(change, ids);
  if (!pair.ok) {
    io.err(`porthole ask: ${pair.message} (editions: ${ids.join(', ')})\n`);
    return EXIT.notUnderstood;
  }
  const from = await loadOrReport(dir, io, pair.from);
  const to = from && (await loadOrReport(dir, io, pair.to));
  if (!from || !to) return EXIT.badDataset;
  const parsed = parseQuestion(change.rest, to);
  const understood = parsed.problems.filter((p) => p.code !== 'empty-question' && p.code !== 'unknown-scenario');
  if (understood.length > 0) {
    io.err(renderText(resolve(parsed, to)));
    return EXIT.notUnderstood;
  }
  const region = parsed.query.region;
  const topics = parsed.query.scenarios;
  const diffs: EditionDiff[] = (topics.length > 0 ? topics : [null]).map((topic) => diffEditions(from, to, { region, topic }));
  const diff: EditionDiff = { ...diffs[0]!, ...(topics.length > 1 ? { topic: topics.join(', ') } : {}), changes: diffs.flatMap((d) => d.changes) };
  io.out(format === 'json' ? JSON.stringify(diff, null, 2) + '\n' : renderDiffText(diff, from, to));
  return EXIT.ok;
}
