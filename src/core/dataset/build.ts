import type { z } from 'zod';
import { assembleDataset, type BuildResult, type DataProblem, type ValidDataset } from './assemble.js';
import { datasetMetaFile, notCoveredFile, partiesFile, regionsFile, scenariosFile, tableFile, topicsFile } from './schema.js';

// Validation of each data file against its schema (zod); references between files and the indexes are in
// assemble.ts, which a compiled snapshot goes through too.
export type {
  AnswerFilter,
  BuildResult,
  DataProblem,
  Dataset,
  KeywordEntry,
  KnownPlace,
  NotCovered,
  Party,
  PlaceName,
  Region,
  Scenario,
  Topic,
  ValidDataset,
  ValidFile,
  Zone,
} from './assemble.js';

export interface RawFile {
  file: string;
  data: unknown;
}

export interface RawDataset {
  /** The edition's folder name, when it is one: checked against the page date in dataset.yml. */
  edition?: string;
  /** Every edition id beside this one in its data folder, oldest first (for "a newer edition exists"). */
  editions?: string[];
  meta: RawFile;
  regions: RawFile;
  /** data/topics.yml, shared by every edition. */
  topics: RawFile;
  /** data/not-covered.yml, shared by every edition. */
  notCovered: RawFile;
  /** data/common-parties.yml, shared by every edition. */
  commonParties: RawFile;
  parties: RawFile;
  tables: RawFile[];
  scenarios: RawFile[];
}

function check<S extends z.ZodType>(schema: S, raw: RawFile, problems: DataProblem[]): z.infer<S> | null {
  const parsed = schema.safeParse(raw.data);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    problems.push({
      file: raw.file,
      path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
      message: describeIssue(issue),
    });
  }
  return null;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key(s): ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_union') return 'does not match any allowed form (party, table, hosts/addresses, reference, or any)';
  return issue.message;
}

export type ValidationResult = { ok: true; valid: ValidDataset } | { ok: false; problems: DataProblem[] };

/** Checks each raw file against its schema, on its own (references between files are assembleDataset's). */
export function validateDataset(raw: RawDataset): ValidationResult {
  const problems: DataProblem[] = [];
  const meta = check(datasetMetaFile, raw.meta, problems);
  const regions = check(regionsFile, raw.regions, problems);
  const topics = check(topicsFile, raw.topics, problems);
  const notCovered = check(notCoveredFile, raw.notCovered, problems);
  const commonParties = check(partiesFile, raw.commonParties, problems);
  const parties = check(partiesFile, raw.parties, problems);
  const tables = raw.tables.map((t) => ({ file: t.file, data: check(tableFile, t, problems) }));
  const scenarios = raw.scenarios.map((s) => ({ file: s.file, data: check(scenariosFile, s, problems) }));
  if (!meta || !regions || !topics || !notCovered || !commonParties || !parties || problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    valid: {
      ...(raw.edition !== undefined ? { edition: raw.edition } : {}),
      ...(raw.editions !== undefined ? { editions: raw.editions } : {}),
      meta: { file: raw.meta.file, data: meta },
      regions: { file: raw.regions.file, data: regions },
      topics: { file: raw.topics.file, data: topics },
      notCovered: { file: raw.notCovered.file, data: notCovered },
      commonParties: { file: raw.commonParties.file, data: commonParties },
      parties: { file: raw.parties.file, data: parties },
      tables: tables.map(({ file, data }) => ({ file, data: data! })),
      scenarios: scenarios.map(({ file, data }) => ({ file, data: data! })),
    },
  };
}

/** Validates the raw files one by one, then every reference between them, and indexes the result. */
export function buildDataset(raw: RawDataset): BuildResult {
  const validated = validateDataset(raw);
  return validated.ok ? assembleDataset(validated.valid) : validated;
}
