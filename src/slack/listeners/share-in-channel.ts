import type { BlockAction, ButtonAction } from '@slack/bolt';
import { answerFromState, decodeStateIn, handleRequest, replyAudit, sharedAnswerKey } from '../../bot/index.js';
import { ACTION_IDS } from '../answer-message.js';
import { notice, type SlackMessage } from '../block-kit.js';
import { deliverVisible, ephemeral, respondWith } from '../deliver.js';
import type { Deps, Listener } from '../deps.js';
import { slackErrorCode } from '../errors.js';
import { renderReply } from '../reply-message.js';
import { interactionOf, noticeMessage } from './common.js';

/** Slack errors that mean porthole may not post in the channel: the asker is told how to fix it. */
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action', 'cannot_reply_to_message']);

/** Posts a shared answer: null when posted, else the Slack error that means porthole may not post in the channel. */
async function post(deps: Deps, client: Parameters<typeof deliverVisible>[0], channelId: string, message: SlackMessage): Promise<string | null> {
  try {
    await deliverVisible(client, { kind: 'post', channel: channelId }, message, deps.logger);
    return null;
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === undefined || !CANNOT_POST.has(code)) throw error;
    deps.logger.info({ slackError: code, channelId }, 'could not share in channel');
    return code;
  }
}

/** "Share in channel" under an ephemeral answer: posts the same answer visibly in the channel (chat.postMessage). */
export const shareInChannel: Listener = {
  registration: { kind: 'action', name: ACTION_IDS.share, scopes: ['chat:write', 'files:write'] },
  register(app, deps) {
    app.action<BlockAction<ButtonAction>>(ACTION_IDS.share, async ({ ack, body, action, client, respond }) => {
      await ack();
      const { container, channelId, userId, teamId } = interactionOf(body);
      const tell = (m: SlackMessage) => respondWith(respond, ephemeral(m));
      await handleRequest(deps, { entry: 'share-in-channel', who: { userId, channelId, teamId }, slowDownEveryTime: true }, {
        tell: (n) => tell(noticeMessage(n)),
        async work(audit) {
          const decoded = await decodeStateIn(action.value ?? '', deps.bot.editions);
          if (decoded === null || channelId === null) {
            audit.finish({ outcome: 'not-understood' });
            await tell(notice('I can no longer read this answer (porthole was updated since). Please ask your question again.'));
            return { outcome: 'not-understood' };
          }
          // Repeated clicks (or a click on each of two replicas) share the answer once.
          const key = sharedAnswerKey(channelId, userId, container?.message_ts ?? null, action.value ?? '');
          if (!(await deps.bot.redelivery.firstTime(key))) {
            audit.finish({ outcome: 'already-shared' });
            await tell(notice('I have shared this answer in the channel already.'));
            return { outcome: 'already-shared' };
          }
          let answered, reply, refused;
          try {
            ({ answered, reply } = await answerFromState(decoded, { userId, channelId, teamId }, deps.bot));
            audit.clusterLookup = answered.clusterLookup;
            refused = await post(deps, client, channelId, renderReply(reply, { question: decoded.state.question, askedBy: userId, tables: deps.tables !== false }));
          } catch (error) {
            // Not shared: a later click (after inviting porthole, or once Slack answers again) may try again.
            await deps.bot.redelivery.forget(key);
            throw error;
          }
          if (refused === null) return replyAudit(reply, decoded.state.question ?? answered.answer.query.text);
          await deps.bot.redelivery.forget(key);
          audit.finish({ outcome: 'error', query: answered.answer.query });
          await tell(notice(`I cannot post in this channel (${refused}). Invite me with \`/invite @porthole\` and press *Share in channel* again, or copy the answer.`));
          return { outcome: 'error' };
        },
      });
    });
  },
};
