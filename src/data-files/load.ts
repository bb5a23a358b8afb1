import { readdirSync, readFileSync } from 'node:fs';
import { recoverInterruptedWrites } from './interrupted.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleDataset, type DataProblem, type Dataset, type ValidDataset } from '../core/dataset/assemble.js';
import type { RawDataset, RawFile } from '../core/dataset/build.js';
import { chooseEdition, isEditionId, sortEditions } from '../core/dataset/editions.js';
import { BUNDLED_SNAPSHOT_DIR, fingerprintOf, readSnapshot, snapshotText, type EditionSources, type SourceText } from './snapshot.js';

/** The files beside the edition folders that every edition shares. */
export const SHARED_DATA_FILES = ['regions.yml', 'topics.yml', 'not-covered.yml', 'common-parties.yml'] as const;

/** The data/ folder shipped with the package (dist/data-files -> ../../data, src/data-files -> ../../data). */
export const BUNDLED_DATA_DIR = fileURLToPath(new URL('../../data', import.meta.url));

export type LoadResult =
  | { ok: true; dataset: Dataset; dir: string; /** Whether the compiled snapshot or the YAML was read. */ from: 'snapshot' | 'yaml' }
  | { ok: false; dir: string; problems: DataProblem[] };

interface ParsedFile extends RawFile {
  locate(p: (string | number)[]): number | undefined;
}

function readSource(dir: string, name: string, problems: DataProblem[]): SourceText | null {
  try {
    return { name, text: readFileSync(path.join(dir, name), 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problems.push({ file: path.join(dir, name), path: [], message: code === 'ENOENT' ? 'file is missing' : `cannot be read (${code ?? String(err)})` });
    return null;
  }
}

type YamlParser = typeof import('yaml');

// The largest data file is about 10 kB; a file a hundred times that is a mistake or an attack, and so is a YAML
// alias that expands past a few hundred nodes (an "alias bomb").
export const MAX_DATA_FILE_BYTES = 1024 * 1024;
const MAX_ALIAS_COUNT = 100;

/** The line holding character `offset` of `text`, from 1. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function parseYaml(yaml: YamlParser, dir: string, source: SourceText, problems: DataProblem[]): ParsedFile | null {
  const { LineCounter, parseDocument } = yaml;
  const file = path.join(dir, source.name);
  if (source.text.length > MAX_DATA_FILE_BYTES) {
    const message = `is larger than a data file may be (${source.text.length} characters; at most ${MAX_DATA_FILE_BYTES})`;
    problems.push({ file, path: [], message, line: lineAt(source.text, MAX_DATA_FILE_BYTES) });
    return null;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      problems.push({ file, path: [], message: `is not valid YAML: ${e.message.split('\n')[0]}`, line: lineCounter.linePos(e.pos[0]).line });
    }
    return null;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const message = `is not valid YAML: ${err instanceof Error ? err.message : String(err)} (aliases may expand to at most ${MAX_ALIAS_COUNT} nodes each)`;
    problems.push({ file, path: [], message, line: firstAliasLine(yaml, doc, lineCounter) });
    return null;
  }
  return {
    file,
    data,
    locate(p) {
      for (let n = p.length; n >= 0; n--) {
        const node = doc.getIn(p.slice(0, n), true) as { range?: [number, number, number] } | undefined;
        if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
      }
      return undefined;
    },
  };
}

/** The line of the document's first alias, where an expansion that is too large starts. */
function firstAliasLine({ visit, isAlias }: YamlParser, doc: import('yaml').Document, lines: import('yaml').LineCounter): number | undefined {
  let line: number | undefined;
  visit(doc, (_key, node) => {
    if (isAlias(node) && node.range) {
      line = lines.linePos(node.range[0]).line;
      return visit.BREAK;
    }
    return undefined;
  });
  return line;
}

function yamlFilesIn(dir: string, sub: string, problems: DataProblem[]): string[] {
  try {
    const names = readdirSync(path.join(dir, sub));
    const files = names.filter((n) => n.endsWith('.yml') || n.endsWith('.yaml')).sort();
    if (files.length === 0) problems.push({ file: path.join(dir, sub), path: [], message: 'holds no .yml files' });
    return files.map((n) => path.join(sub, n));
  } catch {
    problems.push({ file: path.join(dir, sub), path: [], message: 'folder is missing' });
    return [];
  }
}

/** Where a data folder's editions are, and the regions.yml they share. */
interface EditionsFolder {
  kind: 'editions';
  editionsDir: string;
  sharedDir: string;
  ids: string[];
}
interface SingleEdition {
  kind: 'single';
  editionDir: string;
  sharedDir: string;
}

/** The names in a folder (only its subfolders with `folders`), none when it cannot be read. */
function listing(dir: string, folders = false): string[] {
  try {
    return folders ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [e.name] : [])) : readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * A data folder holds `editions/<id>/` and the shared `regions.yml`, `topics.yml`, `not-covered.yml` and `common-parties.yml` beside
 * them; a folder of editions holds `<id>/` folders directly (the shared files beside them or one level up); a folder of one
 * edition holds dataset.yml, and its own shared files or those of the data folder it sits in.
 */
function locate(dir: string): EditionsFolder | SingleEdition {
  const names = listing(dir);
  if (names.includes('dataset.yml')) {
    return { kind: 'single', editionDir: dir, sharedDir: names.includes('regions.yml') ? dir : path.join(dir, '..', '..') };
  }
  const editionsDir = names.includes('editions') ? path.join(dir, 'editions') : dir;
  // An import killed halfway is finished or undone before the editions are listed (never none of the two).
  if (listing(editionsDir).some((n) => n.startsWith('.'))) recoverInterruptedWrites(editionsDir);
  const ids = listing(editionsDir, true).filter(isEditionId);
  // Neither: read it as one edition, so that its problems name the files it lacks.
  if (ids.length === 0 && editionsDir === dir) return { kind: 'single', editionDir: dir, sharedDir: names.includes('regions.yml') ? dir : path.join(dir, '..', '..') };
  const sharedDir = names.includes('regions.yml') || editionsDir !== dir ? dir : path.join(dir, '..');
  return { kind: 'editions', editionsDir, sharedDir, ids: sortEditions(ids) };
}

export interface EditionList {
  /** Edition ids, oldest first; empty for a folder of one edition. */
  ids: string[];
  dir: string;
}

/** The editions in a data folder, from folder names only (nothing is parsed). */
export async function listEditions(dir: string = BUNDLED_DATA_DIR): Promise<EditionList> {
  const found = locate(dir);
  return { ids: found.kind === 'editions' ? found.ids : [], dir };
}

export interface LoadOptions {
  /**
   * An edition id, a date (the edition in force that day) or a year. Absent: PORTHOLE_EDITION when set (so that
   * it chooses the edition in the CLI and in Slack alike), else the newest.
   */
  edition?: string | null;
  /** Where compiled snapshots are (dist/editions by default); null reads the YAML whatever is there. */
  snapshots?: string | null;
}

/** Reads and validates one edition of a dataset folder. Never throws: every problem comes back with its file, path and line. */
export async function loadDataset(dir: string = BUNDLED_DATA_DIR, options: LoadOptions = {}): Promise<LoadResult> {
  const found = locate(dir);
  if (found.kind === 'single') return toLoadResult(await readEdition({ root: found.editionDir, sharedDir: found.sharedDir }), dir);
  if (found.ids.length === 0) {
    return { ok: false, dir, problems: [{ file: found.editionsDir, path: [], message: 'holds no edition folder (one named YYYY-MM-DD, holding dataset.yml)' }] };
  }
  const fromEnv = options.edition === undefined && Boolean(process.env.PORTHOLE_EDITION);
  const choice = chooseEdition(found.ids, fromEnv ? process.env.PORTHOLE_EDITION : options.edition);
  if (!choice.ok) {
    return { ok: false, dir, problems: [{ file: found.editionsDir, path: [], message: fromEnv ? `PORTHOLE_EDITION: ${choice.message}` : choice.message }] };
  }
  const snapshots = options.snapshots === undefined ? BUNDLED_SNAPSHOT_DIR : options.snapshots;
  return toLoadResult(await readEdition({ ...inFolder(found, choice.id), snapshots }), dir);
}

/** Loads every edition of a data folder (for `data check`); a folder of one edition gives one result. */
export async function loadAllEditions(dir: string = BUNDLED_DATA_DIR, options: Pick<LoadOptions, 'snapshots'> = {}): Promise<LoadResult[]> {
  const found = locate(dir);
  if (found.kind === 'single' || found.ids.length === 0) return [await loadDataset(dir)];
  const snapshots = options.snapshots === undefined ? BUNDLED_SNAPSHOT_DIR : options.snapshots;
  return Promise.all(found.ids.map(async (id) => toLoadResult(await readEdition({ ...inFolder(found, id), snapshots }), dir)));
}

/** Each edition of a data folder read from its YAML, with the snapshot `npm run build` writes of it, or its problems. */
export async function compileEditions(dir: string): Promise<({ id: string; snapshot: string } | { id: string; problems: DataProblem[] })[]> {
  const found = locate(dir);
  if (found.kind === 'single' || found.ids.length === 0) {
    return [{ id: dir, problems: [{ file: dir, path: [], message: 'holds no edition folder (one named YYYY-MM-DD, holding dataset.yml)' }] }];
  }
  return Promise.all(
    found.ids.map(async (id) => {
      const read = await readEdition({ ...inFolder(found, id), snapshots: null });
      return read.ok ? { id, snapshot: snapshotText(id, read.fingerprint, read.sources, read.valid) } : { id, problems: read.problems };
    }),
  );
}

function inFolder(found: EditionsFolder, id: string): EditionPlace {
  return { root: path.join(found.editionsDir, id), sharedDir: found.sharedDir, edition: id, editions: found.ids };
}

interface EditionPlace {
  root: string;
  sharedDir: string;
  /** The edition's id: its folder name in a folder of editions. */
  edition?: string;
  editions?: string[];
  snapshots?: string | null;
}

type EditionRead =
  | { ok: true; dataset: Dataset; from: 'snapshot' | 'yaml'; sources: EditionSources; fingerprint: string; valid: ValidDataset }
  | { ok: false; problems: DataProblem[] };

function toLoadResult(read: EditionRead, dir: string): LoadResult {
  return read.ok ? { ok: true, dataset: read.dataset, dir, from: read.from } : { ok: false, dir, problems: read.problems };
}

async function readEdition(place: EditionPlace): Promise<EditionRead> {
  const { root, sharedDir, edition, editions, snapshots } = place;
  // Paths in problems are built on the folder as the user gave it, so messages show the path they typed.
  const problems: DataProblem[] = [];
  // Read synchronously: a few small files are read faster so than through the thread pool, at start-up.
  const tableNames = yamlFilesIn(root, 'tables', problems);
  const scenarioNames = yamlFilesIn(root, 'scenarios', problems);
  const [regions, topics, notCovered, commonParties, meta, parties, ...rest] = [
    readSource(sharedDir, 'regions.yml', problems),
    readSource(sharedDir, 'topics.yml', problems),
    readSource(sharedDir, 'not-covered.yml', problems),
    readSource(sharedDir, 'common-parties.yml', problems),
    ...['dataset.yml', 'parties.yml', ...tableNames, ...scenarioNames].map((name) => readSource(root, name, problems)),
  ];
  if (!regions || !topics || !notCovered || !commonParties || !meta || !parties || problems.length > 0 || rest.includes(null)) return { ok: false, problems };
  const sources: EditionSources = {
    shared: { regions, topics, notCovered, commonParties },
    own: { meta, parties, tables: rest.slice(0, tableNames.length) as SourceText[], scenarios: rest.slice(tableNames.length) as SourceText[] },
  };
  const fingerprint = fingerprintOf(sources);
  const names = { ...(edition !== undefined ? { edition } : {}), ...(editions !== undefined ? { editions } : {}) };

  if (snapshots && edition !== undefined) {
    try {
      const stored = readSnapshot(snapshots, edition, fingerprint, sources, { shared: sharedDir, own: root });
      const valid = stored && { ...names, ...stored };
      const built = valid && assembleDataset(valid);
      // Otherwise (no snapshot for these files, or one the current code does not accept) the YAML path below
      // answers, or says what is wrong with file and line.
      if (valid && built?.ok) return { ok: true, dataset: built.dataset, from: 'snapshot', sources, fingerprint, valid };
    } catch {
      // A snapshot altered by hand: the YAML is the source of truth.
    }
  }

  // Only here are yaml and zod needed: an answer from a snapshot loads neither.
  const [yaml, { validateDataset }] = await Promise.all([import('yaml'), import('../core/dataset/build.js')]);
  const parse = (dir: string, source: SourceText) => parseYaml(yaml, dir, source, problems);
  const parsed = {
    regions: parse(sharedDir, regions),
    topics: parse(sharedDir, topics),
    notCovered: parse(sharedDir, notCovered),
    commonParties: parse(sharedDir, commonParties),
    meta: parse(root, meta),
    parties: parse(root, parties),
    tables: sources.own.tables.map((t) => parse(root, t)),
    scenarios: sources.own.scenarios.map((s) => parse(root, s)),
  };
  if (problems.length > 0) return { ok: false, problems };
  const files = [parsed.meta, parsed.regions, parsed.topics, parsed.notCovered, parsed.commonParties, parsed.parties, ...parsed.tables, ...parsed.scenarios] as ParsedFile[];
  const validated = validateDataset({ ...names, ...(parsed as Omit<RawDataset, 'edition' | 'editions'>) });
  const built = validated.ok ? assembleDataset(validated.valid) : validated;
  if (validated.ok && built.ok) return { ok: true, dataset: built.dataset, from: 'yaml', sources, fingerprint, valid: validated.valid };
  return {
    ok: false,
    problems: (built.ok ? [] : built.problems).map((p) => ({ ...p, line: p.line ?? files.find((f) => f.file === p.file)?.locate(p.path) })),
  };
}

/** `regions[2].zones[1].id` */
export function formatDataPath(p: (string | number)[]): string {
  return p.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}

/** One line per problem: `data/regions.yml:34 regions[2].zones[1].id: must be a zone id such as fra02`. */
export function formatDataProblem(problem: DataProblem): string {
  const where = problem.path.length > 0 ? ` ${formatDataPath(problem.path)}` : '';
  return `${problem.file}${problem.line ? `:${problem.line}` : ''}${where}: ${problem.message}`;
}
