import type { Dataset } from '../dataset/build.js';
import { explainAddress } from './explain.js';
import type { WhyListing, WhyResult } from './result.js';

// "why" across editions: for an address or host the answering edition does not list, which other editions
// listed it and for what, and since when it is no longer listed.

function describeListing(listing: WhyListing): string {
  const where = [...listing.regions.filter((r) => r !== 'global'), ...listing.zones].join(', ') || 'every region';
  const what = listing.table?.title ?? listing.label;
  const rules = listing.rules.map((r) => r.rule);
  return `${what} (${where})${rules.length > 0 ? ` for ${rules.join(', ')}` : ''}`;
}

/**
 * Adds to a why result the history of each subject it does not find: the other editions that list it, as what.
 * `others` are the other editions, in any order; editions that do not list the subject either are left out.
 */
export function withHistory(result: WhyResult, current: Dataset, others: Dataset[]): WhyResult {
  const unlisted = result.findings.filter((f) => !f.listed && f.addressRange !== 'ipv6');
  if (unlisted.length === 0 || others.length === 0) return result;
  const editions = [...others, current].sort((a, b) => a.edition.localeCompare(b.edition));
  const lookups = new Map(others.map((d) => [d.edition, explainAddress(result.input, d)]));
  const history: NonNullable<WhyResult['history']> = [];
  const notes = [...result.notes];
  for (const finding of unlisted) {
    const entries = editions.map((d) => {
      const other = lookups.get(d.edition)?.findings.find((f) => f.subject.value === finding.subject.value);
      return { edition: d.edition, date: d.meta.lastUpdated, listed: Boolean(other?.listed), as: (other?.listings ?? []).map(describeListing) };
    });
    if (!entries.some((e) => e.listed)) continue;
    history.push({ subject: finding.subject.value, editions: entries });
    const listedIn = entries.filter((e) => e.listed);
    const last = listedIn.at(-1)!;
    const after = entries.find((e) => e.edition > last.edition && !e.listed);
    const listedText = listedIn.map((e) => `listed ${e.edition} as ${e.as.join('; ')}`).join('; ');
    notes.push(
      `${finding.subject.value} is not listed in the ${current.edition} edition; ${listedText}` +
        (after ? `; not listed since ${after.edition}.` : '.'),
    );
  }
  return history.length > 0 ? { ...result, history, notes } : result;
}
