import { createHash } from 'node:crypto';
import type { Answer } from '../core/answer.js';

const MAX_BASE_NAME = 80;

export interface SlugOptions {
  /** At most this many characters; a longer slug is cut and ends in a short hash of the whole, so it stays unique. */
  maxLength: number;
  /** Keep dots (file names, network set names); without, dots become dashes too (Calico policy names). */
  dots?: boolean;
}

/**
 * A file or resource name from any text: lowercase letters, digits, dashes (and dots when asked), neither
 * starting nor ending with a dash or dot. Empty when the text has no letter or digit.
 */
export function slugify(text: string, { maxLength, dots = true }: SlugOptions): string {
  const name = text
    .toLowerCase()
    .replace(dots ? /[^a-z0-9.]+/g : /[^a-z0-9]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/-*\.-*/g, '.')
    .replace(/^[-.]+|[-.]+$/g, '');
  if (name.length <= maxLength) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, maxLength - hash.length - 1).replace(/[-.]+$/, '')}-${hash}`;
}

/**
 * `porthole-kubectl-eu-de`: the scenarios asked for, then the zone (or region) and the cluster, in lowercase
 * letters, digits, dots and dashes only, so that it is safe as a file name and as a Kubernetes resource name.
 */
export function exportBaseName(answer: Answer): string {
  const asked = answer.scenarios.filter((s) => !s.prerequisite).map((s) => s.id);
  const scenarios = answer.query.scenarios.length > 0 ? answer.query.scenarios : asked;
  const parts = ['porthole', ...scenarios, answer.query.zone ?? answer.query.region ?? '', answer.cluster?.name ?? answer.query.cluster ?? ''];
  return slugify(parts.join(' '), { maxLength: MAX_BASE_NAME });
}
