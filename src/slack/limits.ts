import type { types } from '@slack/bolt';
import type { Block, SlackMessage } from './block-kit.js';

/**
 * Slack's limits, in one table. Every renderer and test reads them from here.
 *
 * Sources: the Block Kit reference (docs.slack.dev/reference/block-kit: blocks, block elements, composition
 * objects), chat.postMessage, and bolt-js#2509 / #2867 for the undocumented total of block text per message.
 */
export const SLACK_LIMITS = {
  /** Blocks in one message. */
  messageBlocks: 50,
  /** Blocks in one App Home view. */
  homeBlocks: 100,
  /** `text` of a section block. */
  sectionText: 3000,
  /** `fields` of a section block, and the text of each. */
  sectionFields: 10,
  sectionFieldText: 2000,
  /** `text` of a header block (plain_text only). */
  headerText: 150,
  /** Elements of a context block. */
  contextElements: 10,
  /** Elements of an actions block. */
  actionsElements: 25,
  /** `block_id` and `action_id`. */
  blockId: 255,
  actionId: 255,
  /** Button label and value. */
  buttonText: 75,
  buttonValue: 2000,
  /** An option of a select or overflow menu: its label and its value. */
  optionText: 75,
  optionValue: 150,
  /** Options of a static select; options of an overflow menu (2 to 5: Slack refuses a one-option overflow). */
  selectOptions: 100,
  overflowOptions: 5,
  overflowMinOptions: 2,
  /** Placeholder of a select. */
  placeholderText: 150,
  /**
   * All block text of one message. Slack answers `msg_blocks_too_long` somewhere around 12–13k characters;
   * this is the budget porthole keeps to.
   */
  messageBlockText: 11_000,
  /**
   * The table block (docs.slack.dev/reference/block-kit/blocks/table-block): at most 100 rows of at most 20
   * cells, at most 20 column settings, one table per message (a second one is refused with
   * `invalid_attachments`), and at most 10,000 characters across all its cells. Every cell is `raw_text` or
   * `rich_text` with at least one character. porthole posts tables in messages only (slash answers, response_url,
   * chat.postMessage, ephemeral); the App Home shows the same rows as text (see docs/slack.md).
   */
  tableRows: 100,
  tableCells: 20,
  tableColumnSettings: 20,
  tablesPerMessage: 1,
  tableText: 10_000,
  /** The top-level `text` of a message (notification and screen-reader fallback): kept under this. */
  messageText: 4000,
  /** Slack shows an error to the user when a request is not acknowledged within this time. */
  ackMs: 3000,
  /** POSTs one response_url accepts (within 30 minutes). */
  responseUrlPosts: 5,
} as const;

export type SlackLimits = typeof SLACK_LIMITS;

// The validator: every limit of the table above, checked on a message.

export interface MessageMeasure {
  blocks: number;
  /** Characters of all `text` fields in the blocks (what Slack's msg_blocks_too_long counts). */
  textChars: number;
  /** Every limit the message breaks, as readable lines; empty when it fits. */
  violations: string[];
}

/** Every `text` string in blocks (or any Block Kit value), in order: what Slack counts as block text. */
export function blockTexts(value: unknown): string[] {
  const texts: string[] = [];
  eachBlockText(value, (t) => texts.push(t));
  return texts;
}

/** Calls `found` with every `text` string in `value`, in order (blockTexts without the arrays). */
function eachBlockText(value: unknown, found: (text: string) => void): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const v of value) eachBlockText(v, found);
    return;
  }
  // for...in over plain JSON-shaped objects, recursing only into objects: every answer is measured before it is
  // sent, and a table's cells make this the hottest loop of rendering.
  const record = value as Record<string, unknown>;
  for (const k in record) {
    const v = record[k];
    if (typeof v === 'string') {
      if (k === 'text') found(v);
    } else if (typeof v === 'object' && v !== null) eachBlockText(v, found);
  }
}

/** The characters of every `text` string in `value`: what Slack counts against a block's or a table's budget. */
export function blockTextLength(value: unknown): number {
  let length = 0;
  eachBlockText(value, (t) => (length += t.length));
  return length;
}

/** Where blocks are shown: a message (50 blocks, tables allowed) or the App Home (100 blocks, no table). */
export type Surface = 'message' | 'home';

function tableViolations(b: types.TableBlock, at: string): string[] {
  const L = SLACK_LIMITS;
  const violations: string[] = [];
  if (b.rows.length === 0 || b.rows.length > L.tableRows) violations.push(`${at}: ${b.rows.length} rows (max ${L.tableRows})`);
  if ((b.column_settings ?? []).length > L.tableColumnSettings) violations.push(`${at}: ${(b.column_settings ?? []).length} column settings`);
  const width = b.rows[0]?.length ?? 0;
  let chars = 0;
  b.rows.forEach((row, r) => {
    if (row.length === 0 || row.length > L.tableCells) violations.push(`${at}: row ${r} has ${row.length} cells (max ${L.tableCells})`);
    if (row.length !== width) violations.push(`${at}: row ${r} has ${row.length} cells, the first row ${width}`);
    row.forEach((cell, c) => {
      const length = blockTextLength(cell);
      if (cell.type !== 'raw_text' && cell.type !== 'rich_text') violations.push(`${at}: row ${r} cell ${c} of type ${cell.type}`);
      if (length === 0) violations.push(`${at}: row ${r} cell ${c} is empty`);
      chars += length;
    });
  });
  if (chars > L.tableText) violations.push(`${at}: ${chars} characters in its cells (max ${L.tableText})`);
  return violations;
}

/** Checks a message (or the App Home, `surface` 'home') against every limit in the table above. */
export function measureBlocks(blocks: Block[], text: string | null, surface: Surface = 'message'): MessageMeasure {
  const violations: string[] = [];
  const L = SLACK_LIMITS;
  const maxBlocks = surface === 'home' ? L.homeBlocks : L.messageBlocks;
  if (blocks.length > maxBlocks) violations.push(`${blocks.length} blocks (max ${maxBlocks})`);
  const tables = blocks.filter((b) => b.type === 'table').length;
  if (surface === 'home' && tables > 0) violations.push(`${tables} table blocks (the App Home shows none)`);
  else if (tables > L.tablesPerMessage) violations.push(`${tables} table blocks (max ${L.tablesPerMessage} per message)`);
  const ids = new Set<string>();
  blocks.forEach((b, i) => {
    const at = `block ${i} (${b.type})`;
    if (b.block_id !== undefined) {
      if (b.block_id.length > L.blockId) violations.push(`${at}: block_id of ${b.block_id.length} chars`);
      if (ids.has(b.block_id)) violations.push(`${at}: duplicate block_id`);
      ids.add(b.block_id);
    }
    if (b.type === 'header') {
      if (b.text.type !== 'plain_text') violations.push(`${at}: header must be plain_text`);
      if (b.text.text.length > L.headerText) violations.push(`${at}: header of ${b.text.text.length} chars`);
      if (b.text.text.length === 0) violations.push(`${at}: empty header`);
    } else if (b.type === 'section') {
      const t = b.text?.text;
      if (t === undefined && b.fields === undefined) violations.push(`${at}: no text`);
      if (t !== undefined && (t.length > L.sectionText || t.length === 0)) violations.push(`${at}: section text of ${t.length} chars`);
      if (b.fields !== undefined && b.fields.length > L.sectionFields) violations.push(`${at}: ${b.fields.length} fields`);
    } else if (b.type === 'table') {
      violations.push(...tableViolations(b, at));
    } else if (b.type === 'context') {
      if (b.elements.length === 0 || b.elements.length > L.contextElements) violations.push(`${at}: ${b.elements.length} context elements`);
    } else if (b.type === 'actions') {
      if (b.elements.length === 0 || b.elements.length > L.actionsElements) violations.push(`${at}: ${b.elements.length} action elements`);
      for (const e of b.elements) {
        if (e.type === 'button') {
          if (e.text.text.length > L.buttonText) violations.push(`${at}: button label of ${e.text.text.length} chars`);
          if ((e.value ?? '').length > L.buttonValue) violations.push(`${at}: button value of ${(e.value ?? '').length} chars`);
        }
        if (e.type === 'static_select' || e.type === 'overflow') {
          const options = e.options ?? [];
          const [min, max] = e.type === 'overflow' ? [L.overflowMinOptions, L.overflowOptions] : [1, L.selectOptions];
          if (options.length < min || options.length > max) violations.push(`${at}: ${options.length} options`);
          for (const o of options) {
            if (o.text.text.length > L.optionText) violations.push(`${at}: option label of ${o.text.text.length} chars`);
            if ((o.value ?? '').length > L.optionValue) violations.push(`${at}: option value of ${(o.value ?? '').length} chars`);
          }
        }
        if ('action_id' in e && e.action_id !== undefined && e.action_id.length > L.actionId) violations.push(`${at}: long action_id`);
      }
    }
  });
  const textChars = blockTextLength(blocks);
  if (textChars > L.messageBlockText) violations.push(`${textChars} characters of block text (budget ${L.messageBlockText})`);
  if (text !== null && (text.length === 0 || text.length >= L.messageText)) violations.push(`fallback text of ${text.length} chars`);
  return { blocks: blocks.length, textChars, violations };
}

export function measureMessage(message: SlackMessage): MessageMeasure {
  return measureBlocks(message.blocks, message.text);
}
