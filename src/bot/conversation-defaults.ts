import { isValidClusterName, type ParsedQuestion } from '../core/parse/question.js';
import type { Dataset } from '../core/dataset/build.js';
import type { Scope, ScopeSettings } from './conversation-state.js';

/**
 * A question read with its conversation's defaults: a question that names no region, zone or cluster is asked
 * for the default region and cluster; one that names no edition, from the default edition. Whatever the
 * question names wins. Pure: the caller reads the settings and answers the result.
 */
export interface QuestionWithDefaults {
  parsed: ParsedQuestion;
  /** The defaults the question took, for the audit line. */
  applied: ScopeSettings;
  /** "in eu-de, this channel's default"; null when no default applied. */
  phrase: string | null;
  /** Stored defaults this dataset cannot take (a region it does not list): said, never used. */
  ignored: string[];
}

export function applyDefaults(parsed: ParsedQuestion, settings: ScopeSettings, scope: Scope['kind'], dataset: Dataset): QuestionWithDefaults {
  const unchanged: QuestionWithDefaults = { parsed, applied: {}, phrase: null, ignored: [] };
  // A question porthole could not read (an unknown region) gets its problem, not an answer for the default.
  if (parsed.problems.length > 0) return unchanged;
  const { query } = parsed;
  const ignored: string[] = [];
  const applied: ScopeSettings = {};
  if (query.region === null && query.zone === null && query.cluster === null) {
    Object.assign(applied, usablePlace(settings, dataset, ignored));
  }
  if (query.edition === undefined && settings.edition !== undefined) {
    if (dataset.editions.includes(settings.edition)) applied.edition = settings.edition;
    else ignored.push(`The default edition ${settings.edition} is not in the data folder any more (editions: ${dataset.editions.join(', ')}).`);
  }
  if (Object.keys(applied).length === 0) return { ...unchanged, ignored };
  const phrase = defaultsPhrase(applied, scope);
  return {
    parsed: {
      ...parsed,
      query: { ...query, ...(applied.region ? { region: applied.region } : {}), ...(applied.cluster ? { cluster: applied.cluster } : {}), ...(applied.edition ? { edition: applied.edition } : {}) },
      ...(parsed.reading !== undefined ? { reading: `${parsed.reading} ${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}.` } : {}),
    },
    applied,
    phrase,
    ignored,
  };
}

/** The stored region and cluster this dataset can answer for; settings are read back from storage, so checked again. */
function usablePlace(settings: ScopeSettings, dataset: Dataset, ignored: string[]): ScopeSettings {
  const place: ScopeSettings = {};
  if (settings.region !== undefined) {
    if (dataset.regionById.has(settings.region)) place.region = settings.region;
    else ignored.push(`The default region ${settings.region} is not listed in the ${dataset.edition} edition.`);
  }
  if (settings.cluster !== undefined) {
    if (isValidClusterName(settings.cluster)) place.cluster = settings.cluster;
    else ignored.push('The default cluster is not a cluster name; set it again.');
  }
  return place;
}

/** "in eu-de, for cluster prod-fra, this channel's defaults"; "from the 2025-07-08 edition, your default". */
export function defaultsPhrase(applied: ScopeSettings, scope: Scope['kind']): string {
  const parts = [
    ...(applied.region ? [`in ${applied.region}`] : []),
    ...(applied.cluster ? [`for cluster ${applied.cluster}`] : []),
    ...(applied.edition ? [`from the ${applied.edition} edition`] : []),
  ];
  const owner = scope === 'channel' ? "this channel's" : 'your';
  return `${parts.join(', ')}, ${owner} default${parts.length > 1 ? 's' : ''}`;
}
