import { parseArgs } from 'node:util';
import type { Dataset } from '../core/dataset/build.js';
import { explainAddress, renderWhyText } from '../core/why/index.js';
import { dataDirFrom, editionFrom, loadOrReport } from './dataset.js';
import { EXIT, type Io } from './io.js';

export const WHY_USAGE = 'usage: porthole why "<address|subnet|host|port|firewall log line>" [--format text|json] [--edition ID|DATE] [--data DIR]';

const WHY_FORMATS = ['text', 'json'] as const;
export type WhyFormat = (typeof WHY_FORMATS)[number];

/** Prints why an address, host or port is needed. Exit 0 when found or plainly not listed, 2 for input it cannot read. */
export function printWhy(input: string, dataset: Dataset, format: WhyFormat, io: Io): number {
  const result = explainAddress(input, dataset);
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
  const dataset = await loadOrReport(dataDirFrom(parsed.values.data, io.env), io, editionFrom(parsed.values.edition, io.env));
  if (!dataset) return EXIT.badDataset;
  return printWhy(parsed.positionals.join(' '), dataset, format as WhyFormat, io);
}
