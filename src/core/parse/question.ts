import type { OutputFormat, Problem, Query } from '../answer.js';
import { isOutputFormat, OUTPUT_FORMATS } from '../formats.js';
import type { Dataset, KeywordEntry, PlaceName } from '../dataset/build.js';
import { closest, editDistance, tokenize } from '../text.js';

export interface ParsedQuestion {
  query: Query;
  problems: Problem[];
  notes: string[];
}

/** Questions longer than this are read up to here: no real question is longer, and parsing stays fast. */
export const MAX_QUESTION_CHARS = 2000;

/** IKS cluster names and ids: letters, digits, "-", "_", "." and at most 64 characters. */
export const CLUSTER_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

export function isValidClusterName(name: string): boolean {
  return CLUSTER_NAME.test(name) && name !== '.' && name !== '..';
}

// Longest first, so that probe-k8s is not read as probe.
const FORMAT_WORDS = [...OUTPUT_FORMATS].sort((a, b) => b.length - a.length).join('|');

// Words that carry no meaning for the query; never taken for a cluster name or a misspelt region.
const FILLER = new Set(
  'a an and are at be can cant do does dont for from get i in into is it me must my need needed needs of on open opened or our please port ports rule rules should that the their them these this to we what which with why you your firewall allow allowed access required requires reach whats how list show give tell about there here using use cluster clusters'.split(' '),
);
const PLACE_CUES = new Set(['in', 'for', 'at', 'near', 'region', 'zone', 'from', 'to', 'of']);

interface Indexes {
  keywordsByFirst: Map<string, KeywordEntry[]>;
  placesByFirst: Map<string, PlaceName[]>;
  keywordWords: string[];
  singlePlaceNames: PlaceName[];
  /** "eu", "us", "jp", ...: what region ids start with, to spot a misspelt one ("eu-dee"). */
  regionPrefixes: Set<string>;
}

const indexCache = new WeakMap<Dataset, Indexes>();

function indexesFor(dataset: Dataset): Indexes {
  let idx = indexCache.get(dataset);
  if (idx) return idx;
  const keywordsByFirst = new Map<string, KeywordEntry[]>();
  for (const k of dataset.keywords) {
    const list = keywordsByFirst.get(k.tokens[0]!) ?? [];
    list.push(k);
    keywordsByFirst.set(k.tokens[0]!, list);
  }
  const placesByFirst = new Map<string, PlaceName[]>();
  for (const p of dataset.placeNames) {
    const list = placesByFirst.get(p.tokens[0]!) ?? [];
    list.push(p);
    placesByFirst.set(p.tokens[0]!, list);
  }
  const keywordWords = [...new Set(dataset.keywords.filter((k) => k.tokens.length === 1).map((k) => k.tokens[0]!))];
  const singlePlaceNames = dataset.placeNames.filter((p) => p.tokens.length === 1 && p.tokens[0]!.length >= 4);
  const regionPrefixes = new Set(dataset.regions.flatMap((r) => [r.id, r.legacyId].map((id) => id.split('-')[0]!)));
  idx = { keywordsByFirst, placesByFirst, keywordWords, singlePlaceNames, regionPrefixes };
  indexCache.set(dataset, idx);
  return idx;
}

function matchAt<T extends { tokens: string[] }>(tokens: string[], used: boolean[], i: number, candidates: T[] | undefined): T | null {
  if (!candidates) return null;
  for (const c of candidates) {
    if (i + c.tokens.length > tokens.length) continue;
    let ok = true;
    for (let k = 0; k < c.tokens.length; k++) {
      if (used[i + k] || tokens[i + k] !== c.tokens[k]) {
        ok = false;
        break;
      }
    }
    if (ok) return c;
  }
  return null;
}

interface Extracted {
  rest: string;
  value: string | null;
}

const CLUSTER_PATTERN =
  /(^|[^\w-])(?:--)?cluster(?:\s+(?:named|called|name|id))?(?:\s*[:=]\s*|\s+)(?:(["'`])([^"'`]{0,200})\2|([^\s"'`,;?!()<>]+))/i;

function extractCluster(text: string, isKnownWord: (w: string) => boolean): Extracted {
  const m = CLUSTER_PATTERN.exec(text);
  if (!m) return { rest: text, value: null };
  const quoted = m[2] !== undefined;
  const candidate = quoted ? (m[3] ?? '') : (m[4] ?? '').replace(/[.:]+$/, '');
  const lower = candidate.toLowerCase();
  if (!quoted && (!candidate || FILLER.has(lower) || isKnownWord(lower))) return { rest: text, value: null };
  const start = m.index + (m[1] ?? '').length;
  return { rest: text.slice(0, start) + ' '.repeat(m[0].length - (m[1] ?? '').length) + text.slice(m.index + m[0].length), value: candidate };
}

const FORMAT_PATTERNS = [
  /--format[=\s]+([\w-]+)/i,
  new RegExp(`\\b(?:as|in|into|to)\\s+(?:an?\\s+)?(${FORMAT_WORDS})(?:\\s+(?:format|rules|file|yaml|policy|policies|export|script|job|manifest))?\\b`, 'i'),
  new RegExp(`\\b(${FORMAT_WORDS})\\s+(?:format|export|output)\\b`, 'i'),
  /\b(csv|iptables|nftables)\b/i,
];

function extractFormat(text: string): Extracted & { problem?: Problem } {
  for (const pattern of FORMAT_PATTERNS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const rest = text.slice(0, m.index) + ' '.repeat(m[0].length) + text.slice(m.index + m[0].length);
    const value = (m[1] ?? '').toLowerCase();
    if (isOutputFormat(value)) return { rest, value };
    return { rest, value: null };
  }
  return { rest: text, value: null };
}

/** Turns a free-text question into a query. Never throws; what it cannot resolve comes back as problems. */
export function parseQuestion(input: unknown, dataset: Dataset): ParsedQuestion {
  const original = typeof input === 'string' ? input : '';
  const text = original.slice(0, MAX_QUESTION_CHARS);
  const notes: string[] = [];
  const problems: Problem[] = [];
  const idx = indexesFor(dataset);
  if (original.length > MAX_QUESTION_CHARS) notes.push(`Only the first ${MAX_QUESTION_CHARS} characters of the question were read.`);

  const isKnownWord = (w: string) => idx.keywordsByFirst.has(w) || idx.placesByFirst.has(w);
  const format = extractFormat(text);
  const cluster = extractCluster(format.rest, isKnownWord);
  let clusterName = cluster.value;
  if (clusterName !== null && !isValidClusterName(clusterName)) {
    problems.push({
      code: 'invalid-cluster-name',
      message: `"${clusterName.slice(0, 80)}" is not a cluster name or id: use letters, digits, "-", "_" and "." (at most 64 characters).`,
      input: clusterName.slice(0, 80),
      suggestions: [],
    });
    clusterName = null;
  }

  const { tokens, joinedToPrevious } = tokenize(cluster.rest);
  const used = tokens.map(() => false);
  const scenarios: string[] = [];
  const regionsNamed: { id: string; name: string }[] = [];
  const zonesNamed: string[] = [];

  for (let i = 0; i < tokens.length; i++) {
    if (used[i]) continue;
    const keyword = matchAt(tokens, used, i, idx.keywordsByFirst.get(tokens[i]!));
    const place = matchAt(tokens, used, i, idx.placesByFirst.get(tokens[i]!));
    const best = keyword && place ? (place.tokens.length >= keyword.tokens.length ? place : keyword) : (keyword ?? place);
    if (!best) continue;
    for (let k = 0; k < best.tokens.length; k++) used[i + k] = true;
    if ('scenario' in best) {
      if (!scenarios.includes(best.scenario)) scenarios.push(best.scenario);
    } else if (best.kind === 'zone') {
      if (!zonesNamed.includes(best.id)) zonesNamed.push(best.id);
    } else if (!regionsNamed.some((r) => r.id === best.id)) {
      regionsNamed.push({ id: best.id, name: best.name });
    }
    i += best.tokens.length - 1;
  }

  // What is left may be a misspelt region, zone or scenario.
  const leftovers: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (used[i]) continue;
    const token = tokens[i]!;
    const next = tokens[i + 1];
    const regionShaped =
      next !== undefined && !used[i + 1] && joinedToPrevious[i + 1] && /^[a-z]{2}$/.test(token) && /^[a-z]{2,12}$/.test(next);
    const cued = i > 0 && PLACE_CUES.has(tokens[i - 1]!) && !FILLER.has(token) && !FILLER.has(next ?? '');
    if (regionShaped && (idx.regionPrefixes.has(token) || cued)) {
      const word = `${token}-${next}`;
      problems.push(unknownRegion(word, dataset));
      used[i] = used[i + 1] = true;
      i++;
      continue;
    }
    if (/^[a-z]{3}\d{2}$/.test(token)) {
      const zones = [...dataset.zoneById.keys()];
      const near = closest(token, zones, 2);
      const sameMetro = zones.filter((z) => z.startsWith(token.slice(0, 3)));
      problems.push({
        code: 'unknown-zone',
        message: `"${token}" is not a zone the page lists.${near.length > 0 ? ` Did you mean ${near.join(' or ')}?` : ''}`,
        input: token,
        suggestions: near.length > 0 ? near : sameMetro.slice(0, 5),
      });
      continue;
    }
    const cue = i > 0 && PLACE_CUES.has(tokens[i - 1]!);
    if (cue && token.length >= 4 && !FILLER.has(token)) {
      const max = token.length >= 6 ? 2 : 1;
      const place = idx.singlePlaceNames.find((p) => editDistance(token, p.tokens[0]!, max) <= max);
      if (place) {
        problems.push(unknownRegion(token, dataset));
        continue;
      }
    }
    if (!FILLER.has(token)) leftovers.push(token);
  }

  const regionIds = [...new Set(regionsNamed.map((r) => r.id))];
  const zoneRegions = [...new Set(zonesNamed.map((z) => dataset.zoneById.get(z)!.region))];
  let region: string | null = null;
  let zone: string | null = null;
  if (regionIds.length > 1) {
    problems.push({
      code: 'several-regions',
      message: `The question names several regions (${regionIds.join(', ')}); ask about one region at a time.`,
      suggestions: regionIds,
    });
  } else if (zoneRegions.length > 1) {
    problems.push({
      code: 'several-regions',
      message: `The question names zones in several regions (${zonesNamed.join(', ')}); ask about one region at a time.`,
      suggestions: zoneRegions,
    });
  } else if (regionIds.length === 1 && zoneRegions.length === 1 && regionIds[0] !== zoneRegions[0]) {
    const z = zonesNamed[0]!;
    problems.push({
      code: 'zone-region-mismatch',
      message: `Zone ${z} is in region ${zoneRegions[0]}, not ${regionIds[0]}. Ask for ${z} alone, or for ${regionIds[0]}.`,
      input: z,
      suggestions: [zoneRegions[0]!, regionIds[0]!],
    });
  } else {
    region = regionIds[0] ?? zoneRegions[0] ?? null;
    zone = zonesNamed[0] ?? null;
    if (zonesNamed.length > 1) notes.push(`Several zones were named; answering for ${zone}, in region ${region}.`);
  }

  const matched = scenarios.filter(
    (id) => !scenarios.some((other) => other !== id && isNarrowerThan(dataset, other, id)),
  );
  if (matched.length === 0 && !problems.some((p) => p.code === 'unknown-region' || p.code === 'unknown-zone')) {
    if (tokens.length === 0 && clusterName === null) {
      problems.push({ code: 'empty-question', message: `Ask what to open, for example "${dataset.meta.examples.questions[0]}".`, suggestions: exampleScenarios(dataset) });
    } else {
      const near = leftovers.flatMap((w) => (w.length >= 4 ? closest(w, idx.keywordWords, w.length >= 7 ? 2 : 1, 2) : []));
      const nearScenarios = [...new Set(near.map((w) => idx.keywordsByFirst.get(w)!.find((k) => k.tokens.length === 1)!.scenario))];
      problems.push({
        code: 'unknown-scenario',
        message:
          nearScenarios.length > 0
            ? `I could not tell what you want to open. Did you mean ${nearScenarios.join(' or ')}?`
            : 'I could not tell what you want to open.',
        suggestions: nearScenarios.length > 0 ? nearScenarios : exampleScenarios(dataset),
      });
    }
  }

  return {
    query: {
      text: original,
      scenarios: problems.length > 0 ? [] : matched,
      region,
      zone,
      cluster: clusterName,
      format: (format.value as OutputFormat | null) ?? null,
    },
    problems,
    notes,
  };
}

/** True when scenario `narrow` is part of bundle `wide`, so asking for both means the narrow one. */
function isNarrowerThan(dataset: Dataset, narrow: string, wide: string): boolean {
  const w = dataset.scenarios.get(wide);
  const n = dataset.scenarios.get(narrow);
  if (!w?.bundle || !n) return false;
  return n.leaves.every((leaf) => w.leaves.includes(leaf)) && n.leaves.length < w.leaves.length;
}

function unknownRegion(word: string, dataset: Dataset): Problem {
  const names = dataset.placeNames.filter((p) => p.kind === 'region');
  const ranked = names
    .map((p) => ({ id: p.id, d: editDistance(word.toLowerCase(), p.name.toLowerCase(), 4) }))
    .sort((a, b) => a.d - b.d);
  const best = ranked[0]?.d ?? Infinity;
  ranked.splice(0, ranked.length, ...ranked.filter((x) => x.d <= Math.min(3, best)));
  const suggestions = [...new Set(ranked.map((r) => r.id))].slice(0, 3);
  return {
    code: 'unknown-region',
    message: `"${word}" is not a region I know.${suggestions.length > 0 ? ` Did you mean ${suggestions.join(' or ')}?` : ` Regions: ${dataset.regions.map((r) => r.id).join(', ')}.`}`,
    input: word,
    suggestions: suggestions.length > 0 ? suggestions : dataset.regions.map((r) => r.id),
  };
}

/** Scenarios people can ask for: bundles and leaves, in page order. */
export function exampleScenarios(dataset: Dataset): string[] {
  return dataset.scenarioOrder;
}
