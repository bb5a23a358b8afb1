import { parseArgs } from 'node:util';
import type { Dataset } from '../core/dataset/build.js';
import { describeSources } from '../core/render/describe.js';
import { formatDataProblem, loadAllEditions } from '../data-files/load.js';
import { dataDirFrom } from './dataset.js';
import { EXIT, type Io } from './io.js';

export const EDITIONS_USAGE = 'usage: porthole data editions [--format text|json] [--data DIR]';

export interface EditionSummary {
  id: string;
  date: string;
  version: string;
  covers: string;
  source: Dataset['meta']['source'];
  regions: number;
  zones: number;
  rules: number;
  /** Distinct IPv4 addresses and CIDRs the edition lists. */
  addresses: number;
  hosts: number;
  newest: boolean;
  /** The page edition the rules come from, and where the addresses come from, when the edition imported them. */
  page?: { edition: string; date: string };
  addressSource?: { repository: string; commit: string; date: string };
}

export function summarizeEdition(dataset: Dataset): EditionSummary {
  const addresses = new Set<string>();
  const hosts = new Set<string>();
  for (const table of dataset.tables.values()) {
    for (const e of table.entries) {
      e.addresses.forEach((a) => addresses.add(a));
      [...e.hosts, ...e.deprecatedHosts].forEach((h) => hosts.add(h));
    }
  }
  let rules = 0;
  for (const scenario of dataset.scenarios.values()) {
    for (const rule of scenario.rules) {
      rules++;
      for (const e of [...rule.from, ...rule.to]) {
        if ('addresses' in e) e.addresses.forEach((a) => addresses.add(a));
        if ('hosts' in e) e.hosts.forEach((h) => hosts.add(h));
      }
    }
  }
  return {
    id: dataset.edition,
    date: dataset.meta.lastUpdated,
    version: dataset.meta.version,
    covers: dataset.meta.covers,
    source: dataset.meta.source,
    regions: dataset.regions.length,
    zones: dataset.zoneById.size,
    rules,
    addresses: addresses.size,
    hosts: hosts.size,
    newest: dataset.editions.at(-1) === dataset.edition,
    ...(dataset.meta.provenance
      ? { page: { edition: dataset.meta.provenance.page.edition, date: dataset.meta.provenance.page.updated }, addressSource: dataset.meta.provenance.addresses }
      : {}),
  };
}

/** `porthole data editions`: every edition shipped, with its date, source, coverage and counts. */
export async function dataEditionsCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, format: { type: 'string' } } });
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    io.err(`porthole data editions: unknown format "${format}"; use text or json\n${EDITIONS_USAGE}\n`);
    return EXIT.notUnderstood;
  }
  const results = await loadAllEditions(dataDirFrom(values.data, io.env));
  const summaries: EditionSummary[] = [];
  for (const result of results) {
    if (!result.ok) {
      io.err(`porthole: the dataset in ${result.dir} is not valid:\n`);
      for (const p of result.problems) io.err(`  ${formatDataProblem(p)}\n`);
      return EXIT.badDataset;
    }
    summaries.push(summarizeEdition(result.dataset));
  }
  if (format === 'json') {
    io.out(JSON.stringify({ editions: summaries }, null, 2) + '\n');
    return EXIT.ok;
  }
  const lines: string[] = [];
  for (const s of summaries) {
    lines.push(`${s.id}${s.newest ? '  (newest, the default)' : ''}`);
    lines.push(`  ${s.source.title}, ${describeSources({ lastUpdated: s.date, page: s.page, addresses: s.addressSource })}; covers ${s.covers}`);
    const repo = s.source.repository;
    lines.push(`  source: ${repo ? `${repo.name} ${repo.path} at ${repo.commit.slice(0, 12)}` : s.source.url}`);
    lines.push(`  ${s.regions} regions, ${s.zones} zones, ${s.rules} rules, ${s.addresses} addresses and subnets, ${s.hosts} host names`);
  }
  io.out(lines.join('\n') + '\n');
  return EXIT.ok;
}
