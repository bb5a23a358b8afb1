import { describe, expect, it } from 'vitest';
import { ask } from '../src/core/resolve/resolve.js';
import { escapeHtml, mrkdwnToHtml, previewPage } from '../src/preview/html.js';
import { renderAnswer } from '../src/slack/answer-message.js';
import { answerRows } from '../src/slack/answer-table.js';
import { runCli } from './helpers/cli.js';
import { shippedDataset } from './helpers/dataset.js';

const ONE_MESSAGE_EDITION = '2019-03-04';

describe('Block Kit as HTML', () => {
  it('turns mrkdwn markup into HTML and keeps Slack-escaped text as text', () => {
    expect(mrkdwnToHtml('*Required* _if_ `10.0.0.1` &lt;b&gt; &amp;')).toBe('<b>Required</b> <i>if</i> <code>10.0.0.1</code> &lt;b&gt; &amp;');
    expect(mrkdwnToHtml('<https://cloud.ibm.com/docs|IBM docs>')).toBe('<a href="https://cloud.ibm.com/docs">IBM docs</a>');
    expect(mrkdwnToHtml('```\nline <1>\n```')).toBe('<pre>line &lt;1&gt;\n</pre>');
  });

  it('never makes a link of a scheme other than http(s) or mailto, nor lets raw HTML through', () => {
    expect(mrkdwnToHtml('<javascript:alert(1)|ibm.com>')).toBe('ibm.com');
    const page = previewPage('<script>', [{ blocks: [{ type: 'section', text: { type: 'plain_text', text: '<img src=x onerror=alert(1)>' } }] }]);
    expect(page).not.toMatch(/<img|<script>/);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('renders a table block with its header row and one row per data row, wrapping only the columns set to wrap', () => {
    const cell = (text: string) => ({ type: 'raw_text', text });
    const rows = [[cell('To'), cell('Purpose')], [cell('169.50.56.174'), cell('Reach the master')], [cell('icr.io'), cell('Pull images')]];
    const page = previewPage('t', [{ blocks: [{ type: 'table', column_settings: [{ is_wrapped: false }, { is_wrapped: true, align: 'right' }], rows }] }]);
    expect(page.match(/<th[ >]/g)).toHaveLength(2);
    expect(page.match(/<tr>/g)).toHaveLength(3);
    expect(page).toContain('<td class="nowrap">169.50.56.174</td>');
    expect(page).toContain('<td style="text-align: right">Pull images</td>');
  });

  // "kubectl in …" fits one Slack message on the 2019-03-04 page (the default edition's goes as a summary and a
  // file, which test/slack-e2e.test.ts covers): these two tests show the whole table, so they name that edition.
  it('renders the rich text cells of an answer: code for real values, italics for placeholders, links', async () => {
    const dataset = await shippedDataset(ONE_MESSAGE_EDITION);
    const answer = ask('kubectl in fra02', dataset);
    const page = previewPage('t', [{ blocks: renderAnswer(answer, dataset, { question: 'kubectl in fra02' }).blocks }]);
    const table = page.slice(page.indexOf('<table>'), page.indexOf('</table>'));
    const placeholders = answer.rules.flatMap((r) => [...r.sources, ...r.destinations]).filter((e) => e.kind === 'placeholder');
    expect(placeholders.length).toBeGreaterThan(0);
    for (const p of placeholders) expect(table).toContain(`<i>${escapeHtml(p.label)}</i>`);
    for (const r of answer.rules) for (const e of r.destinations) if (e.kind === 'ip' || e.kind === 'host') expect(table).toContain(`<code>${e.value}</code>`);
    expect(table.match(/<tr>/g)).toHaveLength(answerRows(answer).length);
  });

  it('shows header, context, divider, buttons, an ephemeral note and an attached file', () => {
    const page = previewPage('t', [
      {
        ephemeral: true,
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'kubectl commands' } },
          { type: 'context', elements: [{ type: 'mrkdwn', text: 'edition *2025-07-08*' }] },
          { type: 'divider' },
          { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Share in channel' } }, { type: 'overflow', options: [] }] },
        ],
        file: { name: 'porthole-everything-eu-de.txt', preview: 'rule 1\nrule 2' },
      },
    ]);
    for (const part of ['<div class="header">kubectl commands</div>', 'edition <b>2025-07-08</b>', '<hr>', 'Share in channel', '⋯', 'Only visible to you', 'porthole-everything-eu-de.txt']) {
      expect(page).toContain(part);
    }
  });
});

describe('porthole preview', () => {
  it('writes the Slack answer of a question as an HTML page, every rule and address of the answer in it', async () => {
    const dataset = await shippedDataset(ONE_MESSAGE_EDITION);
    const answer = ask('kubectl in eu-de', dataset);
    const r = runCli(['preview', 'kubectl in eu-de', '--edition', ONE_MESSAGE_EDITION]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^<!doctype html>/);
    expect(r.stdout).toContain('Only visible to you');
    const addresses = answer.rules.flatMap((rule) => rule.destinations.filter((d) => d.kind === 'ip').map((d) => d.value));
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(r.stdout).toContain(`<code>${address}</code>`);
  });

  it('shows help and why lookups as /porthole would, not as questions it could not read', async () => {
    const dataset = await shippedDataset();
    const help = runCli(['preview', 'help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).not.toContain('I could not answer that');
    expect(help.stdout).toContain(escapeHtml(dataset.meta.examples.questions[0]!));
    const address = [...dataset.tables.values()].flatMap((t) => t.entries.flatMap((e) => e.addresses))[0]!;
    const why = runCli(['preview', `why ${address}`]);
    expect(why.status, why.stderr).toBe(0);
    expect(why.stdout).not.toContain('I could not answer that');
    expect(why.stdout).toContain(address);
  });

  it('says how to use it when the question is missing', () => {
    const r = runCli(['preview']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage: porthole preview/);
  });
});
