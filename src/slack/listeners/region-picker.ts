import type { BlockAction, StaticSelectAction } from '@slack/bolt';
import { answerParsed, replyFor } from '../answering.js';
import { ACTION_IDS, renderNotice } from '../blocks.js';
import { deliver, responder, type Target } from '../deliver.js';
import type { Deps, Registrar } from '../deps.js';
import { decodeState, parsedFromState } from '../state.js';
import { auditReply, failed, type RequestInfo } from './common.js';

/**
 * The region picker under an answer that needs a region: choosing one updates that same message with the
 * answer — through response_url (replace_original) for an ephemeral message, chat.update for a posted one.
 */
export function registerRegionPicker(on: Registrar, deps: Deps): void {
  on.action<BlockAction<StaticSelectAction>>(ACTION_IDS.region, ['chat:write', 'files:write'], async ({ ack, body, action, client }) => {
    await ack();
    const respond = responder(body.response_url);
    const container = body.container as { is_ephemeral?: boolean; channel_id?: string; message_ts?: string; thread_ts?: string } | undefined;
    const channelId = body.channel?.id ?? container?.channel_id ?? null;
    const info: RequestInfo = { entry: 'region-picker', teamId: body.team?.id ?? null, channelId, userId: body.user.id, started: deps.now() };
    const ephemeral = container?.is_ephemeral === true || body.message === undefined;
    const tell = (m: { text: string; blocks: unknown[] }) =>
      respond({ response_type: 'ephemeral', replace_original: false, text: m.text, blocks: m.blocks as never });
    try {
      const region = action.selected_option?.value ?? '';
      const state = decodeState(action.block_id, deps.dataset);
      if (state === null || !deps.dataset.regionById.has(region) || channelId === null) {
        await tell(renderNotice('This region picker belongs to an answer I can no longer read (porthole was updated since). Please ask your question again.'));
        return;
      }
      const resolved = await answerParsed(parsedFromState(state, region), { userId: body.user.id, channelId, teamId: info.teamId }, deps);
      info.clusterLookup = resolved.clusterLookup;
      const reply = replyFor(resolved, deps, { question: state.question, share: ephemeral, private: ephemeral });
      const message = body.message as { ts?: string; thread_ts?: string } | undefined;
      const target: Target = ephemeral
        ? { kind: 'respond', respond, replaceOriginal: true, userId: body.user.id, channelId }
        : { kind: 'update', channel: channelId, ts: message?.ts ?? container?.message_ts ?? '', threadTs: message?.thread_ts ?? container?.thread_ts };
      await deliver(client, target, reply.message, deps.logger);
      auditReply(deps, info, reply);
    } catch (error) {
      await failed(deps, info, error, tell);
    }
  });
}
