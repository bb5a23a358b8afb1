import type { types } from '@slack/bolt';
import { forTerminal } from '../core/printable.js';
import { clip } from './escape.js';
import { SLACK_LIMITS } from './limits.js';

/**
 * Block Kit primitives: the message shape porthole sends, and the few blocks every message is built from.
 * Every builder keeps the limits of limits.ts; mrkdwn texts given to them are already escaped (escape.ts).
 */

export type Block = types.KnownBlock;

export interface FileAttachment {
  filename: string;
  title: string;
  content: string;
  /** Why the message carries a summary instead of the rules (mrkdwn, escaped), e.g. "more than one table holds". */
  reason?: string;
}

export interface SlackMessage {
  /** Plain fallback for notifications and screen readers; always set, under 4000 characters. */
  text: string;
  blocks: Block[];
  /** The full answer as a file, when the message carries only a summary. */
  file: FileAttachment | null;
  /** The same answer without its table block, for a Slack that refuses the table; absent when there is none. */
  withoutTable?: () => SlackMessage;
}

/** Block id of the section that says where the full list went (see setFileNote). */
export const FILE_NOTE_BLOCK_ID = 'porthole.file-note';

export function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: clip(forTerminal(text), SLACK_LIMITS.headerText), emoji: false } };
}

/**
 * A section of mrkdwn. `verbatim` for a text that holds what a person typed: Slack then links no URL, channel or
 * mention it finds in it (porthole's own `<url|label>` markup still works).
 */
export function section(text: string, blockId?: string, verbatim = false): Block {
  const block: types.SectionBlock = { type: 'section', text: { type: 'mrkdwn', text, ...(verbatim ? { verbatim: true } : {}) } };
  if (blockId !== undefined) block.block_id = blockId;
  return block;
}

/** A context block of mrkdwn texts; `verbatim` as for section(), for texts that hold what a person typed. */
export function context(texts: string[], verbatim = false): Block {
  const elements: types.ContextBlockElement[] = texts
    .filter((t) => t !== '')
    .slice(0, SLACK_LIMITS.contextElements)
    .map((t) => ({ type: 'mrkdwn', text: t, ...(verbatim ? { verbatim: true } : {}) }));
  return { type: 'context', elements };
}

/**
 * A table block: the first row is the header. Columns named in `wrapped` wrap their text; the others stay on
 * one line (addresses, ports), so a value is never broken across lines.
 */
export function table(rows: (types.RichTextBlock | types.RawTextElement)[][], wrapped: readonly boolean[]): Block {
  return { type: 'table', column_settings: wrapped.map((w) => ({ is_wrapped: w })), rows };
}

export function plainText(text: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: clip(forTerminal(text), max) };
}

/**
 * Packs mrkdwn lines into section texts of at most `max` characters, in order. A line longer than `max` is
 * broken at a space (or hard, as a last resort) into continuation lines; nothing is dropped.
 */
export function packLines(lines: string[], max: number = SLACK_LIMITS.sectionText): string[] {
  const pieces: string[] = [];
  for (const line of lines) {
    let rest = line;
    while (rest.length > max) {
      let cut = rest.lastIndexOf(' ', max);
      if (cut < max / 2) cut = max;
      // Never split an &amp;-style entity.
      const amp = rest.lastIndexOf('&', cut);
      if (amp > cut - 5 && /^&(amp|lt|gt);/.test(rest.slice(amp)) && amp + rest.slice(amp).indexOf(';') >= cut) cut = amp;
      pieces.push(rest.slice(0, cut));
      rest = rest.slice(cut).replace(/^ /, '');
    }
    pieces.push(rest);
  }
  const texts: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (current === '') current = piece;
    else if (current.length + 1 + piece.length <= max) current += `\n${piece}`;
    else {
      texts.push(current);
      current = piece;
    }
  }
  if (current !== '') texts.push(current);
  return texts.map((t) => (t.trim() === '' ? ' ' : t));
}

/** Sections for mrkdwn lines, packed. */
export function sections(lines: string[]): Block[] {
  return packLines(lines).map((t) => section(t));
}

/** Replaces the text of the file-note section (where the full list went, or why it could not be sent). */
export function setFileNote(message: SlackMessage, mrkdwn: string): SlackMessage {
  return {
    ...message,
    blocks: message.blocks.map((b) => (b.type === 'section' && b.block_id === FILE_NOTE_BLOCK_ID ? section(clip(mrkdwn, SLACK_LIMITS.sectionText), FILE_NOTE_BLOCK_ID) : b)),
  };
}

/** A short message of one section (mrkdwn already escaped). */
export function notice(mrkdwn: string): SlackMessage {
  return { text: clip(mrkdwn, 1000), blocks: [section(clip(mrkdwn, SLACK_LIMITS.sectionText))], file: null };
}
