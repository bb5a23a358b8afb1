import type { Dataset } from '../core/dataset/build.js';
import type { Change } from '../core/diff/diff.js';
import type { Watch } from './conversation-commands.js';
import type { Scope, ScopeSettings, StoredWatch } from './conversation-state.js';
import type { ListedChange, WatchChange } from './watch-change.js';

/**
 * The replies to conversation commands and the text of an announcement, as plain lines: a chat adapter
 * escapes them and lays them out (Block Kit, Markdown), and adds the mention of who made a change.
 */

const OWNER: Record<Scope['kind'], string> = { channel: "This channel's", person: 'Your' };

/** `settings`: the defaults of a scope, or how to set one. */
export function settingsReply(settings: ScopeSettings, scope: Scope['kind']): string[] {
  const set = (['region', 'cluster', 'edition'] as const).filter((key) => settings[key] !== undefined);
  if (set.length === 0) return [`${OWNER[scope]} questions have no defaults. Set one with \`set region …\`, \`set cluster …\` or \`set edition …\`.`];
  return [
    `${OWNER[scope]} defaults, used when a question names no place, cluster or edition:`,
    ...set.map((key) => `${key}: ${settings[key]}`),
    'Remove one with `unset region|cluster|edition`, or all with `unset all`.',
  ];
}

/** "kubectl commands in eu-de", "everything in all regions". */
export function describeWatch(watch: Watch, dataset: Dataset): string {
  const topic = watch.topic === null ? 'everything' : (dataset.scenarios.get(watch.topic)?.title ?? watch.topic);
  return `${topic} in ${watch.region ?? 'all regions'}`;
}

/** `watches`: the watches of a channel. */
export function watchesReply(watches: StoredWatch[], dataset: Dataset): string[] {
  if (watches.length === 0) return ['This channel watches nothing. `watch [topic] [region]` posts here when IBM changes what it needs.'];
  return ['This channel hears when these change:', ...watches.map((w) => `${describeWatch(w, dataset)} (since edition ${w.since})`), 'Stop one with `unwatch [topic] [region]`, or all with `unwatch all`.'];
}

function listedText(item: ListedChange): string {
  const where = [item.region, item.zone ? `zones ${item.zone}` : undefined].filter(Boolean).join(', ');
  return `${item.value}${where ? ` (${where})` : ''}`;
}

function ruleChangeText(change: Change): string {
  return change.change === 'changed' ? `${change.kind} now ${change.value}, was ${change.was}` : `${change.kind} ${change.change}: ${change.value}`;
}

/** An announcement: what changed between two editions for one watch, per rule. */
export function announcementLines(change: WatchChange, dataset: Dataset): string[] {
  const lines = [`IBM's lists changed for ${describeWatch(change.watch, dataset)}: edition ${change.from} → ${change.to}.`];
  for (const id of change.topicsAdded) lines.push(`New topic: ${dataset.scenarios.get(id)?.title ?? id}.`);
  for (const id of change.topicsRemoved) lines.push(`Topic gone: ${id}.`);
  for (const rule of change.rules) {
    const status = rule.status === 'changed' ? '' : ` (rule ${rule.status})`;
    lines.push(`${rule.rule}: ${rule.purpose}${status}`);
    if (rule.added.length > 0) lines.push(`  to allow: ${rule.added.map(listedText).join(', ')}`);
    if (rule.removed.length > 0) lines.push(`  to withdraw: ${rule.removed.map(listedText).join(', ')}`);
    for (const own of rule.changed) lines.push(`  ${ruleChangeText(own)}`);
  }
  return lines;
}
