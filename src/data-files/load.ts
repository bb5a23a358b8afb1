import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { buildDataset, type DataProblem, type Dataset, type RawFile } from '../core/dataset/build.js';
import { chooseEdition, sortEditions } from '../core/dataset/editions.js';
import { editionId } from '../core/dataset/schema.js';

/** The data/ folder shipped with the package (dist/data-files -> ../../data, src/data-files -> ../../data). */
export const BUNDLED_DATA_DIR = fileURLToPath(new URL('../../data', import.meta.url));

export type LoadResult = { ok: true; dataset: Dataset; dir: string } | { ok: false; dir: string; problems: DataProblem[] };

interface ParsedFile extends RawFile {
  locate(p: (string | number)[]): number | undefined;
}

async function readYaml(dir: string, relative: string, problems: DataProblem[]): Promise<ParsedFile | null> {
  const file = path.join(dir, relative);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problems.push({ file, path: [], message: code === 'ENOENT' ? 'file is missing' : `cannot be read (${code ?? String(err)})` });
    return null;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      problems.push({ file, path: [], message: `is not valid YAML: ${e.message.split('\n')[0]}`, line: lineCounter.linePos(e.pos[0]).line });
    }
    return null;
  }
  return {
    file,
    data: doc.toJS(),
    locate(p) {
      for (let n = p.length; n >= 0; n--) {
        const node = doc.getIn(p.slice(0, n), true) as { range?: [number, number, number] } | undefined;
        if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
      }
      return undefined;
    },
  };
}

async function yamlFilesIn(dir: string, sub: string, problems: DataProblem[]): Promise<string[]> {
  try {
    const names = await readdir(path.join(dir, sub));
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

/**
 * A data folder holds `editions/<id>/` and the shared `regions.yml`, `topics.yml` and `not-covered.yml` beside
 * them; a folder of editions holds `<id>/` folders directly (the shared files beside them or one level up); a folder of one
 * edition holds dataset.yml, and its own shared files or those of the data folder it sits in.
 */
async function locate(dir: string): Promise<EditionsFolder | SingleEdition> {
  const names = await readdir(dir).catch(() => [] as string[]);
  if (names.includes('dataset.yml')) {
    return { kind: 'single', editionDir: dir, sharedDir: names.includes('regions.yml') ? dir : path.join(dir, '..', '..') };
  }
  const editionsDir = names.includes('editions') ? path.join(dir, 'editions') : dir;
  const ids = await readdir(editionsDir, { withFileTypes: true }).then(
    (entries) => entries.filter((e) => e.isDirectory() && editionId.safeParse(e.name).success).map((e) => e.name),
    () => [] as string[],
  );
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
  const found = await locate(dir);
  return { ids: found.kind === 'editions' ? found.ids : [], dir };
}

export interface LoadOptions {
  /**
   * An edition id, a date (the edition in force that day) or a year. Absent: PORTHOLE_EDITION when set (so that
   * it chooses the edition in the CLI and in Slack alike), else the newest.
   */
  edition?: string | null;
}

/** Reads and validates one edition of a dataset folder. Never throws: every problem comes back with its file, path and line. */
export async function loadDataset(dir: string = BUNDLED_DATA_DIR, options: LoadOptions = {}): Promise<LoadResult> {
  const found = await locate(dir);
  if (found.kind === 'single') return loadEdition(found.editionDir, found.sharedDir, undefined, dir);
  if (found.ids.length === 0) {
    return { ok: false, dir, problems: [{ file: found.editionsDir, path: [], message: 'holds no edition folder (one named YYYY-MM-DD, holding dataset.yml)' }] };
  }
  const fromEnv = options.edition === undefined && Boolean(process.env.PORTHOLE_EDITION);
  const choice = chooseEdition(found.ids, fromEnv ? process.env.PORTHOLE_EDITION : options.edition);
  if (!choice.ok) {
    return { ok: false, dir, problems: [{ file: found.editionsDir, path: [], message: fromEnv ? `PORTHOLE_EDITION: ${choice.message}` : choice.message }] };
  }
  return loadEdition(path.join(found.editionsDir, choice.id), found.sharedDir, choice.id, dir, found.ids);
}

/** Loads every edition of a data folder (for `data check`); a folder of one edition gives one result. */
export async function loadAllEditions(dir: string = BUNDLED_DATA_DIR): Promise<LoadResult[]> {
  const found = await locate(dir);
  if (found.kind === 'single') return [await loadEdition(found.editionDir, found.sharedDir, undefined, dir)];
  if (found.ids.length === 0) return [await loadDataset(dir)];
  return Promise.all(found.ids.map((id) => loadEdition(path.join(found.editionsDir, id), found.sharedDir, id, dir, found.ids)));
}

async function loadEdition(root: string, sharedDir: string, edition: string | undefined, dir: string, editions?: string[]): Promise<LoadResult> {
  // Paths in problems are built on the folder as the user gave it, so messages show the path they typed.
  const problems: DataProblem[] = [];
  const [tableNames, scenarioNames] = await Promise.all([
    yamlFilesIn(root, 'tables', problems),
    yamlFilesIn(root, 'scenarios', problems),
  ]);
  const [regions, topics, notCovered, meta, parties, ...rest] = await Promise.all([
    readYaml(sharedDir, 'regions.yml', problems),
    readYaml(sharedDir, 'topics.yml', problems),
    readYaml(sharedDir, 'not-covered.yml', problems),
    ...['dataset.yml', 'parties.yml', ...tableNames, ...scenarioNames].map((f) => readYaml(root, f, problems)),
  ]);
  const tables = rest.slice(0, tableNames.length);
  const scenarios = rest.slice(tableNames.length);
  if (!meta || !regions || !topics || !notCovered || !parties || problems.length > 0 || tables.includes(null) || scenarios.includes(null)) {
    return { ok: false, dir, problems };
  }
  const parsed = [meta, regions, topics, notCovered, parties, ...tables, ...scenarios] as ParsedFile[];
  const built = buildDataset({
    ...(edition !== undefined ? { edition } : {}),
    ...(editions !== undefined ? { editions } : {}),
    meta,
    regions,
    topics,
    notCovered,
    parties,
    tables: tables as ParsedFile[],
    scenarios: scenarios as ParsedFile[],
  });
  if (built.ok) return { ok: true, dataset: built.dataset, dir };
  return {
    ok: false,
    dir,
    problems: built.problems.map((p) => ({ ...p, line: p.line ?? parsed.find((f) => f.file === p.file)?.locate(p.path) })),
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
