import type { BlockAction, ButtonAction } from '@slack/bolt';
import { answerParsed, decodeState, parsedFromState, replyAudit, sharedAnswerKey } from '../../bot/index.js';
import { ACTION_IDS, renderReply } from '../answer-message.js';
import { notice, type SlackMessage } from '../block-kit.js';
import { deliverVisible, ephemeral, respondWith } from '../deliver.js';
import type { Listener } from '../deps.js';
import { slackErrorCode } from '../errors.js';
import { admit, failed, interactionOf } from './common.js';

/** Slack errors that mean porthole may not post in the channel: the asker is told how to fix it. */
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action', 'cannot_reply_to_message']);

/** "Share in channel" under an ephemeral answer: posts the same answer visibly in the channel (chat.postMessage). */
export const shareInChannel: Listener = {
  registration: { kind: 'action', name: ACTION_IDS.share, scopes: ['chat:write', 'files:write'] },
  register(app, deps) {
    app.action<BlockAction<ButtonAction>>(ACTION_IDS.share, async ({ ack, body, action, client, respond }) => {
      await ack();
      const { container, channelId, userId, teamId } = interactionOf(body);
      const audit = deps.bot.startAudit('share-in-channel', { userId, channelId, teamId });
      const tell = (m: SlackMessage) => respondWith(respond, ephemeral(m));
      if (!(await admit(deps, audit, tell, { everyTime: true }))) return;
      let shareKey: string | null = null;
      try {
        const state = decodeState(action.value ?? '', deps.bot.dataset);
        if (state === null || channelId === null) {
          audit.finish({ outcome: 'not-understood' });
          await tell(notice('I can no longer read this answer (porthole was updated since). Please ask your question again.'));
          return;
        }
        // Repeated clicks (or a click on each of two replicas) share the answer once.
        const key = sharedAnswerKey(channelId, userId, container?.message_ts ?? null, action.value ?? '');
        if (!(await deps.bot.redelivery.firstTime(key))) {
          audit.finish({ outcome: 'already-shared' });
          await tell(notice('I have shared this answer in the channel already.'));
          return;
        }
        shareKey = key;
        const reply = await answerParsed(parsedFromState(state), { userId, channelId, teamId }, deps.bot);
        audit.clusterLookup = reply.clusterLookup;
        const message = renderReply(reply, deps.bot.dataset, { question: state.question, askedBy: userId, tables: deps.tables !== false });
        try {
          await deliverVisible(client, { kind: 'post', channel: channelId }, message, deps.logger);
        } catch (error) {
          // Not shared: a later click (after inviting porthole, or once Slack answers again) may try again.
          await deps.bot.redelivery.forget(key);
          shareKey = null;
          const code = slackErrorCode(error);
          if (code === undefined || !CANNOT_POST.has(code)) throw error;
          deps.logger.info({ slackError: code, channelId }, 'could not share in channel');
          audit.finish({ outcome: 'error', query: reply.answer.query });
          await tell(notice(`I cannot post in this channel (${code}). Invite me with \`/invite @porthole\` and press *Share in channel* again, or copy the answer.`));
          return;
        }
        audit.finish(replyAudit(reply, state.question ?? reply.answer.query.text));
      } catch (error) {
        if (shareKey !== null) await deps.bot.redelivery.forget(shareKey);
        await failed(deps, audit, error, tell);
      }
    });
  },
};
