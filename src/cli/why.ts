import { parseArgs } from 'node:util';
import type { Dataset } from '../core/dataset/build.js';
import { explainAddress, renderWhyText, withHistory } from '../core/why/index.js';
import { loadAllEditions } from '../data-files/load.js';
import { dataDirFrom, editionFrom, loadOrReport } from './dataset.js';
import { EXIT, type Io } from './io.js';

export const WHY_USAGE = 'usage: porthole why "<address|subnet|host|port|firewall log line>" [--format text|json] [--edition ID|DATE] [--data DIR]';

const WHY_FORMATS = ['text', 'json'] as const;
export type WhyFormat = (typeof WHY_FORMATS)[number];

/**
 * Prints why an address, host or port is needed. Exit 0 when found or plainly not listed, 2 for input it cannot
 * read. What this edition does not list is looked up in the other editions of `dir` (read only then).
 */
export async function printWhy(input: string, dataset: Dataset, format: WhyFormat, io: Io, dir?: string): Promise<number> {
  let result = explainAddress(input, dataset);
  if (dir && dataset.editions.length > 1 && result.findings.some((f) => !f.listed)) {
    const others = (await loadAllEditions(dir)).flatMap((r) => (r.ok && r.dataset.edition !== dataset.edition ? [r.dataset] : []));
    result = withHistory(result, dataset, others);
  }
  const failed = result.problems.length > 0;
  if (format === 'json') io.out(JSON.stringify(result, null, 2) + '\n');
  else (failed ? io.err : io.out)(renderWhyText(result));
  return failed ? EXIT.notUnderstood : EXIT.ok;
}

export async function whyCommand(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: 'string', short: 'f' }, data: { type: 'string' }, edition: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    io.err(`porthole why: ${(err as Error).message}\n${WHY_USAGE}\n`);
    return EXIT.notUnderstood;
  }
  if (parsed.values.help) {
    io.out(`${WHY_USAGE}\n`);
    return EXIT.ok;
  }
  const format = parsed.values.format ?? 'text';
  if (!(WHY_FORMATS as readonly string[]).includes(format)) {
    io.err(`porthole why: unknown format "${format}"; use one of ${WHY_FORMATS.join(', ')}\n`);
    return EXIT.notUnderstood;
  }
  const dir = dataDirFrom(parsed.values.data, io.env);
  const dataset = await loadOrReport(dir, io, editionFrom(parsed.values.edition, io.env));
  if (!dataset) return EXIT.badDataset;
  return printWhy(parsed.positionals.join(' '), dataset, format as WhyFormat, io, dir);
}
