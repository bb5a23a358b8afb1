import { Document, stringify } from 'yaml';
import type { RegionsFile, TableEntry, TableFile } from '../../core/dataset/schema.js';
import { collectLists, controlPlaneList, regionMatcher, type AddressList, type ListKey, type RegionRows } from './lists.js';
import type { KubeSamples } from './read.js';
import { addRule, followPolicyPorts, rulesOf, type EditionFiles, type Endpoint, type NewRule, type RuleView } from './rules.js';

// Builds an edition from a page edition (its rules, conditions, hosts and text) with the address lists of a
// kube-samples read. Pure: files in, files out, so that the same commit and base always give the same bytes.

export type { EditionFiles, ListKey };

/**
 * Which table of a page edition holds which kube-samples list, by the table ids the page editions use. A list
 * whose table the base edition lacks gets a table of its own and a rule in the scenario RULE_FOR_LIST names.
 * A list the policies split over several protocols or ports gets one table per split (`<table>-tcp-514-6514`).
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
  'control-plane': 'control-plane-subnets',
};

/**
 * Where a list without a page table is answered: next to the page's rule for the same traffic, whose direction,
 * parties, requirement and section the new rule takes; the list's table is the rule's `tableSide`.
 */
const RULE_FOR_LIST: Record<ListKey, { pageRule: string; tableSide: 'from' | 'to' }[]> = {
  'public masters': [{ pageRule: 'worker-masters.region', tableSide: 'to' }],
  'private masters': [{ pageRule: 'private-masters.region', tableSide: 'to' }],
  'public registry': [{ pageRule: 'registry.public', tableSide: 'to' }],
  'private registry': [{ pageRule: 'private-registry.pull', tableSide: 'to' }],
  'public monitoring': [{ pageRule: 'monitoring.public', tableSide: 'to' }],
  'private monitoring': [{ pageRule: 'monitoring.private', tableSide: 'to' }],
  'public logging': [{ pageRule: 'logging.public', tableSide: 'to' }],
  'private logging': [{ pageRule: 'logging.private', tableSide: 'to' }],
  // kube-samples' control-plane-ips README: inbound TCP 80 from these subnets to the ALBs and routers.
  'control-plane': [
    { pageRule: 'ingress.alb', tableSide: 'from' },
    { pageRule: 'route.router', tableSide: 'from' },
  ],
};

/** Each list's service as IBM's policies name it, and the word a page's name for it must hold to be the same. */
const SERVICE_NAMES: Record<ListKey, { policy: string; core: string }> = {
  'public masters': { policy: 'the cluster masters (control plane)', core: 'master' },
  'private masters': { policy: 'the cluster masters (control plane)', core: 'master' },
  'public registry': { policy: 'IBM Cloud Container Registry', core: 'Registry' },
  'private registry': { policy: 'IBM Cloud Container Registry', core: 'Registry' },
  'public monitoring': { policy: 'IBM Cloud Monitoring with Sysdig', core: 'Monitoring' },
  'private monitoring': { policy: 'IBM Cloud Monitoring', core: 'Monitoring' },
  'public logging': { policy: 'IBM Log Analysis with LogDNA', core: 'Log Analysis' },
  'private logging': { policy: 'IBM Log Analysis with LogDNA', core: 'Log Analysis' },
  'control-plane': { policy: 'IBM Cloud Kubernetes Service control plane subnets', core: 'control plane' },
};

export interface ImportRecord {
  /** The edition written: <commit date>-kube-samples-<short commit>. */
  edition: string;
  base: string;
  /** The base page edition's date (its lastUpdated). */
  baseUpdated?: string;
  repository: string;
  commit: string;
  committedAt: string;
  subject: string;
  /** What the import read and no answer gives, and why. */
  notAnswered?: NotAnswered[];
}

export interface NotAnswered {
  what: string;
  why: string;
}

export interface TableReport {
  table: string;
  list: ListKey;
  /** Per region: addresses imported, and how many the base edition listed for it. */
  regions: { region: string; imported: number; before: number }[];
  /** Rows kept as the page gives them: regions with no kube-samples folder. */
  keptFromPage: string[];
  /** True when the base edition had no table for the list: the import added it and its rules. */
  added: boolean;
}

export interface ImportReport {
  record: ImportRecord;
  tables: TableReport[];
  /** What was read and is not answered, and why. */
  notAnswered: NotAnswered[];
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
    if (e.until) out.push(`    until: "${e.until}"`);
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

interface ImportContext {
  input: BuildImportInput;
  record: ImportRecord;
  report: ImportReport;
  /** The edition's regions with the zones it lists under each: the base's, then those the import adds. */
  members: { region: string; zones: string[] }[];
  files: EditionFiles;
  tables: Map<string, TableFile>;
}

/** The imported edition's files and what was imported, kept from the page, or left out. */
export function buildImportedEdition(input: BuildImportInput): BuildImportResult {
  const context = startImport(input);
  for (const { list, tableId, split } of tablesFor(listsOf(context))) {
    if (context.tables.has(tableId)) replaceTable(context, list, context.tables.get(tableId)!);
    else addTable(context, list, tableId, split);
  }
  recordLeftovers(context);
  writeMeta(context);
  return { ok: true, id: context.record.edition, files: context.files, report: context.report };
}

function startImport(input: BuildImportInput): ImportContext {
  const { checkout } = input;
  const record: ImportRecord = {
    edition: importedEditionId(checkout),
    base: input.baseId,
    baseUpdated: input.baseLastUpdated,
    repository: checkout.source.repository,
    commit: checkout.source.commit,
    committedAt: checkout.source.committedAt,
    subject: checkout.source.subject,
  };
  const report: ImportReport = { record, tables: [], notAnswered: [], unknownRegions: [], addedRegions: [], disagreements: [] };
  const regionIdOf = regionMatcher(input.regions);
  report.unknownRegions = checkout.regions.filter((r) => regionIdOf(r.id) === null).map((r) => r.id);
  const members = addedRegions(input, regionIdOf, report);
  const context: ImportContext = { input, record, report, members, files: new Map(input.base), tables: new Map(input.baseTables.map((t) => [t.id, t])) };
  moveZoneRows(context);
  return context;
}

/** Rows of a zone that moved to an added region (tor01 from us-east to ca-tor) move with it, in every table. */
function moveZoneRows(context: ImportContext): void {
  const regionOfZone = new Map(context.members.flatMap((m) => m.zones.map((z) => [z, m.region] as const)));
  for (const table of context.tables.values()) {
    let moved = false;
    const entries = table.entries.map((e) => {
      if (e.regions === 'global' || !e.zones || e.zones.length === 0) return e;
      const owners = [...new Set(e.zones.map((z) => regionOfZone.get(z)).filter((r): r is string => r !== undefined))];
      if (owners.length !== 1 || e.regions.includes(owners[0]!)) return e;
      moved = true;
      return { ...e, regions: owners };
    });
    if (!moved) continue;
    context.tables.set(table.id, { ...table, entries });
    const file = tableFileOf(context, table.id);
    context.files.set(file, formatTable(headerOf(context.input.base.get(file)!), { ...table, entries }));
  }
}

function tableFileOf(context: ImportContext, tableId: string): string {
  return [...context.input.base.keys()].find((f) => f.startsWith('tables/') && tableIdIn(context.input.base.get(f)!) === tableId)!;
}

function listsOf(context: ImportContext): AddressList[] {
  const regionIdOf = regionMatcher(context.input.regions);
  const lists = collectLists(context.input.checkout, regionIdOf);
  const controlPlane = controlPlaneList(context.input.checkout, regionIdOf);
  context.report.notAnswered.push(...controlPlane.unplaced.map((u) => ({ what: `${u.what} (${u.addresses} subnets)`, why: u.why })));
  return controlPlane.list ? [...lists, controlPlane.list] : lists;
}

/** The table of each list: the page's id for the first split of a list, the id with protocol and ports after. */
function tablesFor(lists: AddressList[]): { list: AddressList; tableId: string; split: boolean }[] {
  const seen = new Set<ListKey>();
  return lists.map((list) => {
    const tableId = seen.has(list.key) ? `${TABLE_FOR_LIST[list.key]}-${list.protocols.join('-')}-${list.ports.join('-')}` : TABLE_FOR_LIST[list.key];
    seen.add(list.key);
    return { list, tableId, split: lists.filter((l) => l.key === list.key).length > 1 };
  });
}

const zonesOf = (context: ImportContext, region: string) => context.members.find((m) => m.region === region)?.zones ?? [];
const sourceLine = (context: ImportContext) => {
  const s = context.input.checkout.source;
  return `${s.repository} ${shortCommit(s.commit)} of ${s.date}`;
};

/** A region's row: its kube-samples addresses, the hosts of the page's rows for it, the zones both name. */
function importedRow(context: ImportContext, list: AddressList, tableReport: TableReport, region: string, pageRows: TableEntry[]): TableEntry {
  const rows = list.byRegion.get(region)!;
  tableReport.regions.push({ region, imported: rows.addresses.length, before: new Set(pageRows.flatMap((e) => e.addresses)).size });
  const known = zonesOf(context, region);
  const named = list.kind === 'masters' ? list.zones.get(region) : undefined;
  const pageZones = [...new Set(pageRows.flatMap((e) => e.zones ?? []))];
  const zones = named ? named.filter((z) => known.includes(z)) : pageZones;
  const notes = [`From ${sourcesText(rows)}.`];
  const elsewhere = (list.zones.get(region) ?? []).filter((z) => !known.includes(z));
  if (named && elsewhere.length > 0) {
    const holder = (z: string) => context.members.find((m) => m.zones.includes(z))?.region;
    const where = elsewhere.map((z) => (holder(z) ? `${z} (under ${holder(z)} in the page edition)` : `${z} (in no region of the page edition)`));
    const note = `kube-samples' ${list.sourceFile} for ${region} also names ${where.join(', ')}: its policies for ${region} serve that zone too.`;
    context.report.disagreements.push(`${TABLE_FOR_LIST[list.key]} ${region}: ${note}`);
    notes.push(note);
  }
  return {
    regions: [region],
    zones: zones.length > 0 ? zones : undefined,
    hosts: [...new Set(pageRows.flatMap((e) => e.hosts))],
    deprecatedHosts: [...new Set(pageRows.flatMap((e) => e.deprecatedHosts))],
    addresses: rows.addresses,
    note: notes.join(' '),
  };
}

const sourcesText = (rows: RegionRows) => `kube-samples ${rows.sources.join('; ')}`;

/**
 * Zones kube-samples serves from another region's files (its README: the single-zone tor01 from us-east, sao01
 * from us-south): a row under the region the edition lists the zone in, with the serving region's addresses.
 */
function servedElsewhereRows(context: ImportContext, list: AddressList): TableEntry[] {
  const rows: TableEntry[] = [];
  for (const [region, named] of list.zones) {
    const addresses = list.byRegion.get(region)?.addresses;
    if (!addresses) continue;
    for (const zone of named.filter((z) => !zonesOf(context, region).includes(z))) {
      const holder = context.members.find((m) => m.zones.includes(zone))?.region;
      if (!holder) continue;
      rows.push({
        regions: [holder],
        zones: [zone],
        hosts: [],
        deprecatedHosts: [],
        addresses,
        note:
          `For clusters in ${zone} only: kube-samples lists ${zone} under ${region} (${list.sourceFile}), whose addresses these are; ` +
          `its README sends that single-zone location to the ${region} files, the multizone ${holder} to its own. Open both when unsure.`,
      });
    }
  }
  return rows;
}

function tableHeader(context: ImportContext, list: AddressList, pageHeader: string[]): string[] {
  const from = list.kind === 'control-plane' ? 'control-plane-ips/ (a file per metro, placed by its README)' : `${list.sourceFile} of each region folder`;
  return [
    ...pageHeader,
    `Addresses imported from ${sourceLine(context)}, ${from}; each row names the comments it comes from.`,
    `Ports: ${list.protocols.join(', ').toUpperCase()} ${list.ports.join(', ')}, as IBM's policies open them. Written by porthole data import.`,
  ];
}

/** The base table's rows, each region kube-samples has a folder for replaced by its addresses. */
function replaceTable(context: ImportContext, list: AddressList, table: TableFile): void {
  const tableReport: TableReport = { table: table.id, list: list.key, regions: [], keptFromPage: [], added: false };
  const entries: TableEntry[] = [];
  const done = new Set<string>();
  const regionsOfEntry = (e: TableEntry) => (e.regions === 'global' ? [] : e.regions);
  for (const entry of table.entries) {
    if (entry.regions === 'global') {
      entries.push(list.global ? { ...entry, addresses: list.global.addresses, note: `From ${sourcesText(list.global)}.` } : entry);
      continue;
    }
    const kept = entry.regions.filter((r) => !list.byRegion.has(r));
    if (kept.length > 0) {
      const why = `As the page edition of ${context.input.baseLastUpdated} lists it: ${sourceLine(context)} has no ${list.sourceFile} for ${kept.join(', ')}.`;
      const zones = entry.zones?.filter((z) => kept.some((r) => zonesOf(context, r).includes(z)));
      entries.push({ ...entry, regions: kept, zones, note: entry.note ? `${entry.note} ${why}` : why });
      tableReport.keptFromPage.push(...kept.filter((r) => !tableReport.keptFromPage.includes(r)));
    }
    for (const region of entry.regions.filter((r) => list.byRegion.has(r) && !done.has(r))) {
      done.add(region);
      entries.push(importedRow(context, list, tableReport, region, table.entries.filter((e) => regionsOfEntry(e).includes(region))));
    }
  }
  for (const region of [...list.byRegion.keys()].filter((r) => !done.has(r))) entries.push(importedRow(context, list, tableReport, region, []));
  entries.push(...servedElsewhereRows(context, list));
  const file = tableFileOf(context, table.id);
  context.files.set(file, formatTable(tableHeader(context, list, headerOf(context.input.base.get(file)!)), { ...table, entries }));
  context.report.tables.push(tableReport);
  const changes = followPolicyPorts(context.files, table.id, list.ports, (page, policy) => portNote(context, list, page, policy));
  context.report.disagreements.push(...changes.map((c) => `${c.rule}: the page edition of ${context.input.baseLastUpdated} opens ${c.page.join(', ')}; ${list.sourceFile} opens ${c.policy.join(', ')} (imported)`));
}

function portNote(context: ImportContext, list: AddressList, page: string[], policy: string[]): string {
  return (
    `Ports as IBM's kube-samples policies open them to these addresses (${list.sourceFile}, ${sourceLine(context)}): ` +
    `${policy.join(', ')}. The page edition of ${context.input.baseLastUpdated} gives ${page.join(', ')}, narrower: ` +
    'a cluster or service may use a port the policies open and the page does not name.'
  );
}

const upper = (list: AddressList) => list.protocols.map((p) => p.toUpperCase()).join(', ');

/** A table for a list the base edition has none for, answered by rules beside the page's rules for that traffic. */
function addTable(context: ImportContext, list: AddressList, tableId: string, split: boolean): void {
  const pageRules = rulesOf(context.files);
  const added: string[] = [];
  let section: string | null = null;
  for (const plan of RULE_FOR_LIST[list.key]) {
    const pageRule = pageRules.find((r) => r.id === plan.pageRule);
    if (!pageRule) continue;
    section ??= pageRule.plain.section;
    if (addRule(context.files, pageRule.scenario, newRule(context, list, tableId, pageRule, plan.tableSide))) added.push(pageRule.id);
  }
  const what = `${list.key}${list.network ? ` nets on ${upper(list)} ${list.ports.join(', ')}` : ' subnets'} (${countOf(list)} addresses, ${[...list.byRegion.keys()].join(', ')})`;
  if (added.length === 0 || section === null) {
    const wanted = RULE_FOR_LIST[list.key].map((p) => p.pageRule).join(', ');
    context.report.notAnswered.push({ what, why: `the page edition ${context.input.baseId} has no rule ${wanted} for this traffic to answer it beside` });
    return;
  }
  const tableReport: TableReport = { table: tableId, list: list.key, regions: [], keptFromPage: [], added: true };
  const entries: TableEntry[] = list.global ? [{ regions: 'global', hosts: [], deprecatedHosts: [], addresses: list.global.addresses, note: `From ${sourcesText(list.global)}.` }] : [];
  for (const region of list.byRegion.keys()) entries.push(importedRow(context, list, tableReport, region, []));
  entries.push(...servedElsewhereRows(context, list));
  const ports = split ? `, ${upper(list)} ${list.ports.join(', ')}` : '';
  const title = `${SERVICE_NAMES[list.key].policy}${list.network ? ` (${list.network}${ports})` : ''}`;
  const pageHeader = [`Not in the page edition ${context.input.baseId}: IBM's kube-samples lists, answered beside the page's rules ${added.join(', ')}.`];
  context.files.set(`tables/${tableId}.yml`, formatTable(tableHeader(context, list, pageHeader), { id: tableId, title, section, entries }));
  context.report.tables.push(tableReport);
}

const countOf = (list: AddressList) => new Set([...(list.global?.addresses ?? []), ...[...list.byRegion.values()].flatMap((r) => r.addresses)]).size;

function newRule(context: ImportContext, list: AddressList, tableId: string, pageRule: RuleView, tableSide: 'from' | 'to'): NewRule {
  const table: Endpoint = { table: tableId, narrow: 'region' };
  const parties = (side: Endpoint[]) => side.filter((e) => e.party);
  const service = SERVICE_NAMES[list.key];
  const notes =
    list.kind === 'control-plane'
      ? [`Subnets from ${sourceLine(context)}, control-plane-ips: its README asks for inbound TCP 80 from them to the IP addresses of your ALBs or routers, so that they can be health checked, when a firewall or Calico pre-DNAT policy blocks incoming traffic.`]
      : [`Addresses from ${sourceLine(context)}, ${list.sourceFile} of the region's folder, under the comments each row names; ports as that policy opens them.`];
  const label = (pageRule.plain.to.find((e) => e.reference)?.reference as { label?: string } | undefined)?.label;
  if (label && !label.toLowerCase().includes(service.core.toLowerCase())) {
    notes.push(`The page edition of ${context.input.baseLastUpdated} names this traffic's service differently: "${label}" (rule ${pageRule.id}); IBM's policies name it ${service.policy}.`);
  }
  return {
    id: `${pageRule.scenario}.${tableId}`,
    direction: pageRule.plain.direction,
    from: tableSide === 'from' ? [table] : parties(pageRule.plain.from),
    to: tableSide === 'to' ? [table] : parties(pageRule.plain.to),
    protocols: list.protocols,
    ports: list.ports,
    required: pageRule.plain.required,
    condition: pageRule.plain.condition,
    purpose:
      list.kind === 'control-plane'
        ? `Let the ${service.policy} health-check ${pageRule.plain.to.map((e) => e.party).filter(Boolean).join(', ')} on TCP 80`
        : `Reach ${service.policy} at the nets IBM's kube-samples policies open to it (${list.network}, ${upper(list)} ${list.ports.join(', ')})`,
    section: pageRule.plain.section,
    notes,
  };
}

/** Everything the read left over: in the report and import.yml, so that data status can say it. */
function recordLeftovers(context: ImportContext): void {
  const { checkout } = context.input;
  // Paths relative to the checkout: the same commit imports to the same bytes wherever it is checked out.
  const relative = (text: string) => text.split(`${checkout.dir.replace(/\/+$/, '')}/`).join('');
  for (const l of checkout.leftovers) {
    const count = l.addresses.length > 0 ? ` (${l.addresses.length} addresses)` : '';
    context.report.notAnswered.push({ what: `${relative(l.file)}${l.line ? `:${l.line}` : ''}${count}`, why: relative(l.what) });
  }
  for (const folder of context.report.unknownRegions) {
    context.report.notAnswered.push({ what: `region folder ${folder}`, why: 'data/regions.yml names no region so (by id or legacy id): add it there and import again' });
  }
  context.record.notAnswered = context.report.notAnswered;
}

function writeMeta(context: ImportContext): void {
  const { input, members, record } = context;
  context.files.set('dataset.yml', importedMeta(input.base.get('dataset.yml') ?? '', record, importCaveat(record, input.baseLastUpdated), members));
  context.files.set('import.yml', formatRecord(record));
}

function tableIdIn(text: string): string | undefined {
  return /^id:\s*([\w-]+)\s*$/m.exec(text)?.[1];
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
    const named = new Set(folder.masters.flatMap((m) => m.zones));
    const own = shared.zones.map((z) => z.id);
    const known = new Set(input.regions.flatMap((r) => r.zones.map((z) => z.id)));
    // A zone the region's own folder names moves to it from the region the page listed it under, as later pages
    // moved sao01 and tor01: its city is the region's name, which no other region's zone may carry.
    let zones = [...named].filter((z) => known.has(z));
    if (zones.length === 0) zones = own.filter((z) => !held.has(z));
    if (zones.length === 0) {
      report.unknownRegions.push(folder.id);
      continue;
    }
    for (const m of members.filter((m) => m.zones.some((z) => zones.includes(z)))) {
      report.disagreements.push(`${m.region}: the page edition ${input.baseId} lists ${m.zones.filter((z) => zones.includes(z)).join(', ')} under it; kube-samples' ${folder.id} folder names them, for ${region}: moved there`);
      m.zones = m.zones.filter((z) => !zones.includes(z));
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

/** The base's dataset.yml with the import's version, date, caveat, provenance and added regions, the rest as written. */
function importedMeta(text: string, record: ImportRecord, caveat: string, members: { region: string; zones: string[] }[]): string {
  const id = record.edition;
  const lines = text.split('\n');
  const replaceKey = (key: string, replacement: string[]) => {
    const start = lines.findIndex((l) => l.startsWith(`${key}:`));
    if (start < 0) {
      lines.splice(lines.at(-1) === '' ? lines.length - 1 : lines.length, 0, ...replacement);
      return;
    }
    let end = start + 1;
    while (end < lines.length && /^\s+\S/.test(lines[end]!) && !lines[end]!.trimStart().startsWith('#')) end++;
    lines.splice(start, end - start, ...replacement);
  };
  replaceKey('version', [`version: "${id}.1"`]);
  replaceKey('lastUpdated', [`lastUpdated: "${id.slice(0, 10)}"`]);
  replaceKey('caveat', ['caveat: >-', ...folded(caveat)]);
  replaceKey('provenance', [
    'provenance:',
    `  page: { edition: ${record.base}, updated: "${record.baseUpdated}" }`,
    `  addresses: { repository: ${record.repository}, commit: ${record.commit}, date: "${record.committedAt.slice(0, 10)}" }`,
  ]);
  const listed = new Set<string>();
  lines.forEach((line, n) => {
    const region = /^\s+- \{ region: ([\w-]+),.*zones: \[[^\]]*\]/.exec(line)?.[1];
    const member = members.find((m) => m.region === region);
    if (!member) return;
    listed.add(member.region);
    lines[n] = line.replace(/zones: \[[^\]]*\]/, `zones: [${member.zones.join(', ')}]`);
  });
  const added = members.filter((m) => !listed.has(m.region));
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
