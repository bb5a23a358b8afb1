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
  for (const n of report.notMapped) {
    out.push(`not imported: ${n.list} (${n.addresses} addresses, ${n.regions.join(', ')}): the page edition ${report.record.base} has no table ${n.table ? `"${n.table}" ` : ''}for it`);
  }
  for (const r of report.unknownRegions) {
    out.push(`not imported: region folder "${r}" is no region of porthole (data/regions.yml names it neither by id nor legacy id); add it there and import again`);
  }
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
  if (written.previousImport && !written.unchanged) {
    const [from, to] = await Promise.all([
      loadDataset(dataDir, { edition: written.previousImport }),
      options.out ? loadDataset(written.dir) : loadDataset(dataDir, { edition: written.id }),
    ]);
    io.out(`\nWhat changed since the previous imported edition, ${written.previousImport}:\n`);
    if (from.ok && to.ok) io.out(renderDiffText(diffEditions(from.dataset, to.dataset), from.dataset, to.dataset));
    else io.out(`  (one of the two editions does not load: run porthole data diff ${written.previousImport} ${written.id})\n`);
  }
  return EXIT.ok;
}
