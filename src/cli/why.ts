import { parseArgs } from 'node:util';
import { EditionLoadError, whyReply } from '../bot/dispatch.js';
import { editionsInFolder } from '../data-files/edition-set.js';
import { dataDirFrom, editionFrom, loadOrReport, reportEditionError } from './dataset.js';
import { EXIT, type Io } from './io.js';
import { printReply } from './reply-output.js';

export const WHY_USAGE = 'usage: porthole why "<address|subnet|host|port|firewall log line>" [--format text|json] [--edition ID|DATE] [--data DIR]';

const WHY_FORMATS = ['text', 'json'] as const;
export type WhyFormat = (typeof WHY_FORMATS)[number];

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
  // What this edition does not list is looked up in the other editions (read only then), as every front end does.
  try {
    const reply = await whyReply(parsed.positionals.join(' '), editionsInFolder(dir, dataset));
    return await printReply(reply, { format: format as WhyFormat, usage: WHY_USAGE }, io);
  } catch (error) {
    if (error instanceof EditionLoadError) return reportEditionError(error, dir, io);
    throw error;
  }
}
