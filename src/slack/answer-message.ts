import type { types } from '@slack/bolt';
import type { BotReply } from '../bot/answering.js';
import { encodeState, stateOf } from '../bot/state.js';
import type { Answer, AnswerRule } from '../core/answer.js';
import type { Dataset } from '../core/dataset/build.js';
import { forTerminal } from '../core/printable.js';
import { describeProtocols, describeSubject } from '../core/render/describe.js';
import { renderText } from '../core/render/text.js';
import { exportBaseName } from '../export/index.js';
import { answerRows, cellToTableCell, clusterValueLines, ruleNoteLines, TABLE_COLUMNS, type Cell } from './answer-table.js';
import { context, FILE_NOTE_BLOCK_ID, header, plainText, section, sections, table, type Block, type FileAttachment, type SlackMessage } from './block-kit.js';
import { clip, codeSpan, escapeClipped, escapeMrkdwn, link, mentionUser } from './escape.js';
import { exportMenu } from './export-menu.js';
import { renderHelp } from './help.js';
import { measureMessage, SLACK_LIMITS } from './limits.js';
import { renderWhy } from './why-message.js';

/**
 * The answer message: an Answer becomes a Slack message (`text` fallback + `blocks`) that keeps every limit in
 * limits.ts. An answer too long for one message becomes a summary plus the full rule list as a file (`file`,
 * sent by deliver.ts); nothing is ever cut silently. renderReply renders any reply of the bot layer.
 */

type ActionsElement = types.ActionsBlockElement;

export const ACTION_IDS = {
  /** The static select of regions under an answer that needs one. */
  region: 'porthole.region',
  /** "Share in channel" under an ephemeral answer. */
  share: 'porthole.share',
} as const;

export interface RenderOptions {
  /** The question as the person typed it; shown (escaped) with the answer. */
  question?: string | null;
  /** The Slack user id of who asked, shown with the question on a posted answer. */
  askedBy?: string | null;
  /** Only the asker sees the reply (ephemeral, or a direct message): the question reads "You asked". */
  private?: boolean;
  /** Add a "Share in channel" button (ephemeral answers of the slash command). */
  share?: boolean;
  /** Notes to show with a region picker (e.g. why a named cluster could not give the region). */
  pickerNotes?: string[];
}

function scenarioHeading(answer: Answer, id: string): string {
  const s = answer.scenarios.find((x) => x.id === id)!;
  return `${s.prerequisite ? 'Prerequisite: ' : ''}${s.title}`;
}

/** What the header does not say about where: where the cluster's values came from, or that they were not looked up. */
function clusterText(answer: Answer): string {
  if (answer.cluster !== null) return `cluster *${escapeMrkdwn(answer.cluster.name)}* (from ${escapeMrkdwn(answer.cluster.source)})`;
  if (answer.query.cluster !== null) return `cluster ${codeSpan(answer.query.cluster)} (not looked up)`;
  return '';
}

export function datasetText(info: Answer['dataset']): string {
  return `Dataset ${escapeMrkdwn(info.version)}, updated ${escapeMrkdwn(info.lastUpdated)} · ${link(info.source.url, info.source.title)}`;
}

/** "<@U123> asked: kubectl in eu-de" — the question clipped to 200 characters, then escaped. */
export function askedText(options: Pick<RenderOptions, 'askedBy' | 'private' | 'question'>): string {
  const askedBy = options.askedBy ?? null;
  const who = askedBy !== null ? `${mentionUser(askedBy)} asked` : options.private ? 'You asked' : 'Asked';
  const q = options.question?.trim();
  if (q === undefined || q === '') return askedBy !== null ? `Asked by ${mentionUser(askedBy)}` : '';
  return `${who}: ${escapeMrkdwn(clip(q.replace(/\s+/g, ' '), 200))}`;
}

/** Who asked what, the cluster's values and how the question was read; nothing when there is nothing to say. */
function answerContext(answer: Answer, options: RenderOptions): Block[] {
  // How the question was read (topics, exclusions, typos read, words not used), so a half-read question shows.
  const reading = answer.reading ? escapeMrkdwn(clip(answer.reading, 500)) : '';
  const texts = [askedText(options), clusterText(answer), reading].filter((t) => t !== '');
  return texts.length > 0 ? [context(texts)] : [];
}

/** The answer's notes without the edition's caveat, which resolve() always puts last and the footer says once. */
function splitCaveat(answer: Answer): { notes: string[]; caveat: string | null } {
  if (answer.notes.length === 0) return { notes: [], caveat: null };
  return { notes: answer.notes.slice(0, -1), caveat: answer.notes.at(-1)! };
}

/** "Edition *2025-07-08* of 2025-07-08 (classic clusters) · <IBM page> · ibm-cloud-docs/containers@1354cd8": where the answer comes from. */
export function editionText(info: Answer['dataset']): string {
  const edition = info.edition;
  if (edition === undefined) return datasetText(info);
  const repository = edition.source.repository;
  const commit = repository !== undefined ? ` · ${link(`https://github.com/${repository.name}/blob/${repository.commit}/${repository.path}`, `${repository.name}@${repository.commit.slice(0, 7)}`)}` : '';
  return `Edition *${escapeMrkdwn(edition.id)}* of ${escapeMrkdwn(edition.date)} (${escapeMrkdwn(edition.covers)}) · ${link(edition.source.url, edition.source.title)}${commit}`;
}

/** The footer: the edition with its source, and its caveat, each said once per answer. */
function answerFooter(answer: Answer): Block {
  const { caveat } = splitCaveat(answer);
  return context([editionText(answer.dataset), caveat !== null ? `_${escapeMrkdwn(clip(caveat, 1000))}_` : '']);
}

function actionsBlock(answer: Answer, options: RenderOptions): Block {
  const elements: ActionsElement[] = [];
  const state = stateOf(answer.query, options.question ?? null);
  if (options.share === true) {
    const value = encodeState(state, SLACK_LIMITS.buttonValue);
    if (value !== null) {
      elements.push({ type: 'button', action_id: ACTION_IDS.share, text: plainText('Share in channel', SLACK_LIMITS.buttonText), value });
    }
  }
  elements.push(exportMenu());
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

/** The rule blocks of an answer: one table when it fits one message, else a summary plus the full list as a file. */
function renderRules(answer: Answer, options: RenderOptions): SlackMessage {
  const subject = describeSubject(answer);
  const text = fallbackText(answer);
  const top = [header(subject), ...answerContext(answer, options)];
  const tail = [answerFooter(answer), actionsBlock(answer, options)];
  const { notes } = splitCaveat(answer);
  const rows = answer.rules.length > 0 ? answerRows(answer) : [];
  // More rows than a table holds: no need to build the message to know it does not fit.
  if (rows.length > SLACK_LIMITS.tableRows) return renderSummary(answer, top, tail, text);

  const body: Block[] = [
    ...sections(scenarioLines(answer)),
    ...(rows.length > 0 ? [tableOf(rows)] : []),
    ...sections(clusterValueLines(answer)),
    ...sections(ruleNoteLines(answer)),
    ...sections(notesLines(notes)),
  ];

  const full: SlackMessage = { text, blocks: [...top, ...body, ...tail], file: null };
  if (measureMessage(full).violations.length === 0) return full;
  return renderSummary(answer, top, tail, text);
}

function portsSummary(rules: AnswerRule[]): string {
  const seen: string[] = [];
  for (const r of rules) {
    const p = describeProtocols(r.protocols) + (r.ports.length > 0 ? ` ${r.ports.join(', ')}` : r.pending.length > 0 ? ' (port depends on the cluster)' : '');
    if (!seen.includes(p)) seen.push(p);
  }
  return seen.join('; ');
}

function renderSummary(answer: Answer, top: Block[], tail: Block[], text: string): SlackMessage {
  const subject = describeSubject(answer);
  const file: FileAttachment = {
    filename: `${exportBaseName(answer)}.txt`,
    // Shown by Slack as they are: a cluster's values with control or bidi characters as escapes.
    title: forTerminal(`porthole: ${subject}`),
    content: forTerminal(renderText(answer)),
  };
  const count = answer.rules.length;
  const note = section(
    `*${count} rules*, too many for one Slack message: here is a summary. The full list, with every address and port, ` +
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
  const blockId = encodeState(stateOf(answer.query, options.question ?? null), SLACK_LIMITS.blockId);
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
  return { text: escapeMrkdwn(`porthole: ${subject}: which region? The addresses depend on it.`), blocks, file: null };
}

/** What the engine could not understand, with its suggestions, then help with examples. */
function renderProblems(answer: Answer, dataset: Dataset, options: RenderOptions): SlackMessage {
  if (answer.problems.every((p) => p.code === 'empty-question')) return renderHelp(dataset);
  const asked = askedText(options);
  const intro = [...(asked !== '' ? [asked] : []), ...answer.problems.map((p) => `• ${escapeMrkdwn(p.message)}`)];
  const help = renderHelp(dataset, intro, 'I could not answer that');
  const first = answer.problems[0]?.message ?? 'I could not understand the question.';
  return { ...help, text: escapeClipped(`porthole: ${first}`, 1000) };
}

/** Renders any answer: problems (with help), a region picker, or the rules. */
export function renderAnswer(answer: Answer, dataset: Dataset, options: RenderOptions = {}): SlackMessage {
  if (answer.problems.length > 0 || answer.scenarios.length === 0) return renderProblems(answer, dataset, options);
  if (answer.needsRegion && answer.cluster === null) return renderRegionPicker(answer, dataset, options);
  return renderRules(answer, options);
}


/**
 * Any reply of the bot layer as a Slack message: help, a why lookup, or an answer (problems with help, a
 * region picker, or the rules). `how` says how examples are written: `/porthole …` for the slash command.
 */
export function renderReply(reply: BotReply, dataset: Dataset, options: RenderOptions): SlackMessage {
  if (reply.kind === 'help') return renderHelp(dataset);
  if (reply.kind === 'why') {
    return renderWhy(reply.result, {
      question: options.question ?? null,
      askedBy: options.askedBy ?? null,
      private: options.private === true,
      how: options.share === true ? 'slash' : 'plain',
      examples: dataset.meta.examples,
    });
  }
  return renderAnswer(reply.answer, dataset, { ...options, share: options.share === true, pickerNotes: reply.clusterNotes });
}
