import { parseArgs } from 'node:util';
import { oneTerminalLine, printable } from '../core/printable.js';
import { openClusterDirectory } from './cluster-directory.js';
import { dataDirFrom, loadOrReport } from './dataset.js';
import { EXIT, type Io } from './io.js';

/** `porthole clusters [--clusters FILE]`: the clusters each configured source knows. */
export async function clustersCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { clusters: { type: 'string' }, data: { type: 'string' }, format: { type: 'string' } } });
  const dataset = await loadOrReport(dataDirFrom(values.data, io.env), io);
  if (!dataset) return EXIT.badDataset;
  const opened = openClusterDirectory(dataset, io, values.clusters);
  if (!opened.ok) {
    io.err(`porthole clusters: ${opened.error}\n`);
    return EXIT.notUnderstood;
  }
  if (!opened.directory) {
    io.err('porthole clusters: no cluster source is set up: pass --clusters FILE, or set CLUSTERS_FILE or IBMCLOUD_API_KEY\n');
    return EXIT.notUnderstood;
  }
  try {
    const listed = await opened.directory.list();
    if (listed.status === 'not-configured') {
      io.err('porthole clusters: no cluster source is set up\n');
      return EXIT.notUnderstood;
    }
    if (values.format === 'json') {
      io.out(JSON.stringify(listed, null, 2) + '\n');
    } else {
      // Names come from IKS or a file: checked where they enter, and shown escaped all the same.
      const rows = listed.clusters.map((c) => ({ source: c.source, name: printable(c.name), region: printable(c.region), id: printable(c.id) }));
      const width = Math.max(4, ...rows.map((c) => c.name.length));
      const lines = rows.map((c) => `${c.source.padEnd(5)} ${c.name.padEnd(width)}  ${c.region.padEnd(9)} ${c.id}`);
      io.out([`${'from'.padEnd(5)} ${'name'.padEnd(width)}  ${'region'.padEnd(9)} id`, ...lines].join('\n') + '\n');
    }
    for (const f of listed.failures) io.err(`porthole clusters: the ${f.source} source failed: ${f.status}: ${'detail' in f ? oneTerminalLine(f.detail) : ''}\n`);
    return listed.failures.length > 0 && listed.clusters.length === 0 ? EXIT.badDataset : EXIT.ok;
  } finally {
    opened.directory.close();
  }
}
