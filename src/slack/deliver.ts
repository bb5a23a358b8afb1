import type { RespondArguments, RespondFn, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { notice, setFileNote, type FileAttachment, type SlackMessage } from './block-kit.js';
import { codeSpan, escapeMrkdwn } from './escape.js';
import { errorReason, slackErrorCode } from './errors.js';
import { DIRECT_MESSAGES } from './help.js';

type WebClient = webApi.WebClient;

/**
 * Delivery: a message as an ephemeral reply (the ack body or a response_url), posted in a channel or thread, or
 * updated in place, with its file when it carries only a summary.
 */

const isDm = (channel: string) => channel.startsWith('D');

/** Slack's error codes for a message whose blocks it does not take: a workspace that refuses the table says one of these. */
const REFUSED_BLOCKS = new Set(['invalid_blocks', 'invalid_attachments', 'msg_blocks_too_long']);

/**
 * Slack refused the message for its blocks: a Web API error of REFUSED_BLOCKS, or a response_url that answered
 * 400 (Bolt's respond() keeps only the status, not Slack's error code).
 */
export function refusedBlocks(error: unknown): boolean {
  if (REFUSED_BLOCKS.has(slackErrorCode(error) ?? '')) return true;
  const respondError = error as { code?: unknown; statusCode?: unknown } | null;
  return respondError?.code === 'slack_bolt_respond_error' && respondError.statusCode === 400;
}

/** The ephemeral body of the message without its table, for each body ephemeral() made from a message with a table. */
const withoutTableBodies = new WeakMap<RespondArguments, () => RespondArguments>();

/** The body of an ephemeral reply (the ack of a slash command, or a response_url POST). */
export function ephemeral(message: SlackMessage, replaceOriginal = false): RespondArguments {
  const body: RespondArguments = { response_type: 'ephemeral', replace_original: replaceOriginal, text: message.text, blocks: message.blocks };
  const withoutTable = message.withoutTable;
  if (withoutTable !== undefined) withoutTableBodies.set(body, () => ephemeral(withoutTable(), replaceOriginal));
  return body;
}

/**
 * Bolt's respond(), with Slack's answer read to the end so that its connection is free for the next one. A body
 * with a table that Slack refuses goes again without it (the same facts, in sections).
 */
export async function respondWith(respond: RespondFn, body: RespondArguments): Promise<void> {
  let answer: unknown;
  try {
    answer = await respond(body);
  } catch (error) {
    const withoutTable = withoutTableBodies.get(body);
    if (withoutTable === undefined || !refusedBlocks(error)) throw error;
    answer = await respond(withoutTable());
  }
  const reader = answer as { arrayBuffer?: () => Promise<unknown> } | undefined;
  if (typeof reader?.arrayBuffer === 'function') await reader.arrayBuffer();
}

/** Who an ephemeral reply is for: its file goes to their direct messages with porthole, never to the channel. */
export interface PrivateRecipient {
  userId: string;
  channelId: string;
}

/**
 * An ephemeral message that carries only a summary says that the full list is on its way to the asker's direct
 * messages (send it with sendPrivateFile once the message is out). Nothing changes for a message without a file.
 */
export function withPrivateFileNote(message: SlackMessage): SlackMessage {
  if (message.file === null) return message;
  return setFileNote(
    message,
    `*Too much for one Slack message*${message.file.reason !== undefined ? ` (${message.file.reason})` : ''}: here is a summary. The full list, with every address and port, is the file ${codeSpan(message.file.filename)} I am sending to ${DIRECT_MESSAGES}.`,
  );
}

/**
 * Sends `file` to the asker's direct messages with porthole (chat.postMessage to a user id opens that
 * conversation; no im:write needed), after a one-line intro. Returns the DM channel id.
 */
export async function sendPrivateFile(client: WebClient, to: PrivateRecipient, file: FileAttachment, intro: string): Promise<string> {
  const posted = await client.chat.postMessage({ channel: to.userId, text: intro });
  const dm = typeof posted.channel === 'string' ? posted.channel : to.userId;
  await client.filesUploadV2({ channel_id: dm, content: file.content, filename: file.filename, title: file.title });
  return dm;
}

/** The intro of a private file: what it is, and the channel it was asked in (a channel mention built from a checked id). */
function privateFileIntro(file: FileAttachment, to: PrivateRecipient): string {
  const where = /^[CG][A-Z0-9]+$/.test(to.channelId) ? ` in <#${to.channelId}>` : '';
  return `The full list for your question${where} is attached: ${escapeMrkdwn(file.title)}.`;
}

/**
 * After an ephemeral summary went out (withPrivateFileNote): sends the file privately; when that fails, tells
 * the asker through `tell` (best effort) and logs it.
 */
export async function followWithPrivateFile(
  client: WebClient,
  to: PrivateRecipient,
  message: SlackMessage,
  tell: (message: SlackMessage) => Promise<void>,
  logger: Logger,
): Promise<void> {
  const file = message.file;
  if (file === null) return;
  try {
    await sendPrivateFile(client, to, file, privateFileIntro(file, to));
  } catch (error) {
    logger.warn({ err: error }, 'could not send the full list as a file');
    await tell(
      notice(`I could not send you the full list as a file (${escapeMrkdwn(errorReason(error))}), so the answer above is only a summary. Ask me in a direct message, or ask about fewer topics at a time.`),
    ).catch((secondary: unknown) => logger.warn({ err: secondary }, 'could not tell the asker about the file'));
  }
}

/** Where a visible message goes: a new message (in a thread when threadTs is set), or an update of one the bot posted. */
export type VisibleTarget =
  | { kind: 'post'; channel: string; threadTs?: string | undefined }
  | { kind: 'update'; channel: string; ts: string; threadTs?: string | undefined };

/**
 * Posts or updates a message; when it carries only a summary, attaches the full list as a file in its thread.
 * A message with a table that Slack refuses goes again without it (the same facts, in sections).
 */
export async function deliverVisible(client: WebClient, target: VisibleTarget, message: SlackMessage, logger: Logger): Promise<void> {
  try {
    await postOrUpdate(client, target, message, logger);
  } catch (error) {
    if (message.withoutTable === undefined || !refusedBlocks(error)) throw error;
    logger.warn({ err: error }, 'Slack refused the answer with its table: sending it without');
    await postOrUpdate(client, target, message.withoutTable(), logger);
  }
}

async function postOrUpdate(client: WebClient, target: VisibleTarget, message: SlackMessage, logger: Logger): Promise<void> {
  let ts: string;
  if (target.kind === 'post') {
    const posted = await client.chat.postMessage({
      channel: target.channel,
      text: message.text,
      blocks: message.blocks,
      ...(target.threadTs !== undefined ? { thread_ts: target.threadTs } : {}),
    });
    ts = typeof posted.ts === 'string' ? posted.ts : '';
  } else {
    await client.chat.update({ channel: target.channel, ts: target.ts, text: message.text, blocks: message.blocks });
    ts = target.ts;
  }
  const file = message.file;
  if (file === null) return;

  // The file goes with the answer: in its thread, or right after it in a direct message.
  const threadTs = target.threadTs ?? (isDm(target.channel) || ts === '' ? undefined : ts);
  try {
    const upload = { content: file.content, filename: file.filename, title: file.title };
    await client.filesUploadV2(threadTs !== undefined ? { ...upload, channel_id: target.channel, thread_ts: threadTs } : { ...upload, channel_id: target.channel });
  } catch (error) {
    logger.warn({ err: error }, 'could not attach the full list as a file');
    const problem = notice(
      `I could not attach the file with the full list (${escapeMrkdwn(errorReason(error))}), so the answer above is only a summary. Ask again in a moment, or ask about fewer topics at a time.`,
    );
    await client.chat.postMessage({ channel: target.channel, text: problem.text, blocks: problem.blocks, ...(threadTs !== undefined ? { thread_ts: threadTs } : {}) });
  }
}
