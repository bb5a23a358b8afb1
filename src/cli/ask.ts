import { parseArgs } from 'node:util';
import type { Answer } from '../core/answer.js';
import { parseQuestion } from '../core/parse/question.js';
import { renderJson } from '../core/render/json.js';
import { renderText } from '../core/render/text.js';
import { resolve } from '../core/resolve/resolve.js';
import { isWhyQuestion } from '../core/why/index.js';
import { parseChangeQuestion } from '../core/diff/question.js';
import { recordsSince } from '../core/diff/since.js';
import { csvCell, csvRecords } from '../export/csv.js';
import { EXPORTERS } from '../export/index.js';
import { clusterForAnswer } from '../clusters/index.js';
import { openClusterDirectory } from './cluster-directory.js';
import { dataDirFrom, editionFrom, loadOrReport } from './dataset.js';
import { EXIT, type Io } from './io.js';
import { printChanges } from './data-diff.js';
import { printWhy } from './why.js';

type Renderer = (answer: Answer) => string;

export const RENDERERS: Record<string, Renderer> = {
  text: renderText,
  json: renderJson,
  ...Object.fromEntries(Object.values(EXPORTERS).map((exporter) => [exporter.id, exporter.render])),
};

export const ASK_USAGE = `usage: porthole ask "<question>" [--format ${Object.keys(RENDERERS).join('|')}] [--edition ID|DATE] [--since ID|DATE] [--data DIR] [--clusters FILE]`;

export async function askCommand(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        data: { type: 'string' },
        edition: { type: 'string' },
        since: { type: 'string' },
        clusters: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.err(`porthole ask: ${(err as Error).message}\n${ASK_USAGE}\n`);
    return EXIT.notUnderstood;
  }
  if (parsed.values.help) {
    io.out(`${ASK_USAGE}\n`);
    return EXIT.ok;
  }
  const flagFormat = parsed.values.format;
  if (flagFormat !== undefined && !(flagFormat in RENDERERS)) {
    io.err(`porthole ask: unknown format "${flagFormat}"; use one of ${Object.keys(RENDERERS).join(', ')}\n`);
    return EXIT.notUnderstood;
  }
  const dir = dataDirFrom(parsed.values.data, io.env);
  const chosen = editionFrom(parsed.values.edition, io.env);
  let dataset = await loadOrReport(dir, io, chosen);
  if (!dataset) return EXIT.badDataset;

  const question = parsed.positionals.join(' ');
  if (isWhyQuestion(question)) return printWhy(question, dataset, flagFormat === 'json' ? 'json' : 'text', io, dir);
  const change = parseChangeQuestion(question);
  if (change) return printChanges(change, dir, flagFormat === 'json' ? 'json' : 'text', io);
  let parsedQuestion = parseQuestion(question, dataset);
  // A question that names an edition ("as of 2019") is read again with that edition's places and topics.
  const named = parsedQuestion.query.edition;
  if (named && named !== dataset.edition) {
    dataset = await loadOrReport(dir, io, named);
    if (!dataset) return EXIT.badDataset;
    parsedQuestion = parseQuestion(question, dataset);
  }
  const clusterName = parsedQuestion.problems.length === 0 ? parsedQuestion.query.cluster : null;
  let cluster = null;
  const clusterNotes: string[] = [];
  if (clusterName) {
    const opened = openClusterDirectory(dataset, io, parsed.values.clusters);
    if (!opened.ok) {
      io.err(`porthole ask: ${opened.error}\n`);
      return EXIT.notUnderstood;
    }
    try {
      const found = await clusterForAnswer(clusterName, { directory: opened.directory, config: opened.config, showDetails: true });
      cluster = found.facts;
      clusterNotes.push(...found.notes);
    } finally {
      opened.directory?.close();
    }
  }
  const answer = resolve(parsedQuestion, dataset, { cluster, clusterNotes });
  const format = flagFormat ?? (answer.query.format && answer.query.format in RENDERERS ? answer.query.format : 'text');
  const since = parsed.values.since;
  if (since !== undefined && answer.problems.length === 0) {
    if (format !== 'csv') {
      io.err(`porthole ask: --since writes a change against an earlier edition as csv; add --format csv\n`);
      return EXIT.notUnderstood;
    }
    const earlier = await loadOrReport(dir, io, since);
    if (!earlier) return EXIT.badDataset;
    const before = resolve(parseQuestion(question, earlier), earlier, { cluster, clusterNotes });
    const records = recordsSince(csvRecords(before), csvRecords(answer));
    io.out(records.map((record) => record.map(csvCell).join(',')).join('\r\n') + '\r\n');
    return EXIT.ok;
  }
  const render = RENDERERS[format]!;
  if (answer.problems.length > 0) {
    if (format === 'json') io.out(render(answer));
    else io.err(renderText(answer));
    return EXIT.notUnderstood;
  }
  io.out(render(answer));
  return EXIT.ok;
}
