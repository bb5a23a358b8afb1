import { Document, isMap, isScalar, isSeq, parseDocument, stringify, type YAMLMap } from 'yaml';
import type { RegionsFile, TableEntry, TableFile } from '../../core/dataset/schema.js';
import type { KubeSamples, Network, ServiceKind } from './read.js';

// Builds an edition from a page edition (its rules, conditions, hosts and text) with the address lists of a
// kube-samples read. Pure: files in, files out, so that the same commit and base always give the same bytes.

/** The edition's files as text, by path relative to the edition folder ("tables/masters.yml"). */
export type EditionFiles = Map<string, string>;

export type ListKey = `${Network} ${'masters' | ServiceKind}`;

/**
 * Which table of a page edition holds which kube-samples list, by the table ids the page editions use. A list
 * whose table the base edition lacks is reported, not imported.
 */
export const TABLE_FOR_LIST: Record<ListKey, string> = {
  'public masters': 'masters',
  'private masters': 'private-masters',
  'public registry': 'registry',
  'private registry': 'private-registry',
  'public monitoring': 'monitoring',
  'private monitoring': 'private-monitoring',
  'public logging': 'logging',
  'private logging': 'private-logging',
};

/** What kube-samples' files are called, for notes and the report. */
const LIST_FILES: Record<Network, { masters: string; services: string }> = {
  public: { masters: 'allow-public-service-endpoint.yaml', services: 'allow-public-services.yaml' },
  private: { masters: 'allow-private-service-endpoint.yaml', services: 'allow-private-services.yaml' },
};

export interface ImportRecord {
  /** The edition written: <commit date>-kube-samples-<short commit>. */
  edition: string;
  base: string;
  repository: string;
  commit: string;
  committedAt: string;
  subject: string;
}

export interface TableReport {
  table: string;
  list: ListKey;
  /** Per region: addresses imported, and how many the base edition listed for it. */
  regions: { region: string; imported: number; before: number }[];
  /** Rows kept as the page gives them: regions with no kube-samples folder. */
  keptFromPage: string[];
}

export interface ImportReport {
  record: ImportRecord;
  tables: TableReport[];
  /** Lists kube-samples has and the base edition has no table for, with their counts. */
  notMapped: { list: string; table: string | null; regions: string[]; addresses: number }[];
  /** Region folders no region of porthole (by id or legacy id) matches: left out. */
  unknownRegions: string[];
  /** Regions the base edition does not list, added with their names from data/regions.yml. */
  addedRegions: { region: string; name: string; zones: string[] }[];
  /** Where page and policies disagree: zones, ports. */
  disagreements: string[];
}

export type BuildImportResult = { ok: true; id: string; files: EditionFiles; report: ImportReport } | { ok: false; message: string };

export function shortCommit(commit: string): string {
  return commit.slice(0, 7);
}

export function importedEditionId(checkout: KubeSamples): string {
  return `${checkout.source.date}-kube-samples-${shortCommit(checkout.source.commit)}`;
}

/** The sentence every answer from an imported edition carries. */
export function importCaveat(record: ImportRecord, baseLastUpdated: string): string {
  return (
    `Addresses as of ${record.committedAt.slice(0, 10)} (${record.repository} ${shortCommit(record.commit)}); ` +
    `rules from the page edition of ${baseLastUpdated}. IBM may have changed them since: ` +
    'porthole data status says how to refresh them.'
  );
}

interface ListRows {
  /** region id → addresses */
  byRegion: Map<string, string[]>;
  /** registry only: the global nets */
  global: string[];
  /** region id → zones named by the comment (masters only) */
  zones: Map<string, string[]>;
  ports: Map<string, string[]>;
}

function collectLists(checkout: KubeSamples, regionIdOf: (folder: string) => string | null): Map<ListKey, ListRows> {
  const lists = new Map<ListKey, ListRows>();
  const rowsOf = (key: ListKey) => {
    let rows = lists.get(key);
    if (!rows) {
      rows = { byRegion: new Map(), global: [], zones: new Map(), ports: new Map() };
      lists.set(key, rows);
    }
    return rows;
  };
  const add = (list: string[], values: string[]) => {
    for (const v of values) if (!list.includes(v)) list.push(v);
  };
  for (const folder of checkout.regions) {
    const region = regionIdOf(folder.id);
    if (region === null) continue;
    for (const m of folder.masters) {
      const rows = rowsOf(`${m.network} masters`);
      add(rows.byRegion.get(region) ?? rows.byRegion.set(region, []).get(region)!, m.addresses);
      rows.zones.set(region, m.zones);
      rows.ports.set(region, m.ports);
    }
    for (const s of folder.services) {
      const rows = rowsOf(`${s.network} ${s.service}`);
      if (s.global) add(rows.global, s.addresses);
      else add(rows.byRegion.get(region) ?? rows.byRegion.set(region, []).get(region)!, s.addresses);
    }
  }
  return lists;
}

/** `key: [a, b, …]` wrapped at 110 columns, continuation lines indented under the key. */
function flow(values: readonly string[], key: string, prefix = '    '): string {
  const indent = ' '.repeat(prefix.length);
  const lines: string[] = [];
  let line = `${prefix}${key}: [`;
  values.forEach((v, i) => {
    const item = `${v}${i < values.length - 1 ? ',' : ']'}`;
    if (line.length + item.length + 1 > 110 && !line.endsWith('[')) {
      lines.push(line.trimEnd());
      line = `${indent}  ${item}`;
    } else line += line.endsWith('[') ? item : ` ${item}`;
  });
  lines.push(values.length === 0 ? `${line}]` : line);
  return lines.join('\n');
}

const scalar = (value: string) => stringify(value, { lineWidth: 0 }).trimEnd();

/** A table file as the editions write them: header comment, then id, title, section and flow-style lists. */
export function formatTable(header: string[], table: TableFile): string {
  const out = [...header.map((h) => `# ${h}`.trimEnd()), `id: ${table.id}`, `title: ${scalar(table.title)}`, `section: ${table.section}`, 'entries:'];
  for (const e of table.entries) {
    out.push(e.regions === 'global' ? '  - regions: global' : flow(e.regions, 'regions', '  - '));
    if (e.zones && e.zones.length > 0) out.push(flow(e.zones, 'zones'));
    if (e.hosts.length > 0) out.push(flow(e.hosts, 'hosts'));
    if (e.deprecatedHosts.length > 0) out.push(flow(e.deprecatedHosts, 'deprecatedHosts'));
    if (e.addresses.length > 0) out.push(flow(e.addresses, 'addresses'));
    if (e.note) out.push(`    note: ${scalar(e.note)}`);
  }
  return `${out.join('\n')}\n`;
}

function headerOf(text: string): string[] {
  const header: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    header.push(line.replace(/^#\s?/, ''));
  }
  return header;
}

export interface BuildImportInput {
  baseId: string;
  base: EditionFiles;
  /** The base edition's tables, validated. */
  baseTables: TableFile[];
  baseLastUpdated: string;
  /** data/regions.yml: every region's names and zones, shared by the editions. */
  regions: RegionsFile['regions'];
  /** The base edition's regions and the zones it lists under each (its dataset.yml). */
  members: { region: string; zones: string[] }[];
  checkout: KubeSamples;
}

/** The imported edition's files and what was imported, kept from the page, or left out. */
export function buildImportedEdition(input: BuildImportInput): BuildImportResult {
  const { checkout, regions } = input;
  const id = importedEditionId(checkout);
  const record: ImportRecord = {
    edition: id,
    base: input.baseId,
    repository: checkout.source.repository,
    commit: checkout.source.commit,
    committedAt: checkout.source.committedAt,
    subject: checkout.source.subject,
  };
  const report: ImportReport = { record, tables: [], notMapped: [], unknownRegions: [], addedRegions: [], disagreements: [] };
  const regionIdOf = (folder: string) => regions.find((r) => r.id === folder || r.legacyId === folder)?.id ?? null;
  report.unknownRegions = checkout.regions.filter((r) => regionIdOf(r.id) === null).map((r) => r.id);
  const members = addedRegions(input, regionIdOf, report);
  const zonesOf = (region: string) => members.find((m) => m.region === region)?.zones ?? [];
  const lists = collectLists(checkout, regionIdOf);
  const files: EditionFiles = new Map(input.base);
  const tables = new Map(input.baseTables.map((t) => [t.id, t]));
  const tableFileOf = (tableId: string) => [...input.base.keys()].find((f) => f.startsWith('tables/') && tableIdIn(input.base.get(f)!) === tableId);

  for (const [key, rows] of lists) {
    const tableId = TABLE_FOR_LIST[key];
    const table = tables.get(tableId);
    const file = tableFileOf(tableId);
    const total = new Set([...rows.global, ...[...rows.byRegion.values()].flat()]).size;
    if (!table || !file) {
      report.notMapped.push({ list: key, table: tableId, regions: [...rows.byRegion.keys()], addresses: total });
      continue;
    }
    const network = key.split(' ')[0] as Network;
    const isMasters = key.endsWith('masters');
    const sourceFile = isMasters ? LIST_FILES[network].masters : LIST_FILES[network].services;
    const tableReport: TableReport = { table: tableId, list: key, regions: [], keptFromPage: [] };
    const entries: TableEntry[] = [];
    const done = new Set<string>();
    const regionsOfEntry = (e: TableEntry) => (e.regions === 'global' ? [] : e.regions);
    for (const entry of table.entries) {
      if (entry.regions === 'global') {
        entries.push(rows.global.length > 0 ? { ...entry, addresses: rows.global, note: undefined } : entry);
        continue;
      }
      const kept = entry.regions.filter((r) => !rows.byRegion.has(r));
      if (kept.length > 0) {
        entries.push({ ...entry, regions: kept, zones: entry.zones?.filter((z) => kept.some((r) => zonesOf(r).includes(z))) });
        tableReport.keptFromPage.push(...kept.filter((r) => !tableReport.keptFromPage.includes(r)));
      }
      for (const region of entry.regions.filter((r) => rows.byRegion.has(r) && !done.has(r))) {
        done.add(region);
        entries.push(importedRow(region, table.entries.filter((e) => regionsOfEntry(e).includes(region))));
      }
    }
    for (const region of [...rows.byRegion.keys()].filter((r) => !done.has(r))) entries.push(importedRow(region, []));

    function importedRow(region: string, pageRows: TableEntry[]): TableEntry {
      const addresses = rows.byRegion.get(region)!;
      const before = new Set(pageRows.flatMap((e) => e.addresses)).size;
      tableReport.regions.push({ region, imported: addresses.length, before });
      const known = zonesOf(region);
      const named = rows.zones.get(region);
      const pageZones = [...new Set(pageRows.flatMap((e) => e.zones ?? []))];
      let zones = pageZones.length > 0 || !named ? pageZones : [];
      let note: string | undefined;
      if (named) {
        zones = named.filter((z) => known.includes(z));
        const elsewhere = named.filter((z) => !known.includes(z));
        if (elsewhere.length > 0) {
          const holder = (z: string) => members.find((m) => m.zones.includes(z))?.region;
          const where = elsewhere.map((z) => (holder(z) ? `${z} (under ${holder(z)} in the page edition)` : `${z} (in no region of the page edition)`));
          note = `kube-samples' ${sourceFile} for ${region} also names ${where.join(', ')}: its policies for ${region} serve that zone too.`;
          report.disagreements.push(`${tableId} ${region}: ${note}`);
        }
      }
      const hosts = [...new Set(pageRows.flatMap((e) => e.hosts))];
      const deprecatedHosts = [...new Set(pageRows.flatMap((e) => e.deprecatedHosts))];
      return { regions: [region], zones: zones.length > 0 ? zones : undefined, hosts, deprecatedHosts, addresses, note };
    }

    const header = [
      ...headerOf(input.base.get(file)!),
      `Addresses imported from ${checkout.source.repository} ${shortCommit(checkout.source.commit)} (${checkout.source.date}), ${sourceFile} of each`,
      `region folder; rows, hosts and zones otherwise as in the page edition ${input.baseId}. Written by porthole data import.`,
    ];
    files.set(file, formatTable(header, { ...table, entries }));
    report.tables.push(tableReport);

    if (isMasters) noteMasterPorts(files, tableId, rows, input.baseLastUpdated, checkout, sourceFile, report);
  }
  if (checkout.controlPlane.length > 0) {
    // No page edition has a table of the control-plane subnets (they are for inbound health checks of ALBs).
    report.notMapped.push({
      list: 'control-plane subnets',
      table: null,
      regions: checkout.controlPlane.map((c) => c.metro),
      addresses: new Set(checkout.controlPlane.flatMap((c) => c.addresses)).size,
    });
  }
  const added = members.slice(input.members.length);
  files.set('dataset.yml', importedMeta(input.base.get('dataset.yml') ?? '', id, importCaveat(record, input.baseLastUpdated), added));
  files.set('import.yml', formatRecord(record));
  return { ok: true, id, files, report };
}

function tableIdIn(text: string): string | undefined {
  return /^id:\s*([\w-]+)\s*$/m.exec(text)?.[1];
}

function range(spec: string): [number, number] | null {
  const m = /^(\d+)-(\d+)$/.exec(spec);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** Where a policy opens a wider master port range than the page, a note on each rule to that masters table. */
function noteMasterPorts(files: EditionFiles, tableId: string, rows: ListRows, baseDate: string, checkout: KubeSamples, sourceFile: string, report: ImportReport): void {
  const policyRanges = [...new Set([...rows.ports.values()].flat())].filter((p) => range(p) !== null);
  for (const [file, text] of files) {
    if (!file.startsWith('scenarios/')) continue;
    const doc = parseDocument(text);
    const inserts: { at: number; text: string }[] = [];
    const scenarios = doc.get('scenarios');
    if (!isSeq(scenarios)) continue;
    for (const scenario of scenarios.items) {
      const rules = isMap(scenario) ? scenario.get('rules') : null;
      if (!isSeq(rules)) continue;
      for (const rule of rules.items) {
        if (!isMap(rule)) continue;
        const plain = rule.toJSON() as { id: string; to: { table?: string }[]; ports?: string[]; clusterPort?: { range?: string } };
        if (!plain.to.some((t) => t.table === tableId)) continue;
        const pageRanges = [...(plain.ports ?? []), ...(plain.clusterPort?.range ? [plain.clusterPort.range] : [])].filter((p) => range(p) !== null);
        const wider = policyRanges.filter((p) => pageRanges.some((q) => range(p)![0] < range(q)![0] && range(p)![1] >= range(q)![1]));
        if (wider.length === 0) continue;
        const note =
          `The page edition of ${baseDate} gives the master port range ${pageRanges.join(', ')}; IBM's kube-samples policies ` +
          `(${sourceFile}, ${shortCommit(checkout.source.commit)}) open ${wider.join(', ')} to these addresses: clusters created ` +
          `before the page's range applied may still use a master port below ${range(pageRanges[0]!)![0]}.`;
        report.disagreements.push(`${plain.id}: ${note}`);
        inserts.push(noteInsert(text, rule, note));
      }
    }
    let edited = text;
    for (const insert of inserts.sort((a, b) => b.at - a.at)) edited = edited.slice(0, insert.at) + insert.text + edited.slice(insert.at);
    files.set(file, edited);
  }
}

type RangedNode = { range?: [number, number, number] | null };

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Text to insert so that the rule's notes end with `note`, leaving the rest of the file as written. */
function noteInsert(text: string, rule: YAMLMap, note: string): { at: number; text: string } {
  const quoted = JSON.stringify(note);
  const pair = rule.items.find((p) => isScalar(p.key) && p.key.value === 'notes');
  const notes = pair?.value;
  if (isSeq(notes) && notes.flow && notes.range) {
    const end = text.lastIndexOf(']', notes.range[1]);
    return { at: end, text: notes.items.length > 0 ? `, ${quoted}` : quoted };
  }
  if (isSeq(notes) && notes.range && notes.items.length > 0) {
    const first = (notes.items[0] as RangedNode).range![0];
    const last = (notes.items.at(-1) as RangedNode).range![1];
    return { at: last, text: `\n${' '.repeat(columnOf(text, first) - 2)}- ${quoted}` };
  }
  const firstKey = (rule.items[0]?.key as RangedNode).range![0];
  const lastValue = (rule.items.at(-1)?.value as RangedNode).range![1];
  return { at: lastValue, text: `\n${' '.repeat(columnOf(text, firstKey))}notes: [${quoted}]` };
}

/**
 * The base edition's regions, then the region folders it lacks that data/regions.yml names, each with the zones
 * kube-samples' comment names (those regions.yml knows and no other region of the edition holds).
 */
function addedRegions(input: BuildImportInput, regionIdOf: (folder: string) => string | null, report: ImportReport): { region: string; zones: string[] }[] {
  const members = input.members.map((m) => ({ region: m.region, zones: [...m.zones] }));
  const held = new Set(members.flatMap((m) => m.zones));
  for (const folder of input.checkout.regions) {
    const region = regionIdOf(folder.id);
    if (region === null || members.some((m) => m.region === region)) continue;
    const shared = input.regions.find((r) => r.id === region)!;
    const named = folder.masters.flatMap((m) => m.zones);
    const known = new Set(input.regions.flatMap((r) => r.zones.map((z) => z.id)));
    let zones = [...new Set(named)].filter((z) => known.has(z) && !held.has(z));
    if (zones.length === 0) zones = shared.zones.map((z) => z.id).filter((z) => !held.has(z));
    if (zones.length === 0) {
      report.unknownRegions.push(folder.id);
      continue;
    }
    zones.forEach((z) => held.add(z));
    members.push({ region, zones });
    report.addedRegions.push({ region, name: shared.pageName, zones });
  }
  return members;
}

/** Wrapped at 110 columns as a folded block scalar's lines, each indented by two spaces. */
function folded(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > 108) {
      lines.push(`  ${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(`  ${line}`);
  return lines;
}

/** The base's dataset.yml with the import's version, date, caveat and added regions, the rest as written. */
function importedMeta(text: string, id: string, caveat: string, added: { region: string; zones: string[] }[]): string {
  const lines = text.split('\n');
  const replaceKey = (key: string, replacement: string[]) => {
    const start = lines.findIndex((l) => l.startsWith(`${key}:`));
    if (start < 0) {
      lines.push(...replacement);
      return;
    }
    let end = start + 1;
    while (end < lines.length && /^\s+\S/.test(lines[end]!) && !lines[end]!.trimStart().startsWith('#')) end++;
    lines.splice(start, end - start, ...replacement);
  };
  replaceKey('version', [`version: "${id}.1"`]);
  replaceKey('lastUpdated', [`lastUpdated: "${id.slice(0, 10)}"`]);
  replaceKey('caveat', ['caveat: >-', ...folded(caveat)]);
  if (added.length > 0) {
    const start = lines.findIndex((l) => l.startsWith('regions:'));
    let end = start + 1;
    while (end < lines.length && /^\s+(-|\S)/.test(lines[end]!) && !lines[end]!.trimStart().startsWith('#')) end++;
    lines.splice(end, 0, ...added.map((m) => `  - { region: ${m.region}, zones: [${m.zones.join(', ')}] }`));
  }
  return lines.join('\n');
}

export function formatRecord(record: ImportRecord): string {
  const doc = new Document(record);
  doc.commentBefore =
    ' Where this edition\'s addresses come from: written by `porthole data import kube-samples`.\n' +
    ' The rules, hosts and text are those of the page edition `base`.';
  return doc.toString();
}
