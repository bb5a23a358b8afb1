import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { RespondArguments, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { codeSpan, escapeMrkdwn } from './escape.js';
import { renderNotice, setFileNote, type SlackMessage } from './blocks.js';

type WebClient = webApi.WebClient;

/**
 * Posts to one response_url (responder): a message like Bolt's respond() takes, or a body already serialized
 * (JsonBody). Resolves once Slack has answered 2xx and the answer has been read.
 */
export type Respond = (message: string | RespondArguments | JsonBody) => Promise<void>;

/** A response_url body already serialized as JSON, as UTF-8 bytes (deliver reuses the body of a cached reply). */
export class JsonBody {
  readonly bytes: Buffer;

  constructor(json: string) {
    this.bytes = Buffer.from(json, 'utf8');
  }
}

/**
 * Where a reply goes:
 * - respond: through the request's response_url (slash commands; ephemeral unless replacing a posted message);
 * - post: chat.postMessage to a channel, in a thread when threadTs is set;
 * - update: chat.update of a message the bot posted (region picker in a thread, channel or DM).
 */
export type Target =
  | { kind: 'respond'; respond: Respond; replaceOriginal: boolean; userId: string; channelId: string }
  | { kind: 'post'; channel: string; threadTs?: string | undefined }
  | { kind: 'update'; channel: string; ts: string; threadTs?: string | undefined };

const isDm = (channel: string) => channel.startsWith('D');

/** A response_url POST that Slack refused (non-2xx; 0: not an http(s) URL), as Bolt's RespondError. */
export class ResponseUrlError extends Error {
  constructor(readonly status: number) {
    super(status === 0 ? 'response_url is not an http(s) URL' : `response_url answered HTTP ${status}`);
    this.name = 'ResponseUrlError';
  }
}

function slackError(error: unknown): string {
  const data = (error as { data?: { error?: unknown } }).data;
  if (data !== undefined && typeof data.error === 'string') return data.error;
  return error instanceof Error ? error.message : String(error);
}

const agents = {
  'http:': new HttpAgent({ keepAlive: true, maxSockets: 64 }),
  'https:': new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
};

/**
 * respond() for a response_url: POSTs the message as JSON, like Bolt's respond(), through a keep-alive agent,
 * reading each answer to the end. (Bolt's respond() uses fetch and never reads the answer, which keeps every
 * connection busy until garbage collection: under load each reply then opens a new connection.) Rejects with a
 * ResponseUrlError for an answer other than 2xx, and for a URL that is not http(s).
 */
export function responder(responseUrl: string, timeoutMs = 10_000): Respond {
  return (message) =>
    new Promise<void>((resolve, reject) => {
      let url: URL;
      try {
        url = new URL(responseUrl);
      } catch {
        reject(new ResponseUrlError(0));
        return;
      }
      const https = url.protocol === 'https:';
      if (!https && url.protocol !== 'http:') {
        reject(new ResponseUrlError(0));
        return;
      }
      const body = message instanceof JsonBody ? message.bytes : JSON.stringify(typeof message === 'string' ? { text: message } : message);
      const req = (https ? httpsRequest : httpRequest)(
        url,
        {
          method: 'POST',
          agent: https ? agents['https:'] : agents['http:'],
          timeout: timeoutMs,
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('error', reject);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
            else reject(new ResponseUrlError(status));
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`response_url did not answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
}

/** The ephemeral bodies written for a message, kept per blocks array: a cached reply is serialized once. */
const bodies = new WeakMap<readonly unknown[], { text: string; replacing?: JsonBody; notReplacing?: JsonBody }>();

/**
 * The ephemeral response_url body of a message: the JSON of `{ response_type: 'ephemeral', replace_original,
 * text, blocks }`, kept with the message's blocks (messages are never changed once built).
 */
export function ephemeralBody(message: Pick<SlackMessage, 'text' | 'blocks'>, replaceOriginal: boolean): JsonBody {
  let kept = bodies.get(message.blocks);
  if (kept === undefined || kept.text !== message.text) {
    kept = { text: message.text };
    bodies.set(message.blocks, kept);
  }
  const slot = replaceOriginal ? 'replacing' : 'notReplacing';
  return (kept[slot] ??= new JsonBody(JSON.stringify({ response_type: 'ephemeral', replace_original: replaceOriginal, text: message.text, blocks: message.blocks })));
}

/** Sends a message; when it carries only a summary, attaches the full rule list as a file (files.uploadV2). */
export async function deliver(client: WebClient, target: Target, message: SlackMessage, logger: Logger): Promise<void> {
  const file = message.file;
  if (target.kind === 'respond') {
    let toSend = message;
    if (file !== null) {
      // An ephemeral answer must not drop a file into the channel for everyone: the file goes to the asker's
      // direct messages with porthole instead (chat.postMessage to a user id opens that conversation).
      try {
        const intro = await client.chat.postMessage({
          channel: target.userId,
          text: `The full list for your question${/^[CG][A-Z0-9]+$/.test(target.channelId) ? ` in <#${target.channelId}>` : ''} is attached: ${escapeMrkdwn(file.title)}.`,
        });
        const dmChannel = typeof intro.channel === 'string' ? intro.channel : target.userId;
        await client.filesUploadV2({ channel_id: dmChannel, content: file.content, filename: file.filename, title: file.title });
        toSend = setFileNote(
          message,
          `*Too many rules for one Slack message*: here is a summary. The full list, with every address and port, is in the file ${codeSpan(file.filename)} I sent you in our direct messages (porthole > Messages).`,
        );
      } catch (error) {
        logger.warn({ err: error, slackError: slackError(error) }, 'could not send the full rule list as a file');
        toSend = setFileNote(
          message,
          `*Too many rules for one Slack message*, and I could not send you the full list as a file (${escapeMrkdwn(slackError(error))}). Ask me in a direct message, or ask about fewer topics at a time.`,
        );
      }
    }
    await target.respond(ephemeralBody(toSend, target.replaceOriginal));
    return;
  }

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
  if (file === null) return;

  // The file goes with the answer: in its thread, or right after it in a direct message.
  const threadTs = target.threadTs ?? (isDm(target.channel) || ts === '' ? undefined : ts);
  try {
    const upload = { content: file.content, filename: file.filename, title: file.title };
    await client.filesUploadV2(
      threadTs !== undefined ? { ...upload, channel_id: target.channel, thread_ts: threadTs } : { ...upload, channel_id: target.channel },
    );
  } catch (error) {
    logger.warn({ err: error, slackError: slackError(error) }, 'could not attach the full rule list as a file');
    const notice = renderNotice(
      `I could not attach the file with the full list (${escapeMrkdwn(slackError(error))}), so the answer above is only a summary. Ask again in a moment, or ask about fewer topics at a time.`,
    );
    await client.chat.postMessage({
      channel: target.channel,
      text: notice.text,
      blocks: notice.blocks,
      ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
    });
  }
}
