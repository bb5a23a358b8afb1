import { chooseEdition } from '../dataset/editions.js';

// Questions about what changed between editions ("what changed for kubectl in eu-de since 2019?", "what's new
// in the 2025 edition for us-south"), answered with a diff like `porthole data diff`.

export interface ChangeQuestion {
  /** The edition named after "since" (an id, a date or a year), or null for "what's new in <edition>". */
  since: string | null;
  /** The edition named after "in the … edition", or null for the newest. */
  in: string | null;
  /** The question without the words about editions, to read topics and places from. */
  rest: string;
}

const EDITION = String.raw`(\d{4}(?:-\d{2}-\d{2})?)`;
const SINCE = new RegExp(String.raw`\b(?:since|from)\s+(?:the\s+)?${EDITION}(?:\s+edition)?\b`, 'i');
const IN_EDITION = new RegExp(String.raw`\b(?:in|of)\s+the\s+${EDITION}\s+edition\b`, 'i');
const CHANGE_WORDS = /\b(?:what(?:'s|\s+is|\s+has)?\s+(?:changed|new|different)|changes?|changed|diff(?:erences?)?)\b/i;

/** A question about changes between editions, or null for any other question. */
export function parseChangeQuestion(text: string): ChangeQuestion | null {
  if (!CHANGE_WORDS.test(text)) return null;
  const since = SINCE.exec(text);
  const inEdition = IN_EDITION.exec(text);
  if (!since && !inEdition) return null;
  const rest = text.replace(SINCE, ' ').replace(IN_EDITION, ' ').replace(CHANGE_WORDS, ' ').replace(/\s+/g, ' ').trim();
  return { since: since?.[1] ?? null, in: inEdition?.[1] ?? null, rest };
}

/** The two edition ids a change question compares, or why it cannot. */
export function changeEditions(question: ChangeQuestion, ids: readonly string[]): { ok: true; from: string; to: string } | { ok: false; message: string } {
  const to = chooseEdition(ids, question.in);
  if (!to.ok) return to;
  if (question.since === null) {
    const before = ids.filter((id) => id < to.id).at(-1);
    if (!before) return { ok: false, message: `the ${to.id} edition is the oldest: nothing came before it` };
    return { ok: true, from: before, to: to.id };
  }
  const from = chooseEdition(ids, question.since);
  if (!from.ok) return from;
  return { ok: true, from: from.id, to: to.id };
}
