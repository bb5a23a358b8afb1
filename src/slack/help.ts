import type { Answer } from '../core/answer.js';
import type { Dataset } from '../core/dataset/build.js';
import { describeSources, describeSubject } from '../core/render/describe.js';
import { ask, datasetInfo } from '../core/resolve/resolve.js';
import { topicGroups } from '../core/topics.js';
import { EXPORTERS } from '../export/index.js';
import { answerRows, clusterValueLines, ruleLines } from './answer-table.js';
import { context, header, notice, section, sections, type Block, type SlackMessage } from './block-kit.js';
import { codeSpan, escapeMrkdwn, link } from './escape.js';
import { editionText } from './message-parts.js';

/** Help, the App Home tab, and the "slow down" notice: what porthole answers and how to ask, in Block Kit. */

export type Examples = Dataset['meta']['examples'];

/** Where a file porthole sends privately goes, as a person finds it in Slack (escaped: it holds a ">"). */
export const DIRECT_MESSAGES = `our direct messages (${escapeMrkdwn('porthole > Messages')})`;

/** Where a person asked, for writing examples they can copy there: `/porthole …`, `@porthole …`, or the question alone in a DM. */
export type HelpPlace = 'slash' | 'mention' | 'dm';

/** A question as a person types it in `place`. */
export function exampleAs(question: string, place: HelpPlace): string {
  return place === 'slash' ? `/porthole ${question}` : place === 'mention' ? `@porthole ${question}` : question;
}

function exampleLines(examples: Examples, how: 'slash' | 'plain' | HelpPlace): string[] {
  return examples.questions.map((e) => `• ${codeSpan(how === 'slash' ? `/porthole ${e}` : how === 'mention' ? `@porthole ${e}` : e)}`);
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
  return `*Export:* the *Export as…* menu under an answer sends it as a file for your firewall team: ${formats.join(', ')}. For an answer only you can see, the file comes to our direct messages, never to the channel.`;
}

/** The topics by group, as `porthole topics` lists them: one line per group. */
function topicsLines(dataset: Dataset): string[] {
  const groups = topicGroups(dataset).map(
    ({ group, topics }) => `• *${escapeMrkdwn(group.charAt(0).toUpperCase() + group.slice(1))}:* ${escapeMrkdwn(topics.map((t) => t.title).join(' · '))}`,
  );
  return ['*Topics*, combined or left out as you like ("logging and monitoring", "everything except the private network"):', ...groups];
}

function regionsLine(dataset: Dataset): string {
  return `*Regions:* ${dataset.regions.map((r) => `${codeSpan(r.id)} ${escapeMrkdwn(r.metro)}`).join(', ')}, or name a zone such as ${codeSpan(dataset.regions[0]!.zones[0]!.id)}.`;
}

/** The edition help describes, as an answer's footer names it. */
function datasetContext(dataset: Dataset): Block {
  return context([editionText(datasetInfo(dataset))]);
}

/** Help with examples; `intro` lines (already mrkdwn) go first, e.g. what was not understood. */
const ASK_ME: Record<HelpPlace, string> = {
  slash: 'Ask me with `/porthole`, by mentioning me, or in a direct message. For example:',
  mention: 'Mention me with your question, here or in any channel I am in, or ask me in a direct message. For example:',
  dm: 'Ask me here, in your own words, or with `/porthole` in any channel. For example:',
};

/** Help, its examples written for `place`: where it was asked, so that they can be copied there. */
export function renderHelp(dataset: Dataset, intro: string[] = [], title = 'porthole: which firewall openings IKS needs', place: HelpPlace = 'slash'): SlackMessage {
  const why = place === 'slash' ? 'slash' : 'plain';
  const lines = [
    ...intro,
    ...(intro.length > 0 ? [''] : []),
    `I answer which firewall ports, protocols, hosts and IP addresses IBM Cloud Kubernetes Service needs. ${ASK_ME[place]}`,
    ...exampleLines(dataset.meta.examples, place),
    '',
    whyLine(dataset.meta.examples, why),
    exportLine(),
  ];
  const blocks: Block[] = [header(title), ...sections(lines), ...sections([...topicsLines(dataset), regionsLine(dataset)]), datasetContext(dataset)];
  return { text: `porthole help: ask which firewall ports IBM Cloud Kubernetes Service needs, for example "${escapeMrkdwn(exampleAs(dataset.meta.examples.questions[0] ?? '', place))}".`, blocks, file: null };
}

export function renderSlowDown(limit: number, retryAfterMs: number): SlackMessage {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return notice(
    `You have asked me more than ${limit} questions in the last minute, so I will take a short break from your questions: ask again in about ${seconds} seconds. Thank you for your patience!`,
  );
}

/** The example question with the shortest answer (fewest table rows): the App Home's sample. */
function sampleAnswer(dataset: Dataset): { question: string; answer: Answer; rows: number } | null {
  const answers = dataset.meta.examples.questions
    .map((question) => {
      const answer = ask(question, dataset);
      return { question, answer, rows: answerRows(answer).length };
    })
    .filter((s) => s.answer.problems.length === 0 && !s.answer.needsRegion && s.answer.rules.length > 0);
  return answers.reduce<(typeof answers)[number] | null>((best, s) => (best === null || s.rows < best.rows ? s : best), null);
}

/**
 * A sample answer for the App Home, from the same rows as a message's table. The Home tab takes no table block,
 * so each row is a line: a rule's first row says it all, the rows under it add addresses.
 */
function sampleLines(dataset: Dataset): string[] {
  const sample = sampleAnswer(dataset);
  if (sample === null) return [];
  return [
    `*A sample answer*, to ${codeSpan(sample.question)} (${escapeMrkdwn(describeSubject(sample.answer))}). In a message the rules come as a table; here, a few lines per rule:`,
    ...ruleLines(sample.answer),
    '',
    ...clusterValueLines(sample.answer, 'rules above'),
  ];
}

/** The App Home tab: what porthole answers, example questions, a sample answer, regions, dataset version and date. */
export function renderHome(dataset: Dataset): Block[] {
  const regionLines = dataset.regions.map((r) => `• ${codeSpan(r.id)} ${escapeMrkdwn(`${r.pageName}, ${r.metro}`)}: ${r.zones.map((z) => codeSpan(z.id)).join(' ')}`);
  return [
    header('porthole'),
    section(
      `I answer which firewall ports, protocols, host names and IP addresses *${escapeMrkdwn(dataset.meta.source.product)}* needs: for \`ibmcloud ks\`, \`kubectl\` and \`calicoctl\` from your workstation, for worker nodes on the public and private networks, and for inbound traffic to your apps.`,
    ),
    section(
      [
        `*Ask me* with ${codeSpan('/porthole <question>')} in any channel (only you see the answer until you share it), by mentioning me (I answer in a thread), or in the Messages tab here:`,
        ...exampleLines(dataset.meta.examples, 'plain'),
      ].join('\n'),
    ),
    section([whyLine(dataset.meta.examples, 'plain'), exportLine()].join('\n')),
    ...sections(sampleLines(dataset)),
    ...sections(topicsLines(dataset)),
    ...sections(['*Regions and zones*', ...regionLines]),
    section(
      `*Dataset* ${escapeMrkdwn(dataset.meta.version)}, transcribed from ${link(dataset.meta.source.url, dataset.meta.source.title)} (${escapeMrkdwn(describeSources(datasetInfo(dataset)))}). ${escapeMrkdwn(dataset.meta.caveat)}`,
    ),
  ];
}
