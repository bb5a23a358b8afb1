import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { buildDataset, type DataProblem, type Dataset, type RawFile } from '../core/dataset/build.js';

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

/**
 * Where an edition's files are: a data folder holds `editions/<id>/` (the newest answers) and the shared
 * `regions.yml`, `topics.yml` and `not-covered.yml` beside them; a folder of one edition holds its own, or uses those of the data
 * folder it sits in.
 */
async function locateEdition(dir: string, problems: DataProblem[]): Promise<{ editionDir: string; sharedDir: string } | null> {
  const editions = path.join(dir, 'editions');
  const ids = await readdir(editions).then(
    (names) => names.filter((n) => !n.startsWith('.')).sort(),
    () => null,
  );
  if (ids !== null) {
    const newest = ids.at(-1);
    if (newest === undefined) {
      problems.push({ file: editions, path: [], message: 'holds no edition folder' });
      return null;
    }
    return { editionDir: path.join(editions, newest), sharedDir: dir };
  }
  const own = await readdir(dir).then((names) => names.includes('regions.yml'), () => false);
  return { editionDir: dir, sharedDir: own ? dir : path.join(dir, '..', '..') };
}

/** Reads and validates a dataset folder. Never throws: every problem comes back with its file, path and line. */
export async function loadDataset(dir: string = BUNDLED_DATA_DIR): Promise<LoadResult> {
  // Paths in problems are built on the folder as the user gave it, so messages show the path they typed.
  const problems: DataProblem[] = [];
  const located = await locateEdition(dir, problems);
  if (!located) return { ok: false, dir, problems };
  const root = located.editionDir;
  const [tableNames, scenarioNames] = await Promise.all([
    yamlFilesIn(root, 'tables', problems),
    yamlFilesIn(root, 'scenarios', problems),
  ]);
  const [regions, topics, notCovered, meta, parties, ...rest] = await Promise.all([
    readYaml(located.sharedDir, 'regions.yml', problems),
    readYaml(located.sharedDir, 'topics.yml', problems),
    readYaml(located.sharedDir, 'not-covered.yml', problems),
    ...['dataset.yml', 'parties.yml', ...tableNames, ...scenarioNames].map((f) => readYaml(root, f, problems)),
  ]);
  const tables = rest.slice(0, tableNames.length);
  const scenarios = rest.slice(tableNames.length);
  if (!meta || !regions || !topics || !notCovered || !parties || problems.length > 0 || tables.includes(null) || scenarios.includes(null)) {
    return { ok: false, dir, problems };
  }
  const parsed = [meta, regions, topics, notCovered, parties, ...tables, ...scenarios] as ParsedFile[];
  const built = buildDataset({
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
