import { isOutputFormat, OUTPUT_FORMATS, type OutputFormat } from '../formats.js';
import { closest, normalizeText } from '../text.js';
import { isEditionId } from './editions.js';
import type {
  DatasetMetaFile,
  FilterEntry,
  NotCoveredEntry,
  Endpoint,
  NotCoveredFile,
  PartiesFile,
  PartyEntry,
  RegionsFile,
  RuleEntry,
  ScenarioEntry,
  ScenariosFile,
  TableFile,
  TopicEntry,
  TopicsFile,
} from './schema.js';

// Cross-checks and indexes data files that each already match their schema. It imports no schema code (types
// only), so that loading a compiled snapshot of an edition (src/data-files/snapshot.ts) needs neither zod nor yaml.

/** A problem in the data files: which file, where inside it, and what is wrong. */
export interface DataProblem {
  file: string;
  path: (string | number)[];
  message: string;
  line?: number;
}


/** One data file's content, as its schema in schema.ts gives it (defaults filled in). */
export interface ValidFile<T> {
  file: string;
  data: T;
}

/** Every file of one edition, each valid on its own. */
export interface ValidDataset {
  /** The edition's folder name, when it is one: checked against the page date in dataset.yml. */
  edition?: string;
  /** Every edition id beside this one in its data folder, oldest first (for "a newer edition exists"). */
  editions?: string[];
  meta: ValidFile<DatasetMetaFile>;
  regions: ValidFile<RegionsFile>;
  topics: ValidFile<TopicsFile>;
  notCovered: ValidFile<NotCoveredFile>;
  /** data/common-parties.yml: the roles every edition shares, which an edition's parties.yml lists and overrides. */
  commonParties: ValidFile<PartiesFile>;
  parties: ValidFile<PartiesFile>;
  tables: ValidFile<TableFile>[];
  scenarios: ValidFile<ScenariosFile>[];
}

export type Region = RegionsFile['regions'][number];
/** A party as an edition has it: the common definition with the edition's own fields over it. */
export type Party = PartyEntry & { label: string; placeholder: string; questionSource: boolean; find: string[] };

export interface Zone {
  id: string;
  city: string;
  region: string;
}

export type Topic = TopicEntry;

export interface Scenario extends ScenarioEntry {
  file: string;
  /** The keywords of its topic in topics.yml. */
  keywords: string[];
  /** True when it only stands for other scenarios (includes), with no rules of its own. */
  bundle: boolean;
  /** The leaf scenarios a bundle stands for, in page order; [id] for a leaf. */
  leaves: string[];
}

export interface KeywordEntry {
  tokens: string[];
  scenario: string;
}

/** A word that narrows an answer (topics.yml's filters), with the rules it keeps in this edition's terms. */
export interface AnswerFilter {
  kind: FilterEntry['kind'];
  value: string;
  /** Each word as tokens. */
  words: string[][];
  /** network: the leaf scenarios of its topics that this edition has. */
  leaves: ReadonlySet<string>;
  /** party: the parties of parties.yml it names. */
  parties: ReadonlySet<string>;
}

export interface NotCovered extends NotCoveredEntry {
  /** Each keyword as words, longest first (without those a topic of the edition has). */
  keywordTokens: string[][];
  /** This edition's topics that have some of the entry's words: the part of it the page covers. */
  topicsHere: string[];
}

export interface PlaceName {
  kind: 'region' | 'zone';
  id: string;
  /** The alias as written in the data, for suggestions. */
  name: string;
  tokens: string[];
  /** A place of regions.yml that this edition does not list (knownPlaces says where it is listed). */
  elsewhere?: true;
}

/** A region or zone of regions.yml, listed by this edition or not. */
export interface KnownPlace {
  kind: 'region' | 'zone';
  id: string;
  /** A zone's city, a region's page name. */
  name: string;
  /** A zone's region: this edition's when it lists the zone, else the one regions.yml puts it under. */
  region: string;
  inEdition: boolean;
  /** False for a data centre no edition lists as a cluster zone (regions.yml's clusterZone). */
  clusterZone: boolean;
  firstListed?: string;
  lastListed?: string;
}

export interface Dataset {
  /** The edition's id: its folder name, or the page's date for a folder that is not named as an edition. */
  edition: string;
  /** Every edition id in the data folder this one was loaded from, oldest first ([edition] when alone). */
  editions: string[];
  meta: DatasetMetaFile;
  /** The regions this edition lists, with the zones it lists under each and the page's name for each. */
  regions: Region[];
  regionById: ReadonlyMap<string, Region>;
  zoneById: ReadonlyMap<string, Zone>;
  /** Every name of every region and zone, longest first; those of places this edition lacks are marked `elsewhere`. */
  placeNames: PlaceName[];
  /** Every region and zone of regions.yml by id, with the editions that list it. */
  knownPlaces: ReadonlyMap<string, KnownPlace>;
  parties: ReadonlyMap<string, Party>;
  tables: ReadonlyMap<string, TableFile>;
  scenarios: ReadonlyMap<string, Scenario>;
  /** Scenario ids in data order (files in load order, scenarios in file order). */
  scenarioOrder: string[];
  /** Every keyword of every scenario, longest first (with the variants of addressWords). */
  keywords: KeywordEntry[];
  /** Each word of topics.yml's addressWords ("ips", "cidrs", "ranges"): context, never a word not used. */
  addressWords: ReadonlySet<string>;
  /** topics.yml's formats: each word people use for an output format (lowercase, as written), and the format. */
  formatWords: ReadonlyMap<string, OutputFormat>;
  /** topics.yml's filters: direction, network and party words that narrow an answer. */
  filters: AnswerFilter[];
  /** Condition id -> its text ("if you use load balancer services"). */
  conditions: ReadonlyMap<string, string>;
  /** The topics of this edition's scenarios, in topics.yml order. */
  topics: ReadonlyMap<string, Topic>;
  /** What the page does not cover, with where IBM documents it. */
  notCovered: NotCovered[];
}

export type BuildResult = { ok: true; dataset: Dataset } | { ok: false; problems: DataProblem[] };

/** Checks every reference between the files of one edition and indexes them. */
export function assembleDataset(raw: ValidDataset): BuildResult {
  const problems: DataProblem[] = [];
  const meta = raw.meta.data;
  const edition = raw.edition ?? meta.lastUpdated;
  checkEditionFolder(raw, problems);
  const anchors = new Set(meta.sections.map((s) => s.anchor));
  const conditions = indexConditions(raw.meta, problems);
  const places = indexPlaces(raw.regions, raw.meta, problems);
  const parties = mergeParties(raw.commonParties, raw.parties, problems);
  const tables = indexTables(raw.tables, { anchors, ...places }, problems);
  const { scenarios, scenarioOrder } = indexScenarios(raw, { anchors, parties, tables, conditions }, problems);
  checkScenarioReferences(scenarios, raw.scenarios, problems);
  if (problems.length === 0) checkNoLoop(scenarios, raw.scenarios, problems);
  if (problems.length > 0) return { ok: false, problems };

  inPageOrder(meta, scenarios, scenarioOrder);
  const vocabulary = indexTopics(raw.topics, scenarios, scenarioOrder, problems);
  const notCovered = indexNotCovered(raw.notCovered, vocabulary.owners, problems);
  const formatWords = formatWordsOf(raw.topics.data.formats, raw.topics.file, problems);
  if (problems.length > 0) return { ok: false, problems };

  return {
    ok: true,
    dataset: {
      edition,
      editions: raw.editions ?? [edition],
      meta,
      ...places,
      parties,
      tables,
      scenarios,
      scenarioOrder,
      keywords: vocabulary.keywords,
      addressWords: vocabulary.addressWords,
      filters: answerFilters(raw.topics.data.filters, scenarios),
      formatWords,
      conditions,
      topics: vocabulary.topics,
      notCovered,
    },
  };
}

/** An edition folder is named after the page's date (YYYY-MM-DD, optionally -suffix). */
function checkEditionFolder(raw: ValidDataset, problems: DataProblem[]): void {
  const { lastUpdated } = raw.meta.data;
  if (raw.edition === undefined) return;
  if (!isEditionId(raw.edition)) {
    problems.push({ file: raw.meta.file, path: [], message: `the edition folder "${raw.edition}" must be named after the page's date (YYYY-MM-DD, optionally -suffix)` });
  } else if (!raw.edition.startsWith(lastUpdated)) {
    problems.push({ file: raw.meta.file, path: ['lastUpdated'], message: `is ${lastUpdated}, but the edition folder "${raw.edition}" is named after another date` });
  }
}

function indexConditions(meta: ValidFile<DatasetMetaFile>, problems: DataProblem[]): Map<string, string> {
  const conditions = new Map<string, string>();
  meta.data.conditions.forEach((c, ci) => {
    if (conditions.has(c.id)) problems.push({ file: meta.file, path: ['conditions', ci, 'id'], message: `duplicate condition id "${c.id}"` });
    conditions.set(c.id, c.text);
  });
  return conditions;
}

type Places = { regions: Region[]; regionById: Map<string, Region>; zoneById: Map<string, Zone>; placeNames: PlaceName[]; knownPlaces: Map<string, KnownPlace> };
type SharedZone = { city: string; entry: Region['zones'][number]; path: (string | number)[] };

/** The shared names (regions.yml) of the regions and zones this edition lists, and every name of each. */
function indexPlaces(shared: ValidFile<RegionsFile>, meta: ValidFile<DatasetMetaFile>, problems: DataProblem[]): Places {
  const { sharedRegions, sharedZones } = sharedPlaces(shared, problems);
  const names = placeNameIndex(shared.file, problems);
  const regionById = new Map<string, Region>();
  const zoneById = new Map<string, Zone>();
  const regions: Region[] = [];
  // Names and cities are shared; which regions exist and which zones each holds is the edition's.
  meta.data.regions.forEach((member, mi) => {
    const found = sharedRegions.get(member.region);
    if (!found) {
      problems.push({ file: meta.file, path: ['regions', mi, 'region'], message: `unknown region "${member.region}" (add it to regions.yml)${suggestRegion(member.region, new Map([...sharedRegions].map(([k, v]) => [k, v.region])))}` });
      return;
    }
    if (regionById.has(member.region)) {
      problems.push({ file: meta.file, path: ['regions', mi, 'region'], message: `region "${member.region}" is listed twice` });
      return;
    }
    const zones = editionZones(member, mi, { meta, sharedZones, zoneById }, problems);
    const region: Region = { ...found.region, pageName: member.pageName ?? found.region.pageName, zones };
    regionById.set(region.id, region);
    regions.push(region);
    nameRegion(region, found.index, sharedZones, names);
  });
  const knownPlaces = placesOfRegionsFile(shared.data, zoneById, regionById);
  problems.push(...listingProblems(knownPlaces, meta.file));
  addNamesOfPlacesElsewhere(shared.data, knownPlaces, names.owners, names.placeNames);
  return { regions, regionById, zoneById, placeNames: names.sorted(), knownPlaces };
}

function sharedPlaces(shared: ValidFile<RegionsFile>, problems: DataProblem[]) {
  const sharedRegions = new Map<string, { region: Region; index: number }>();
  const sharedZones = new Map<string, SharedZone>();
  shared.data.regions.forEach((region, ri) => {
    if (sharedRegions.has(region.id)) {
      problems.push({ file: shared.file, path: ['regions', ri, 'id'], message: `duplicate region id "${region.id}"` });
    }
    sharedRegions.set(region.id, { region, index: ri });
    region.zones.forEach((zone, zi) => {
      if (sharedZones.has(zone.id)) {
        problems.push({ file: shared.file, path: ['regions', ri, 'zones', zi, 'id'], message: `zone "${zone.id}" is listed under two regions` });
      }
      sharedZones.set(zone.id, { city: zone.city, entry: zone, path: ['regions', ri, 'zones', zi, 'id'] });
    });
  });
  return { sharedRegions, sharedZones };
}

/** The zones this edition lists under one region (tor01 is us-east's in 2019, ca-tor's by 2025). */
function editionZones(
  member: DatasetMetaFile['regions'][number],
  mi: number,
  ctx: { meta: ValidFile<DatasetMetaFile>; sharedZones: Map<string, SharedZone>; zoneById: Map<string, Zone> },
  problems: DataProblem[],
): Region['zones'] {
  const zones: Region['zones'] = [];
  member.zones.forEach((z, zi) => {
    const zone = ctx.sharedZones.get(z);
    if (!zone) {
      problems.push({ file: ctx.meta.file, path: ['regions', mi, 'zones', zi], message: `unknown zone "${z}" (add it to regions.yml)` });
      return;
    }
    const owner = ctx.zoneById.get(z);
    if (owner) {
      problems.push({ file: ctx.meta.file, path: ['regions', mi, 'zones', zi], message: `zone "${z}" is already listed under ${owner.region}` });
      return;
    }
    zones.push({ ...zone.entry });
    ctx.zoneById.set(z, { id: z, city: zone.city, region: member.region });
  });
  return zones;
}

/** Every place name, each owned by one region or zone, with "eu-de" also as "eude". */
function placeNameIndex(file: string, problems: DataProblem[]) {
  const placeNames: PlaceName[] = [];
  const owners = new Map<string, string>();
  const add = (kind: 'region' | 'zone', id: string, name: string, path: (string | number)[]) => {
    const tokens = normalizeText(name).split(' ').filter(Boolean);
    const key = tokens.join(' ');
    if (!key) return;
    const owner = owners.get(key);
    if (owner && owner !== `${kind}:${id}`) {
      problems.push({ file, path, message: `name "${name}" is already used by ${owner.replace(':', ' ')}` });
      return;
    }
    if (owner) return;
    owners.set(key, `${kind}:${id}`);
    placeNames.push({ kind, id, name, tokens });
    // "eu-de" is also written "eude"; a compact form that some other place already uses is left out.
    const compact = tokens.join('');
    if (tokens.length > 1 && compact.length >= 4 && !owners.has(compact)) {
      owners.set(compact, `${kind}:${id}`);
      placeNames.push({ kind, id, name, tokens: [compact] });
    }
  };
  const ownerOf = (key: string) => owners.get(key);
  const sorted = () => placeNames.sort((a, b) => b.tokens.length - a.tokens.length || b.name.length - a.name.length);
  return { add, ownerOf, sorted, owners, placeNames };
}

/** A region's names (id, legacy id, page name, metro, aliases), its zones' ids, and its cities. */
function nameRegion(region: Region, ri: number, sharedZones: Map<string, SharedZone>, names: ReturnType<typeof placeNameIndex>): void {
  [region.id, region.legacyId, region.pageName, region.metro, ...region.aliases].forEach((name, ni) => {
    const path = ni < 4 ? ['regions', ri, ['id', 'legacyId', 'pageName', 'metro'][ni] as string] : ['regions', ri, 'aliases', ni - 4];
    names.add('region', region.id, name, path);
  });
  region.zones.forEach((zone) => names.add('zone', zone.id, zone.id, sharedZones.get(zone.id)!.path));
  // A city with one zone names that zone; a city with several (Tokyo, San Jose) names the region.
  const zonesByCity = new Map<string, { zone: string; name: string; path: (string | number)[] }[]>();
  region.zones.forEach((zone) => {
    const zonePath = sharedZones.get(zone.id)!.path.slice(0, -1);
    [zone.city, ...zone.aliases].forEach((name, ni) => {
      const key = normalizeText(name);
      const list = zonesByCity.get(key) ?? [];
      list.push({ zone: zone.id, name, path: [...zonePath, ...(ni === 0 ? ['city'] : ['aliases', ni - 1])] });
      zonesByCity.set(key, list);
    });
  });
  for (const [key, list] of zonesByCity) {
    const first = list[0]!;
    if (list.length === 1) names.add('zone', first.zone, first.name, first.path);
    else if (names.ownerOf(key) !== `region:${region.id}`) names.add('region', region.id, first.name, first.path);
  }
}

/** The address tables, each row's regions and zones checked against this edition's. */
function indexTables(
  files: ValidFile<TableFile>[],
  ctx: { anchors: Set<string>; regionById: Map<string, Region>; zoneById: Map<string, Zone> },
  problems: DataProblem[],
): Map<string, TableFile> {
  const tables = new Map<string, TableFile>();
  for (const { file, data } of files) {
    if (!data) continue;
    if (tables.has(data.id)) problems.push({ file, path: ['id'], message: `duplicate table id "${data.id}"` });
    if (!ctx.anchors.has(data.section)) problems.push({ file, path: ['section'], message: `unknown section "${data.section}"` });
    tables.set(data.id, data);
    data.entries.forEach((entry, ei) => checkTableRow(entry, file, ['entries', ei], ctx, problems));
  }
  return tables;
}

function checkTableRow(
  entry: TableFile['entries'][number],
  file: string,
  at: (string | number)[],
  ctx: { regionById: Map<string, Region>; zoneById: Map<string, Zone> },
  problems: DataProblem[],
): void {
  if (entry.regions !== 'global') {
    entry.regions.forEach((r, i) => {
      if (!ctx.regionById.has(r)) problems.push({ file, path: [...at, 'regions', i], message: `unknown region "${r}"${suggestRegion(r, ctx.regionById)}` });
    });
  }
  (entry.zones ?? []).forEach((z, i) => {
    const zone = ctx.zoneById.get(z);
    if (!zone) problems.push({ file, path: [...at, 'zones', i], message: `unknown zone "${z}"` });
    else if (entry.regions !== 'global' && !entry.regions.includes(zone.region)) {
      problems.push({ file, path: [...at, 'zones', i], message: `zone "${z}" belongs to region ${zone.region}, not ${entry.regions.join(', ')}` });
    }
  });
  if (entry.hosts.length + entry.deprecatedHosts.length + entry.addresses.length === 0) {
    problems.push({ file, path: at, message: 'lists no host and no address' });
  }
}

/** The scenarios in data order, each rule checked against the sections, parties, tables and conditions. */
function indexScenarios(
  raw: ValidDataset,
  refs: { anchors: Set<string>; parties: Map<string, Party>; tables: Map<string, TableFile>; conditions: Map<string, string> },
  problems: DataProblem[],
): { scenarios: Map<string, Scenario>; scenarioOrder: string[] } {
  const scenarios = new Map<string, Scenario>();
  const scenarioOrder: string[] = [];
  const ruleIds = new Map<string, string>();
  for (const { file, data } of raw.scenarios) {
    if (!data) continue;
    data.scenarios.forEach((entry, si) => {
      const at = (...rest: (string | number)[]) => ['scenarios', si, ...rest];
      if (scenarios.has(entry.id)) problems.push({ file, path: at('id'), message: `duplicate scenario id "${entry.id}"` });
      if (!refs.anchors.has(entry.section)) problems.push({ file, path: at('section'), message: `unknown section "${entry.section}"` });
      if (entry.rules.length === 0 && entry.includes.length === 0) {
        problems.push({ file, path: at('rules'), message: 'a scenario needs rules or includes' });
      }
      entry.rules.forEach((rule, ri) => {
        if (!rule.id.startsWith(`${entry.id}.`)) {
          problems.push({ file, path: at('rules', ri, 'id'), message: `rule id must start with its scenario id: "${entry.id}."` });
        }
        checkRule(rule, file, at('rules', ri), { ...refs, ruleIds, problems });
      });
      scenarios.set(entry.id, { ...entry, file, keywords: raw.topics.data.topics[entry.id]?.keywords ?? [], bundle: entry.rules.length === 0, leaves: [] });
      scenarioOrder.push(entry.id);
    });
  }
  return { scenarios, scenarioOrder };
}

function checkScenarioReferences(scenarios: Map<string, Scenario>, files: ValidFile<ScenariosFile>[], problems: DataProblem[]): void {
  for (const scenario of scenarios.values()) {
    const si = scenarioIndex(scenario, files);
    for (const [key, list] of [['requires', scenario.requires], ['includes', scenario.includes]] as const) {
      list.forEach((ref, i) => {
        if (!scenarios.has(ref)) problems.push({ file: scenario.file, path: ['scenarios', si, key, i], message: `unknown scenario "${ref}"` });
      });
    }
  }
}

/** The first loop of requires and includes, if any (every reference resolves by now). */
function checkNoLoop(scenarios: Map<string, Scenario>, files: ValidFile<ScenariosFile>[], problems: DataProblem[]): void {
  for (const scenario of scenarios.values()) {
    const cycle = findCycle(scenario.id, scenarios);
    if (cycle) {
      problems.push({ file: scenario.file, path: ['scenarios', scenarioIndex(scenario, files)], message: `scenarios refer to each other in a loop: ${cycle.join(' -> ')}` });
      return;
    }
  }
}

/** Page order: answers list rules in the order the page gives them, whatever the file layout. */
function inPageOrder(meta: DatasetMetaFile, scenarios: Map<string, Scenario>, scenarioOrder: string[]): void {
  const sectionRank = new Map(meta.sections.map((s, i) => [s.anchor, i]));
  scenarioOrder.sort((a, b) => (sectionRank.get(scenarios.get(a)!.section) ?? 0) - (sectionRank.get(scenarios.get(b)!.section) ?? 0));
  for (const scenario of scenarios.values()) scenario.leaves = leavesOf(scenario.id, scenarios, scenarioOrder);
}

/**
 * The topics of this edition's scenarios and their keywords, longest first, with the owner of each keyword.
 * topics.yml serves every edition: topics of scenarios this edition lacks are left out, not errors.
 */
function indexTopics(file: ValidFile<TopicsFile>, scenarios: Map<string, Scenario>, scenarioOrder: string[], problems: DataProblem[]) {
  const topics = new Map<string, Topic>();
  const keywords: KeywordEntry[] = [];
  const owners = new Map<string, string>();
  for (const id of scenarioOrder) {
    const topic = file.data.topics[id];
    if (!topic) {
      problems.push({ file: file.file, path: ['topics'], message: `scenario "${id}" (${scenarios.get(id)!.file}) has no topic; add its group, example and keywords` });
      continue;
    }
    topics.set(id, topic);
    topic.keywords.forEach((keyword, ki) => {
      const tokens = normalizeText(keyword).split(' ').filter(Boolean);
      const key = tokens.join(' ');
      const owner = owners.get(key);
      if (owner && owner !== id) {
        problems.push({ file: file.file, path: ['topics', id, 'keywords', ki], message: `keyword "${keyword}" is already a keyword of scenario "${owner}"` });
        return;
      }
      owners.set(key, id);
      keywords.push({ tokens, scenario: id });
    });
  }
  const addressWords = file.data.addressWords.map((w) => normalizeText(w).split(' ').filter(Boolean));
  keywords.push(...addressVariants(keywords, addressWords, owners));
  keywords.sort((a, b) => b.tokens.length - a.tokens.length);
  // Help lists topics as topics.yml orders them (groups together), not in page order.
  const inFileOrder = new Map(Object.keys(file.data.topics).filter((id) => topics.has(id)).map((id) => [id, topics.get(id)!]));
  return { topics: inFileOrder, keywords, owners, addressWords: new Set(addressWords.flat()) };
}

/**
 * What this edition's page does not cover. An entry whose name (its first keyword) is a topic of this edition is
 * what the page covers (Istio by 2021): left out. Its other words that a topic has (OpenShift's "openshift routes"
 * by 2025) go to the topic, and the entry points to it.
 */
function indexNotCovered(file: ValidFile<NotCoveredFile>, owners: Map<string, string>, problems: DataProblem[]): NotCovered[] {
  const ownerOf = (keyword: string) => owners.get(normalizeText(keyword).split(' ').filter(Boolean).join(' '));
  return file.data.notCovered.flatMap((entry, ei) => {
    if (ownerOf(entry.keywords[0]!) !== undefined) return [];
    const keywordTokens: string[][] = [];
    const topicsHere = new Set<string>();
    entry.keywords.forEach((keyword, ki) => {
      const tokens = normalizeText(keyword).split(' ').filter(Boolean);
      const owner = owners.get(tokens.join(' '));
      if (owner?.startsWith('not covered: ')) {
        problems.push({ file: file.file, path: ['notCovered', ei, 'keywords', ki], message: `keyword "${keyword}" is already a keyword of ${owner}` });
        return;
      }
      if (owner) {
        topicsHere.add(owner);
        return;
      }
      owners.set(tokens.join(' '), `not covered: ${entry.id}`);
      keywordTokens.push(tokens);
    });
    return [{ ...entry, keywordTokens: keywordTokens.sort((a, b) => b.length - a.length), topicsHere: [...topicsHere] }];
  });
}

/**
 * The edition's parties: each one it lists takes the common file's definition of that id, if any, with the
 * edition's own fields over it. A common party the edition does not list is not one of its roles (the 2019 page
 * has no private service endpoint).
 */
function mergeParties(common: ValidFile<PartiesFile>, own: ValidFile<PartiesFile>, problems: DataProblem[]): Map<string, Party> {
  const commonById = new Map<string, PartyEntry>();
  common.data.parties.forEach((party, pi) => {
    if (commonById.has(party.id)) problems.push({ file: common.file, path: ['parties', pi, 'id'], message: `duplicate party id "${party.id}"` });
    commonById.set(party.id, party);
  });
  const parties = new Map<string, Party>();
  own.data.parties.forEach((entry, pi) => {
    if (parties.has(entry.id)) problems.push({ file: own.file, path: ['parties', pi, 'id'], message: `duplicate party id "${entry.id}"` });
    const merged = { ...commonById.get(entry.id), ...entry };
    const { label, placeholder } = merged;
    if (label === undefined || placeholder === undefined) {
      const missing = [label === undefined ? 'label' : null, placeholder === undefined ? 'placeholder' : null].filter(Boolean).join(' and ');
      problems.push({ file: own.file, path: ['parties', pi], message: `party "${entry.id}" needs a ${missing} (common-parties.yml does not define this party or gives none)` });
      return;
    }
    parties.set(entry.id, { ...merged, label, placeholder, questionSource: merged.questionSource ?? false, find: merged.find ?? [] });
  });
  return parties;
}

/** "master ips" is also "master cidrs", "master ranges", ...: each variant no topic already uses. */
function addressVariants(keywords: KeywordEntry[], addressWords: string[][], seenKeywords: Map<string, string>): KeywordEntry[] {
  const variants: KeywordEntry[] = [];
  const endsWith = (tokens: string[], tail: string[]) => tokens.length > tail.length && tail.every((t, i) => tokens[tokens.length - tail.length + i] === t);
  for (const keyword of keywords) {
    const tail = addressWords.filter((w) => endsWith(keyword.tokens, w)).sort((a, b) => b.length - a.length)[0];
    if (!tail) continue;
    const head = keyword.tokens.slice(0, -tail.length);
    for (const other of addressWords) {
      const tokens = [...head, ...other];
      const key = tokens.join(' ');
      if (seenKeywords.has(key)) continue;
      seenKeywords.set(key, keyword.scenario);
      variants.push({ tokens, scenario: keyword.scenario });
    }
  }
  return variants;
}

function formatWordsOf(formats: Record<string, string[]>, file: string, problems: DataProblem[]): Map<string, OutputFormat> {
  const words = new Map<string, OutputFormat>();
  for (const [format, list] of Object.entries(formats)) {
    if (!isOutputFormat(format)) {
      problems.push({ file, path: ['formats', format], message: `"${format}" is not an output format (${OUTPUT_FORMATS.join(', ')})` });
      continue;
    }
    for (const word of list) words.set(word.toLowerCase(), format);
  }
  return words;
}

/** A filter's topics may be ones this edition lacks (topics.yml serves every edition): their leaves are none. */
function answerFilters(entries: FilterEntry[], scenarios: ReadonlyMap<string, Scenario>): AnswerFilter[] {
  return entries.map((entry) => {
    return {
      kind: entry.kind,
      value: entry.value,
      words: entry.words.map((w) => normalizeText(w).split(' ').filter(Boolean)),
      leaves: new Set(entry.topics.flatMap((t) => scenarios.get(t)?.leaves ?? [])),
      parties: new Set(entry.parties),
    };
  });
}

function placesOfRegionsFile(regionsData: RegionsFile, zoneById: ReadonlyMap<string, Zone>, regionById: ReadonlyMap<string, Region>): Map<string, KnownPlace> {
  const places = new Map<string, KnownPlace>();
  const listing = (entry: { firstListed?: string | undefined; lastListed?: string | undefined }) => ({
    ...(entry.firstListed ? { firstListed: entry.firstListed } : {}),
    ...(entry.lastListed ? { lastListed: entry.lastListed } : {}),
  });
  for (const region of regionsData.regions) {
    places.set(region.id, { kind: 'region', id: region.id, name: region.pageName, region: region.id, inEdition: regionById.has(region.id), clusterZone: false, ...listing(region) });
    for (const zone of region.zones) {
      const listed = zoneById.get(zone.id);
      places.set(zone.id, { kind: 'zone', id: zone.id, name: zone.city, region: listed?.region ?? region.id, inEdition: listed !== undefined, clusterZone: zone.clusterZone, ...listing(zone) });
    }
  }
  return places;
}

/**
 * An edition listing a data centre as a cluster zone. Whether firstListed/lastListed match the shipped editions
 * is checked by test/places.test.ts, not here: an import of another kube-samples commit (older, or one a
 * deployment follows) may list a place at another date, and must still load.
 */
function listingProblems(places: ReadonlyMap<string, KnownPlace>, metaFileName: string): DataProblem[] {
  const problems: DataProblem[] = [];
  for (const place of places.values()) {
    if (place.inEdition && !place.clusterZone && place.kind === 'zone') {
      problems.push({ file: metaFileName, path: ['regions'], message: `lists ${place.id}, which regions.yml marks clusterZone: false` });
    }
  }
  return problems;
}

/**
 * The names of the regions and zones this edition lacks, where no place of the edition uses them: a question
 * about them is then told where they are listed instead of being corrected into another place.
 */
function addNamesOfPlacesElsewhere(regionsData: RegionsFile, places: ReadonlyMap<string, KnownPlace>, seenNames: Map<string, string>, placeNames: PlaceName[]): void {
  const add = (kind: 'region' | 'zone', id: string, name: string) => {
    const tokens = normalizeText(name).split(' ').filter(Boolean);
    const key = tokens.join(' ');
    if (!key || seenNames.has(key)) return;
    seenNames.set(key, `${kind}:${id}`);
    placeNames.push({ kind, id, name, tokens, elsewhere: true });
  };
  for (const region of regionsData.regions) {
    if (!places.get(region.id)!.inEdition) [region.id, region.legacyId, region.pageName, region.metro, ...region.aliases].forEach((name) => add('region', region.id, name));
    for (const zone of region.zones) {
      if (places.get(zone.id)!.inEdition) continue;
      add('zone', zone.id, zone.id);
      const sharesCity = (name: string) => region.zones.some((other) => other.id !== zone.id && [other.city, ...other.aliases].some((n) => normalizeText(n) === normalizeText(name)));
      [zone.city, ...zone.aliases].filter((name) => !sharesCity(name)).forEach((name) => add('zone', zone.id, name));
    }
  }
}

function checkRule(
  rule: RuleEntry,
  file: string,
  path: (string | number)[],
  ctx: {
    anchors: Set<string>;
    parties: Map<string, Party>;
    tables: Map<string, TableFile>;
    conditions: Map<string, string>;
    ruleIds: Map<string, string>;
    problems: DataProblem[];
  },
) {
  const { problems } = ctx;
  const owner = ctx.ruleIds.get(rule.id);
  if (owner) problems.push({ file, path: [...path, 'id'], message: `duplicate rule id "${rule.id}" (also in ${owner})` });
  ctx.ruleIds.set(rule.id, file);
  if (!ctx.anchors.has(rule.section)) problems.push({ file, path: [...path, 'section'], message: `unknown section "${rule.section}"` });
  if (rule.condition !== undefined && !ctx.conditions.has(rule.condition)) {
    const known = [...ctx.conditions.keys()];
    problems.push({ file, path: [...path, 'condition'], message: `unknown condition "${rule.condition}"; ${known.length > 0 ? `known: ${known.join(', ')}` : 'dataset.yml lists no conditions'}` });
  }
  const checkEndpoint = (endpoint: Endpoint, at: (string | number)[]) => {
    if ('party' in endpoint && !ctx.parties.has(endpoint.party)) {
      problems.push({ file, path: [...at, 'party'], message: `unknown party "${endpoint.party}"; known: ${[...ctx.parties.keys()].join(', ')}` });
    }
    if ('table' in endpoint && !ctx.tables.has(endpoint.table)) {
      problems.push({ file, path: [...at, 'table'], message: `unknown table "${endpoint.table}"; known: ${[...ctx.tables.keys()].join(', ')}` });
    }
    if ('hosts' in endpoint && endpoint.hosts.length + endpoint.addresses.length === 0) {
      problems.push({ file, path: at, message: 'lists no host and no address' });
    }
  };
  rule.from.forEach((e, i) => checkEndpoint(e, [...path, 'from', i]));
  rule.to.forEach((e, i) => checkEndpoint(e, [...path, 'to', i]));
  const portless = rule.protocols.filter((p) => p === 'vrrp' || p === 'ipencap' || p === 'all');
  if (portless.length === rule.protocols.length && (rule.ports.length > 0 || rule.clusterPort)) {
    problems.push({ file, path: [...path, 'ports'], message: `${portless.join(', ')} has no ports; remove the ports` });
  }
  if (rule.protocols.includes('all') && rule.protocols.length > 1) {
    problems.push({ file, path: [...path, 'protocols'], message: '"all" already covers every protocol; list it alone' });
  }
}

function scenarioIndex(scenario: Scenario, files: { file: string; data: { scenarios: ScenarioEntry[] } | null }[]): number {
  const data = files.find((f) => f.file === scenario.file)?.data;
  return data ? data.scenarios.findIndex((s) => s.id === scenario.id) : 0;
}

function findCycle(start: string, scenarios: Map<string, Scenario>): string[] | null {
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    if (stack.includes(id)) return [...stack.slice(stack.indexOf(id)), id];
    stack.push(id);
    const s = scenarios.get(id);
    for (const next of [...(s?.requires ?? []), ...(s?.includes ?? [])]) {
      const found = visit(next);
      if (found) return found;
    }
    stack.pop();
    return null;
  };
  return visit(start);
}

function leavesOf(id: string, scenarios: Map<string, Scenario>, order: string[]): string[] {
  const out = new Set<string>();
  const walk = (sid: string) => {
    const s = scenarios.get(sid)!;
    if (!s.bundle) out.add(sid);
    s.includes.forEach(walk);
  };
  walk(id);
  return order.filter((sid) => out.has(sid));
}

function suggestRegion(name: string, regions: Map<string, Region>): string {
  const near = closest(name, [...regions.keys()], 2);
  return near.length > 0 ? `; did you mean ${near.join(' or ')}?` : `; known regions: ${[...regions.keys()].join(', ')}`;
}
