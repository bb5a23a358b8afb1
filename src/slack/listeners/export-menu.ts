import type { BlockAction, OverflowAction } from '@slack/bolt';
import type { Query } from '../../core/answer.js';
import { answerParsed, outcomeOf } from '../answering.js';
import { writeAudit, type ClusterLookupAudit, type Outcome } from '../audit.js';
import { renderNotice } from '../blocks.js';
import { responder } from '../deliver.js';
import type { Deps, Registrar } from '../deps.js';
import { codeSpan, escapeMrkdwn } from '../escape.js';
import { exportActionIds, exportFile, exportFormatOf } from '../export-menu.js';
import { decodeState, parsedFromState } from '../state.js';
import { slackErrorCode } from './common.js';

const isDm = (channel: string) => channel.startsWith('D');

const reason = (error: unknown) => slackErrorCode(error) ?? (error instanceof Error ? error.message : String(error));

/**
 * The Export menu under an answer: the answer is rebuilt from the question state in the actions block's
 * block_id (same dataset, query and region, and the cluster's facts when a cluster lookup is set up), written
 * in the chosen format and uploaded as a file (files.uploadV2):
 * - under a posted answer (a mention's thread, a direct message): in the same conversation and thread;
 * - under an ephemeral answer (/porthole): in the asker's direct messages with porthole (conversations.open),
 *   so that nothing the asker did not share appears in the channel; the asker is told where it went.
 * Acked at once; a failure is logged, audited (entry "export") and told to the asker privately.
 */
export function registerExportMenu(on: Registrar, deps: Deps): void {
  for (const actionId of exportActionIds()) {
    on.action<BlockAction<OverflowAction>>(actionId, ['chat:write', 'files:write', 'im:write'], async ({ ack, body, action, client }) => {
      await ack();
      const started = deps.now();
      const respond = responder(body.response_url);
      const container = body.container as { is_ephemeral?: boolean; channel_id?: string; message_ts?: string; thread_ts?: string } | undefined;
      const channelId = body.channel?.id ?? container?.channel_id ?? null;
      const userId = body.user.id;
      const teamId = body.team?.id ?? null;
      const ephemeral = container?.is_ephemeral === true || body.message === undefined;
      const tell = async (mrkdwn: string) => {
        const m = renderNotice(mrkdwn);
        try {
          await respond({ response_type: 'ephemeral', replace_original: false, text: m.text, blocks: m.blocks as never });
        } catch (error) {
          deps.logger.warn({ err: error, userId }, 'could not tell the asker about the export');
        }
      };
      let clusterLookup: ClusterLookupAudit | null = null;
      const audit = (query: Query | null, outcome: Outcome, rules: number) =>
        writeAudit(deps.logger, { entry: 'export', teamId, channelId, userId, query, outcome, rules, latencyMs: deps.now() - started, clusterLookup });

      const format = exportFormatOf(action.selected_option?.value);
      const state = decodeState(action.block_id, deps.dataset);
      if (format === null || state === null || channelId === null) {
        deps.logger.info({ value: action.selected_option?.value ?? null, blockId: action.block_id }, 'export of an answer that can no longer be read');
        audit(null, 'not-understood', 0);
        await tell('I can no longer read this answer or its export format (porthole was updated since). Please ask your question again and export the new answer.');
        return;
      }

      let query: Query | null = null;
      let title = `${format} file`;
      try {
        const resolved = await answerParsed(parsedFromState(state), { userId, channelId, teamId }, deps);
        const answer = resolved.answer;
        clusterLookup = resolved.clusterLookup;
        query = { ...answer.query, format };
        if (outcomeOf(answer) !== 'answered') {
          audit(query, outcomeOf(answer), 0);
          await tell('I could not rebuild this answer to export it (the cluster or region it needs could not be read just now). Please ask your question again.');
          return;
        }
        const file = exportFile(answer, format);
        title = file.title;
        let channel: string;
        let threadTs: string | undefined;
        if (ephemeral) {
          const opened = await client.conversations.open({ users: userId });
          const id = opened.channel?.id;
          if (typeof id !== 'string' || id === '') throw new Error('conversations.open gave no channel id');
          channel = id;
        } else {
          const message = body.message as { ts?: string; thread_ts?: string } | undefined;
          const ts = message?.ts ?? container?.message_ts;
          channel = channelId;
          threadTs = message?.thread_ts ?? container?.thread_ts ?? (isDm(channelId) ? undefined : ts);
        }
        const upload = { content: file.content, filename: file.filename, title: file.title, initial_comment: escapeMrkdwn(file.comment) };
        await client.filesUploadV2(threadTs !== undefined ? { ...upload, channel_id: channel, thread_ts: threadTs } : { ...upload, channel_id: channel });
        audit(query, 'answered', answer.rules.length);
        if (ephemeral) {
          await tell(`I sent you ${codeSpan(file.filename)} (${escapeMrkdwn(file.title.replace(/^porthole: /, ''))}) in our direct messages: porthole > Messages.`);
        }
      } catch (error) {
        deps.logger.error({ err: error, slackError: slackErrorCode(error) ?? null, entry: 'export', format, userId, channelId }, 'export failed');
        audit(query, 'error', 0);
        await tell(
          `Sorry, I could not send you the file ${escapeMrkdwn(title.replace(/^porthole: /, ''))} (${escapeMrkdwn(reason(error))}). It has been logged; please try again in a moment, or use \`porthole ask "…" --format ${format}\` in a terminal.`,
        );
      }
    });
  }
}
