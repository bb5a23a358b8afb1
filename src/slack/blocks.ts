import type { types } from '@slack/bolt';
import type { Answer, AnswerRule, RuleEndpoint } from '../core/answer.js';
import type { Dataset } from '../core/dataset/build.js';
import { describeProtocols, describeSubject } from '../core/render/describe.js';
import { renderText } from '../core/render/text.js';
import { EXPORTERS } from '../export/index.js';
import { clip, codeSpan, escapeClipped, escapeMrkdwn, link, mentionUser } from './escape.js';
import { SLACK_LIMITS } from './limits.js';
import { encodeState, stateOf } from './state.js';

/**
 * The Block Kit renderer: an Answer becomes a Slack message (`text` fallback + `blocks`) that keeps every limit
 * in limits.ts. An answer too long for one message becomes a summary plus the full rule list as a file
 * (`file`, uploaded by the caller with files.uploadV2); nothing is ever cut silently.
 */

export type Block = types.KnownBlock;
type ContextElement = types.ContextBlockElement;
type ActionsElement = types.ActionsBlockElement;

export const ACTION_IDS = {
  /** The static select of regions under an answer that needs one. */
  region: 'porthole.region',
  /** "Share in channel" under an ephemeral answer. */
  share: 'porthole.share',
} as const;

/** Block id of the section that says where the full rule list went (see setFileNote). */
export const FILE_NOTE_BLOCK_ID = 'porthole.file-note';

/**
 * An extra menu the renderer appends to an answer's actions (the seam for the "Export" menu of the exporters):
 * rendered as an overflow menu with `action_id` = `actionId`. The actions block's `block_id` holds the
 * answer's query state (state.ts, `decodeState`), so a listener can rebuild the answer.
 */
export interface ExtraMenu {
  actionId: string;
  /** 1 to 5 options (Slack's overflow limit); a value holds at most 150 characters. */
  options: { text: string; value: string }[];
}

export interface RenderOptions {
  /** The question as the person typed it; shown (escaped) with the answer. */
  question?: string | null;
  /** The Slack user id of who asked, shown with the question on a posted answer. */
  askedBy?: string | null;
  /** Only the asker sees the reply (ephemeral, or a direct message): the question reads "You asked". */
  private?: boolean;
  /** Add a "Share in channel" button (ephemeral answers). */
  share?: boolean;
  /** Extra overflow menus for the answer's actions (exporters). */
  extraMenus?: ExtraMenu[];
  /** Notes to show with a region picker (e.g. why a named cluster could not give the region). */
  pickerNotes?: string[];
}

export interface FileAttachment {
  filename: string;
  title: string;
  content: string;
}

export interface SlackMessage {
  /** Plain fallback for notifications and screen readers; always set, under 4000 characters. */
  text: string;
  blocks: Block[];
  /** The full answer as a file, when the message carries only a summary. */
  file: FileAttachment | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Small block builders

export function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: clip(text, SLACK_LIMITS.headerText), emoji: false } };
}

export function section(text: string, blockId?: string): Block {
  const block: types.SectionBlock = { type: 'section', text: { type: 'mrkdwn', text } };
  if (blockId !== undefined) block.block_id = blockId;
  return block;
}

export function context(texts: string[]): Block {
  const elements: ContextElement[] = texts
    .filter((t) => t !== '')
    .slice(0, SLACK_LIMITS.contextElements)
    .map((t) => ({ type: 'mrkdwn', text: t }));
  return { type: 'context', elements };
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

// ---------------------------------------------------------------------------------------------------------------
// Answer parts

const DIRECTION: Record<AnswerRule['direction'], string> = {
  outbound: 'outbound',
  inbound: 'inbound',
  'between-workers': 'between worker nodes',
};

function endpointDetail(e: RuleEndpoint): string {
  if (e.kind === 'reference') {
    return e.url !== undefined ? `${link(e.url, e.value)}${e.label !== e.value ? ` (${escapeMrkdwn(e.label)})` : ''}` : escapeMrkdwn(e.label);
  }
  return escapeMrkdwn(e.label) + (e.deprecated ? ' _(deprecated host name)_' : '');
}

/** Consecutive endpoints with the same label share one line: `a`, `b`, `c` label. */
function endpointLines(title: string, endpoints: RuleEndpoint[]): string[] {
  const lines: string[] = [];
  let i = 0;
  while (i < endpoints.length) {
    const first = endpoints[i]!;
    const group = [first];
    while (
      i + group.length < endpoints.length &&
      first.kind !== 'placeholder' &&
      first.kind !== 'reference' &&
      endpoints[i + group.length]!.kind !== 'placeholder' &&
      endpoints[i + group.length]!.kind !== 'reference' &&
      endpoints[i + group.length]!.label === first.label &&
      Boolean(endpoints[i + group.length]!.deprecated) === Boolean(first.deprecated)
    ) {
      group.push(endpoints[i + group.length]!);
    }
    const values = first.kind === 'reference' ? '' : `${group.map((e) => codeSpan(e.value)).join(', ')} `;
    const find = first.find !== undefined && first.find.length > 0 ? ` — find it: ${first.find.map(codeSpan).join(' then ')}` : '';
    lines.push(`${lines.length === 0 ? title : '      '}  ${values}${endpointDetail(first)}${find}`);
    i += group.length;
  }
  return lines;
}

function portsText(rule: AnswerRule): string {
  const protocols = escapeMrkdwn(describeProtocols(rule.protocols));
  if (rule.ports.length > 0) return `${protocols} ${rule.ports.length > 1 ? 'ports' : 'port'} ${rule.ports.map(codeSpan).join(', ')}`;
  if (rule.pending.length > 0) return `${protocols}, port depends on the cluster`;
  return protocols;
}

/** The mrkdwn lines of one rule: purpose, required/optional and direction, from → to, protocol and ports, how to find cluster values. */
export function ruleLines(rule: AnswerRule): string[] {
  const lines = [
    `*${escapeMrkdwn(rule.purpose)}*`,
    `_${rule.required ? 'required' : 'optional'} · ${DIRECTION[rule.direction]}_ · ${portsText(rule)}`,
    ...endpointLines('*From*', rule.sources),
    ...endpointLines('*→ To*', rule.destinations),
  ];
  for (const p of rule.pending) {
    const where = p.range !== null ? `, within ${codeSpan(p.range)}` : '';
    lines.push(`*Exact port:* ${escapeMrkdwn(p.label)}${where} — find it: ${p.find.map(codeSpan).join(' then ')}`);
  }
  for (const n of rule.notes) lines.push(`_Note:_ ${escapeMrkdwn(n)}`);
  for (const v of rule.verify) lines.push(`_Verify:_ ${codeSpan(v)}`);
  return lines;
}

function scenarioHeading(answer: Answer, id: string): string {
  const s = answer.scenarios.find((x) => x.id === id)!;
  return `${s.prerequisite ? 'Prerequisite: ' : ''}${s.title}`;
}

function whereText(answer: Answer): string {
  const { region, zone } = answer.query;
  const parts = [region !== null ? `Region *${escapeMrkdwn(region)}*` : 'No region named'];
  if (zone !== null) parts.push(`zone *${escapeMrkdwn(zone)}*`);
  if (answer.cluster !== null) parts.push(`cluster *${escapeMrkdwn(answer.cluster.name)}* (from ${escapeMrkdwn(answer.cluster.source)})`);
  else if (answer.query.cluster !== null) parts.push(`cluster ${codeSpan(answer.query.cluster)} (not looked up)`);
  return parts.join(' · ');
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

function answerContext(answer: Answer, options: RenderOptions): Block {
  return context([askedText(options), whereText(answer), datasetText(answer.dataset)]);
}

function actionsBlock(answer: Answer, options: RenderOptions): Block | null {
  const elements: ActionsElement[] = [];
  const state = stateOf(answer.query, options.question ?? null);
  if (options.share) {
    const value = encodeState(state, SLACK_LIMITS.buttonValue);
    if (value !== null) {
      elements.push({ type: 'button', action_id: ACTION_IDS.share, text: { type: 'plain_text', text: 'Share in channel' }, value });
    }
  }
  for (const menu of options.extraMenus ?? []) {
    const opts = menu.options.slice(0, SLACK_LIMITS.overflowOptions).map((o) => ({
      text: { type: 'plain_text' as const, text: clip(o.text, SLACK_LIMITS.optionText) },
      value: o.value.slice(0, SLACK_LIMITS.optionValue),
    }));
    if (opts.length > 0) elements.push({ type: 'overflow', action_id: menu.actionId.slice(0, SLACK_LIMITS.actionId), options: opts });
  }
  if (elements.length === 0) return null;
  const block: types.ActionsBlock = { type: 'actions', elements: elements.slice(0, SLACK_LIMITS.actionsElements) };
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

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'answer'
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring

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
  if (Array.isArray(value)) {
    for (const v of value) eachBlockText(v, found);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  for (const k of Object.keys(record)) {
    const v = record[k];
    if (k === 'text' && typeof v === 'string') found(v);
    else eachBlockText(v, found);
  }
}

/** Checks a message (or a home view with `maxBlocks` 100) against every limit in limits.ts. */
export function measureBlocks(blocks: Block[], text: string | null, maxBlocks: number = SLACK_LIMITS.messageBlocks): MessageMeasure {
  const violations: string[] = [];
  const L = SLACK_LIMITS;
  if (blocks.length > maxBlocks) violations.push(`${blocks.length} blocks (max ${maxBlocks})`);
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
          const max = e.type === 'overflow' ? L.overflowOptions : L.selectOptions;
          if (options.length === 0 || options.length > max) violations.push(`${at}: ${options.length} options`);
          for (const o of options) {
            if (o.text.text.length > L.optionText) violations.push(`${at}: option label of ${o.text.text.length} chars`);
            if ((o.value ?? '').length > L.optionValue) violations.push(`${at}: option value of ${(o.value ?? '').length} chars`);
          }
        }
        if ('action_id' in e && e.action_id !== undefined && e.action_id.length > L.actionId) violations.push(`${at}: long action_id`);
      }
    }
  });
  let textChars = 0;
  eachBlockText(blocks, (t) => (textChars += t.length));
  if (textChars > L.messageBlockText) violations.push(`${textChars} characters of block text (budget ${L.messageBlockText})`);
  if (text !== null && (text.length === 0 || text.length >= L.messageText)) violations.push(`fallback text of ${text.length} chars`);
  return { blocks: blocks.length, textChars, violations };
}

export function measureMessage(message: SlackMessage): MessageMeasure {
  return measureBlocks(message.blocks, message.text);
}

// ---------------------------------------------------------------------------------------------------------------
// Messages

/** The rule blocks of an answer: the full list when it fits one message, else a summary plus the list as a file. */
function renderRules(answer: Answer, options: RenderOptions): SlackMessage {
  const subject = describeSubject(answer);
  const text = fallbackText(answer);
  const top = [header(subject), answerContext(answer, options)];
  const actions = actionsBlock(answer, options);
  const tail = actions !== null ? [actions] : [];

  const body: Block[] = [];
  for (const scenario of answer.scenarios) {
    const rules = answer.rules.filter((r) => r.scenario === scenario.id);
    const headingLines = [`*${escapeMrkdwn(scenarioHeading(answer, scenario.id))}*`, `_${escapeMrkdwn(scenario.summary)}_`];
    if (rules.length === 0) headingLines.push('No rules of its own.');
    for (const t of packLines(headingLines)) body.push(section(t));
    for (const rule of rules) for (const t of packLines(ruleLines(rule))) body.push(section(t));
  }
  for (const t of packLines(notesLines(answer.notes))) body.push(section(t));

  const full: SlackMessage = { text, blocks: [...top, ...body, ...tail], file: null };
  if (measureMessage(full).violations.length === 0) return full;
  return renderSummary(answer, options, top, tail, text);
}

function portsSummary(rules: AnswerRule[]): string {
  const seen: string[] = [];
  for (const r of rules) {
    const p = describeProtocols(r.protocols) + (r.ports.length > 0 ? ` ${r.ports.join(', ')}` : r.pending.length > 0 ? ' (port depends on the cluster)' : '');
    if (!seen.includes(p)) seen.push(p);
  }
  return seen.join('; ');
}

function renderSummary(answer: Answer, options: RenderOptions, top: Block[], tail: Block[], text: string): SlackMessage {
  const subject = describeSubject(answer);
  const where = [answer.query.region, answer.query.zone, answer.cluster?.name ?? answer.query.cluster].filter(Boolean).join('-');
  const file: FileAttachment = {
    filename: `porthole-${slug(`${answer.query.scenarios.join('-')}${where ? `-${where}` : ''}`)}.txt`,
    title: `porthole: ${subject}`,
    content: renderText(answer),
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
  const body = packLines(lines).map((t) => section(t));
  const notes = packLines(notesLines(answer.notes)).map((t) => section(t));
  const withNotes: SlackMessage = { text, blocks: [...top, note, ...body, ...notes, ...tail], file };
  if (measureMessage(withNotes).violations.length === 0) return withNotes;
  const notesInFile = answer.notes.length > 0 ? [section(`_${answer.notes.length} notes are in the file too._`)] : [];
  const withoutNotes: SlackMessage = { text, blocks: [...top, note, ...body, ...notesInFile, ...tail], file };
  if (measureMessage(withoutNotes).violations.length === 0) return withoutNotes;
  return { text, blocks: [...top, note, ...tail], file };
}

function regionOptions(dataset: Dataset): types.PlainTextOption[] {
  return dataset.regions.slice(0, SLACK_LIMITS.selectOptions).map((r) => ({
    text: { type: 'plain_text', text: clip(`${r.id} — ${r.pageName} (${r.metro})`, SLACK_LIMITS.optionText) },
    value: r.id,
  }));
}

/** An answer that needs a region: a picker of regions; choosing one updates this message with the answer. */
function renderRegionPicker(answer: Answer, dataset: Dataset, options: RenderOptions): SlackMessage {
  const subject = describeSubject(answer);
  const blockId = encodeState(stateOf(answer.query, options.question ?? null), SLACK_LIMITS.blockId);
  const example = `${answer.query.scenarios[0] ?? dataset.scenarioOrder[0]} in ${dataset.regions[0]!.id}`;
  const blocks: Block[] = [header(subject), answerContext(answer, options)];
  const pickerNotes = (options.pickerNotes ?? []).map((n) => `_${escapeMrkdwn(n)}_`);
  if (blockId !== null) {
    blocks.push(
      section(
        [`The addresses to open depend on the region. *Pick the region of your cluster*, or ask again naming a region or zone (for example ${codeSpan(example)}).`, ...pickerNotes].join('\n'),
      ),
      {
        type: 'actions',
        block_id: blockId,
        elements: [
          {
            type: 'static_select',
            action_id: ACTION_IDS.region,
            placeholder: { type: 'plain_text', text: 'Pick a region' },
            options: regionOptions(dataset),
          },
        ],
      },
    );
  } else {
    const regions = dataset.regions.map((r) => `${codeSpan(r.id)} ${escapeMrkdwn(r.metro)}`).join(', ');
    blocks.push(section([`The addresses to open depend on the region: ask again naming one (for example ${codeSpan(example)}). Regions: ${regions}.`, ...pickerNotes].join('\n')));
  }
  return { text: escapeMrkdwn(`porthole: ${subject}: which region? The addresses depend on it.`), blocks, file: null };
}

export type Examples = Dataset['meta']['examples'];

function exampleLines(examples: Examples, how: 'slash' | 'plain'): string[] {
  return examples.questions.map((e) => `• ${codeSpan(how === 'slash' ? `/porthole ${e}` : e)}`);
}

/** The "why is this address needed?" examples (mrkdwn), for help, the App Home and unreadable input. */
export function whyExamples(examples: Examples, how: 'slash' | 'plain'): string {
  const why = examples.why.map((e) => codeSpan(how === 'slash' ? `/porthole ${e}` : e)).join(', ');
  return `${why}, or paste a firewall log line such as ${codeSpan(examples.logLine)}`;
}

function whyLine(examples: Examples, how: 'slash' | 'plain'): string {
  return `*Why is an address needed?* Ask ${whyExamples(examples, how)}: I say which requirement it belongs to (topic, region, zones, ports, rules), or plainly that the dataset does not list it.`;
}

/** The Export menu, with the formats of the EXPORTERS registry. */
function exportLine(): string {
  const formats = Object.values(EXPORTERS).map((e) => escapeMrkdwn(e.title));
  return `*Export:* the ⋯ menu under an answer (*Export as …*) sends it as a file for your firewall team: ${formats.join(', ')}. For an answer only you can see, the file comes to our direct messages, never to the channel.`;
}

function topicsLine(dataset: Dataset): string {
  const titles = dataset.scenarioOrder.map((id) => dataset.scenarios.get(id)?.title ?? id);
  return `*Topics:* ${escapeMrkdwn(titles.join(' · '))}`;
}

function regionsLine(dataset: Dataset): string {
  return `*Regions:* ${dataset.regions.map((r) => `${codeSpan(r.id)} ${escapeMrkdwn(r.metro)}`).join(', ')}, or name a zone such as ${codeSpan(dataset.regions[0]!.zones[0]!.id)}.`;
}

function datasetContext(dataset: Dataset): Block {
  const m = dataset.meta;
  return context([`Dataset ${escapeMrkdwn(m.version)}, updated ${escapeMrkdwn(m.lastUpdated)} · ${link(m.source.url, m.source.title)}`]);
}

/** Help with examples; `intro` lines (already mrkdwn) go first, e.g. what was not understood. */
export function renderHelp(dataset: Dataset, intro: string[] = [], title = 'porthole: which firewall openings IKS needs'): SlackMessage {
  const lines = [
    ...intro,
    ...(intro.length > 0 ? [''] : []),
    'I answer which firewall ports, protocols, hosts and IP addresses IBM Cloud Kubernetes Service needs. Ask me with `/porthole`, by mentioning me, or in a direct message. For example:',
    ...exampleLines(dataset.meta.examples, 'slash'),
    '',
    whyLine(dataset.meta.examples, 'slash'),
    exportLine(),
  ];
  const blocks: Block[] = [
    header(title),
    ...packLines(lines).map((t) => section(t)),
    ...packLines([topicsLine(dataset), regionsLine(dataset)]).map((t) => section(t)),
    datasetContext(dataset),
  ];
  return { text: `porthole help: ask which firewall ports IBM Cloud Kubernetes Service needs, for example "/porthole ${dataset.meta.examples.questions[0]}".`, blocks, file: null };
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

/** Replaces the text of the file-note section (where the full list went, or why it could not be attached). */
export function setFileNote(message: SlackMessage, mrkdwn: string): SlackMessage {
  return {
    ...message,
    blocks: message.blocks.map((b) => (b.type === 'section' && b.block_id === FILE_NOTE_BLOCK_ID ? section(clip(mrkdwn, SLACK_LIMITS.sectionText), FILE_NOTE_BLOCK_ID) : b)),
  };
}

/** A short message with no blocks of its own beyond one section. */
export function renderNotice(mrkdwn: string): SlackMessage {
  const text = clip(mrkdwn, SLACK_LIMITS.sectionText);
  return { text: clip(mrkdwn, 1000), blocks: [section(text)], file: null };
}

export function renderSlowDown(limit: number, retryAfterMs: number): SlackMessage {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return renderNotice(
    `You have asked me more than ${limit} questions in the last minute, so I will take a short break from your questions: ask again in about ${seconds} seconds. Thank you for your patience!`,
  );
}

/** The App Home tab: what porthole answers, example questions, regions, dataset version and date. */
export function renderHome(dataset: Dataset): Block[] {
  const regionLines = dataset.regions.map(
    (r) => `• ${codeSpan(r.id)} ${escapeMrkdwn(`${r.pageName}, ${r.metro}`)}: ${r.zones.map((z) => codeSpan(z.id)).join(' ')}`,
  );
  const blocks: Block[] = [
    header('porthole'),
    section(
      `I answer which firewall ports, protocols, host names and IP addresses *${escapeMrkdwn(dataset.meta.source.product)}* needs: for \`ibmcloud ks\`, \`kubectl\` and \`calicoctl\` from your workstation, for worker nodes on the public and private networks, and for inbound traffic to your apps.`,
    ),
    section(
      [
        '*Ask me* with `/porthole <question>` in any channel (only you see the answer until you share it), by mentioning me (I answer in a thread), or in the Messages tab here:',
        ...exampleLines(dataset.meta.examples, 'plain'),
      ].join('\n'),
    ),
    section([whyLine(dataset.meta.examples, 'plain'), exportLine()].join('\n')),
    ...packLines([topicsLine(dataset)]).map((t) => section(t)),
    ...packLines(['*Regions and zones*', ...regionLines]).map((t) => section(t)),
    section(
      `*Dataset* ${escapeMrkdwn(dataset.meta.version)}, transcribed from ${link(dataset.meta.source.url, dataset.meta.source.title)} as updated on ${escapeMrkdwn(dataset.meta.lastUpdated)}. ${escapeMrkdwn(dataset.meta.caveat)}`,
    ),
  ];
  return blocks;
}
