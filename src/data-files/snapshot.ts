import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidDataset } from '../core/dataset/assemble.js';

// A compiled snapshot of one edition: its files as their schemas gave them, written by `npm run build` to
// dist/editions/<id>.json. It is a cache of data/, never a source: it serves only while its fingerprint (the
// hash of every source file's name and content, and of the schema code) matches the files on disk, so an edit
// to data/ without a rebuild is read from the YAML as before.

/** Changes when the snapshot's layout does. */
const SNAPSHOT_FORMAT = 2;

/** Where `npm run build` writes snapshots: dist/editions beside dist/data-files (src/editions, absent, from src). */
export const BUNDLED_SNAPSHOT_DIR = fileURLToPath(new URL('../editions', import.meta.url));

/** One source file of an edition, as read from disk. */
export interface SourceText {
  /** The file's name in its folder: "regions.yml", "tables/masters.yml". */
  name: string;
  text: string;
}

/** The files of an edition in the loader's order, each named as in SourceText. */
export interface EditionSources {
  shared: { regions: SourceText; topics: SourceText; notCovered: SourceText; commonParties: SourceText };
  own: { meta: SourceText; parties: SourceText; tables: SourceText[]; scenarios: SourceText[] };
}

interface Snapshot {
  format: number;
  edition: string;
  fingerprint: string;
  meta: unknown;
  regions: unknown;
  topics: unknown;
  notCovered: unknown;
  commonParties: unknown;
  parties: unknown;
  tables: { name: string; data: unknown }[];
  scenarios: { name: string; data: unknown }[];
}

// The schema decides what a valid file becomes (defaults filled in), so its code is part of the fingerprint:
// schema.js beside the compiled loader, schema.ts when run from the sources.
const SCHEMA_SOURCE = fileURLToPath(new URL(`../core/dataset/schema${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url));
let schemaText: string | undefined;

function readSchema(): string {
  try {
    return readFileSync(SCHEMA_SOURCE, 'utf8');
  } catch {
    return '';
  }
}

/** A hash of everything a snapshot depends on. */
export function fingerprintOf(sources: EditionSources): string {
  schemaText ??= readSchema();
  const hash = createHash('sha256').update(`porthole snapshot ${SNAPSHOT_FORMAT}\0`).update(schemaText).update('\0');
  const { shared, own } = sources;
  for (const source of [shared.regions, shared.topics, shared.notCovered, shared.commonParties, own.meta, own.parties, ...own.tables, ...own.scenarios]) {
    hash.update(`${source.name}\0${source.text.length}\0`).update(source.text).update('\0');
  }
  return hash.digest('hex');
}

export function snapshotFile(snapshotDir: string, edition: string): string {
  return path.join(snapshotDir, `${edition}.json`);
}

/** The snapshot's JSON text: `valid` with its file paths reduced to the names in `sources`. */
export function snapshotText(edition: string, fingerprint: string, sources: EditionSources, valid: ValidDataset): string {
  const named = (files: { data: unknown }[], names: SourceText[]) => files.map((f, i) => ({ name: names[i]!.name, data: f.data }));
  const snapshot: Snapshot = {
    format: SNAPSHOT_FORMAT,
    edition,
    fingerprint,
    meta: valid.meta.data,
    regions: valid.regions.data,
    topics: valid.topics.data,
    notCovered: valid.notCovered.data,
    commonParties: valid.commonParties.data,
    parties: valid.parties.data,
    tables: named(valid.tables, sources.own.tables),
    scenarios: named(valid.scenarios, sources.own.scenarios),
  };
  return `${JSON.stringify(snapshot)}\n`;
}

/**
 * The edition's valid files from its snapshot, when there is one for exactly these sources; null otherwise
 * (none written, unreadable, another fingerprint), and the caller reads the YAML. File paths are rebuilt on the
 * folders given, as the YAML path builds them.
 */
export function readSnapshot(
  snapshotDir: string,
  edition: string,
  fingerprint: string,
  sources: EditionSources,
  folders: { shared: string; own: string },
): Omit<ValidDataset, 'edition' | 'editions'> | null {
  let snapshot: Snapshot;
  try {
    snapshot = JSON.parse(readFileSync(snapshotFile(snapshotDir, edition), 'utf8')) as Snapshot;
  } catch {
    return null;
  }
  if (snapshot?.format !== SNAPSHOT_FORMAT || snapshot.edition !== edition || snapshot.fingerprint !== fingerprint) return null;
  const { shared, own } = sources;
  const sameNames = (stored: { name: string }[], names: SourceText[]) => stored.length === names.length && stored.every((s, i) => s.name === names[i]!.name);
  if (!sameNames(snapshot.tables, own.tables) || !sameNames(snapshot.scenarios, own.scenarios)) return null;
  const at = (folder: string, source: SourceText) => path.join(folder, source.name);
  return {
    meta: { file: at(folders.own, own.meta), data: snapshot.meta as ValidDataset['meta']['data'] },
    regions: { file: at(folders.shared, shared.regions), data: snapshot.regions as ValidDataset['regions']['data'] },
    topics: { file: at(folders.shared, shared.topics), data: snapshot.topics as ValidDataset['topics']['data'] },
    notCovered: { file: at(folders.shared, shared.notCovered), data: snapshot.notCovered as ValidDataset['notCovered']['data'] },
    commonParties: { file: at(folders.shared, shared.commonParties), data: snapshot.commonParties as ValidDataset['commonParties']['data'] },
    parties: { file: at(folders.own, own.parties), data: snapshot.parties as ValidDataset['parties']['data'] },
    tables: snapshot.tables.map((t, i) => ({ file: at(folders.own, own.tables[i]!), data: t.data as ValidDataset['tables'][number]['data'] })),
    scenarios: snapshot.scenarios.map((s, i) => ({ file: at(folders.own, own.scenarios[i]!), data: s.data as ValidDataset['scenarios'][number]['data'] })),
  };
}
