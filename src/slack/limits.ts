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
  /** Options of a static select; options of an overflow menu. */
  selectOptions: 100,
  overflowOptions: 5,
  /** Placeholder of a select. */
  placeholderText: 150,
  /**
   * All block text of one message. Slack answers `msg_blocks_too_long` somewhere around 12–13k characters;
   * this is the budget porthole keeps to.
   */
  messageBlockText: 11_000,
  /** The top-level `text` of a message (notification and screen-reader fallback): kept under this. */
  messageText: 4000,
  /** Slack shows an error to the user when a request is not acknowledged within this time. */
  ackMs: 3000,
  /** POSTs one response_url accepts (within 30 minutes). */
  responseUrlPosts: 5,
} as const;

export type SlackLimits = typeof SLACK_LIMITS;
