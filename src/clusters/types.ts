import type { ClusterFacts } from '../core/answer.js';

export type ClusterSource = 'file' | 'iks';

export type UnavailableReason = 'timeout' | 'outage' | 'malformed';

/** The outcome of one lookup. Lookups never throw; every failure is one of these values. */
export type ClusterLookupResult =
  | { status: 'found'; facts: ClusterFacts; source: ClusterSource; cached: boolean }
  | { status: 'not-found'; name: string; suggestions: string[] }
  /** The API key or its token was refused; `detail` is for the admin log, not for the asker. */
  | { status: 'unauthorized'; detail: string }
  /** The key is valid but may not see the cluster; `detail` is for the admin log. */
  | { status: 'forbidden'; detail: string }
  | { status: 'unavailable'; reason: UnavailableReason; detail: string }
  | { status: 'invalid-name'; message: string }
  | { status: 'not-configured' };

export interface ClusterListEntry {
  source: ClusterSource;
  name: string;
  id: string;
  /** The dataset region id when resolveRegion knows it, otherwise the region as the source wrote it. */
  region: string;
}

export type SourceFailure = Extract<ClusterLookupResult, { status: 'unauthorized' | 'forbidden' | 'unavailable' }>;

export type ClusterListResult =
  | { status: 'listed'; clusters: ClusterListEntry[]; failures: Array<{ source: ClusterSource } & SourceFailure> }
  | { status: 'not-configured' };

/** Maps a region as IBM Cloud writes it (current "eu-de" or legacy "eu-central") to a dataset region id. */
export type ResolveRegion = (name: string) => string | null;

/** The part of a pino logger the directory uses. */
export interface ClusterLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export type FetchLike = typeof fetch;

/** Thrown inside the module only, to carry a failure value up to the directory, which returns it. */
export class LookupFailure extends Error {
  constructor(readonly result: SourceFailure) {
    super(`${result.status}: ${result.detail}`);
    this.name = 'LookupFailure';
  }
}

export const unavailable = (reason: UnavailableReason, detail: string): LookupFailure =>
  new LookupFailure({ status: 'unavailable', reason, detail });
