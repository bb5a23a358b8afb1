import type { ChangeReply } from '../bot/dispatch.js';
import { renderDiffText } from '../core/diff/render.js';
import { datasetInfo } from '../core/resolve/resolve.js';
import { context, FILE_NOTE_BLOCK_ID, header, section, type Block, type FileAttachment, type SlackMessage } from './block-kit.js';
import { codeSpan, escapeClipped, escapeMrkdwn } from './escape.js';
import { measureMessage } from './limits.js';
import { askedText, editionText, type AskedBy } from './message-parts.js';

/**
 * "What changed since 2021?" in Slack: the diff of two editions as `porthole ask` prints it, in a code block,
 * or, too long for one message, counted per change and attached in full as a file.
 */

function countsLine(reply: ChangeReply): string {
  const counts = new Map<string, number>();
  for (const change of reply.diff.changes) counts.set(change.change, (counts.get(change.change) ?? 0) + 1);
  const parts = [...counts].map(([change, n]) => `${n} ${escapeMrkdwn(change)}`);
  return parts.length > 0 ? `*${reply.diff.changes.length} changes*: ${parts.join(', ')}.` : '*No change.*';
}

function fileOf(reply: ChangeReply, text: string): FileAttachment {
  return { filename: `porthole-changes-${reply.diff.from}-to-${reply.diff.to}.txt`, title: `porthole: what changed from ${reply.diff.from} to ${reply.diff.to}`, content: text };
}

export function renderChange(reply: ChangeReply, options: AskedBy): SlackMessage {
  const text = renderDiffText(reply.diff, reply.from, reply.to);
  const [headline = '', ...rest] = text.trimEnd().split('\n');
  const top: Block[] = [header(`What changed: ${reply.diff.from} → ${reply.diff.to}`), context([askedText(options), escapeMrkdwn(headline)])];
  const footer = context([`From: ${editionText(datasetInfo(reply.from))}`, `To: ${editionText(datasetInfo(reply.to))}`]);
  const fallback = escapeClipped(`porthole: ${headline} ${reply.diff.changes.length} changes.`, 1500);
  const listed = rest.join('\n').trim();
  const body = listed === '' ? [section(countsLine(reply))] : [section(countsLine(reply)), section(`\`\`\`${escapeMrkdwn(listed)}\`\`\``)];
  const full: SlackMessage = { text: fallback, blocks: [...top, ...body, footer], file: null };
  if (measureMessage(full).violations.length === 0) return full;
  const file = fileOf(reply, text);
  const note = section(`Too many to show in one Slack message: every change is in the file ${codeSpan(file.filename)} attached to this answer.`, FILE_NOTE_BLOCK_ID);
  return { text: fallback, blocks: [...top, section(countsLine(reply)), note, footer], file };
}
