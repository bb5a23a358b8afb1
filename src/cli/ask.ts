import { parseArgs } from 'node:util';
import { dispatch, EditionLoadError, type AnsweredReply, type Reply } from '../bot/dispatch.js';
import type { LookupCluster } from '../bot/answering.js';
import type { Dataset } from '../core/dataset/build.js';
import { isOutputFormat, OUTPUT_FORMATS, type OutputFormat } from '../core/formats.js';
import { editionsInFolder } from '../data-files/edition-set.js';
import { dataDirFrom, editionFrom, loadOrReport, reportEditionError } from './dataset.js';
import { EXIT, type Io } from './io.js';
import { printReply } from './reply-output.js';

// Start-up time is most of what `porthole ask` costs: what a plain text answer does not need (the JSON
// contract, exporters, why, diffs, cluster lookups, and the zod and yaml they bring) is imported when used.

export const ASK_USAGE = `usage: porthole ask "<question>" [--format ${OUTPUT_FORMATS.join('|')}] [--with-optional] [--edition ID|DATE] [--since ID|DATE] [--data DIR] [--clusters FILE]`;

/** Who asks in a terminal, for the bot layer's cluster lookup and audit (which the CLI does not write). */
const TERMINAL_ASKER = { userId: 'terminal', channelId: 'terminal', teamId: null };

const ASK_OPTIONS = {
  format: { type: 'string', short: 'f' },
  data: { type: 'string' },
  edition: { type: 'string' },
  since: { type: 'string' },
  clusters: { type: 'string' },
  'with-optional': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type AskArgs = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof ASK_OPTIONS }>>;

/** The command line read, or the exit status of a line that cannot be. */
function readArgs(args: string[], io: Io): AskArgs | number {
  let parsed: AskArgs;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: ASK_OPTIONS });
  } catch (err) {
    io.err(`porthole ask: ${(err as Error).message}\n${ASK_USAGE}\n`);
    return EXIT.notUnderstood;
  }
  if (parsed.values.help) {
    io.out(`${ASK_USAGE}\n`);
    return EXIT.ok;
  }
  const format = parsed.values.format;
  if (format !== undefined && !isOutputFormat(format)) {
    io.err(`porthole ask: unknown format "${format}"; use one of ${OUTPUT_FORMATS.join(', ')}\n`);
    return EXIT.notUnderstood;
  }
  return parsed;
}

/**
 * The cluster lookup of a terminal: the cluster file and IBM Cloud API from --clusters and the environment,
 * opened when a question names a cluster. A source set up wrongly is kept in `problem`, for an exit status 2.
 */
function terminalClusters(dataset: Dataset, io: Io, clustersFile: string | undefined): { lookup: LookupCluster; problem: () => string | null } {
  let problem: string | null = null;
  const lookup: LookupCluster = async (name) => {
    const [{ openClusterDirectory }, { clusterForAnswer }] = await Promise.all([import('./cluster-directory.js'), import('../clusters/index.js')]);
    const opened = openClusterDirectory(dataset, io, clustersFile);
    if (!opened.ok) {
      problem = opened.error;
      return { facts: null, notes: [] };
    }
    try {
      const found = await clusterForAnswer(name, { directory: opened.directory, config: opened.config, showDetails: true });
      return { facts: found.facts, notes: found.notes };
    } finally {
      opened.directory?.close();
    }
  };
  return { lookup, problem: () => problem };
}

/** The format to write: --format, else the one the question names ("as json"), else text. */
function formatOf(flag: string | undefined, reply: Reply): OutputFormat {
  if (flag !== undefined && isOutputFormat(flag)) return flag;
  const named = 'answer' in reply && reply.answer !== null ? reply.answer.query.format : null;
  return named && isOutputFormat(named) ? named : 'text';
}

/** `--since`: the CSV export written as a change against an earlier edition. */
async function printSince(reply: AnsweredReply, since: string, dir: string, io: Io): Promise<number> {
  const earlier = await loadOrReport(dir, io, since);
  if (!earlier) return EXIT.badDataset;
  const [{ recordsSince }, { csvCell, csvRecords }, { parseQuestion }, { resolve }] = await Promise.all([
    import('../core/diff/since.js'),
    import('../export/csv.js'),
    import('../core/parse/question.js'),
    import('../core/resolve/resolve.js'),
  ]);
  const before = resolve(parseQuestion(reply.answer.query.text, earlier), earlier, { cluster: reply.clusterFacts, clusterNotes: reply.clusterNotes });
  const records = recordsSince(csvRecords(before), csvRecords(reply.answer));
  io.out(records.map((record) => record.map(csvCell).join(',')).join('\r\n') + '\r\n');
  return EXIT.ok;
}

export async function askCommand(args: string[], io: Io): Promise<number> {
  const parsed = readArgs(args, io);
  if (typeof parsed === 'number') return parsed;
  const dir = dataDirFrom(parsed.values.data, io.env);
  const dataset = await loadOrReport(dir, io, editionFrom(parsed.values.edition, io.env));
  if (!dataset) return EXIT.badDataset;

  const clusters = terminalClusters(dataset, io, parsed.values.clusters);
  let reply: Reply;
  try {
    const options = { includeOptional: parsed.values['with-optional'] === true };
    reply = await dispatch(parsed.positionals.join(' '), TERMINAL_ASKER, { editions: editionsInFolder(dir, dataset), lookupCluster: clusters.lookup }, options);
  } catch (error) {
    if (error instanceof EditionLoadError) return reportEditionError(error, dir, io);
    throw error;
  }
  const clusterProblem = clusters.problem();
  if (clusterProblem !== null) {
    io.err(`porthole ask: ${clusterProblem}\n`);
    return EXIT.notUnderstood;
  }
  const format = formatOf(parsed.values.format, reply);
  const since = parsed.values.since;
  if (since !== undefined && reply.kind === 'answer') {
    if (format !== 'csv') {
      io.err(`porthole ask: --since writes a change against an earlier edition as csv; add --format csv\n`);
      return EXIT.notUnderstood;
    }
    return printSince(reply, since, dir, io);
  }
  return printReply(reply, { format, usage: ASK_USAGE }, io);
}
