import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { notice } from './block-kit.js';

/**
 * What a person still waiting for an answer is told when porthole stops and may have to abandon their request
 * (src/bot/in-flight.ts says when): privately, where their answer would have come.
 */

export const FAREWELL = notice('porthole is restarting. If your answer does not follow in a moment, please ask again.');

type Body = Record<string, unknown>;
type FetchFunction = NonNullable<webApi.WebClientOptions['fetch']>;

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const record = (value: unknown): Body | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : undefined);

/** How to reach the asker of a request privately, read from its body; undefined when there is nobody to tell. */
type Reach =
  | { kind: 'response_url'; url: string }
  | { kind: 'ephemeral'; channel: string; user: string; threadTs: string | undefined }
  | { kind: 'direct-message'; channel: string; threadTs: string | undefined };

export function reachOf(body: Body): Reach | undefined {
  // Slash commands, buttons and menus: their response_url (ephemeral by default).
  const responseUrl = str(body.response_url);
  if (responseUrl !== undefined) return { kind: 'response_url', url: responseUrl };
  const event = record(body.event);
  const channel = str(event?.channel);
  const user = str(event?.user);
  if (event === undefined || channel === undefined || user === undefined) return undefined;
  const threadTs = str(event.thread_ts);
  if (event.type === 'app_mention') return { kind: 'ephemeral', channel, user, threadTs };
  if (event.type === 'message' && event.channel_type === 'im') return { kind: 'direct-message', channel, threadTs };
  return undefined;
}

/**
 * The farewell of one request: sends FAREWELL to its asker (best effort; a failure is logged), or undefined when
 * the request has nobody to tell (an App Home opened, a bot's message).
 */
export function farewellFor(body: Body, client: webApi.WebClient, post: FetchFunction, logger: Logger): (() => Promise<void>) | undefined {
  const reach = reachOf(body);
  if (reach === undefined) return undefined;
  const { text, blocks } = FAREWELL;
  const send = async (): Promise<unknown> => {
    if (reach.kind === 'response_url') {
      const answer = await post(reach.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text, blocks }) });
      if (!answer.ok) throw new Error(`the response_url answered ${answer.status}`);
      return answer;
    }
    const thread = reach.threadTs !== undefined ? { thread_ts: reach.threadTs } : {};
    if (reach.kind === 'ephemeral') return client.chat.postEphemeral({ channel: reach.channel, user: reach.user, text, blocks, ...thread });
    return client.chat.postMessage({ channel: reach.channel, text, blocks, ...thread });
  };
  return () =>
    send().then(
      () => logger.info({ farewell: reach.kind }, 'asker told that porthole is stopping'),
      (error: unknown) => logger.warn({ err: error, farewell: reach.kind }, 'could not tell the asker that porthole is stopping'),
    );
}
