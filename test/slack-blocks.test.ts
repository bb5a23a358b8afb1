import fc from 'fast-check';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer, ClusterFacts, RuleEndpoint } from '../src/core/answer.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { parseQuestion } from '../src/core/parse/question.js';
import { describeSubject } from '../src/core/render/describe.js';
import { ask, resolve } from '../src/core/resolve/resolve.js';
import { BUNDLED_DATA_DIR, listEditions, loadDataset } from '../src/data-files/load.js';
import { decodeState } from '../src/bot/state.js';
import { EXPORTERS } from '../src/export/index.js';
import { ACTION_IDS, renderAnswer } from '../src/slack/answer-message.js';
import { renderReply } from '../src/slack/reply-message.js';
import { FILE_NOTE_BLOCK_ID, packLines, type Block, type SlackMessage } from '../src/slack/block-kit.js';
import { EXPORT_ACTION_ID } from '../src/slack/export-menu.js';
import { renderHelp, renderHome } from '../src/slack/help.js';
import { answerRows, clusterValues, ENDPOINT_LINE_CHARS } from '../src/slack/answer-table.js';
import { escapeMrkdwn } from '../src/slack/escape.js';
import { blockTexts, measureBlocks, measureMessage, SLACK_LIMITS } from '../src/slack/limits.js';
import { shippedDataset } from './helpers/dataset.js';
import { demoFraFacts } from './support/cluster-fixture.js';

/** A button's state names the edition of an answer that is not from the newest one. */
function olderEdition(): { edition?: string } {
  return dataset.editions.at(-1) === dataset.edition ? {} : { edition: dataset.edition };
}
import { checkBlocks } from './support/slack/index.js';

let dataset: Dataset;
beforeAll(async () => {
  // The expected values of this file (addresses, rule ids, titles, examples) are the 2019-03-04 page's.
  const loaded = await loadDataset(undefined, { edition: '2019-03-04' });
  if (!loaded.ok) throw new Error('the bundled dataset does not load');
  dataset = loaded.dataset;
});

function sectionTexts(message: SlackMessage): string[] {
  return message.blocks.flatMap((b) => (b.type === 'section' && b.text !== undefined ? [b.text.text] : []));
}

/** Slack's limits, written out here independently of src/slack/limits.ts. */
function expectWithinSlackLimits(message: SlackMessage): void {
  const { blocks, text } = message;
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const b of blocks) {
    if (b.type === 'section') {
      expect(b.text?.text.length ?? 0).toBeGreaterThan(0);
      expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    }
    if (b.type === 'header') {
      expect(b.text.type).toBe('plain_text');
      expect(b.text.text.length).toBeLessThanOrEqual(150);
    }
    if (b.type === 'context') expect(b.elements.length).toBeLessThanOrEqual(10);
    if (b.type === 'actions') {
      expect(b.elements.length).toBeLessThanOrEqual(25);
      expect((b.block_id ?? '').length).toBeLessThanOrEqual(255);
      for (const e of b.elements) {
        if (e.type === 'button') expect((e.value ?? '').length).toBeLessThanOrEqual(2000);
        if (e.type === 'static_select') for (const o of e.options ?? []) expect((o.value ?? '').length).toBeLessThanOrEqual(150);
      }
    }
  }
  const total = blockTexts(blocks).reduce((n, t) => n + t.length, 0);
  expect(total).toBeLessThanOrEqual(11000);
  // blockTexts and the renderer's own measure agree with the plainest walk over the JSON.
  const walk = (v: unknown): string[] =>
    Array.isArray(v) ? v.flatMap(walk) : v === null || typeof v !== 'object' ? [] : Object.entries(v).flatMap(([k, x]) => (k === 'text' && typeof x === 'string' ? [x] : walk(x)));
  expect(blockTexts(blocks)).toEqual(walk(blocks));
  expect(measureMessage(message).textChars).toBe(total);
  expect(text.length).toBeGreaterThan(0);
  expect(text.length).toBeLessThan(4000);
  // The stand-in's own Block Kit checks (an independent implementation of Slack's validation) agree.
  const check = checkBlocks(blocks);
  expect(check.errors).toEqual([]);
  expect(check.textChars).toBeLessThanOrEqual(11000);
}

/** The table block of a message, as rows of cell texts (each cell's text spans joined). */
function tableOf(message: SlackMessage): string[][] | null {
  const tables = message.blocks.filter((b) => b.type === 'table');
  expect(tables.length).toBeLessThanOrEqual(1);
  const t = tables[0];
  if (t?.type !== 'table') return null;
  return t.rows.map((row) => row.map((cell) => blockTexts(cell).join('')));
}

/** The spans of a table cell with their styles, for checking how values are shown. */
function styledSpans(message: SlackMessage): { text: string; style: Record<string, boolean> }[] {
  const t = message.blocks.find((b) => b.type === 'table');
  if (t?.type !== 'table') return [];
  const spans: { text: string; style: Record<string, boolean> }[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      const r = v as Record<string, unknown>;
      if ((r.type === 'text' || r.type === 'link') && typeof r.text === 'string') spans.push({ text: r.text, style: (r.style ?? {}) as Record<string, boolean> });
      else Object.values(r).forEach(walk);
    }
  };
  walk(t.rows);
  return spans;
}

/** What the table shows for an endpoint: the value of a real address, the label of a placeholder, reference or "any". */
function shown(e: RuleEndpoint): string {
  return e.kind === 'ip' || e.kind === 'cidr' || e.kind === 'host' ? e.value : e.label;
}

/** A From or To cell as one list: its lines joined as the commas between values on one line join them. */
const cellList = (cell: string) => cell.split('\n').join(', ');

/**
 * Nothing is cut silently: every rule is a row of the message's table, which comes last, with its sources and
 * destinations each in one cell, several to a line; or the message says why not and the file has them all.
 */
function expectComplete(answer: Answer, message: SlackMessage): void {
  if (answer.problems.length > 0 || (answer.needsRegion && answer.cluster === null)) return;
  const all = sectionTexts(message).join('\n');
  expect(all).not.toContain('in italics above');
  if (message.file === null) {
    const rows = tableOf(message);
    if (answer.rules.length === 0) return;
    expect(rows).not.toBeNull();
    expect(message.blocks.at(-1)!.type).toBe('table');
    expect(rows!.length).toBe(1 + answer.rules.length);
    answer.rules.forEach((rule, i) => {
      const row = rows![i + 1]!;
      expect(row[6]).toBe(rule.purpose.replace(/`/g, ''));
      const values = (endpoints: RuleEndpoint[]) => endpoints.map((e) => shown(e) + (e.deprecated === true ? ' (deprecated)' : ''));
      if (rule.sources.length > 0) expect(cellList(row[2]!)).toBe(values(rule.sources).join(', '));
      if (rule.destinations.length > 0) expect(cellList(row[3]!)).toBe(values(rule.destinations).join(', '));
      // Several addresses to a line; a line longer than a line holds is one value alone (a long label).
      const alone = new Set(values([...rule.sources, ...rule.destinations]));
      for (const line of [...row[2]!.split('\n'), ...row[3]!.split('\n')]) if (line.length > ENDPOINT_LINE_CHARS) expect(alone.has(line)).toBe(true);
    });
    if (clusterValues(answer).length > 0) expect(all).toContain("*Your cluster's values* (in italics in the table below)");
  } else {
    expect(message.blocks.some((b) => b.type === 'table')).toBe(false);
    const note = blockTexts(message.blocks.find((b) => b.block_id === FILE_NOTE_BLOCK_ID)).join('');
    expect(note).toMatch(/^\*Too much for one Slack message\* \(.*(a Slack table holds|of one Slack message)\)/);
    for (const rule of answer.rules) expect(message.file.content).toContain(rule.id);
    for (const s of answer.scenarios) expect(all).toContain(s.title.replace(/&/g, '&amp;'));
  }
}

function answerFor(scenario: string, region: string | null, zone: string | null, cluster: ClusterFacts | null = null): Answer {
  const parsed = parseQuestion(scenario, dataset);
  parsed.problems = [];
  parsed.query.scenarios = [scenario];
  parsed.query.region = region;
  parsed.query.zone = zone;
  return resolve(parsed, dataset, { cluster });
}

describe('answer blocks', () => {
  it('renders header, context, the topics, one table of the rules, the cluster values, a footer and a share button', () => {
    const answer = ask('kubectl in fra02', dataset);
    const message = renderAnswer(answer, dataset, { question: 'kubectl in fra02', share: true, private: true });
    expect(message.file).toBeNull();
    const [head, ctx, ...rest] = message.blocks as [Block, Block, ...Block[]];
    expect(head).toEqual({ type: 'header', text: { type: 'plain_text', text: describeSubject(answer), emoji: false } });
    expect(blockTexts(ctx).join(' | ')).toContain('You asked: kubectl in fra02');

    // The topics, prerequisites first, then the table.
    const sections = rest.filter((b) => b.type === 'section').map((b) => (b.type === 'section' ? (b.text?.text ?? '') : ''));
    const topics = sections.join('\n');
    const prereq = answer.scenarios.find((sc) => sc.prerequisite)!;
    const asked = answer.scenarios.find((sc) => !sc.prerequisite)!;
    expect(topics.indexOf(`*Prerequisite: ${prereq.title}*`)).toBeGreaterThanOrEqual(0);
    expect(topics.indexOf(`*${asked.title}*`)).toBeGreaterThan(topics.indexOf(`*Prerequisite: ${prereq.title}*`));
    // The table comes last: Slack shows it at the bottom of the message wherever it is placed.
    expect(rest.findIndex((b) => b.type === 'table')).toBe(rest.length - 1);

    // One row per rule, every address its own code span.
    const rows = tableOf(message)!;
    expect(rows[0]).toEqual(['Needed', 'Direction', 'From', 'To', 'Protocol', 'Ports', 'Purpose']);
    expectComplete(answer, message);
    const code = new Set(styledSpans(message).filter((sp) => sp.style.code).map((sp) => sp.text));
    const real = answer.rules.flatMap((r) => [...r.sources, ...r.destinations]).filter((e) => e.kind === 'ip' || e.kind === 'cidr' || e.kind === 'host');
    expect(real.length).toBeGreaterThan(0);
    for (const e of real) expect(code.has(e.value)).toBe(true);
    for (const p of answer.rules.flatMap((r) => r.ports)) expect(code.has(p)).toBe(true);

    // The footer says the edition, its source link and its caveat, once; nothing else says the caveat.
    const footer = message.blocks.at(-3)!;
    expect(footer.type).toBe('context');
    const footerText = blockTexts(footer).join(' | ');
    expect(footerText).toContain(`<${dataset.meta.source.url}|`);
    expect(footerText).toContain(dataset.edition);
    const everything = blockTexts(message.blocks).join('\n');
    const caveatStart = dataset.meta.caveat.slice(0, 40);
    expect(everything.split(caveatStart)).toHaveLength(2);
    expect(footerText).toContain(caveatStart);

    const actions = message.blocks.at(-2)!;
    expect(actions.type).toBe('actions');
    if (actions.type !== 'actions') return;
    const share = actions.elements.find((e) => e.type === 'button');
    expect(share).toMatchObject({ action_id: ACTION_IDS.share, text: { text: 'Share in channel' } });
    const state = decodeState(share?.type === 'button' ? (share.value ?? '') : '', dataset);
    expect(state).toEqual({ scenarios: ['kubectl'], region: 'eu-de', zone: 'fra02', cluster: null, question: 'kubectl in fra02', ...olderEdition() });
    expect(message.text).toContain(`kubectl commands in eu-de (zone fra02): ${answer.rules.length} rules`);
  });

  it('shows placeholders in italics with their meaning, never as code, and says how to find each once', () => {
    const answer = ask('kubectl in fra02', dataset);
    const message = renderAnswer(answer, dataset, { question: 'kubectl in fra02' });
    const placeholders = answer.rules.flatMap((r) => [...r.sources, ...r.destinations]).filter((e) => e.kind === 'placeholder');
    expect(placeholders.length).toBeGreaterThan(0);
    const spans = styledSpans(message);
    for (const p of placeholders) {
      expect(spans.some((sp) => sp.text === p.label && sp.style.italic === true)).toBe(true);
      expect(spans.some((sp) => sp.style.code === true && (sp.text === p.value || sp.text === p.label))).toBe(false);
    }
    const everything = blockTexts(message.blocks).join('\n');
    // No placeholder is ever a code span, anywhere in the message.
    for (const p of placeholders) expect(everything).not.toContain(`\`${p.value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}\``);
    // Each value the cluster knows (placeholder or pending port) with steps: its steps said once.
    const withSteps = new Set([
      ...placeholders.filter((p) => (p.find ?? []).length > 0).map((p) => p.party ?? p.value),
      ...answer.rules.flatMap((r) => r.pending).map((p) => p.fact),
    ]);
    expect(withSteps.size).toBeGreaterThan(0);
    expect(everything.split('— find it:')).toHaveLength(withSteps.size + 1);
    expect(everything).toContain("*Your cluster's values*");
    for (const p of placeholders) expect(everything.split(`• _${p.label}_`)).toHaveLength(2);
  });

  it('links each IBM docs section once and says "deprecated" once per deprecated address', () => {
    for (const question of ['registry in fra02', 'kubectl in fra02', 'worker outbound in us-south']) {
      const answer = ask(question, dataset);
      const message = renderAnswer(answer, dataset, { question });
      expect(message.file).toBeNull();
      const everything = blockTexts(message.blocks).join('\n');
      for (const url of new Set(answer.rules.map((r) => r.sectionUrl))) expect(everything.split(`<${url.replace(/&/g, '&amp;')}|`)).toHaveLength(2);
      const deprecated = answer.rules.flatMap((r) => [...r.sources, ...r.destinations]).filter((e) => e.deprecated === true).length;
      const cells = (tableOf(message) ?? []).flat();
      expect(cells.reduce((n, c) => n + (c.match(/deprecated/g) ?? []).length, 0)).toBe(deprecated);
    }
  });

  it('ends with an Export menu holding every format of the EXPORTERS registry, and the question state in its block_id', () => {
    const answer = ask('kubectl in eu-de', dataset);
    const message = renderAnswer(answer, dataset, {});
    const actions = message.blocks.filter((b) => b.type !== 'table').at(-1)!;
    expect(actions.type).toBe('actions');
    if (actions.type !== 'actions') return;
    // The Export menu, then the feedback buttons.
    expect(actions.elements.map((e) => ('action_id' in e ? e.action_id : null))).toEqual([EXPORT_ACTION_ID, ACTION_IDS.helpful, ACTION_IDS.notHelpful]);
    const menu = actions.elements[0]!;
    expect(menu).toMatchObject({ type: 'static_select', action_id: EXPORT_ACTION_ID });
    if (menu.type !== 'static_select') return;
    // One menu for every format, however many the registry holds: never an overflow of one option.
    expect((menu.options ?? []).map((o) => o.value)).toEqual(Object.keys(EXPORTERS));
    expect((menu.options ?? []).map((o) => o.text.text)).toEqual(Object.values(EXPORTERS).map((e) => e.title));
    expect(decodeState(actions.block_id ?? '', dataset)).toMatchObject({ scenarios: ['kubectl'], region: 'eu-de' });
  });

  it('summarises an answer too long for one message and attaches the full list as a file', () => {
    const answer = ask('everything in eu-de', dataset);
    const message = renderAnswer(answer, dataset, { question: 'everything in eu-de', share: true });
    expect(message.file).not.toBeNull();
    expect(message.file?.filename).toBe('porthole-everything-eu-de.txt');
    expect(message.file?.content).toContain('Everything in eu-de');
    expectWithinSlackLimits(message);
    expectComplete(answer, message);
    const note = message.blocks.find((b) => b.block_id === FILE_NOTE_BLOCK_ID);
    expect(blockTexts(note).join('')).toContain('*Too much for one Slack message*');
  });

  it('asks for the region with a picker when the answer needs one', () => {
    const answer = ask('kubectl', dataset);
    expect(answer.needsRegion).toBe(true);
    const message = renderAnswer(answer, dataset, { question: 'kubectl' });
    const actions = message.blocks.find((b) => b.type === 'actions');
    expect(actions).toBeDefined();
    if (actions?.type !== 'actions') return;
    const select = actions.elements[0];
    expect(select?.type).toBe('static_select');
    if (select?.type !== 'static_select') return;
    expect(select.action_id).toBe(ACTION_IDS.region);
    expect((select.options ?? []).map((o) => o.value)).toEqual(dataset.regions.map((r) => r.id));
    expect(decodeState(actions.block_id ?? '', dataset)).toEqual({ scenarios: ['kubectl'], region: null, zone: null, cluster: null, question: 'kubectl', ...olderEdition() });
    expectWithinSlackLimits(message);
  });

  it('answers a question it cannot read in at most 10 lines: the problems, an example written for where it was asked, and how to get help', () => {
    const places = [
      { options: { share: true, private: true }, prefix: '/porthole ' },
      { options: { askedBy: 'U123' }, prefix: '@porthole ' },
      { options: { private: true }, prefix: '' },
    ];
    for (const question of ['kubectl in eu-ge', 'frobnicate the quux', 'kubectl in eu-de and eu-gb']) {
      const answer = ask(question, dataset);
      expect(answer.problems.length).toBeGreaterThan(0);
      for (const { options, prefix } of places) {
        const message = renderAnswer(answer, dataset, { question, ...options });
        expect(blockTexts(message.blocks[0])).toEqual(['I could not answer that']);
        const lines = blockTexts(message.blocks).flatMap((t) => t.split('\n'));
        expect(lines.length, `${question} ${prefix}`).toBeLessThanOrEqual(10);
        const all = lines.join('\n');
        for (const p of answer.problems) expect(all).toContain(escapeMrkdwn(p.message));
        expect(all).toContain(`\`${prefix}${dataset.meta.examples.questions[0]}\``);
        expect(all).toContain(`\`${prefix}help\``);
        if (prefix !== '/porthole ') expect(all).not.toContain('/porthole ');
      }
    }
    expect(sectionTexts(renderAnswer(ask('kubectl in eu-ge', dataset), dataset, { question: 'kubectl in eu-ge' })).join('\n')).toContain('Did you mean eu-de or eu-gb?');
  });

  it('answers an empty question with help written for where it was asked', () => {
    expect(renderAnswer(ask('', dataset), dataset, { share: true })).toEqual(renderHelp(dataset));
    expect(sectionTexts(renderAnswer(ask('', dataset), dataset, { share: true })).join('\n')).toContain('*Regions:*');
    const mention = sectionTexts(renderAnswer(ask('', dataset), dataset, { askedBy: 'U123' })).join('\n');
    const dm = sectionTexts(renderAnswer(ask('', dataset), dataset, { private: true })).join('\n');
    const first = dataset.meta.examples.questions[0]!;
    expect(mention).toContain(`\`@porthole ${first}\``);
    expect(dm).toContain(`• \`${first}\``);
    for (const text of [mention, dm]) for (const q of dataset.meta.examples.questions) expect(text).not.toContain(`/porthole ${q}`);
  });

  it('labels a named cluster with what became of its lookup', () => {
    const question = 'kubectl for cluster nope-fra in eu-de';
    const answer = ask(question, dataset);
    expect(answer.cluster).toBeNull();
    const labelFor = (status: string | null) => {
      const reply = { kind: 'answer' as const, dataset, answer, clusterNotes: [], clusterFacts: null, clusterLookup: status === null ? null : { cluster: 'nope-fra', status, source: null, cached: false } };
      return blockTexts(renderReply(reply as Parameters<typeof renderReply>[0], { question }).blocks[1]).join(' | ');
    };
    expect(labelFor('not-found')).toContain('cluster `nope-fra` (looked up, not found)');
    expect(labelFor(null)).toContain('cluster `nope-fra` (not looked up: no cluster source is set up)');
    expect(labelFor('not-allowed')).toContain('cluster `nope-fra` (not looked up: not allowed here)');
    expect(labelFor('unavailable-timeout')).toContain('cluster `nope-fra` (the lookup failed: unavailable timeout)');
  });

  it('sends what a person typed with verbatim: true, so that Slack links nothing in it', () => {
    const question = 'kubectl in eu-ge #general https://evil.example';
    for (const options of [{ share: true, private: true }, { askedBy: 'U123' }, { private: true }]) {
      for (const text of [question, 'kubectl in eu-de https://evil.example']) {
        const message = renderAnswer(ask(text, dataset), dataset, { question: text, ...options });
        const holding: { text: string; verbatim?: boolean }[] = [];
        const walk = (v: unknown): void => {
          if (Array.isArray(v)) v.forEach(walk);
          else if (v !== null && typeof v === 'object') {
            const r = v as { type?: string; text?: unknown; verbatim?: boolean };
            if (r.type === 'mrkdwn' && typeof r.text === 'string' && r.text.includes('evil.example')) holding.push({ text: r.text, verbatim: r.verbatim });
            Object.values(r).forEach(walk);
          }
        };
        walk(message.blocks);
        expect(holding.length).toBeGreaterThan(0);
        for (const h of holding) expect(h.verbatim, h.text).toBe(true);
      }
    }
  });

  it('help lists every topic of the edition under its group from data/topics.yml', async () => {
    const file = parseYaml(await readFile(path.join(BUNDLED_DATA_DIR, 'topics.yml'), 'utf8')) as { topics: Record<string, { group: string }> };
    const mine = dataset.scenarioOrder.filter((id) => file.topics[id] !== undefined);
    const all = sectionTexts(renderHelp(dataset)).join('\n');
    for (const group of new Set(mine.map((id) => file.topics[id]!.group))) {
      const line = all.split('\n').find((l) => l.toLowerCase().startsWith(`• *${group.toLowerCase()}:*`));
      expect(line, group).toBeDefined();
      for (const id of mine.filter((i) => file.topics[i]!.group === group)) expect(line).toContain(escapeMrkdwn(dataset.scenarios.get(id)!.title));
    }
  });

  it('escapes the question so it can never ping or forge a link', () => {
    const question = '<!channel> kubectl in eu-de <https://evil.example|ibm.com> & <@U123>';
    for (const answer of [ask(question, dataset), ask('<!here> frobnicate', dataset), ask('<!channel> kubectl', dataset)]) {
      const message = renderAnswer(answer, dataset, { question: answer.query.text, share: true });
      const all = [message.text, ...blockTexts(message.blocks)].join('\n');
      expect(all).not.toContain('<!channel>');
      expect(all).not.toContain('<!here>');
      expect(all).not.toContain('<https://evil');
      expect(all).not.toContain('<@U123>');
    }
    const shown = blockTexts(renderAnswer(ask(question, dataset), dataset, { question }).blocks).join('\n');
    expect(shown).toContain('&lt;!channel&gt; kubectl in eu-de &lt;https://evil.example|ibm.com&gt; &amp; &lt;@U123&gt;');
  });

  it('never lets any question text become a control sequence', () => {
    const ours = /^<(https:\/\/cloud\.ibm\.com[^|>]*\|[^>]*|@U0ASKER1)>$/;
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.constantFrom('kubectl in eu-de', 'registry', 'xyzzy', ''), (noise, words) => {
        const question = `${noise} ${words}`;
        const answer = ask(question, dataset);
        const message = renderAnswer(answer, dataset, { question, askedBy: 'U0ASKER1', share: true });
        for (const t of [message.text, ...blockTexts(message.blocks)]) {
          for (const m of t.match(/<[^>]*>/g) ?? []) expect(m).toMatch(ours);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('how the question was read', () => {
  it('says it under the answer, typos read included, escaped', () => {
    const question = 'kubctl and regsitry in eu-de <!channel>';
    const answer = ask(question, dataset);
    expect(answer.reading).toBeTruthy();
    const ctxText = blockTexts(renderAnswer(answer, dataset, { question, private: true }).blocks[1]).join(' | ');
    expect(ctxText).toContain('"kubctl"');
    expect(ctxText).toContain('"regsitry"');
    expect(ctxText).not.toContain('<!channel>');
  });
});

describe("Slack's limits hold for every answer", () => {
  it('every scenario, in no region, in every region and in every zone', () => {
    let summarised = 0;
    let combinations = 0;
    for (const scenario of dataset.scenarioOrder) {
      for (const region of [null, ...dataset.regions]) {
        for (const zone of region === null ? [null] : [null, ...region.zones]) {
          const answer = answerFor(scenario, region?.id ?? null, zone?.id ?? null);
          for (const options of [{ question: scenario, share: true, private: true }, { question: scenario, askedBy: 'U0HUMAN01' }]) {
            const message = renderAnswer(answer, dataset, options);
            expectWithinSlackLimits(message);
            expectComplete(answer, message);
            if (message.file !== null) summarised += 1;
          }
          combinations += 1;
        }
      }
    }
    const zones = dataset.regions.reduce((n, r) => n + r.zones.length, 0);
    expect(combinations).toBe(dataset.scenarioOrder.length * (1 + dataset.regions.length + zones));
    // The long answers do take the summary-and-file path.
    expect(summarised).toBeGreaterThan(0);
  });

  it('any mix of scenarios, places, cluster facts, notes and question text', () => {
    const place = fc.oneof(
      fc.constant<[string | null, string | null]>([null, null]),
      fc.constantFrom(...dataset.regions.map((r): [string | null, string | null] => [r.id, null])),
      fc.constantFrom(...dataset.regions.flatMap((r) => r.zones.map((z): [string | null, string | null] => [r.id, z.id]))),
    );
    const ip = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
    const cluster = fc.option(
      fc.record({
        name: fc.stringMatching(/^[a-z][a-z0-9-]{0,63}$/),
        workers: fc.array(fc.record({ publicIp: fc.option(ip), privateIp: fc.option(ip) }), { maxLength: 60 }),
        masterPort: fc.integer({ min: 20000, max: 32767 }),
      }),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...dataset.scenarioOrder), { minLength: 1, maxLength: 6 }),
        place,
        cluster,
        fc.array(fc.string({ maxLength: 400 }), { maxLength: 8 }),
        fc.string({ unit: 'grapheme', maxLength: 600 }),
        ([...scenarios], [region, zone], c, clusterNotes, question) => {
          const parsed = parseQuestion('kubectl', dataset);
          parsed.problems = [];
          parsed.query.scenarios = scenarios;
          parsed.query.region = region;
          parsed.query.zone = zone;
          const regionOf = region ?? dataset.regions[0]!.id;
          const facts: ClusterFacts | null =
            c === null
              ? null
              : {
                  id: `id-${c.name}`,
                  name: c.name,
                  region: regionOf,
                  zones: dataset.regionById.get(regionOf)!.zones.map((z) => z.id),
                  masterUrl: `https://c1.${regionOf}.containers.cloud.ibm.com:${c.masterPort}`,
                  masterHost: `c1.${regionOf}.containers.cloud.ibm.com`,
                  masterPort: c.masterPort,
                  workers: c.workers.map((w, i) => ({ id: `kube-w${i}`, zone: zone ?? dataset.regionById.get(regionOf)!.zones[0]!.id, ...w })),
                  source: 'file',
                };
          const answer = resolve(parsed, dataset, { cluster: facts, clusterNotes });
          const message = renderAnswer(answer, dataset, { question, share: true, pickerNotes: clusterNotes });
          expectWithinSlackLimits(message);
          expectComplete(answer, message);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('packs long lines into sections without dropping anything', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 7000 }), { maxLength: 12 }), (lines) => {
        const packed = packLines(lines, 3000);
        for (const t of packed) expect(t.length).toBeLessThanOrEqual(3000);
        const squash = (s: string) => s.replace(/\s+/g, '');
        expect(squash(packed.join(''))).toBe(squash(lines.join('')));
      }),
    );
  });
});

describe('App Home', () => {
  it('shows what porthole answers, examples, regions with zones, and the dataset version and date', () => {
    const blocks = renderHome(dataset);
    const all = blockTexts(blocks).join('\n');
    expect(all).toContain('/porthole');
    expect(all).toContain('`kubectl in eu-de`');
    for (const r of dataset.regions) expect(all).toContain(`\`${r.id}\``);
    expect(all).toContain('`fra02`');
    expect(all).toContain(`*Dataset* ${dataset.meta.version}`);
    expect(all).toContain(dataset.meta.lastUpdated);
    expect(blocks.length).toBeLessThanOrEqual(100);
    expect(checkBlocks(blocks, 100).errors).toEqual([]);
    expect(measureBlocks(blocks, null, 'home').violations).toEqual([]);
  });

  it('shows a sample answer from the same rows as a table, one line per row (the App Home takes no table)', async () => {
    for (const id of (await listEditions()).ids) {
      const edition = await shippedDataset(id);
      const blocks = renderHome(edition);
      expect(blocks.some((b) => b.type === 'table')).toBe(false);
      expect(measureBlocks(blocks, null, 'home').violations).toEqual([]);
      const all = blockTexts(blocks).join('\n');
      // The example question with the fewest table rows.
      const sample = edition.meta.examples.questions
        .map((question) => ({ question, answer: ask(question, edition) }))
        .filter((x) => x.answer.problems.length === 0 && !x.answer.needsRegion && x.answer.rules.length > 0)
        .reduce((a, b) => (answerRows(b.answer).length < answerRows(a.answer).length ? b : a));
      expect(all).toContain(`\`${sample.question}\``);
      for (const rule of sample.answer.rules) {
        expect(all).toContain(escapeMrkdwn(rule.purpose));
        for (const e of rule.destinations) if (e.kind === 'ip' || e.kind === 'cidr' || e.kind === 'host') expect(all).toContain(`\`${e.value}\``);
        for (const e of [...rule.sources, ...rule.destinations]) if (e.kind === 'placeholder') expect(all).toContain(`_${escapeMrkdwn(e.label)}_`);
      }
    }
  });
});

describe('the table block and its limits', () => {
  const cell = (text: string) => ({ type: 'rich_text' as const, elements: [{ type: 'rich_text_section' as const, elements: [{ type: 'text' as const, text }] }] });
  const tableOfSize = (rows: number, cells: number, text = 'x'): Block => ({
    type: 'table',
    rows: Array.from({ length: rows }, () => Array.from({ length: cells }, () => cell(text))),
  });
  const violations = (blocks: Block[], surface: 'message' | 'home' = 'message') => measureBlocks(blocks, 'fallback', surface).violations;

  it('refuses what Slack refuses: rows, cells, a second table, an empty cell, too many characters, a table on the App Home', () => {
    expect(violations([tableOfSize(SLACK_LIMITS.tableRows, SLACK_LIMITS.tableCells)])).toEqual([]);
    expect(violations([tableOfSize(SLACK_LIMITS.tableRows + 1, 2)]).join()).toMatch(/rows/);
    expect(violations([tableOfSize(2, SLACK_LIMITS.tableCells + 1)]).join()).toMatch(/cells/);
    expect(violations([tableOfSize(2, 2), tableOfSize(2, 2)]).join()).toMatch(/table blocks/);
    expect(violations([tableOfSize(2, 2, '')]).join()).toMatch(/empty/);
    const perCell = Math.ceil((SLACK_LIMITS.tableText + 1) / 4);
    expect(violations([tableOfSize(2, 2, 'y'.repeat(perCell))]).join()).toMatch(/characters in its cells/);
    expect(violations([tableOfSize(2, 2)], 'home').join()).toMatch(/App Home/);
    // The stand-in's independent checks agree on each.
    expect(checkBlocks([tableOfSize(2, 2)]).errors).toEqual([]);
    expect(checkBlocks([tableOfSize(SLACK_LIMITS.tableRows + 1, 2)]).errors).not.toEqual([]);
    expect(checkBlocks([tableOfSize(2, 2), tableOfSize(2, 2)]).errors).not.toEqual([]);
    expect(checkBlocks([tableOfSize(2, 2, '')]).errors).not.toEqual([]);
    expect(checkBlocks([tableOfSize(2, 2)], 100).errors).not.toEqual([]);
  });

  it('every answer for every region of data/regions.yml, in every shipped edition, keeps every limit and cuts nothing', async () => {
    const shared = parseYaml(await readFile(path.join(BUNDLED_DATA_DIR, 'regions.yml'), 'utf8')) as { regions: { id: string }[] };
    const regionIds = shared.regions.map((r) => r.id);
    const { ids } = await listEditions();
    expect(ids.length).toBeGreaterThan(1);
    let tables = 0;
    let files = 0;
    for (const id of ids) {
      const edition = await shippedDataset(id);
      // An edition answers for regions of the shared file only.
      for (const r of edition.regions) expect(regionIds).toContain(r.id);
      let rendered = 0;
      for (const scenario of edition.scenarioOrder) {
        for (const region of regionIds.filter((r) => edition.regionById.has(r))) {
          const parsed = parseQuestion(scenario, edition);
          parsed.problems = [];
          parsed.query.scenarios = [scenario];
          parsed.query.region = region;
          const answer = resolve(parsed, edition, {});
          const message = renderAnswer(answer, edition, { question: `${scenario} in ${region}`, share: true, private: true });
          expectWithinSlackLimits(message);
          expect(measureMessage(message).violations).toEqual([]);
          expectComplete(answer, message);
          // The edition's caveat, once, in the footer.
          expect(blockTexts(message.blocks).join('\n').split(escapeMrkdwn(edition.meta.caveat))).toHaveLength(2);
          if (message.file !== null) files += 1;
          else tables += 1;
          rendered += 1;
        }
      }
      expect(rendered).toBe(edition.scenarioOrder.length * edition.regions.filter((r) => regionIds.includes(r.id)).length);
    }
    expect(tables).toBeGreaterThan(0);
    expect(files).toBeGreaterThan(0);
  });

  it('gives an answer whose rules a table cannot hold as a summary that says why, plus the whole list as a file', async () => {
    const newest = await shippedDataset((await listEditions()).ids.at(-1));
    // The answer with the most characters in its table's cells among every topic and region.
    const answers = newest.regions.flatMap((r) => newest.scenarioOrder.map((s) => answerForIn(newest, s, r.id)));
    const cellChars = (answer: Answer) => answerRows(answer).flat(2).reduce((n, span) => n + span.text.length, 0);
    const biggest = answers.reduce((a, b) => (cellChars(b) > cellChars(a) ? b : a));
    expect(cellChars(biggest)).toBeGreaterThan(SLACK_LIMITS.tableText);
    const message = renderAnswer(biggest, newest, { question: 'q' });
    expect(message.file).not.toBeNull();
    expect(message.blocks.some((b) => b.type === 'table')).toBe(false);
    const note = blockTexts(message.blocks.find((b) => b.block_id === FILE_NOTE_BLOCK_ID)).join('');
    expect(note).toContain(`${cellChars(biggest).toLocaleString('en-US')} characters of rules, more than the ${SLACK_LIMITS.tableText.toLocaleString('en-US')} a Slack table holds`);
    for (const rule of biggest.rules) {
      for (const e of [...rule.sources, ...rule.destinations]) if (e.kind === 'ip' || e.kind === 'cidr' || e.kind === 'host') expect(message.file!.content).toContain(e.value);
    }
  });
});

function answerForIn(edition: Dataset, scenario: string, region: string): Answer {
  const parsed = parseQuestion(scenario, edition);
  parsed.problems = [];
  parsed.query.scenarios = [scenario];
  parsed.query.region = region;
  return resolve(parsed, edition, {});
}

describe('the table in the default edition, and answers without tables', () => {
  /** The cell characters of a message's table block, or null without one. */
  const tableChars = (message: SlackMessage) => {
    const t = message.blocks.find((b) => b.type === 'table');
    return t === undefined ? null : blockTexts(t).reduce((n, s) => n + s.length, 0);
  };

  it('the headline question and a cluster question each come as one table, last, within its rows and characters', async () => {
    const newest = await shippedDataset((await listEditions()).ids.at(-1));
    const headline = ask('kubectl in eu-de', newest);
    const parsed = parseQuestion('kubectl for cluster demo-fra', newest);
    const forCluster = resolve(parsed, newest, { cluster: demoFraFacts() });
    expect(forCluster.cluster?.name).toBe('demo-fra');
    for (const answer of [headline, forCluster]) {
      const message = renderAnswer(answer, newest, { question: answer.query.text, share: true, private: true });
      expect(message.file).toBeNull();
      expect(message.blocks.at(-1)!.type).toBe('table');
      const t = message.blocks.at(-1)!;
      if (t.type !== 'table') return;
      expect(t.rows.length).toBeLessThanOrEqual(100);
      expect(tableChars(message)).toBeLessThanOrEqual(10_000);
      expectWithinSlackLimits(message);
      expectComplete(answer, message);
    }
  });

  it('with tables off, every topic in every region of every edition keeps every fact in sections, or says why not', async () => {
    for (const id of (await listEditions()).ids) {
      const edition = await shippedDataset(id);
      for (const scenario of edition.scenarioOrder) {
        for (const region of edition.regions) {
          const answer = answerForIn(edition, scenario, region.id);
          const message = renderAnswer(answer, edition, { question: `${scenario} in ${region.id}`, tables: false });
          expect(message.blocks.some((b) => b.type === 'table')).toBe(false);
          expect(message.withoutTable).toBeUndefined();
          expectWithinSlackLimits(message);
          if (message.file !== null) {
            expect(blockTexts(message.blocks.find((b) => b.block_id === FILE_NOTE_BLOCK_ID)).join('')).toContain('of one Slack message');
            continue;
          }
          const all = sectionTexts(message).join('\n');
          expect(all).not.toContain('in italics above');
          for (const rule of answer.rules) {
            expect(all).toContain(`*${escapeMrkdwn(rule.purpose)}*`);
            for (const e of [...rule.sources, ...rule.destinations]) {
              if (e.kind === 'ip' || e.kind === 'cidr' || e.kind === 'host') expect(all).toContain(`\`${e.value}\``);
              if (e.kind === 'placeholder') expect(all).toContain(`_${escapeMrkdwn(e.label)}_`);
            }
            for (const p of rule.ports) expect(all).toContain(`\`${p}\``);
          }
        }
      }
    }
  });

  it('a message with a table carries the same answer without it, for a Slack that refuses the table', () => {
    const answer = ask('kubectl in fra02', dataset);
    const message = renderAnswer(answer, dataset, { question: 'kubectl in fra02' });
    expect(message.blocks.some((b) => b.type === 'table')).toBe(true);
    const without = message.withoutTable!();
    expect(without.blocks.some((b) => b.type === 'table')).toBe(false);
    expect(without).toEqual(renderAnswer(answer, dataset, { question: 'kubectl in fra02', tables: false }));
    expect(sectionTexts(without).join('\n')).toContain("*Your cluster's values* (in italics in the rules above)");
  });
});
