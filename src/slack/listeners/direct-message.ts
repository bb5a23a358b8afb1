import { answerQuestion } from '../answering.js';
import { deliver } from '../deliver.js';
import type { Deps, Registrar } from '../deps.js';
import { fromSlackText } from '../escape.js';
import { admit, auditReply, failed, type RequestInfo } from './common.js';

interface ImMessage {
  channel_type?: string;
  subtype?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  team?: string;
}

/** Direct messages to the bot (message.im): answered in the conversation, in the thread when asked in one. */
export function registerDirectMessage(on: Registrar, deps: Deps): void {
  on.event('message', 'message.im', ['im:history', 'im:read', 'chat:write', 'files:write'], async ({ event, body, client, context }) => {
    const m = event as unknown as ImMessage;
    if (m.channel_type !== 'im') return;
    // Edits (message_changed), deletions, joins and bot_message are subtypes; other bots carry bot_id.
    if (m.subtype !== undefined || m.bot_id !== undefined || m.user === undefined) return;
    if (m.user === context.botUserId) return;
    if (!deps.dedupe.firstTime(`message:${m.channel}:${m.ts}`)) return;
    const info: RequestInfo = {
      entry: 'direct-message',
      teamId: (body as { team_id?: string }).team_id ?? m.team ?? null,
      channelId: m.channel,
      userId: m.user,
      started: deps.now(),
    };
    const reply = (msg: { text: string; blocks: unknown[] }) =>
      client.chat.postMessage({ channel: m.channel, text: msg.text, blocks: msg.blocks as never, ...(m.thread_ts !== undefined ? { thread_ts: m.thread_ts } : {}) });
    if (!(await admit(deps, info, reply))) return;
    try {
      const text = fromSlackText(m.text ?? '', context.botUserId);
      const answer = await answerQuestion(text, { userId: m.user, channelId: m.channel, teamId: info.teamId }, deps, { private: true });
      info.clusterLookup = answer.clusterLookup ?? null;
      await deliver(client, { kind: 'post', channel: m.channel, threadTs: m.thread_ts }, answer.message, deps.logger);
      auditReply(deps, info, answer);
    } catch (error) {
      await failed(deps, info, error, reply);
    }
  });
}
