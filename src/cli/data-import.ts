import { parseArgs } from 'node:util';
import { diffEditions } from '../core/diff/diff.js';
import { renderDiffText } from '../core/diff/render.js';
import { formatDataProblem, loadDataset } from '../data-files/load.js';
import type { ImportReport } from '../import/kube-samples/edition.js';
import { readKubeSamples } from '../import/kube-samples/read.js';
import { formatSummary, summarize } from '../import/kube-samples/summary.js';
import { writeImportedEdition } from '../import/kube-samples/write.js';
import { dataDirFrom } from './dataset.js';
import { EXIT, type Io } from './io.js';

export const DATA_IMPORT_USAGE = 'porthole data import kube-samples <checkout> [--base ID] [--out DIR] [--data DIR] [--allow-any]';

function formatReport(report: ImportReport): string {
  const out: string[] = [];
  for (const t of report.tables) {
    out.push(`${t.table} (${t.list}): ${t.regions.map((r) => `${r.region} ${r.imported}${r.before !== r.imported ? ` (page ${r.before})` : ''}`).join(', ')}`);
    if (t.keptFromPage.length > 0) out.push(`  kept as the page gives them (no kube-samples folder): ${t.keptFromPage.join(', ')}`);
  }
  for (const t of report.tables.filter((t) => t.added)) {
    out.push(`new table: ${t.table} (${t.list}): the page edition ${report.record.base} has no table for it; answered beside its rules for the same traffic`);
  }
  for (const n of report.notAnswered) out.push(`not answered: ${n.what}: ${n.why}`);
  for (const a of report.addedRegions) {
    out.push(`new region: ${a.region} (${a.name}), zones ${a.zones.join(', ')}: not in the page edition ${report.record.base}, named as data/regions.yml names it`);
  }
  for (const d of report.disagreements) out.push(`page and policies disagree: ${d}`);
  return `${out.join('\n')}\n`;
}

/** `porthole data import kube-samples <checkout>`: an edition with IBM's current address lists. */
export async function dataImportCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { base: { type: 'string' }, out: { type: 'string' }, data: { type: 'string' }, 'allow-any': { type: 'boolean' } },
  });
  const [what, checkoutDir, ...extra] = positionals;
  if (what !== 'kube-samples' || !checkoutDir || extra.length > 0) {
    io.err(`porthole data import: ${what && what !== 'kube-samples' ? `unknown source "${what}" (porthole imports kube-samples)` : 'name the kube-samples checkout'}\n  usage: ${DATA_IMPORT_USAGE}\n`);
    return EXIT.notUnderstood;
  }
  const read = await readKubeSamples(checkoutDir);
  if (!read.ok) {
    io.err(`porthole data import: ${checkoutDir} cannot be imported; nothing was written:\n`);
    for (const p of read.problems) io.err(`  ${formatDataProblem(p)}\n`);
    return EXIT.badDataset;
  }
  const { checkout } = read;
  io.out(`Read ${checkout.source.repository} ${checkout.source.commit} (${checkout.source.committedAt}) from ${checkoutDir}:\n`);
  io.out(formatSummary(summarize(checkout)));
  const dataDir = dataDirFrom(values.data, io.env);
  const options = { dataDir, base: values.base, out: values.out, allowAny: values['allow-any'] === true };
  const written = await writeImportedEdition(checkout, options);
  if (!written.ok) {
    io.err('porthole data import: the edition would not be valid; nothing was written:\n');
    for (const p of written.problems) io.err(`  ${formatDataProblem(p)}\n`);
    return EXIT.badDataset;
  }
  io.out(`\n${formatReport(written.report)}`);
  io.out(
    written.unchanged
      ? `\n${written.dir}: unchanged (edition ${written.id} already holds this commit's addresses).\n`
      : `\nWrote edition ${written.id} to ${written.dir} (rules from the page edition ${written.report.record.base}).\n`,
  );
  const { neighbour } = written;
  if (neighbour && !written.unchanged) {
    const [other, added] = await Promise.all([
      loadDataset(dataDir, { edition: neighbour.id }),
      options.out ? loadDataset(written.dir) : loadDataset(dataDir, { edition: written.id }),
    ]);
    const [from, to] = neighbour.relation === 'previous' ? [other, added] : [added, other];
    const [fromId, toId] = neighbour.relation === 'previous' ? [neighbour.id, written.id] : [written.id, neighbour.id];
    io.out(
      neighbour.relation === 'previous'
        ? `\nWhat changed since the previous imported edition, ${neighbour.id}:\n`
        : `\nThis commit is older than the imported edition ${neighbour.id}; what changed from it to that one:\n`,
    );
    if (from.ok && to.ok) io.out(renderDiffText(diffEditions(from.dataset, to.dataset), from.dataset, to.dataset));
    else io.out(`  (one of the two editions does not load: run porthole data diff ${fromId} ${toId})\n`);
  }
  return EXIT.ok;
}
