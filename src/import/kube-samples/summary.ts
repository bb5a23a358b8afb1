import type { KubeSamples, Leftover } from './read.js';

// What a read of kube-samples found, counted per region and list, with everything left over: the importer
// prints it so that no address goes missing unnoticed.

export interface SummaryRow {
  region: string;
  /** "public masters", "private registry", "public registry (global)", ... */
  list: string;
  addresses: number;
}

export interface ReadSummary {
  rows: SummaryRow[];
  controlPlane: { metro: string; addresses: number }[];
  leftovers: Leftover[];
}

export function summarize(checkout: KubeSamples): ReadSummary {
  const rows: SummaryRow[] = [];
  for (const region of checkout.regions) {
    for (const m of region.masters) rows.push({ region: region.id, list: `${m.network} masters`, addresses: m.addresses.length });
    const byList = new Map<string, Set<string>>();
    for (const s of region.services) {
      const list = `${s.network} ${s.service}${s.global ? ' (global)' : ''}`;
      const set = byList.get(list) ?? new Set<string>();
      s.addresses.forEach((a) => set.add(a));
      byList.set(list, set);
    }
    for (const [list, set] of byList) rows.push({ region: region.id, list, addresses: set.size });
  }
  return {
    rows,
    controlPlane: checkout.controlPlane.map((c) => ({ metro: c.metro, addresses: c.addresses.length })),
    leftovers: checkout.leftovers,
  };
}

export function formatSummary(summary: ReadSummary): string {
  const out: string[] = [];
  const width = Math.max(6, ...summary.rows.map((r) => r.region.length));
  const listWidth = Math.max(4, ...summary.rows.map((r) => r.list.length));
  out.push(`${'region'.padEnd(width)}  ${'list'.padEnd(listWidth)}  addresses`);
  for (const r of summary.rows) out.push(`${r.region.padEnd(width)}  ${r.list.padEnd(listWidth)}  ${String(r.addresses).padStart(9)}`);
  if (summary.controlPlane.length > 0) {
    out.push('', `control-plane subnets: ${summary.controlPlane.map((c) => `${c.metro} ${c.addresses}`).join(', ')}`);
  }
  if (summary.leftovers.length > 0) {
    out.push('', `left over (${summary.leftovers.length}):`);
    for (const l of summary.leftovers) {
      const addresses = l.addresses.length > 0 ? ` [${l.addresses.join(', ')}]` : '';
      out.push(`  ${l.file}${l.line ? `:${l.line}` : ''}: ${l.what}${addresses}`);
    }
  }
  return `${out.join('\n')}\n`;
}
