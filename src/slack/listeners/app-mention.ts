import { answerQuestion } from '../../bot/index.js';
import type { SlackMessage } from '../block-kit.js';
import { deliverVisible } from '../deliver.js';
import type { Listener } from '../deps.js';
import { fromSlackText } from '../escape.js';
import { renderReply } from '../reply-message.js';
import { isQuestionSubtype, noticeMessage } from './common.js';

/** `@porthole <question>` in a channel: answered in a thread under the mention (or in the thread it was asked in). */
export const appMention: Listener = {
  registration: { kind: 'event', name: 'app_mention', manifestEvent: 'app_mention', scopes: ['app_mentions:read', 'chat:write', 'files:write'] },
  register(app, deps) {
    app.event('app_mention', async ({ event, body, client, context }) => {
      // Other bots, and edits or other subtypes, are not questions.
      if (event.bot_id !== undefined || !isQuestionSubtype(event.subtype) || event.user === undefined) return;
      const userId = event.user;
      const threadTs = event.thread_ts ?? event.ts;
      // Slack does not show an ephemeral message in a thread that does not exist yet: outside a thread, in the channel.
      const tellPrivately = (m: SlackMessage) =>
        client.chat.postEphemeral({ channel: event.channel, user: userId, ...(event.thread_ts !== undefined ? { thread_ts: event.thread_ts } : {}), text: m.text, blocks: m.blocks });
      const text = fromSlackText(event.text, context.botUserId);
      // An edited mention comes again with its ts and an `edited` stamp: each edit is a question of its own, once.
      const edited = (event as { edited?: { ts?: string } }).edited?.ts;
      await answerQuestion(
        deps,
        { entry: 'app-mention', who: { userId, channelId: event.channel, teamId: body.team_id ?? event.team ?? null }, onceKey: `message:${event.channel}:${event.ts}${edited !== undefined ? `:edited:${edited}` : ''}` },
        text,
        {
          tell: (n) => tellPrivately(noticeMessage(n)),
          render: (reply) => renderReply(reply, { askedBy: userId, question: text, tables: deps.tables !== false, edited: edited !== undefined }),
          deliver: (message) => deliverVisible(client, { kind: 'post', channel: event.channel, threadTs }, message, deps.logger),
        },
      );
    });
  },
};
