import type { types } from '@slack/bolt';
import { encodeState, stateOf } from '../bot/state.js';
import type { Answer, AnswerRule } from '../core/answer.js';
import type { Dataset } from '../core/dataset/build.js';
import { forTerminal } from '../core/printable.js';
import { describeProtocols, describeSubject } from '../core/render/describe.js';
import { refusalLines } from '../core/render/refusal.js';
import { renderText } from '../core/render/text.js';
import { exportBaseName } from '../export/index.js';
import { answerRows, cellToTableCell, clusterValueLines, ruleLines, ruleNoteLines, TABLE_COLUMNS, type Cell } from './answer-table.js';
import { context, FILE_NOTE_BLOCK_ID, header, plainText, section, sections, table, type Block, type FileAttachment, type SlackMessage } from './block-kit.js';
import { clip, codeSpan, escapeClipped, escapeMrkdwn, link } from './escape.js';
import { askedText, editionText, type AskedBy } from './message-parts.js';
import { exportMenu } from './export-menu.js';
import { exampleAs, renderHelp, type HelpPlace } from './help.js';
import { blockTextLength, measureMessage, SLACK_LIMITS } from './limits.js';

/**
 * The answer message: an Answer becomes a Slack message (`text` fallback + `blocks`) that keeps every limit in
 * limits.ts. An answer too long for one message becomes a summary plus the full rule list as a file (`file`,
 * sent by deliver.ts); nothing is ever cut silently. reply-message.ts renders the other kinds of reply.
 */

type ActionsElement = types.ActionsBlockElement;

export const ACTION_IDS = {
  /** The static select of regions under an answer that needs one. */
  region: 'porthole.region',
  /** "Share in channel" under an ephemeral answer. */
  share: 'porthole.share',
  /** The feedback buttons under every answer: "Helpful" and "Not helpful". */
  helpful: 'porthole.feedback.helpful',
  notHelpful: 'porthole.feedback.not-helpful',
} as const;

export interface RenderOptions extends AskedBy {
  /** Add a "Share in channel" button (ephemeral answers of the slash command). */
  share?: boolean;
  /** Notes to show with a region picker (e.g. why a named cluster could not give the region). */
  pickerNotes?: string[];
  /** How the named cluster's lookup ended (found, not-found, not-allowed, ...); null or absent: it was not looked up. */
  clusterStatus?: string | null;
  /** The rules as a table block (the default), or as sections (SLACK_TABLES=off, or a Slack that refused the table). */
  tables?: boolean;
}

function scenarioHeading(answer: Answer, id: string): string {
  const s = answer.scenarios.find((x) => x.id === id)!;
  return `${s.prerequisite ? 'Prerequisite: ' : ''}${s.title}`;
}

/** What became of a cluster lookup that gave no cluster, by its audit status (src/clusters/for-answer.ts). */
const LOOKUP_OUTCOMES: Record<string, string> = {
  'not-configured': 'not looked up: no cluster source is set up',
  'not-allowed': 'not looked up: not allowed here',
  'invalid-name': 'not looked up: not a cluster name',
  'not-found': 'looked up, not found',
};

/** What the header does not say about where: where the cluster's values came from, or what became of its lookup. */
function clusterText(answer: Answer, status: string | null): string {
  if (answer.cluster !== null) return `cluster *${escapeMrkdwn(answer.cluster.name)}* (from ${escapeMrkdwn(answer.cluster.source)})`;
  if (answer.query.cluster === null) return '';
  const outcome = LOOKUP_OUTCOMES[status ?? 'not-configured'] ?? `the lookup failed: ${escapeMrkdwn(status!.replace(/-/g, ' '))}`;
  return `cluster ${codeSpan(answer.query.cluster)} (${outcome})`;
}

/** Who asked what, the cluster's values and how the question was read; nothing when there is nothing to say. */
function answerContext(answer: Answer, options: RenderOptions): Block[] {
  // How the question was read (topics, exclusions, typos read, words not used), so a half-read question shows.
  const reading = answer.reading ? escapeMrkdwn(clip(answer.reading, 500)) : '';
  const texts = [askedText(options), clusterText(answer, options.clusterStatus ?? null), reading].filter((t) => t !== '');
  return texts.length > 0 ? [context(texts, true)] : [];
}

/** A yes/no question's verdict ("Yes: TCP and UDP 2049 outbound to …"), said before the rules as the terminal says it. */
function verdictBlocks(answer: Answer): Block[] {
  return answer.verdict ? [section(escapeMrkdwn(clip(answer.verdict.text, SLACK_LIMITS.sectionText - 100)), undefined, true)] : [];
}

/** The answer's notes without the edition's caveat, which resolve() always puts last and the footer says once. */
function splitCaveat(answer: Answer): { notes: string[]; caveat: string | null } {
  if (answer.notes.length === 0) return { notes: [], caveat: null };
  return { notes: answer.notes.slice(0, -1), caveat: answer.notes.at(-1)! };
}

/** The footer: the edition with its source, and its caveat, each said once per answer. */
function answerFooter(answer: Answer): Block {
  const { caveat } = splitCaveat(answer);
  return context([editionText(answer.dataset), caveat !== null ? `_${escapeMrkdwn(clip(caveat, 1000))}_` : '']);
}

/** The edition of an answer that is not from the newest: the buttons under it rebuild it from that edition. */
function olderEdition(answer: Answer): string | undefined {
  const edition = answer.dataset.edition;
  return edition !== undefined && (edition.newer ?? []).length > 0 ? edition.id : undefined;
}

function actionsBlock(answer: Answer, options: RenderOptions): Block {
  const elements: ActionsElement[] = [];
  const state = stateOf(answer.query, options.question ?? null, olderEdition(answer));
  if (options.share === true) {
    const value = encodeState(state, SLACK_LIMITS.buttonValue);
    if (value !== null) {
      elements.push({ type: 'button', action_id: ACTION_IDS.share, text: plainText('Share in channel', SLACK_LIMITS.buttonText), value });
    }
  }
  elements.push(exportMenu());
  elements.push(
    { type: 'button', action_id: ACTION_IDS.helpful, text: plainText('Helpful', SLACK_LIMITS.buttonText), value: 'helpful' },
    { type: 'button', action_id: ACTION_IDS.notHelpful, text: plainText('Not helpful', SLACK_LIMITS.buttonText), value: 'not-helpful' },
  );
  const block: types.ActionsBlock = { type: 'actions', elements };
  const blockId = encodeState({ ...state, question: null }, SLACK_LIMITS.blockId);
  if (blockId !== null) block.block_id = blockId;
  return block;
}

function notesLines(notes: string[]): string[] {
  const unique = notes.filter((n, i) => notes.indexOf(n) === i);
  return unique.length === 0 ? [] : ['*Notes*', ...unique.map((n) => `• ${escapeMrkdwn(n)}`)];
}

function fallbackText(answer: Answer): string {
  const subject = describeSubject(answer);
  const required = answer.rules.filter((r) => r.required).length;
  const lines = [`porthole: ${subject}: ${answer.rules.length} rule${answer.rules.length === 1 ? '' : 's'} (${required} required).`];
  for (const rule of answer.rules) {
    const ports = rule.ports.length > 0 ? ` ${rule.ports.join(', ')}` : '';
    lines.push(`- ${rule.purpose}: ${describeProtocols(rule.protocols)}${ports}`);
  }
  return escapeClipped(lines.join('\n'), 1500);
}

/** One line per topic (prerequisites first): its title, summary and the IBM docs sections of its rules, each section linked once. */
function scenarioLines(answer: Answer): string[] {
  const linked = new Set<string>();
  return answer.scenarios.map((scenario) => {
    const rules = answer.rules.filter((r) => r.scenario === scenario.id);
    const sections = rules.filter((r) => !linked.has(r.sectionUrl) && linked.add(r.sectionUrl));
    const links = sections.map((r) => link(r.sectionUrl, `#${r.section}`)).join(' ');
    const none = rules.length === 0 ? ' No rules of its own.' : '';
    return `*${escapeMrkdwn(scenarioHeading(answer, scenario.id))}*: ${escapeMrkdwn(scenario.summary)}${none}${links !== '' ? ` · IBM docs ${links}` : ''}`;
  });
}

const WRAPPED: Record<(typeof TABLE_COLUMNS)[number], boolean> = {
  Needed: true,
  Direction: false,
  From: true,
  To: false,
  Protocol: true,
  Ports: true,
  Purpose: true,
};

/** The rows of an answer (answerRows) as one table block. */
function tableOf(rows: Cell[][]): Block {
  return table(
    rows.map((row) => row.map(cellToTableCell)),
    TABLE_COLUMNS.map((c) => WRAPPED[c]),
  );
}

/** Why the rows cannot be one table block, in words, or null when they can. */
function tableMisfit(rows: Cell[][], block: Block): string | null {
  const L = SLACK_LIMITS;
  if (rows.length > L.tableRows) return `${rows.length - 1} rules, more rows than the ${L.tableRows} a Slack table holds`;
  const chars = blockTextLength(block);
  if (chars > L.tableText) return `${chars.toLocaleString('en-US')} characters of rules, more than the ${L.tableText.toLocaleString('en-US')} a Slack table holds`;
  return null;
}

/** Why a message does not fit, in words. */
function messageMisfit(message: SlackMessage): string {
  const L = SLACK_LIMITS;
  const measure = measureMessage(message);
  if (measure.textChars > L.messageBlockText) return `${measure.textChars.toLocaleString('en-US')} characters, more than the ${L.messageBlockText.toLocaleString('en-US')} of one Slack message`;
  if (measure.blocks > L.messageBlocks) return `${measure.blocks} blocks, more than the ${L.messageBlocks} of one Slack message`;
  return 'more than one Slack message holds';
}

/**
 * The rules of an answer: a table block, last in the message (Slack shows a table at the bottom of a message
 * whatever its place), or with `tables: false` the same facts as sections. When they do not fit one message:
 * a summary plus the full list as a file, saying why.
 */
function renderRules(answer: Answer, options: RenderOptions): SlackMessage {
  const text = fallbackText(answer);
  const top = [header(describeSubject(answer)), ...answerContext(answer, options), ...verdictBlocks(answer), ...sections(scenarioLines(answer))];
  const tail = [answerFooter(answer), actionsBlock(answer, options)];
  const words = (where: 'table below' | 'rules above') => [
    ...sections(clusterValueLines(answer, where)),
    ...sections(ruleNoteLines(answer)),
    ...sections(notesLines(splitCaveat(answer).notes)),
  ];
  if (answer.rules.length === 0) return { text, blocks: [...top, ...words('rules above'), ...tail], file: null };
  if (options.tables === false) {
    const plain: SlackMessage = { text, blocks: [...top, ...sections(ruleLines(answer)), ...words('rules above'), ...tail], file: null };
    return measureMessage(plain).violations.length === 0 ? plain : renderSummary(answer, options, messageMisfit(plain));
  }
  const rows = answerRows(answer);
  const block = tableOf(rows);
  const misfit = tableMisfit(rows, block);
  if (misfit !== null) return renderSummary(answer, options, misfit);
  const full: SlackMessage = {
    text,
    blocks: [...top, ...words('table below'), ...tail, block],
    file: null,
    withoutTable: () => renderRules(answer, { ...options, tables: false }),
  };
  return measureMessage(full).violations.length === 0 ? full : renderSummary(answer, options, messageMisfit(full));
}

function portsSummary(rules: AnswerRule[]): string {
  const seen: string[] = [];
  for (const r of rules) {
    const p = describeProtocols(r.protocols) + (r.ports.length > 0 ? ` ${r.ports.join(', ')}` : r.pending.length > 0 ? ' (port depends on the cluster)' : '');
    if (!seen.includes(p)) seen.push(p);
  }
  return seen.join('; ');
}

/** An answer whose rules do not fit one message (`reason` says why, in words): a summary per topic, and the full list as a file. */
function renderSummary(answer: Answer, options: RenderOptions, reason: string): SlackMessage {
  const subject = describeSubject(answer);
  const text = fallbackText(answer);
  const top = [header(subject), ...answerContext(answer, options), ...verdictBlocks(answer)];
  const tail = [answerFooter(answer), actionsBlock(answer, options)];
  const file: FileAttachment = {
    filename: `${exportBaseName(answer)}.txt`,
    // Shown by Slack as they are: a cluster's values with control or bidi characters as escapes.
    title: forTerminal(`porthole: ${subject}`),
    content: forTerminal(renderText(answer)),
    reason,
  };
  const note = section(
    `*Too much for one Slack message* (${reason}): here is a summary. The full list, with every address and port, ` +
      `is in the file ${codeSpan(file.filename)} attached to this answer.`,
    FILE_NOTE_BLOCK_ID,
  );
  const lines: string[] = [];
  for (const scenario of answer.scenarios) {
    const rules = answer.rules.filter((r) => r.scenario === scenario.id);
    const required = rules.filter((r) => r.required).length;
    const ports = rules.length > 0 ? `: ${escapeMrkdwn(clip(portsSummary(rules), 400))}` : '';
    lines.push(`• *${escapeMrkdwn(scenarioHeading(answer, scenario.id))}* — ${rules.length} rule${rules.length === 1 ? '' : 's'} (${required} required)${ports}`);
  }
  const body = sections(lines);
  const answerNotes = splitCaveat(answer).notes;
  const notes = sections(notesLines(answerNotes));
  const withNotes: SlackMessage = { text, blocks: [...top, note, ...body, ...notes, ...tail], file };
  if (measureMessage(withNotes).violations.length === 0) return withNotes;
  const notesInFile = answerNotes.length > 0 ? [section(`_${answerNotes.length} notes are in the file too._`)] : [];
  const withoutNotes: SlackMessage = { text, blocks: [...top, note, ...body, ...notesInFile, ...tail], file };
  if (measureMessage(withoutNotes).violations.length === 0) return withoutNotes;
  return { text, blocks: [...top, note, ...tail], file };
}

function regionOptions(dataset: Dataset): types.PlainTextOption[] {
  return dataset.regions.slice(0, SLACK_LIMITS.selectOptions).map((r) => ({
    text: plainText(`${r.id} — ${r.pageName} (${r.metro})`, SLACK_LIMITS.optionText),
    value: r.id,
  }));
}

/** An answer that needs a region: a picker of regions; choosing one updates this message with the answer. */
function renderRegionPicker(answer: Answer, dataset: Dataset, options: RenderOptions): SlackMessage {
  const subject = describeSubject(answer);
  const blockId = encodeState(stateOf(answer.query, options.question ?? null, olderEdition(answer)), SLACK_LIMITS.blockId);
  const example = `${answer.query.scenarios[0] ?? dataset.scenarioOrder[0]} in ${dataset.regions[0]!.id}`;
  const blocks: Block[] = [header(subject), ...answerContext(answer, options)];
  const pickerNotes = (options.pickerNotes ?? []).map((n) => `_${escapeMrkdwn(n)}_`);
  if (blockId !== null) {
    blocks.push(
      section(
        [`The addresses to open depend on the region. *Pick the region of your cluster*, or ask again naming a region or zone (for example ${codeSpan(example)}).`, ...pickerNotes].join('\n'),
      ),
      {
        type: 'actions',
        block_id: blockId,
        elements: [{ type: 'static_select', action_id: ACTION_IDS.region, placeholder: plainText('Pick a region', SLACK_LIMITS.placeholderText), options: regionOptions(dataset) }],
      },
    );
  } else {
    const regions = dataset.regions.map((r) => `${codeSpan(r.id)} ${escapeMrkdwn(r.metro)}`).join(', ');
    blocks.push(section([`The addresses to open depend on the region: ask again naming one (for example ${codeSpan(example)}). Regions: ${regions}.`, ...pickerNotes].join('\n')));
  }
  // Which edition the region answer will come from, as every answer says.
  blocks.push(context([editionText(answer.dataset)]));
  return { text: escapeMrkdwn(`porthole: ${subject}: which region? The addresses depend on it.`), blocks, file: null };
}

/** How examples are written where the question was asked: `/porthole …`, a mention, or a direct message. */
export function placeOf(options: RenderOptions): HelpPlace {
  return options.share === true ? 'slash' : options.private === true ? 'dm' : 'mention';
}

/**
 * What the engine could not understand, in a few lines (src/core/render/refusal.ts): the question, the problems,
 * the closest suggestions, an example written for the place it was asked, and how to get the whole help.
 */
function renderProblems(answer: Answer, dataset: Dataset, options: RenderOptions): SlackMessage {
  const place = placeOf(options);
  if (answer.problems.every((p) => p.code === 'empty-question')) return renderHelp(dataset, [], undefined, place);
  const asked = askedText(options);
  const lines = refusalLines(answer, {
    helpCommand: codeSpan(exampleAs('help', place)),
    example: (q) => codeSpan(exampleAs(q, place)),
    exampleQuestion: dataset.meta.examples.questions[0],
  }).map((line) => (line.startsWith('`') || line.startsWith('For example: ') ? line : `• ${escapeMrkdwn(line)}`));
  const blocks: Block[] = [header('I could not answer that'), ...(asked !== '' ? [context([asked], true)] : []), section(clip(lines.join('\n'), SLACK_LIMITS.sectionText), undefined, true), context([editionText(answer.dataset)])];
  const first = answer.problems[0]?.message ?? 'I could not understand the question.';
  return { text: escapeClipped(`porthole: ${first}`, 1000), blocks, file: null };
}

/** Renders any answer: problems (with help), a region picker, or the rules. */
export function renderAnswer(answer: Answer, dataset: Dataset, options: RenderOptions = {}): SlackMessage {
  if (answer.problems.length > 0 || answer.scenarios.length === 0) return renderProblems(answer, dataset, options);
  if (answer.needsRegion && answer.cluster === null) return renderRegionPicker(answer, dataset, options);
  return renderRules(answer, options);
}
