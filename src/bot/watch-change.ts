import type { Query } from '../core/answer.js';
import type { Dataset } from '../core/dataset/build.js';
import type { RuleEntry } from '../core/dataset/schema.js';
import { diffEditions, type Change } from '../core/diff/diff.js';
import { recordsSince } from '../core/diff/since.js';
import { resolve } from '../core/resolve/resolve.js';
import { csvRecords, csvText } from '../export/csv.js';
import type { Watch } from './conversation-commands.js';

/**
 * What changed for one watch between the edition last announced to it and the current one, chat-neutral: per
 * rule of the watched topics, the addresses and host names added and removed (in the watched region and
 * everywhere) and the rule's own changes; and the same as a CSV change request. A chat adapter renders it.
 */

export interface ListedChange {
  value: string;
  kind: 'address' | 'host';
  /** The table the value is listed in; absent for a value written in the rule itself. */
  table?: string;
  region?: string;
  zone?: string;
}

export interface RuleChange {
  rule: string;
  topic: string;
  purpose: string;
  /** The rule is new, gone, or the same rule with changes. */
  status: 'added' | 'removed' | 'changed';
  added: ListedChange[];
  removed: ListedChange[];
  /** Changes of the rule itself: ports, protocols, condition, required, allowlist, a network written anew. */
  changed: Change[];
}

export interface WatchChange {
  watch: Watch;
  from: string;
  to: string;
  topicsAdded: string[];
  topicsRemoved: string[];
  rules: RuleChange[];
  /** Nothing the watch follows changed: nothing to announce. */
  empty: boolean;
}

interface RuleOwner {
  rule: RuleEntry;
  topic: string;
}

/** The rules of the watched topics (every leaf topic for a watch of all), by id, with the topic each belongs to. */
function watchedRules(dataset: Dataset, topic: string | null): Map<string, RuleOwner> {
  const leaves = topic === null ? dataset.scenarioOrder.filter((id) => !dataset.scenarios.get(id)!.bundle) : (dataset.scenarios.get(topic)?.leaves ?? []);
  return new Map(leaves.flatMap((id) => (dataset.scenarios.get(id)?.rules ?? []).map((rule): [string, RuleOwner] => [rule.id, { rule, topic: id }])));
}

function tablesOf(rule: RuleEntry): string[] {
  return [...rule.from, ...rule.to].flatMap((endpoint) => ('table' in endpoint ? [endpoint.table] : []));
}

function listed(change: Change): ListedChange {
  return {
    value: change.value,
    kind: change.kind as ListedChange['kind'],
    ...(change.table ? { table: change.table } : {}),
    ...(change.region ? { region: change.region } : {}),
    ...(change.zone ? { zone: change.zone } : {}),
  };
}

export function watchChange(previous: Dataset, current: Dataset, watch: Watch): WatchChange {
  const diff = diffEditions(previous, current, { region: watch.region, topic: watch.topic });
  const before = watchedRules(previous, watch.topic);
  const after = watchedRules(current, watch.topic);
  const byRule = new Map<string, RuleChange>();
  const entryFor = (id: string): RuleChange => {
    let entry = byRule.get(id);
    if (!entry) {
      const owner = (after.get(id) ?? before.get(id))!;
      const status = !before.has(id) ? 'added' : !after.has(id) ? 'removed' : 'changed';
      entry = { rule: id, topic: owner.topic, purpose: owner.rule.purpose, status, added: [], removed: [], changed: [] };
      byRule.set(id, entry);
    }
    return entry;
  };
  for (const change of diff.changes) sortChange(change, entryFor, { before, after });
  const rules = [...byRule.values()].filter((r) => r.status !== 'changed' || r.added.length + r.removed.length + r.changed.length > 0);
  const topicsAdded = diff.changes.filter((c) => c.kind === 'topic' && c.change === 'added').map((c) => c.value);
  const topicsRemoved = diff.changes.filter((c) => c.kind === 'topic' && c.change === 'removed').map((c) => c.value);
  return { watch, from: previous.edition, to: current.edition, topicsAdded, topicsRemoved, rules, empty: rules.length + topicsAdded.length + topicsRemoved.length === 0 };
}

/** Files one change of the diff under the rule (or, for a table row, every watched rule reading that table) it belongs to. */
function sortChange(change: Change, entryFor: (id: string) => RuleChange, rules: { before: Map<string, RuleOwner>; after: Map<string, RuleOwner> }): void {
  if (change.kind === 'topic') return;
  const isListing = (change.kind === 'address' || change.kind === 'host') && change.change !== 'changed';
  if (change.rule !== undefined) {
    const entry = entryFor(change.rule);
    if (change.kind === 'rule') return;
    if (isListing) (change.change === 'added' ? entry.added : entry.removed).push(listed(change));
    else entry.changed.push(change);
    return;
  }
  if (change.table === undefined) return;
  // A table row read by a rule: the rules that read it after (an addition) or before (a removal).
  const readers = change.change === 'removed' ? rules.before : rules.after;
  for (const [id, { rule }] of readers) {
    if (!tablesOf(rule).includes(change.table)) continue;
    const entry = entryFor(id);
    if (isListing) (change.change === 'added' ? entry.added : entry.removed).push(listed(change));
    else entry.changed.push(change);
  }
}

/** The watch as a question: its topic (every leaf topic the edition has, for a watch of all) in its region. */
function watchQuery(dataset: Dataset, watch: Watch): Query {
  const scenarios = watch.topic === null ? dataset.scenarioOrder.filter((id) => !dataset.scenarios.get(id)!.bundle) : dataset.scenarios.has(watch.topic) ? [watch.topic] : [];
  return { text: [watch.topic ?? 'everything', watch.region ?? ''].join(' ').trim(), scenarios, region: watch.region, zone: null, cluster: null, format: 'csv' };
}

/**
 * The change as a CSV change request, the sheet of `porthole ask … --format csv` with a `Change` column first:
 * `add` for the rows to allow, `remove` for the rows to withdraw (as `porthole ask --since`).
 */
export function watchChangeRecords(previous: Dataset, current: Dataset, watch: Watch): string[][] {
  const sheet = (dataset: Dataset) => csvRecords(resolve({ query: watchQuery(dataset, watch), problems: [], notes: [] }, dataset));
  return recordsSince(sheet(previous), sheet(current));
}

export function watchChangeCsv(previous: Dataset, current: Dataset, watch: Watch): string {
  return csvText(watchChangeRecords(previous, current, watch));
}
