import { parseArgs } from 'node:util';
import { dataDirFrom, editionFrom, loadOrReport } from './dataset.js';
import { EXIT, type Io } from './io.js';

/** `porthole regions`: every region, its zones and every name the parser accepts for it. */
export async function regionsCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, edition: { type: 'string' }, format: { type: 'string' } } });
  const dataset = await loadOrReport(dataDirFrom(values.data, io.env), io, editionFrom(values.edition, io.env));
  if (!dataset) return EXIT.badDataset;
  if (values.format === 'json') {
    io.out(JSON.stringify({ regions: dataset.regions }, null, 2) + '\n');
    return EXIT.ok;
  }
  const lines: string[] = [];
  for (const r of dataset.regions) {
    lines.push(`${r.id}  ${r.pageName}, ${r.metro}`);
    lines.push(`  also: ${[r.legacyId, r.pageName, r.metro, ...r.aliases].filter((n, i, all) => n !== r.id && all.indexOf(n) === i).join(', ')}`);
    lines.push(`  zones: ${r.zones.map((z) => `${z.id} (${z.city})`).join(', ')}`);
  }
  io.out(lines.join('\n') + '\n');
  return EXIT.ok;
}
