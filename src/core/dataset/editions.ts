import { closest } from '../text.js';

// Choosing an edition among those shipped, by id or by a date. Edition ids start with the page's date
// (YYYY-MM-DD), so ordering and "in force on a day" need only the ids.

const DATE = /^\d{4}-\d{2}-\d{2}$/;

// An edition's folder name: the page's lastupdated date, optionally followed by a suffix ("2021-01-19",
// "2026-06-16-kube-samples"), so that choosing an edition by date needs no file read.
export const EDITION_ID = /^\d{4}-\d{2}-\d{2}(-[a-z0-9][a-z0-9-]*)?$/;

export function isEditionId(name: string): boolean {
  return EDITION_ID.test(name);
}

/** The page date an edition id starts with. */
export function editionDate(id: string): string {
  return id.slice(0, 10);
}

/** Edition ids oldest first. */
export function sortEditions(ids: readonly string[]): string[] {
  // Code-point order: ids are ASCII, and localeCompare's first call sets up a collator (~25 ms of `porthole ask`).
  const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...ids].sort((a, b) => byCodePoint(editionDate(a), editionDate(b)) || byCodePoint(a, b));
}

export type EditionChoice = { ok: true; id: string } | { ok: false; message: string };

/**
 * `wanted` is an edition id ("2021-01-19"), a date (the edition in force that day: the newest published on
 * or before it), or a year ("2019": the edition in force at the end of that year). Absent: the newest.
 */
export function chooseEdition(ids: readonly string[], wanted?: string | null): EditionChoice {
  const sorted = sortEditions(ids);
  const newest = sorted.at(-1);
  if (newest === undefined) return { ok: false, message: 'no edition is shipped' };
  const w = wanted?.trim().toLowerCase();
  if (!w) return { ok: true, id: newest };
  if (sorted.includes(w)) return { ok: true, id: w };
  const day = /^\d{4}$/.test(w) ? `${w}-12-31` : isDate(w) ? w : null;
  if (day === null) {
    const near = closest(w, sorted, 3);
    return {
      ok: false,
      message: `unknown edition "${wanted}"; ${near.length > 0 ? `did you mean ${near.join(' or ')}? ` : ''}editions: ${sorted.join(', ')} (or give a date YYYY-MM-DD)`,
    };
  }
  const inForce = sorted.filter((id) => editionDate(id) <= day).at(-1);
  if (inForce === undefined) {
    return { ok: false, message: `no edition was in force on ${day}: the oldest is ${sorted[0]} (editions: ${sorted.join(', ')})` };
  }
  return { ok: true, id: inForce };
}

/** A real calendar day written YYYY-MM-DD (not 2021-01-91). */
function isDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The editions published after `id`, oldest first. */
export function newerEditions(ids: readonly string[], id: string): string[] {
  return sortEditions(ids).filter((other) => editionDate(other) > editionDate(id) || (editionDate(other) === editionDate(id) && other > id));
}
