import { parseArgs } from 'node:util';
import type { Answer } from '../core/answer.js';
import { isOutputFormat, OUTPUT_FORMATS, type OutputFormat } from '../core/formats.js';
import { isHelpRequest } from '../core/parse/help.js';
import { parseQuestion } from '../core/parse/question.js';
import { forTerminal, jsonForTerminal } from '../core/printable.js';
import { renderText, renderTopics, wrapLine } from '../core/render/text.js';
import { topicGroups } from '../core/topics.js';
import { resolve } from '../core/resolve/resolve.js';
import { isWhyQuestion } from '../core/why/parse.js';
import { parseChangeQuestion } from '../core/diff/question.js';
import { dataDirFrom, editionFrom, loadOrReport } from './dataset.js';
import { EXIT, type Io } from './io.js';

// Start-up time is most of what `porthole ask` costs: what a plain text answer does not need (the JSON
// contract, exporters, why, diffs, cluster lookups, and the zod and yaml they bring) is imported when used.

export const ASK_USAGE = `usage: porthole ask "<question>" [--format ${OUTPUT_FORMATS.join('|')}] [--with-optional] [--edition ID|DATE] [--since ID|DATE] [--data DIR] [--clusters FILE]`;

async function rendererFor(format: OutputFormat): Promise<(answer: Answer) => string> {
  // Answers hold values from IKS and cluster files: shown, their control and bidi characters are escapes.
  if (format === 'text') return (answer) => forTerminal(renderText(answer));
  if (format === 'json') {
    const { renderJson } = await import('../core/render/json.js');
    return (answer) => jsonForTerminal(renderJson(answer));
  }
  return (await import('../export/index.js')).EXPORTERS[format].render;
}

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
        'with-optional': { type: 'boolean' },
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
  if (flagFormat !== undefined && !isOutputFormat(flagFormat)) {
    io.err(`porthole ask: unknown format "${flagFormat}"; use one of ${OUTPUT_FORMATS.join(', ')}\n`);
    return EXIT.notUnderstood;
  }
  const dir = dataDirFrom(parsed.values.data, io.env);
  const chosen = editionFrom(parsed.values.edition, io.env);
  let dataset = await loadOrReport(dir, io, chosen);
  if (!dataset) return EXIT.badDataset;

  const question = parsed.positionals.join(' ');
  // "porthole ask help" (or "?"): what can be asked, as /porthole help says it in Slack.
  if (question.trim() !== '' && isHelpRequest(question)) {
    io.out(`${wrapLine(ASK_USAGE.replace(/^usage: /, '')).join('\n    ')}\n\n${renderTopics(topicGroups(dataset), dataset.regions.map((r) => r.id))}`);
    return EXIT.ok;
  }
  if (isWhyQuestion(question)) {
    const { printWhy } = await import('./why.js');
    return printWhy(question, dataset, flagFormat === 'json' ? 'json' : 'text', io, dir);
  }
  const change = parseChangeQuestion(question);
  if (change) {
    const { printChanges } = await import('./data-diff.js');
    return printChanges(change, dir, flagFormat === 'json' ? 'json' : 'text', io);
  }
  let asked = parseQuestion(question, dataset);
  // A question that names an edition ("as of 2019") is read again with that edition's places and topics.
  const named = asked.query.edition;
  if (named && named !== dataset.edition) {
    dataset = await loadOrReport(dir, io, named);
    if (!dataset) return EXIT.badDataset;
    asked = parseQuestion(question, dataset);
  }
  // The flag says what "including optional" says in the question: optional rules active in an export.
  const parsedQuestion = parsed.values['with-optional'] ? { ...asked, query: { ...asked.query, includeOptional: true } } : asked;
  const clusterName = parsedQuestion.problems.length === 0 ? parsedQuestion.query.cluster : null;
  let cluster = null;
  const clusterNotes: string[] = [];
  if (clusterName) {
    const [{ openClusterDirectory }, { clusterForAnswer }] = await Promise.all([import('./cluster-directory.js'), import('../clusters/index.js')]);
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
  const format: OutputFormat = flagFormat !== undefined && isOutputFormat(flagFormat) ? flagFormat : answer.query.format && isOutputFormat(answer.query.format) ? answer.query.format : 'text';
  const since = parsed.values.since;
  if (since !== undefined && answer.problems.length === 0) {
    if (format !== 'csv') {
      io.err(`porthole ask: --since writes a change against an earlier edition as csv; add --format csv\n`);
      return EXIT.notUnderstood;
    }
    const earlier = await loadOrReport(dir, io, since);
    if (!earlier) return EXIT.badDataset;
    const [{ recordsSince }, { csvCell, csvRecords }] = await Promise.all([import('../core/diff/since.js'), import('../export/csv.js')]);
    const before = resolve(parseQuestion(question, earlier), earlier, { cluster, clusterNotes });
    const records = recordsSince(csvRecords(before), csvRecords(answer));
    io.out(records.map((record) => record.map(csvCell).join(',')).join('\r\n') + '\r\n');
    return EXIT.ok;
  }
  const render = await rendererFor(format);
  if (answer.problems.length > 0) {
    if (format === 'json') io.out(render(answer));
    else io.err(`${forTerminal(renderText(answer))}\n${renderTopics(topicGroups(dataset), dataset.regions.map((r) => r.id))}`);
    return EXIT.notUnderstood;
  }
  io.out(render(answer));
  return EXIT.ok;
}
