import { answerQuestion } from '../../bot/index.js';
import { deliverVisible } from '../deliver.js';
import type { Listener } from '../deps.js';
import { fromSlackText } from '../escape.js';
import { renderReply } from '../reply-message.js';
import { isQuestionSubtype, noticeMessage } from './common.js';

/** The fields of a message event a direct message is read from (Bolt's message types are a union of subtypes). */
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
export const directMessage: Listener = {
  registration: { kind: 'event', name: 'message', manifestEvent: 'message.im', scopes: ['im:history', 'chat:write', 'files:write'] },
  register(app, deps) {
    app.message(async ({ message, body, client, context }) => {
      const m = message as unknown as ImMessage;
      if (m.channel_type !== 'im') return;
      // Edits (message_changed), deletions, joins and bot_message are subtypes; other bots carry bot_id.
      if (!isQuestionSubtype(m.subtype) || m.bot_id !== undefined || m.user === undefined || m.user === context.botUserId) return;
      const inThread = m.thread_ts !== undefined ? { thread_ts: m.thread_ts } : {};
      const text = fromSlackText(m.text ?? '', context.botUserId);
      await answerQuestion(
        deps,
        { entry: 'direct-message', who: { userId: m.user, channelId: m.channel, teamId: body.team_id ?? m.team ?? null }, onceKey: `message:${m.channel}:${m.ts}` },
        text,
        {
          tell: (n) => {
            const notice = noticeMessage(n);
            return client.chat.postMessage({ channel: m.channel, text: notice.text, blocks: notice.blocks, ...inThread });
          },
          render: (reply) => renderReply(reply, { private: true, question: text, tables: deps.tables !== false }),
          deliver: (rendered) => deliverVisible(client, { kind: 'post', channel: m.channel, threadTs: m.thread_ts }, rendered, deps.logger),
        },
      );
    });
  },
};
