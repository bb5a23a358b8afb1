// Cluster names as users type them, compared for "did you mean". The name check is the core's.
import { editDistance } from '../core/text.js';

export { clusterNameProblem } from '../core/cluster-name.js';

/**
 * The closest candidates to `name`: those at the smallest edit distance (ties kept, at most `limit`), when that
 * distance is small for the name's length. Empty when nothing is close.
 */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const threshold = Math.max(2, Math.ceil(name.length * 0.4));
  const scored = new Map<string, number>();
  for (const candidate of candidates) {
    if (candidate === name || scored.has(candidate)) continue;
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d <= threshold) scored.set(candidate, d);
  }
  const best = Math.min(...scored.values());
  return [...scored.entries()]
    .filter(([, d]) => d === best)
    .map(([candidate]) => candidate)
    .sort((x, y) => x.localeCompare(y))
    .slice(0, limit);
}
