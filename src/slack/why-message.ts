import { describeProtocols } from '../core/render/describe.js';
import { addressRangeSentence, renderWhyText, type WhyFinding, type WhyListing, type WhyResult, type WhyRule } from '../core/why/index.js';
import { askedText, editionText } from './message-parts.js';
import { context, FILE_NOTE_BLOCK_ID, header, packLines, section, type Block, type FileAttachment, type SlackMessage } from './block-kit.js';
import { codeSpan, escapeClipped, escapeMrkdwn, link } from './escape.js';
import { whyExamples, type Examples } from './help.js';
import { measureMessage } from './limits.js';

/**
 * "Why is this address needed?" in Slack: a WhyResult (src/core/why) as Block Kit, within the limits of
 * limits.ts. Everything that came from the asker is escaped; addresses, subnets, host names, ports and rule ids
 * are code spans. A result too long for one message becomes a summary plus the full explanation as a file, as
 * answers do (`file`, sent by deliver.ts).
 */

export interface WhyRenderOptions {
  /** The question as typed; shown escaped. */
  question?: string | null;
  askedBy?: string | null;
  private?: boolean;
  /** How the examples for unreadable input are written: `/porthole why …` (slash command) or `why …`. */
  how?: 'slash' | 'plain';
  /** The dataset's example questions, for unreadable input. */
  examples: Examples;
}

const DIRECTION: Record<WhyRule['direction'], string> = {
  outbound: 'outbound',
  inbound: 'inbound',
  'between-workers': 'between worker nodes',
};

const PORT_MATCH: Record<NonNullable<WhyRule['portMatch']>, string> = {
  yes: 'opens the asked port',
  no: 'does not open the asked port',
  'depends-on-cluster': 'its port depends on the cluster',
  'other-protocol': 'allows another protocol than the asked one',
};

function whereText(listing: WhyListing): string {
  if (listing.regions[0] === 'global') return 'all regions';
  const regions = listing.regions.map((r, i) => `${escapeMrkdwn(listing.regionNames[i] ?? r)} (${codeSpan(r)})`).join(', ');
  const zones = listing.zones.length > 0 ? ` · zone${listing.zones.length > 1 ? 's' : ''} ${listing.zones.map(codeSpan).join(', ')}` : '';
  return `${regions}${zones}`;
}

function portsText(rule: WhyRule): string {
  const protocols = escapeMrkdwn(describeProtocols(rule.protocols));
  const ports = rule.ports.length > 0 ? ` ${rule.ports.length > 1 ? 'ports' : 'port'} ${rule.ports.map(codeSpan).join(', ')}` : '';
  const cluster = rule.clusterPort;
  if (cluster === null) return `${protocols}${ports}`;
  const within = cluster.range !== null ? `, within ${codeSpan(cluster.range)}` : '';
  return `${protocols}${ports}${ports !== '' ? ' and' : ','} ${escapeMrkdwn(cluster.label)}${within}`;
}

function ruleLines(rule: WhyRule, ended: string | null = null): string[] {
  const opens = rule.portMatch === null ? '' : ` · _${PORT_MATCH[rule.portMatch]}_`;
  const need = ended ? `ended ${ended}` : rule.required ? 'required' : 'optional';
  return [
    `• ${codeSpan(rule.rule)} *${escapeMrkdwn(rule.scenario.title)}* · _${need} · ${DIRECTION[rule.direction]}_${opens}`,
    `      ${escapeMrkdwn(rule.purpose)}: from ${escapeMrkdwn(rule.from.join(', '))} → to ${escapeMrkdwn(rule.to.join(', '))} · ${portsText(rule)}`,
    `      Page section: ${link(rule.sectionUrl, `#${rule.section}`)}`,
  ];
}

function rowText(listing: WhyListing): string {
  const values = [
    ...listing.row.hosts.map(codeSpan),
    ...listing.row.deprecatedHosts.map((h) => `${codeSpan(h)} _(deprecated)_`),
    ...listing.row.addresses.map(codeSpan),
  ];
  return `Row: ${values.join(', ')}`;
}

function listingLines(listing: WhyListing): string[] {
  const relation = listing.relation === 'inside' ? `inside ${codeSpan(listing.value)}: ` : listing.relation === 'contains' ? `holds ${codeSpan(listing.value)}: ` : '';
  const deprecated = listing.deprecated ? ' _(deprecated host name)_' : '';
  const lines = [`${relation}*${escapeMrkdwn(listing.label)}*${deprecated} · ${whereText(listing)}`];
  if (listing.table !== null) lines.push(rowText(listing));
  if (listing.note !== null) lines.push(`_Note:_ ${escapeMrkdwn(listing.note)}`);
  if (listing.until !== null) lines.push(`_${listing.ended ? 'Ended' : 'Applies until'} ${listing.until}${listing.ended ? ': history, neither required nor optional' : ''}._`);
  if (listing.rules.length === 0) lines.push('_No rule uses this table._');
  for (const rule of listing.rules) lines.push(...ruleLines(rule, listing.ended ? listing.until : null));
  return lines;
}

function subjectText(finding: WhyFinding): string {
  return `${codeSpan(finding.subject.value)}${finding.subject.role !== null ? ` (${finding.subject.role})` : ''}`;
}

/** "`10.1.2.3` (source) is *not listed* in the dataset (…). It is a private address." */
function notListedText(finding: WhyFinding, result: WhyResult): string {
  const range = addressRangeSentence(finding);
  return `${subjectText(finding)} is *not listed* in the dataset (${escapeMrkdwn(result.dataset.version)}).${range !== null ? ` ${escapeMrkdwn(range)}` : ''}`;
}

/** The section texts for one finding: each place the dataset lists it and the rules behind it, or "not listed". */
function findingTexts(finding: WhyFinding, result: WhyResult): string[] {
  const version = result.dataset.version;
  if (!finding.listed) return packLines([notListedText(finding, result)]);
  const texts: string[] = [];
  finding.listings.forEach((listing, i) => {
    const lines = listingLines(listing);
    if (i === 0) lines.unshift(`${subjectText(finding)} is listed in the dataset (${escapeMrkdwn(version)}):`);
    texts.push(...packLines(lines));
  });
  return texts;
}

function portTexts(port: NonNullable<WhyResult['port']>, version: string): string[] {
  const what = `port ${codeSpan(`${port.port}${port.protocol !== null ? `/${port.protocol}` : ''}`)}`;
  const lines = [
    port.rules.length > 0
      ? `*Rules of the dataset (${escapeMrkdwn(version)}) that name ${what}:*`
      : `No rule of the dataset (${escapeMrkdwn(version)}) names ${what}.`,
  ];
  for (const rule of port.rules) lines.push(...ruleLines(rule));
  if (port.everyPortRules.length > 0) lines.push(`Rules that open every port also cover it: ${port.everyPortRules.map(codeSpan).join(', ')}.`);
  if (port.clusterPortRules.length > 0) lines.push(`Rules whose port depends on the cluster may use it: ${port.clusterPortRules.map(codeSpan).join(', ')}.`);
  return packLines(lines);
}

function problemTexts(result: WhyResult, examples: Examples, how: 'slash' | 'plain'): string[] {
  if (result.problems.length === 0) return [];
  // "Nothing to look up" says no more than the examples line below, which has them ready to copy.
  return packLines([
    ...result.problems.filter((p) => p.code !== 'nothing-to-look-up').map((p) => `• ${escapeMrkdwn(p.message)}`),
    `Ask me with an address, a subnet, a host name, a port or a firewall log line, for example ${whyExamples(examples, how)}.`,
  ]);
}

function notesTexts(notes: string[]): string[] {
  return notes.length === 0 ? [] : packLines(['*Notes*', ...notes.map((n) => `• ${escapeMrkdwn(n)}`)]);
}

/** The header: what was looked up (validated addresses, host names and ports only, never the raw question). */
function title(result: WhyResult): string {
  const { findings, port } = result;
  if (findings.length === 0 && port === null) {
    const codes = result.problems.map((p) => p.code);
    if (codes.includes('invalid-address')) return 'I could not read that address';
    return codes.includes('invalid-port') ? 'I could not read that port' : 'What should I look up?';
  }
  if (findings.length === 1 && port === null) return `Why is ${findings[0]!.subject.value} needed?`;
  if (findings.length === 0 && port !== null) return `What needs port ${port.port}${port.protocol !== null ? `/${port.protocol}` : ''}?`;
  return 'Why are these needed?';
}

function uniqueLabels(finding: WhyFinding): string[] {
  return finding.listings.map((l) => l.label).filter((l, i, all) => all.indexOf(l) === i);
}

function uniqueRules(rules: WhyRule[]): string[] {
  return rules.map((r) => r.rule).filter((r, i, all) => all.indexOf(r) === i);
}

/** One plain line per finding, for the notification text. */
function findingSummary(finding: WhyFinding): string {
  const subject = `${finding.subject.value}${finding.subject.role !== null ? ` (${finding.subject.role})` : ''}`;
  if (!finding.listed) return `${subject} is not listed`;
  const rules = uniqueRules(finding.listings.flatMap((l) => l.rules));
  return `${subject} is listed: ${uniqueLabels(finding).join('; ')}${rules.length > 0 ? ` (rules ${rules.join(', ')})` : ''}`;
}

/** At most `max` code spans, then how many more. */
function someCodes(values: string[], max = 12): string {
  const shown = values.slice(0, max).map(codeSpan).join(', ');
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}

/** One mrkdwn line per finding, for the summary of a result too long for one message. */
function findingSummaryLine(finding: WhyFinding): string {
  if (!finding.listed) return `• ${subjectText(finding)} is *not listed*`;
  const rules = uniqueRules(finding.listings.flatMap((l) => l.rules));
  const labels = escapeClipped(uniqueLabels(finding).join('; '), 400);
  return `• ${subjectText(finding)} is listed: ${labels}${rules.length > 0 ? ` (rules ${someCodes(rules)})` : ''}`;
}

function fallbackText(result: WhyResult): string {
  const lines = [
    ...result.problems.map((p) => p.message),
    ...result.findings.map(findingSummary),
    ...(result.port !== null ? [`Port ${result.port.port}: ${result.port.rules.length > 0 ? `rules ${result.port.rules.map((r) => r.rule).join(', ')}` : 'no rule names it'}`] : []),
  ];
  return escapeClipped(`porthole: ${lines.join('\n') || title(result)}`, 1500);
}

function fileFor(result: WhyResult): FileAttachment {
  return { filename: 'porthole-why.txt', title: `porthole: ${title(result)}`, content: renderWhyText(result) };
}

/** Renders a why lookup: found (where and which rules), plainly not listed, or unreadable input with examples. */
export function renderWhy(result: WhyResult, options: WhyRenderOptions): SlackMessage {
  const version = result.dataset.version;
  const top: Block[] = [header(title(result)), context([askedText(options), editionText(result.dataset)], true)];
  const problems = problemTexts(result, options.examples, options.how ?? 'plain').map((t) => section(t));
  const text = fallbackText(result);

  const body: Block[] = [
    ...problems,
    ...result.findings.flatMap((f) => findingTexts(f, result).map((t) => section(t))),
    ...(result.port !== null ? portTexts(result.port, version).map((t) => section(t)) : []),
    ...notesTexts(result.notes).map((t) => section(t)),
  ];
  const full: SlackMessage = { text, blocks: [...top, ...body], file: null };
  if (measureMessage(full).violations.length === 0) return full;

  // Too long for one message: one line per address (and the port), the whole explanation in a file.
  const file = fileFor(result);
  const note = section(
    `*Too much to show in one Slack message*: here is a summary. The full explanation, with every table row and rule, is in the file ${codeSpan(file.filename)} attached to this answer.`,
    FILE_NOTE_BLOCK_ID,
  );
  const port = result.port;
  const lines = [
    ...result.findings.map(findingSummaryLine),
    ...(port !== null ? [`• Port ${codeSpan(String(port.port))}: ${port.rules.length > 0 ? `rules ${someCodes(uniqueRules(port.rules))}` : 'no rule names it'}`] : []),
  ];
  const summary: SlackMessage = { text, blocks: [...top, note, ...problems, ...packLines(lines).map((t) => section(t))], file };
  if (measureMessage(summary).violations.length === 0) return summary;
  return { text, blocks: [...top, note], file };
}
