import type { Answer } from '../core/answer.js';

const MAX_BASE_NAME = 80;

function sanitize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[-.]+|[-.]+$/g, '');
}

/**
 * `porthole-kubectl-eu-de`: the scenarios asked for, then the zone (or region) and the cluster, in lowercase
 * letters, digits, dots and dashes only, so that it is safe as a file name and as a Kubernetes resource name.
 */
export function exportBaseName(answer: Answer): string {
  const asked = answer.scenarios.filter((s) => !s.prerequisite).map((s) => s.id);
  const scenarios = answer.query.scenarios.length > 0 ? answer.query.scenarios : asked;
  const parts = ['porthole', ...scenarios, answer.query.zone ?? answer.query.region ?? '', answer.cluster?.name ?? answer.query.cluster ?? ''];
  const name = parts.map(sanitize).filter(Boolean).join('-');
  return name.length > MAX_BASE_NAME ? name.slice(0, MAX_BASE_NAME).replace(/[-.]+$/, '') : name;
}
