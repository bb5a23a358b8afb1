import type { BlockAction, StaticSelectAction } from '@slack/bolt';
import { answerFromState, decodeStateIn, handleRequest, replyAudit } from '../../bot/index.js';
import { ACTION_IDS } from '../answer-message.js';
import { notice, type SlackMessage } from '../block-kit.js';
import { deliverVisible, ephemeral, followWithPrivateFile, respondWith, withPrivateFileNote } from '../deliver.js';
import type { Listener } from '../deps.js';
import { renderReply } from '../reply-message.js';
import { interactionOf, noticeMessage } from './common.js';

/**
 * The region picker under an answer that needs a region: choosing one updates that same message with the
 * answer, through the action's response_url (replace_original) for an ephemeral message, chat.update for a
 * posted one.
 */
export const regionPicker: Listener = {
  registration: { kind: 'action', name: ACTION_IDS.region, scopes: ['chat:write', 'files:write'] },
  register(app, deps) {
    app.action<BlockAction<StaticSelectAction>>(ACTION_IDS.region, async ({ ack, body, action, client, respond }) => {
      await ack();
      const { container, channelId, userId, teamId, ephemeral: ephemeralMessage } = interactionOf(body);
      const tell = (m: SlackMessage) => respondWith(respond, ephemeral(m));
      let privateFile: SlackMessage | null = null;
      await handleRequest(deps, { entry: 'region-picker', who: { userId, channelId, teamId }, slowDownEveryTime: true }, {
        tell: (n) => tell(noticeMessage(n)),
        async work(audit) {
          const region = action.selected_option?.value ?? '';
          const decoded = await decodeStateIn(action.block_id, deps.bot.editions);
          if (decoded === null || !decoded.dataset.regionById.has(region) || channelId === null) {
            audit.finish({ outcome: 'not-understood' });
            await tell(notice('This region picker belongs to an answer I can no longer read (porthole was updated since). Please ask your question again.'));
            return { outcome: 'not-understood' };
          }
          const { answered, reply } = await answerFromState(decoded, { userId, channelId, teamId }, deps.bot, region);
          audit.clusterLookup = answered.clusterLookup;
          const question = decoded.state.question;
          const tables = deps.tables !== false;
          const message = renderReply(reply, ephemeralMessage ? { question, share: true, private: true, tables } : { question, tables });
          if (ephemeralMessage) {
            await respondWith(respond, ephemeral(withPrivateFileNote(message), true));
            // The private file follows the audit line (afterwards).
            privateFile = message;
          } else {
            const posted = body.message as { ts?: string; thread_ts?: string } | undefined;
            const target = { kind: 'update' as const, channel: channelId, ts: posted?.ts ?? container?.message_ts ?? '', threadTs: posted?.thread_ts ?? container?.thread_ts };
            await deliverVisible(client, target, message, deps.logger);
          }
          return replyAudit(reply, question ?? answered.answer.query.text);
        },
        async afterwards() {
          if (privateFile !== null && channelId !== null) await followWithPrivateFile(client, { userId, channelId }, privateFile, tell, deps.logger);
        },
      });
    });
  },
};
