// Text helpers shared by the dataset index and the question parser, so both see words the same way.

/**
 * Lowercases, folds accents, drops apostrophes ("can't" -> "cant") and turns every other character that is not
 * a letter, digit or an inner dot into a space. Dots stay inside words so host names (icr.io) survive.
 */
export function normalizeText(input: string): string {
  // ASCII needs no decomposition; skipping it spares start-up the set-up of Unicode normalization.
  const folded = (!/[^\x20-\x7e]/.test(input) ? input : input.normalize('NFKD').replace(/\p{M}+/gu, '')).toLowerCase();
  return folded
    .replace(/['\u2019`]/g, '')
    .replace(/[^a-z0-9.]+/g, ' ')
    .split(' ')
    .map((t) => t.replace(/^\.+|\.+$/g, ''))
    .filter(Boolean)
    .join(' ');
}

export interface Tokens {
  tokens: string[];
  /** joinedToPrevious[i]: token i was glued to token i-1 by a hyphen ("eu-dee" -> eu, dee). */
  joinedToPrevious: boolean[];
}

/** Splits a text into normalized words, remembering which words a hyphen joined. */
export function tokenize(input: string): Tokens {
  const tokens: string[] = [];
  const joinedToPrevious: boolean[] = [];
  for (const chunk of input.split(/\s+/)) {
    let previousPartHadWords = false;
    for (const part of chunk.split('-')) {
      const words = normalizeText(part).split(' ').filter(Boolean);
      words.forEach((w, i) => {
        tokens.push(w);
        joinedToPrevious.push(i === 0 && previousPartHadWords);
      });
      previousPartHadWords = words.length > 0;
    }
  }
  return { tokens, joinedToPrevious };
}

/**
 * Edit distance (Levenshtein, with a swap of two neighbouring letters counted as one edit: "regsitry"), with an
 * early exit once it exceeds `max`. Case-sensitive: callers lowercase when case does not matter.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (before[j - 2] ?? 0) + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    before = prev;
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** The candidates within `maxDistance` of `word`, nearest first (ties keep the candidates' order). */
export function closest(word: string, candidates: readonly string[], maxDistance: number, limit = 3): string[] {
  const w = word.toLowerCase();
  return candidates
    .map((c, i) => ({ c, i, d: editDistance(w, c.toLowerCase(), maxDistance) }))
    .filter((x) => x.d <= maxDistance)
    .sort((x, y) => x.d - y.d || x.i - y.i)
    .map((x) => x.c)
    .filter((c, i, all) => all.indexOf(c) === i)
    .slice(0, limit);
}
