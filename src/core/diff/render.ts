import type { Dataset } from '../dataset/build.js';
import type { Change, EditionDiff } from './diff.js';

// The text form of a diff: grouped by topic (rule changes) and by table and region (address changes), short
// lines that read in a terminal and in a Slack code block.

export function renderDiffText(diff: EditionDiff, from: Dataset, to: Dataset): string {
  const scope = [diff.topic ? `topic ${diff.topic}` : null, diff.region ? `region ${diff.region}` : null].filter(Boolean).join(', ');
  const head = `What changed from the ${diff.from} edition to the ${diff.to} edition${scope ? ` (${scope})` : ''}:`;
  if (diff.changes.length === 0) return `${head}\n  nothing.\n`;
  const groups = new Map<string, string[]>();
  const push = (group: string, line: string) => groups.set(group, [...(groups.get(group) ?? []), line]);
  const titleOf = (id: string) => to.scenarios.get(id)?.title ?? from.scenarios.get(id)?.title ?? id;
  for (const c of diff.changes) {
    if (c.kind === 'topic') push('Topics', `${c.change.padEnd(8)} ${titleOf(c.value)} (${c.value})`);
    else if (c.rule) push(titleOf(c.topic ?? ''), ruleLine(c));
    else {
      const table = to.tables.get(c.table ?? '')?.title ?? from.tables.get(c.table ?? '')?.title ?? c.table ?? '';
      push(c.kind === 'table' ? 'Tables' : `${table}, ${c.region === 'global' ? 'global' : c.region}`, tableLine(c));
    }
  }
  const lines = [head];
  for (const [group, items] of groups) lines.push('', group, ...items.map((l) => `  ${l}`));
  return lines.join('\n') + '\n';
}

function ruleLine(c: Change): string {
  if (c.kind === 'rule') return `${c.change.padEnd(8)} rule ${c.rule}: ${c.value}`;
  const was = c.was !== undefined ? ` (was ${c.was})` : '';
  return `${c.change.padEnd(8)} ${c.rule} ${c.kind} ${c.value}${was}`;
}

function tableLine(c: Change): string {
  if (c.kind === 'table') return `${c.change.padEnd(8)} ${c.value} (${c.table})`;
  const was = c.was !== undefined ? ` (was ${c.was})` : '';
  return `${c.change.padEnd(8)} ${c.value}${c.zone ? `  ${c.zone}` : ''}${was}`;
}
