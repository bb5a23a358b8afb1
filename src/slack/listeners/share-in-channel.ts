import type { BlockAction, ButtonAction } from '@slack/bolt';
import { answerParsed, replyFor } from '../answering.js';
import { ACTION_IDS, renderNotice } from '../blocks.js';
import { deliver, responder } from '../deliver.js';
import type { Deps, Registrar } from '../deps.js';
import { decodeState, parsedFromState } from '../state.js';
import { auditReply, failed, slackErrorCode, type RequestInfo } from './common.js';

const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action', 'cannot_reply_to_message']);

/** "Share in channel" under an ephemeral answer: posts the same answer visibly in the channel (chat.postMessage). */
export function registerShareInChannel(on: Registrar, deps: Deps): void {
  on.action<BlockAction<ButtonAction>>(ACTION_IDS.share, ['chat:write', 'files:write'], async ({ ack, body, action, client }) => {
    await ack();
    const respond = responder(body.response_url);
    const container = body.container as { channel_id?: string } | undefined;
    const channelId = body.channel?.id ?? container?.channel_id ?? null;
    const info: RequestInfo = { entry: 'share-in-channel', teamId: body.team?.id ?? null, channelId, userId: body.user.id, started: deps.now() };
    const tell = (m: { text: string; blocks: unknown[] }) =>
      respond({ response_type: 'ephemeral', replace_original: false, text: m.text, blocks: m.blocks as never });
    try {
      const state = decodeState(action.value ?? '', deps.dataset);
      if (state === null || channelId === null) {
        await tell(renderNotice('I can no longer read this answer (porthole was updated since). Please ask your question again.'));
        return;
      }
      const resolved = await answerParsed(parsedFromState(state), { userId: body.user.id, channelId, teamId: info.teamId }, deps);
      info.clusterLookup = resolved.clusterLookup;
      const reply = replyFor(resolved, deps, { question: state.question, askedBy: body.user.id });
      try {
        await deliver(client, { kind: 'post', channel: channelId }, reply.message, deps.logger);
      } catch (error) {
        const code = slackErrorCode(error);
        if (code === undefined || !CANNOT_POST.has(code)) throw error;
        deps.logger.info({ slackError: code, channelId }, 'could not share in channel');
        await tell(
          renderNotice(
            `I cannot post in this channel (${code}). Invite me with \`/invite @porthole\` and press *Share in channel* again, or copy the answer.`,
          ),
        );
        return;
      }
      auditReply(deps, info, reply);
    } catch (error) {
      await failed(deps, info, error, tell);
    }
  });
}
