import { ask, replyAudit } from '../../bot/index.js';
import { renderReply } from '../answer-message.js';
import type { SlackMessage } from '../block-kit.js';
import { deliverVisible } from '../deliver.js';
import type { Listener } from '../deps.js';
import { fromSlackText } from '../escape.js';
import { admit, failed, isQuestionSubtype } from './common.js';

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
      if (!(await deps.bot.redelivery.firstTime(`message:${m.channel}:${m.ts}`))) return;
      const asker = { userId: m.user, channelId: m.channel, teamId: body.team_id ?? m.team ?? null };
      const audit = deps.bot.startAudit('direct-message', asker);
      const reply = (msg: SlackMessage) =>
        client.chat.postMessage({ channel: m.channel, text: msg.text, blocks: msg.blocks, ...(m.thread_ts !== undefined ? { thread_ts: m.thread_ts } : {}) });
      if (!(await admit(deps, audit, reply))) return;
      try {
        const text = fromSlackText(m.text ?? '', context.botUserId);
        const answer = await ask(text, asker, deps.bot);
        if (answer.kind === 'answer') audit.clusterLookup = answer.clusterLookup;
        const rendered = renderReply(answer, deps.bot.dataset, { private: true, question: text, tables: deps.tables !== false });
        await deliverVisible(client, { kind: 'post', channel: m.channel, threadTs: m.thread_ts }, rendered, deps.logger);
        audit.finish(replyAudit(answer, text));
      } catch (error) {
        await failed(deps, audit, error, reply);
      }
    });
  },
};
