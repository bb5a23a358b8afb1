import type { Answer } from '../core/answer.js';
import type { Dataset } from '../core/dataset/build.js';
import type { OutputFormat } from '../core/formats.js';
import { forTerminal, jsonForTerminal } from '../core/printable.js';
import { refusalLines } from '../core/render/refusal.js';
import { renderText, renderTopics, wrapLine } from '../core/render/text.js';
import { datasetInfo } from '../core/resolve/resolve.js';
import { topicGroups } from '../core/topics.js';
import type { ChangeReply, Reply, WhyReply } from '../bot/dispatch.js';
import { EXIT, type Io } from './io.js';

// How the terminal shows each kind of reply of the dispatcher (src/bot/dispatch.ts). As JSON, every reply
// names its kind in `reply`. The JSON renderer, exporters, why and diff renderers are imported when used.

export interface PrintOptions {
  format: OutputFormat;
  /** What `porthole ask help` prints above the topics. */
  usage: string;
}

function topicsText(dataset: Dataset): string {
  return renderTopics(topicGroups(dataset), dataset.regions.map((r) => r.id));
}

function printJson(io: Io, value: unknown): void {
  io.out(jsonForTerminal(JSON.stringify(value, null, 2) + '\n'));
}

async function rendererFor(format: OutputFormat): Promise<(answer: Answer) => string> {
  // Answers hold values from IKS and cluster files: shown, their control and bidi characters are escapes.
  if (format === 'text') return (answer) => forTerminal(renderText(answer));
  if (format === 'json') {
    const { toJson } = await import('../core/render/json.js');
    return (answer) => jsonForTerminal(JSON.stringify({ ...toJson(answer), reply: 'answer' }, null, 2) + '\n');
  }
  return (await import('../export/index.js')).EXPORTERS[format].render;
}

async function printWhyReply(reply: WhyReply, format: OutputFormat, io: Io): Promise<number> {
  const failed = reply.result.problems.length > 0;
  if (format === 'json') printJson(io, { ...reply.result, reply: 'why' });
  else (failed ? io.err : io.out)((await import('../core/why/render.js')).renderWhyText(reply.result));
  return failed ? EXIT.notUnderstood : EXIT.ok;
}

async function printChange(reply: ChangeReply, format: OutputFormat, io: Io): Promise<number> {
  if (format === 'json') printJson(io, { ...reply.diff, reply: 'change' });
  else io.out((await import('../core/diff/render.js')).renderDiffText(reply.diff, reply.from, reply.to));
  return EXIT.ok;
}

/** A question not answered: its problems (on stderr as text, with the topics), or the JSON answer with them. */
async function printUnanswered(reply: Extract<Reply, { kind: 'not-understood' | 'out-of-scope' }>, format: OutputFormat, io: Io): Promise<number> {
  if (format === 'json') {
    const { toJson } = await import('../core/render/json.js');
    const problems = reply.messages.map((message) => ({ message }));
    printJson(io, reply.answer === null ? { reply: reply.kind, dataset: datasetInfo(reply.dataset), problems } : { ...toJson(reply.answer), reply: reply.kind });
  } else if (reply.answer === null) {
    io.err(reply.messages.map((m) => `porthole ask: ${m}\n`).join(''));
  } else {
    io.err(refusalText(reply.answer, reply.dataset, reply.kind === 'not-understood' ? (reply.unused ?? []) : []));
  }
  return EXIT.notUnderstood;
}

/** A short refusal, at most 10 lines of the terminal's width: never the whole topic list. */
function refusalText(answer: Answer, dataset: Dataset, unused: string[]): string {
  const lines = refusalLines(answer, {
    helpCommand: '`porthole topics`',
    example: (q) => `porthole ask "${q}"`,
    exampleQuestion: dataset.meta.examples.questions[0],
    unused,
  });
  const wrapped = lines.flatMap((line, i) => wrapLine(i < lines.length - 1 ? `- ${line}` : line));
  return forTerminal(`${(wrapped.length <= 10 ? wrapped : [...wrapped.slice(0, 9), wrapped.at(-1)!]).join('\n')}\n`);
}

function printHelp(reply: Extract<Reply, { kind: 'help' | 'topics' }>, options: PrintOptions, io: Io): number {
  if (options.format === 'json') printJson(io, { reply: reply.kind, dataset: datasetInfo(reply.dataset), groups: topicGroups(reply.dataset) });
  else if (reply.kind === 'help') io.out(`${wrapLine(options.usage.replace(/^usage: /, '')).join('\n    ')}\n\n${topicsText(reply.dataset)}`);
  else io.out(topicsText(reply.dataset));
  return EXIT.ok;
}

/** Prints a reply in the format asked for; returns the exit status. */
export async function printReply(reply: Reply, options: PrintOptions, io: Io): Promise<number> {
  // Why lookups, diffs and help have a text and a JSON form: an export format reads as text.
  const textOrJson: OutputFormat = options.format === 'json' ? 'json' : 'text';
  switch (reply.kind) {
    case 'help':
    case 'topics':
      return printHelp(reply, options, io);
    case 'why':
      return printWhyReply(reply, textOrJson, io);
    case 'change':
      return printChange(reply, textOrJson, io);
    case 'not-understood':
    case 'out-of-scope':
      return printUnanswered(reply, textOrJson, io);
    case 'answer':
      io.out((await rendererFor(options.format))(reply.answer));
      return EXIT.ok;
    case 'conversation':
      // The CLI has no conversation: the dispatcher gives this kind only to a chat app.
      io.out(reply.lines.join('\n'));
      return reply.ok ? EXIT.ok : EXIT.notUnderstood;
  }
}
