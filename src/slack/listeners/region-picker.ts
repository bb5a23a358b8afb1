import type { BlockAction, StaticSelectAction } from '@slack/bolt';
import { answerParsed, decodeState, parsedFromState, replyAudit } from '../../bot/index.js';
import { ACTION_IDS, renderReply } from '../answer-message.js';
import { notice, type SlackMessage } from '../block-kit.js';
import { deliverVisible, ephemeral, followWithPrivateFile, respondWith, withPrivateFileNote } from '../deliver.js';
import type { Listener } from '../deps.js';
import { admit, failed, interactionOf } from './common.js';

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
      const audit = deps.bot.startAudit('region-picker', { userId, channelId, teamId });
      const tell = (m: SlackMessage) => respondWith(respond, ephemeral(m));
      if (!(await admit(deps, audit, tell, { everyTime: true }))) return;
      try {
        const region = action.selected_option?.value ?? '';
        const state = decodeState(action.block_id, deps.bot.dataset);
        if (state === null || !deps.bot.dataset.regionById.has(region) || channelId === null) {
          audit.finish({ outcome: 'not-understood' });
          await tell(notice('This region picker belongs to an answer I can no longer read (porthole was updated since). Please ask your question again.'));
          return;
        }
        const reply = await answerParsed(parsedFromState(state, region), { userId, channelId, teamId }, deps.bot);
        audit.clusterLookup = reply.clusterLookup;
        const question = state.question;
        const tables = deps.tables !== false;
        const message = renderReply(reply, deps.bot.dataset, ephemeralMessage ? { question, share: true, private: true, tables } : { question, tables });
        if (ephemeralMessage) {
          await respondWith(respond, ephemeral(withPrivateFileNote(message), true));
          audit.finish(replyAudit(reply, question ?? reply.answer.query.text));
          await followWithPrivateFile(client, { userId, channelId }, message, tell, deps.logger);
          return;
        }
        const posted = body.message as { ts?: string; thread_ts?: string } | undefined;
        const target = { kind: 'update' as const, channel: channelId, ts: posted?.ts ?? container?.message_ts ?? '', threadTs: posted?.thread_ts ?? container?.thread_ts };
        await deliverVisible(client, target, message, deps.logger);
        audit.finish(replyAudit(reply, question ?? reply.answer.query.text));
      } catch (error) {
        await failed(deps, audit, error, tell);
      }
    });
  },
};
