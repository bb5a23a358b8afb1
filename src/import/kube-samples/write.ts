import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parse, parseDocument } from 'yaml';
import { buildDataset, type DataProblem } from '../../core/dataset/build.js';
import { recoverInterruptedWrites, workFolderName } from '../../data-files/interrupted.js';
import { listEditions } from '../../data-files/load.js';
import { regionsFile, tableFile, type TableFile } from '../../core/dataset/schema.js';
import { buildImportedEdition, type EditionFiles, type ImportRecord, type ImportReport } from './edition.js';
import { lineOf } from './policy.js';
import type { KubeSamples } from './read.js';

// Writes an imported edition into a data folder: built and validated in memory, written to a temporary folder
// beside the target and renamed into place, so that the data folder never holds half an edition.

export const IMPORT_RECORD_FILE = 'import.yml';

async function filesUnder(dir: string, relative = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, relative), { withFileTypes: true });
  const found: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = relative ? `${relative}/${e.name}` : e.name;
    if (e.isDirectory()) found.push(...(await filesUnder(dir, rel)));
    else if (e.isFile()) found.push(rel);
  }
  return found;
}

export async function readEditionFiles(dir: string): Promise<EditionFiles> {
  const files: EditionFiles = new Map();
  for (const rel of await filesUnder(dir)) files.set(rel, await readFile(path.join(dir, rel), 'utf8'));
  return files;
}

/** Edition ids in a data folder, oldest first. */
export async function editionIds(dataDir: string): Promise<string[]> {
  return (await listEditions(dataDir)).ids;
}

export async function importRecordOf(editionDir: string): Promise<ImportRecord | null> {
  const text = await readFile(path.join(editionDir, IMPORT_RECORD_FILE), 'utf8').catch(() => null);
  return text === null ? null : (parse(text) as ImportRecord);
}

/** Page editions (not imported ones), oldest first. */
export async function pageEditionIds(dataDir: string): Promise<string[]> {
  const ids: string[] = [];
  for (const id of await editionIds(dataDir)) if (!(await importRecordOf(path.join(dataDir, 'editions', id)))) ids.push(id);
  return ids;
}

export type WriteResult =
  | { ok: true; id: string; dir: string; report: ImportReport; unchanged: boolean; neighbour: NeighbourImport | null }
  | { ok: false; problems: DataProblem[] };

export interface WriteOptions {
  dataDir: string;
  /** Import "any" nets (0.0.0.0/0 and others wider than a /8) too; without, they are refused. */
  allowAny?: boolean;
  /** The page edition whose rules the import keeps; default the newest page edition. */
  base?: string;
  /** Where to write; default <dataDir>/editions/<id>. */
  out?: string;
}

function parsed(file: string, text: string) {
  return { file, data: parse(text) as unknown };
}

/** Builds the edition from `checkout` and the base page edition, validates it, and writes it atomically. */
export async function writeImportedEdition(checkout: KubeSamples, options: WriteOptions): Promise<WriteResult> {
  const { dataDir } = options;
  const pageIds = await pageEditionIds(dataDir);
  // The rules in force when the lists were committed: the newest page edition on or before the commit's date.
  const baseId = options.base ?? pageIds.filter((id) => id.slice(0, 10) <= checkout.source.date).at(-1) ?? pageIds[0];
  const problem = (file: string, message: string): WriteResult => ({ ok: false, problems: [{ file, path: [], message }] });
  if (baseId === undefined) return problem(path.join(dataDir, 'editions'), 'holds no page edition to take the rules from');
  if (!pageIds.includes(baseId)) {
    return problem(path.join(dataDir, 'editions', baseId), `is not a page edition of ${dataDir} (page editions: ${pageIds.join(', ') || 'none'})`);
  }
  const baseDir = path.join(dataDir, 'editions', baseId);
  const base = await readEditionFiles(baseDir);
  const regionsPath = path.join(dataDir, 'regions.yml');
  const topicsPath = path.join(dataDir, 'topics.yml');
  const notCoveredPath = path.join(dataDir, 'not-covered.yml');
  const commonPartiesPath = path.join(dataDir, 'common-parties.yml');
  const [regionsText, topicsText, notCoveredText, commonPartiesText] = await Promise.all(
    [regionsPath, topicsPath, notCoveredPath, commonPartiesPath].map((f) => readFile(f, 'utf8').catch(() => null)),
  );
  if (regionsText === null || regionsText === undefined) return problem(regionsPath, 'file is missing');
  if (topicsText === null || topicsText === undefined) return problem(topicsPath, 'file is missing');
  if (notCoveredText === null || notCoveredText === undefined) return problem(notCoveredPath, 'file is missing');
  if (commonPartiesText === null || commonPartiesText === undefined) return problem(commonPartiesPath, 'file is missing');
  const regions = regionsFile.safeParse(parse(regionsText));
  if (!regions.success) return problem(regionsPath, 'is not valid: run porthole data check');
  const baseTables: TableFile[] = [];
  for (const [rel, text] of base) {
    if (!rel.startsWith('tables/')) continue;
    const table = tableFile.safeParse(parse(text));
    if (!table.success) return problem(path.join(baseDir, rel), 'is not valid: run porthole data check');
    baseTables.push(table.data);
  }
  const meta = parse(base.get('dataset.yml') ?? '') as { lastUpdated?: string; regions?: { region: string; zones: string[] }[] } | null;
  const built = buildImportedEdition({
    baseId,
    base,
    baseTables,
    baseLastUpdated: meta?.lastUpdated ?? baseId.slice(0, 10),
    regions: regions.data.regions,
    members: meta?.regions ?? [],
    checkout,
  });
  if (!built.ok) return problem(checkout.dir, built.message);
  if (!options.allowAny) {
    const anyNets = await anyNetProblems(checkout);
    if (anyNets.length > 0) return { ok: false, problems: anyNets };
  }
  const out = options.out ?? path.join(dataDir, 'editions', built.id);

  // Validated as the loader will read it, before anything is written.
  const at = (rel: string) => path.join(out, rel);
  const byPrefix = (prefix: string) => [...built.files].filter(([rel]) => rel.startsWith(prefix) && /\.ya?ml$/.test(rel)).sort(([a], [b]) => a.localeCompare(b));
  const check = buildDataset({
    edition: path.basename(out).startsWith(built.id.slice(0, 10)) ? path.basename(out) : built.id,
    topics: parsed(topicsPath, topicsText),
    notCovered: parsed(notCoveredPath, notCoveredText),
    commonParties: parsed(commonPartiesPath, commonPartiesText),
    meta: parsed(at('dataset.yml'), built.files.get('dataset.yml') ?? ''),
    regions: parsed(regionsPath, regionsText),
    parties: parsed(at('parties.yml'), built.files.get('parties.yml') ?? ''),
    tables: byPrefix('tables/').map(([rel, text]) => parsed(at(rel), text)),
    scenarios: byPrefix('scenarios/').map(([rel, text]) => parsed(at(rel), text)),
  });
  if (!check.ok) {
    // Line numbers in the files as they would be written.
    const docs = new Map([...built.files].map(([rel, text]) => {
      const lines = new LineCounter();
      return [at(rel), { doc: parseDocument(text, { lineCounter: lines }), lines }] as const;
    }));
    return {
      ok: false,
      problems: check.problems.map((p) => {
        const parsedFile = docs.get(p.file);
        return parsedFile && p.line === undefined ? { ...p, line: lineOf(parsedFile.doc, parsedFile.lines, p.path) } : p;
      }),
    };
  }

  const neighbour = await neighbourImport(dataDir, built.id);
  const existing = await readEditionFiles(out).catch(() => null);
  if (existing && sameFiles(existing, built.files)) {
    return { ok: true, id: built.id, dir: out, report: built.report, unchanged: true, neighbour };
  }
  try {
    await replaceFolder(out, built.files);
  } catch (err) {
    return problem(out, `could not be written (${(err as NodeJS.ErrnoException).code ?? String(err)}); nothing was changed`);
  }
  return { ok: true, id: built.id, dir: out, report: built.report, unchanged: false, neighbour };
}

/** A step of replaceFolder, named for tests that stop the process there. */
export type ReplaceStep = 'written' | 'ready' | 'moved-aside' | 'in-place' | 'done';

/**
 * Puts `files` in folder `out` so that a process killed at any point leaves `out` as it was or as written,
 * never missing once recoverInterruptedWrites has run (every data read runs it); see src/data-files/interrupted.ts.
 */
export async function replaceFolder(out: string, files: EditionFiles, onStep: (step: ReplaceStep) => void = () => undefined): Promise<void> {
  const parent = path.dirname(out);
  await mkdir(parent, { recursive: true });
  recoverInterruptedWrites(parent);
  const [writing, ready, old] = (['writing', 'ready', 'old'] as const).map((stage) => workFolderName(out, stage));
  try {
    for (const [rel, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
      await mkdir(path.dirname(path.join(writing!, rel)), { recursive: true });
      await writeFile(path.join(writing!, rel), text);
    }
    onStep('written');
    await rename(writing!, ready!);
    onStep('ready');
  } catch (err) {
    await rm(writing!, { recursive: true, force: true });
    throw err;
  }
  const existing = await stat(out).then(() => true, () => false);
  if (existing) await rename(out, old!);
  onStep('moved-aside');
  await rename(ready!, out);
  onStep('in-place');
  await rm(old!, { recursive: true, force: true });
  onStep('done');
}

// An upstream net this wide would become a rule that accepts (nearly) everything; IBM's widest is a /10.
const WIDEST_PREFIX = 8;

function isAnyNet(value: string): boolean {
  const prefix = /\/(\d{1,2})$/.exec(value)?.[1];
  return prefix !== undefined && Number(prefix) < WIDEST_PREFIX;
}

/** Every "any" net the checkout's imported lists hold, with the file and line it is written on. */
export async function anyNetProblems(checkout: KubeSamples): Promise<DataProblem[]> {
  const lists: { file: string; line?: number; addresses: string[] }[] = [
    ...checkout.regions.flatMap((r) => [...r.masters, ...r.services]),
    ...checkout.controlPlane,
  ];
  const problems: DataProblem[] = [];
  for (const list of lists) {
    const wide = list.addresses.filter(isAnyNet);
    if (wide.length === 0) continue;
    const file = path.isAbsolute(list.file) ? list.file : path.join(checkout.dir, list.file);
    const lines = ((await readFile(file, 'utf8').catch(() => '')) || '').split('\n');
    for (const net of wide) {
      const at = lines.findIndex((l) => new RegExp(`(^|[^\\d.])${net.replace(/[./]/g, '\\$&')}($|[^\\d])`).test(l));
      problems.push({
        file,
        path: [],
        line: at >= 0 ? at + 1 : list.line,
        message: `${net} is an "any" network (wider than a /${WIDEST_PREFIX}): it would allow nearly every address; refused (porthole data import --allow-any imports it)`,
      });
    }
  }
  return problems;
}

function sameFiles(a: EditionFiles, b: EditionFiles): boolean {
  return a.size === b.size && [...a].every(([rel, text]) => b.get(rel) === text);
}

/** The imported edition a new import is compared with, in date order: the one before it, else the one after. */
export interface NeighbourImport {
  id: string;
  relation: 'previous' | 'next';
}

async function neighbourImport(dataDir: string, id: string): Promise<NeighbourImport | null> {
  const imports: string[] = [];
  for (const e of await editionIds(dataDir)) if (e !== id && (await importRecordOf(path.join(dataDir, 'editions', e)))) imports.push(e);
  const before = imports.filter((e) => e < id).at(-1);
  if (before) return { id: before, relation: 'previous' };
  const after = imports.find((e) => e > id);
  return after ? { id: after, relation: 'next' } : null;
}
