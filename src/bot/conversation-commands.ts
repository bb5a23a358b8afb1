import { chooseEdition } from '../core/dataset/editions.js';
import type { Dataset } from '../core/dataset/build.js';
import { clusterNameProblem } from '../core/cluster-name.js';
import { closest, normalizeText } from '../core/text.js';

/**
 * The commands that change a conversation's defaults and watches, read from what a person typed
 * (`set region eu-de`, `watch kubectl eu-de`, `unwatch all`) and checked against one dataset. Pure: it reads
 * text and a dataset and returns a typed command or one clear problem; storing and replying are the caller's.
 */

export type SettingKey = 'region' | 'cluster' | 'edition';
export const SETTING_KEYS: readonly SettingKey[] = ['region', 'cluster', 'edition'];

/** What a watch follows: one topic (scenario id) or all (null), in one region or all (null). */
export interface Watch {
  topic: string | null;
  region: string | null;
}

export type ConversationCommand =
  | { command: 'set'; key: SettingKey; value: string }
  | { command: 'settings' }
  | { command: 'unset'; key: SettingKey | 'all' }
  | { command: 'watch'; watch: Watch }
  | { command: 'watches' }
  | { command: 'unwatch'; watch: Watch | 'all' };

export interface CommandProblem {
  /** One or two sentences for the person, with what to type instead. */
  message: string;
  /** Values to offer ("did you mean …"): region ids, topic words or edition ids. */
  suggestions: string[];
}

export type CommandReading = { ok: true; command: ConversationCommand } | { ok: false; problem: CommandProblem };

const VERBS = new Set(['set', 'settings', 'unset', 'watch', 'watches', 'unwatch']);

/**
 * Null when `text` is no conversation command (a question, to be answered as one); else the command, or the
 * problem with it. Only the first word decides: `set …`, `settings`, `unset …`, `watch …`, `watches`, `unwatch …`.
 */
export function parseConversationCommand(text: string, dataset: Dataset): CommandReading | null {
  const typed = text.trim().split(/\s+/).filter(Boolean);
  const verb = typed[0]?.toLowerCase();
  if (verb === undefined || !VERBS.has(verb)) return null;
  // "set up kubectl in eu-de" is a question; "set regoin eu-de" a mistyped command.
  if (verb === 'set' && !nearSettingKey(typed[1])) return null;
  // Cluster names keep their case; everything else is read lowercase.
  const namesCluster = verb === 'set' && typed[1]?.toLowerCase() === 'cluster';
  const rest = typed.slice(1).map((w, i) => (namesCluster && i > 0 ? w : w.toLowerCase()));
  switch (verb) {
    case 'set':
      return readSet(rest, dataset);
    case 'unset':
      return readUnset(rest);
    case 'watch':
      return readWatch(rest, dataset, 'watch');
    case 'unwatch':
      return rest.length === 1 && rest[0] === 'all' ? command({ command: 'unwatch', watch: 'all' }) : readWatch(rest, dataset, 'unwatch');
    default:
      return rest.length === 0 ? command({ command: verb as 'settings' | 'watches' }) : problem(`\`${verb}\` takes nothing after it.`, [verb]);
  }
}

function command(parsed: ConversationCommand): CommandReading {
  return { ok: true, command: parsed };
}

function problem(message: string, suggestions: string[] = []): CommandReading {
  return { ok: false, problem: { message, suggestions } };
}

function nearSettingKey(word: string | undefined): boolean {
  return word === undefined || closest(word, SETTING_KEYS, 2).length > 0;
}

function isSettingKey(word: string | undefined): word is SettingKey {
  return (SETTING_KEYS as readonly string[]).includes(word ?? '');
}

function readSet(words: string[], dataset: Dataset): CommandReading {
  const [key, ...value] = words;
  const examples = [`set region ${dataset.regions[0]?.id ?? ''}`, 'set cluster prod-fra', `set edition ${dataset.editions.at(-1) ?? dataset.edition}`];
  if (!isSettingKey(key)) return problem(`Set what?${key ? ` "${key}" is not a setting.` : ''} Write \`set region …\`, \`set cluster …\` or \`set edition …\`.`, examples);
  if (value.length === 0) return problem(`\`set ${key}\` needs a value, for example \`${examples[SETTING_KEYS.indexOf(key)]}\`.`, examples);
  const given = value.join(' ');
  if (key === 'cluster') return readCluster(value);
  if (key === 'region') {
    const region = readRegion(given, dataset);
    return region.ok ? command({ command: 'set', key, value: region.id }) : { ok: false, problem: region.problem };
  }
  const edition = chooseEdition(dataset.editions, given);
  return edition.ok ? command({ command: 'set', key, value: edition.id }) : problem(`Edition: ${edition.message}.`, closest(given, dataset.editions, 3));
}

function readCluster(value: string[]): CommandReading {
  const given = value.join(' ');
  const clusterProblem = value.length > 1 ? `A cluster name is one word; "${given}" is several.` : clusterNameProblem(given);
  return clusterProblem === null ? command({ command: 'set', key: 'cluster', value: given }) : problem(clusterProblem);
}

function readUnset(words: string[]): CommandReading {
  const [key, ...extra] = words;
  if (extra.length === 0 && (isSettingKey(key) || key === 'all')) return command({ command: 'unset', key });
  return problem('Unset what? Write `unset region`, `unset cluster`, `unset edition` or `unset all`.', ['unset region', 'unset cluster', 'unset edition', 'unset all']);
}

/** `watch [topic] [region]`: a region last, if any; the words before it name one topic. */
function readWatch(words: string[], dataset: Dataset, verb: 'watch' | 'unwatch'): CommandReading {
  let region: string | null = null;
  let topicWords = words;
  const last = words.at(-1);
  if (last !== undefined && (regionIdOf(last, dataset) !== null || dataset.zoneById.has(last) || looksLikeRegionId(last, dataset))) {
    const read = readRegion(last, dataset);
    if (!read.ok) return { ok: false, problem: read.problem };
    region = read.id;
    topicWords = words.slice(0, -1);
  }
  if (topicWords.length === 0) return command({ command: verb, watch: { topic: null, region } });
  const topic = readTopic(topicWords.join(' '), dataset);
  return topic.ok ? command({ command: verb, watch: { topic: topic.id, region } }) : { ok: false, problem: topic.problem };
}

type Read = { ok: true; id: string } | { ok: false; problem: CommandProblem };

function regionIdOf(word: string, dataset: Dataset): string | null {
  const byId = dataset.regions.find((r) => r.id === word || r.legacyId === word);
  if (byId) return byId.id;
  const words = normalizeText(word);
  return dataset.placeNames.find((p) => p.kind === 'region' && p.tokens.join(' ') === words)?.id ?? null;
}

/** "eu-dee", "us-sout": shaped like a region id, with a prefix some region has. */
function looksLikeRegionId(word: string, dataset: Dataset): boolean {
  const prefix = /^([a-z]{2})-[a-z]+$/.exec(word)?.[1];
  return prefix !== undefined && dataset.regions.some((r) => r.id.startsWith(`${prefix}-`) || r.legacyId.startsWith(`${prefix}-`));
}

/** A region by id, legacy id or name; a zone or an unknown word gets what to write instead, never another place. */
function readRegion(given: string, dataset: Dataset): Read {
  const id = regionIdOf(given, dataset);
  if (id !== null) return { ok: true, id };
  const zone = dataset.zoneById.get(given);
  if (zone) return { ok: false, problem: { message: `${given} is a zone of ${zone.region}; defaults and watches take a region: write ${zone.region}.`, suggestions: [zone.region] } };
  const ids = dataset.regions.flatMap((r) => [r.id, r.legacyId]);
  const near = [...new Set(closest(given, ids, 3).map((n) => regionIdOf(n, dataset)!))];
  const all = dataset.regions.map((r) => r.id);
  const hint = near.length > 0 ? ` Did you mean ${near.join(' or ')}?` : ` Regions: ${all.join(', ')}.`;
  return { ok: false, problem: { message: `"${given}" is not a region this edition lists.${hint}`, suggestions: near.length > 0 ? near : all } };
}

/** A topic by scenario id or by one of its keywords ("kubectl", "container registry"). */
function readTopic(given: string, dataset: Dataset): Read {
  if (dataset.scenarios.has(given)) return { ok: true, id: given };
  const words = normalizeText(given);
  const keyword = dataset.keywords.find((k) => k.tokens.join(' ') === words);
  if (keyword) return { ok: true, id: keyword.scenario };
  const near = closest(given, [...dataset.scenarioOrder, ...dataset.keywords.map((k) => k.tokens.join(' '))], 3);
  const hint = near.length > 0 ? ` Did you mean ${near.join(' or ')}?` : ' `porthole topics` (or `help`) lists them.';
  return { ok: false, problem: { message: `"${given}" is not a topic I know.${hint}`, suggestions: near } };
}
