// Cluster names and ids as users type them: checked before any request, and compared for "did you mean".

const NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Why a cluster name or id cannot be looked up, or null when it can. */
export function clusterNameProblem(name: string): string | null {
  if (name.length === 0) return 'A cluster name or id is empty.';
  if (name.length > 64) return `A cluster name or id has at most 64 characters; this one has ${name.length}.`;
  if (name === '.' || name === '..') return `"${name}" is not a cluster name.`;
  if (!NAME_PATTERN.test(name)) {
    return `"${printable(name)}" is not a cluster name or id: use only letters, digits, "-", "_" and ".".`;
  }
  return null;
}

function printable(s: string): string {
  // Control characters would garble a log line or a Slack message; show them escaped.
  return JSON.stringify(s).slice(1, -1);
}

/** Levenshtein distance, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (s === t) return 0;
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[t.length] ?? Math.max(s.length, t.length);
}

/**
 * The closest candidates to `name`: those at the smallest edit distance (ties kept, at most `limit`), when that
 * distance is small for the name's length. Empty when nothing is close.
 */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const threshold = Math.max(2, Math.ceil(name.length * 0.4));
  const scored = new Map<string, number>();
  for (const candidate of candidates) {
    if (candidate === name || scored.has(candidate)) continue;
    const d = editDistance(name, candidate);
    if (d <= threshold) scored.set(candidate, d);
  }
  const best = Math.min(...scored.values());
  return [...scored.entries()]
    .filter(([, d]) => d === best)
    .map(([candidate]) => candidate)
    .sort((x, y) => x.localeCompare(y))
    .slice(0, limit);
}
