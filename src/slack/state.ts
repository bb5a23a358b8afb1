import type { Query } from '../core/answer.js';
import type { Dataset } from '../core/dataset/build.js';
import type { ParsedQuestion } from '../core/parse/question.js';
import { isValidClusterName } from '../core/parse/question.js';
import { escapeMrkdwn } from './escape.js';

/**
 * The question behind a message, in a compact form that fits where Slack gives it back to us: a `block_id`
 * (255 characters) for the region picker, a button `value` (2000) for "Share in channel". Static-select option
 * values hold only 150 characters, so the picker's options carry just the region id.
 *
 * Form: `q1;<scenario ids joined by ,>;<region>;<zone>;<cluster>` and, for the share button, `;<question text>`
 * (the question is display-only: everything needed to answer is in the first five fields). The question is
 * stored with `&`, `<`, `>` entity-encoded, so not even an opaque value carries a Slack control sequence.
 */
export interface QueryState {
  scenarios: string[];
  region: string | null;
  zone: string | null;
  cluster: string | null;
  /** The question as asked, shown with a shared answer. */
  question: string | null;
}

const VERSION = 'q1';
const ID = /^[a-z0-9][a-z0-9-]*$/;
const ZONE = /^[a-z]{3}\d{2}$/;

export function stateOf(query: Query, question: string | null = null): QueryState {
  return { scenarios: query.scenarios, region: query.region, zone: query.zone, cluster: query.cluster, question };
}

/** Encodes `state`; the question is dropped (never cut) when the whole would not fit in `max`. Null when even that does not fit. */
export function encodeState(state: QueryState, max: number): string | null {
  const head = [VERSION, state.scenarios.join(','), state.region ?? '', state.zone ?? '', state.cluster ?? ''].join(';');
  if (state.question !== null) {
    const full = `${head};${escapeMrkdwn(state.question)}`;
    if (full.length <= max) return full;
  }
  return head.length <= max ? head : null;
}

/** Decodes and checks against the dataset; null when the value is not ours or names what the dataset lacks. */
export function decodeState(value: string, dataset: Dataset): QueryState | null {
  const parts = value.split(';');
  if (parts.length < 5 || parts[0] !== VERSION) return null;
  const [, scenarioList = '', region = '', zone = '', cluster = ''] = parts;
  const question = parts.length > 5 ? parts.slice(5).join(';').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : null;
  const scenarios = scenarioList === '' ? [] : scenarioList.split(',');
  if (scenarios.length === 0 || !scenarios.every((s) => ID.test(s) && dataset.scenarios.has(s))) return null;
  if (region !== '' && !dataset.regionById.has(region)) return null;
  if (zone !== '' && (!ZONE.test(zone) || dataset.zoneById.get(zone)?.region !== (region || undefined))) return null;
  if (cluster !== '' && !isValidClusterName(cluster)) return null;
  return { scenarios, region: region || null, zone: zone || null, cluster: cluster || null, question };
}

/** A parsed question rebuilt from a state, with `region` (and no zone) when a region was picked. */
export function parsedFromState(state: QueryState, pickedRegion?: string): ParsedQuestion {
  const region = pickedRegion ?? state.region;
  const zone = pickedRegion !== undefined && pickedRegion !== state.region ? null : state.zone;
  const text = state.question ?? [state.scenarios.join(' '), zone ?? region ?? '', state.cluster ? `cluster ${state.cluster}` : ''].filter(Boolean).join(' ');
  return {
    query: { text, scenarios: [...state.scenarios], region, zone, cluster: state.cluster, format: null },
    problems: [],
    notes: [],
  };
}
