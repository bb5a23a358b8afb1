import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { dispatch, EditionLoadError } from '../bot/dispatch.js';
import { editionsInFolder } from '../data-files/edition-set.js';
import { previewPage } from '../preview/html.js';
import { renderReply } from '../slack/reply-message.js';
import { dataDirFrom, editionFrom, loadOrReport, reportEditionError } from './dataset.js';
import { EXIT, type Io } from './io.js';

export const PREVIEW_USAGE = 'usage: porthole preview "<question>" [--out FILE.html] [--edition ID|DATE] [--data DIR]';

/** Lines of an answer's file shown in the preview, as Slack shows the start of a text file. */
const FILE_PREVIEW_LINES = 12;

/**
 * `porthole preview`: the reply to a question as the Slack app would post it to `/porthole` (the real Block
 * Kit blocks, and the file of a long answer), written as an HTML page close to Slack's look.
 */
export async function previewCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string', short: 'o' }, data: { type: 'string' }, edition: { type: 'string' } },
  });
  const question = positionals.join(' ').trim();
  if (question === '') {
    io.err(`${PREVIEW_USAGE}\n`);
    return EXIT.notUnderstood;
  }
  const dir = dataDirFrom(values.data, io.env);
  const dataset = await loadOrReport(dir, io, editionFrom(values.edition, io.env));
  if (!dataset) return EXIT.badDataset;
  // What /porthole answers, through the same dispatcher and renderer.
  let reply;
  try {
    reply = await dispatch(question, { userId: 'U0PREVIEW', channelId: 'C0PREVIEW', teamId: null }, { editions: editionsInFolder(dir, dataset) });
  } catch (error) {
    if (error instanceof EditionLoadError) return reportEditionError(error, dir, io);
    throw error;
  }
  const message = renderReply(reply, { question, private: true, share: true });
  const file = message.file && {
    name: message.file.filename,
    title: message.file.title,
    preview: message.file.content.split('\n').slice(0, FILE_PREVIEW_LINES).join('\n'),
  };
  const html = previewPage(`porthole: ${question}`, [{ blocks: message.blocks, ephemeral: true, ...(file ? { file } : {}) }]);
  if (values.out === undefined) {
    io.out(html);
  } else {
    await writeFile(values.out, html);
    io.err(`porthole: wrote ${values.out}\n`);
  }
  return EXIT.ok;
}
