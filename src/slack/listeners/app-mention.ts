import { ask, replyAudit } from '../../bot/index.js';
import { renderReply } from '../answer-message.js';
import type { SlackMessage } from '../block-kit.js';
import { deliverVisible } from '../deliver.js';
import type { Listener } from '../deps.js';
import { fromSlackText } from '../escape.js';
import { admit, failed, isQuestionSubtype } from './common.js';

/** `@porthole <question>` in a channel: answered in a thread under the mention (or in the thread it was asked in). */
export const appMention: Listener = {
  registration: { kind: 'event', name: 'app_mention', manifestEvent: 'app_mention', scopes: ['app_mentions:read', 'chat:write', 'files:write'] },
  register(app, deps) {
    app.event('app_mention', async ({ event, body, client, context }) => {
      // Other bots, and edits or other subtypes, are not questions.
      if (event.bot_id !== undefined || !isQuestionSubtype(event.subtype) || event.user === undefined) return;
      // An edited mention comes again with its ts and an `edited` stamp: each edit is a question of its own, once.
      const edited = (event as { edited?: { ts?: string } }).edited?.ts;
      if (!(await deps.bot.redelivery.firstTime(`message:${event.channel}:${event.ts}${edited !== undefined ? `:edited:${edited}` : ''}`))) return;
      const userId = event.user;
      const threadTs = event.thread_ts ?? event.ts;
      const asker = { userId, channelId: event.channel, teamId: body.team_id ?? event.team ?? null };
      const audit = deps.bot.startAudit('app-mention', asker);
      // Slack does not show an ephemeral message in a thread that does not exist yet: outside a thread, in the channel.
      const tellPrivately = (m: SlackMessage) =>
        client.chat.postEphemeral({ channel: event.channel, user: userId, ...(event.thread_ts !== undefined ? { thread_ts: event.thread_ts } : {}), text: m.text, blocks: m.blocks });
      if (!(await admit(deps, audit, tellPrivately))) return;
      try {
        const text = fromSlackText(event.text, context.botUserId);
        const reply = await ask(text, asker, deps.bot);
        if (reply.kind === 'answer') audit.clusterLookup = reply.clusterLookup;
        const message = renderReply(reply, deps.bot.dataset, { askedBy: userId, question: text, tables: deps.tables !== false, edited: edited !== undefined });
        await deliverVisible(client, { kind: 'post', channel: event.channel, threadTs }, message, deps.logger);
        audit.finish(replyAudit(reply, text));
      } catch (error) {
        await failed(deps, audit, error, tellPrivately);
      }
    });
  },
};
