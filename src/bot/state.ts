import { createHash } from 'node:crypto';
import type { Query } from '../core/answer.js';
import type { Dataset } from '../core/dataset/build.js';
import type { EditionSet } from './dispatch.js';
import { isValidClusterName, type ParsedQuestion } from '../core/parse/question.js';

/**
 * Conversation state: the question behind a message, in a compact form that fits where a chat platform gives it
 * back with a button or menu choice (Slack: a `block_id` of 255 characters for the region picker and the Export
 * menu, a button `value` of 2000 for "Share in channel").
 *
 * Form: `q3;<scenario ids joined by ,>;<region>;<zone>;<cluster>;<flags>;<edition>` and optionally `;<question
 * text>` (the question is display-only: everything needed to answer is in the fields before it). Flags: `o` when
 * the asker wants optional rules active in exports (Query.includeOptional). The edition is the id of the edition
 * the answer came from, so that a button under an answer "as of 2019" rebuilds it from 2019; empty for the
 * newest edition (the commonest answer keeps its block_id short). The question is stored percent-encoded, so the value never carries a separator or a chat
 * platform's control characters. Values of the earlier forms `q1` (no flags) and `q2` (no edition) under
 * messages posted before still decode, as answers of the current edition.
 */
export interface QueryState {
  scenarios: string[];
  region: string | null;
  zone: string | null;
  cluster: string | null;
  /** The asker wants optional rules active in exports. */
  includeOptional?: boolean;
  /** The question as asked, shown with a shared answer. */
  question: string | null;
  /** The edition the answer came from, when not the newest. */
  edition?: string;
}

const VERSION = 'q3';
/** How many fields come before the question, per version. */
const HEAD_FIELDS: Record<string, number> = { q1: 5, q2: 6, q3: 7 };
/** Where the edition is in a q3 value. */
const EDITION_FIELD = 6;
const ID = /^[a-z0-9][a-z0-9-]*$/;
const ZONE = /^[a-z]{3}\d{2}$/;

/** The state of an answer's query; `edition` names the edition it came from when that is not the newest. */
export function stateOf(query: Query, question: string | null = null, edition?: string): QueryState {
  return {
    scenarios: query.scenarios,
    region: query.region,
    zone: query.zone,
    cluster: query.cluster,
    ...(query.includeOptional === true ? { includeOptional: true } : {}),
    question,
    ...(edition !== undefined ? { edition } : {}),
  };
}

/** Encodes `state`; the question is dropped (never cut) when the whole would not fit in `max`. Null when even that does not fit. */
export function encodeState(state: QueryState, max: number): string | null {
  const head = [VERSION, state.scenarios.join(','), state.region ?? '', state.zone ?? '', state.cluster ?? '', state.includeOptional === true ? 'o' : '', state.edition ?? ''].join(';');
  if (state.question !== null) {
    const full = `${head};${encodeURIComponent(state.question)}`;
    if (full.length <= max) return full;
  }
  return head.length <= max ? head : null;
}

function decodeQuestion(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** Decodes and checks against the dataset; null when the value is not ours or names what the dataset lacks. */
export function decodeState(value: string, dataset: Dataset): QueryState | null {
  const parts = value.split(';');
  const headFields = HEAD_FIELDS[parts[0] ?? ''];
  if (headFields === undefined || parts.length < headFields || parts.length > headFields + 1) return null;
  const [, scenarioList = '', region = '', zone = '', cluster = ''] = parts;
  const flags = headFields >= 6 ? parts[5]! : '';
  if (flags !== '' && flags !== 'o') return null;
  const edition = headFields > EDITION_FIELD ? parts[EDITION_FIELD]! : '';
  if (edition !== '' && edition !== dataset.edition) return null;
  const question = parts.length > headFields ? decodeQuestion(parts[headFields]!) : null;
  if (parts.length > headFields && question === null) return null;
  const scenarios = scenarioList === '' ? [] : scenarioList.split(',');
  if (scenarios.length === 0 || !scenarios.every((s) => ID.test(s) && dataset.scenarios.has(s))) return null;
  if (region !== '' && !dataset.regionById.has(region)) return null;
  if (zone !== '' && (!ZONE.test(zone) || dataset.zoneById.get(zone)?.region !== (region || undefined))) return null;
  if (cluster !== '' && !isValidClusterName(cluster)) return null;
  return { scenarios, region: region || null, zone: zone || null, cluster: cluster || null, ...(flags === 'o' ? { includeOptional: true } : {}), question, ...(edition !== '' ? { edition } : {}) };
}

/**
 * Decodes a state in the edition it names, read the first time a button needs it; null when the value is not
 * ours or names an edition or values that edition lacks.
 */
export async function decodeStateIn(value: string, editions: EditionSet): Promise<{ state: QueryState; dataset: Dataset } | null> {
  const parts = value.split(';');
  if (HEAD_FIELDS[parts[0] ?? ''] === undefined) return null;
  // q1 and q2 values were written by answers of the current edition; in q3, empty is the newest.
  const named = parts[0] === 'q3' ? (parts[EDITION_FIELD] ?? '') : null;
  const id = named === null ? editions.current.edition : named === '' ? editions.ids.at(-1) : named;
  if (id === undefined || !editions.ids.includes(id)) return null;
  const dataset = await editions.load(id);
  const state = decodeState(value, dataset);
  return state === null ? null : { state, dataset };
}

/** A parsed question rebuilt from a state, with `region` (and no zone) when a region was picked. */
export function parsedFromState(state: QueryState, pickedRegion?: string): ParsedQuestion {
  const region = pickedRegion ?? state.region;
  const zone = pickedRegion !== undefined && pickedRegion !== state.region ? null : state.zone;
  const text = state.question ?? [state.scenarios.join(' '), zone ?? region ?? '', state.cluster ? `cluster ${state.cluster}` : ''].filter(Boolean).join(' ');
  return {
    query: { text, scenarios: [...state.scenarios], region, zone, cluster: state.cluster, format: null, ...(state.includeOptional === true ? { includeOptional: true } : {}) },
    problems: [],
    notes: [],
  };
}

/**
 * The key under which a shared answer is remembered (with the redelivery memory, in Redis when replicas share
 * one), so that repeated clicks on one answer's "Share in channel" post it once: the channel, the person, the
 * message holding the button (when the platform names it) and the answer's state, hashed to a short key.
 */
export function sharedAnswerKey(channelId: string, userId: string, messageTs: string | null, value: string): string {
  const digest = createHash('sha256').update(value).digest('base64url').slice(0, 22);
  return `share:${channelId}:${userId}:${messageTs ?? '-'}:${digest}`;
}
