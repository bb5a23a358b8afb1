import { parseArgs } from 'node:util';
import { diffEditions } from '../core/diff/diff.js';
import { renderDiffText } from '../core/diff/render.js';
import { closest } from '../core/text.js';
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
