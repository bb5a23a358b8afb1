import type { BlockAction, StaticSelectAction } from '@slack/bolt';
import { answerParsed, decodeState, outcomeOf, parsedFromState } from '../../bot/index.js';
import type { Query } from '../../core/answer.js';
import { notice } from '../block-kit.js';
import { ephemeral, respondWith, sendPrivateFile } from '../deliver.js';
import type { Listener } from '../deps.js';
import { codeSpan, escapeMrkdwn } from '../escape.js';
import { errorReason } from '../errors.js';
import { EXPORT_ACTION_ID, exportFile, exportFormatOf } from '../export-menu.js';
import { DIRECT_MESSAGES } from '../help.js';
import { admit, interactionOf } from './common.js';

const isDm = (channel: string) => channel.startsWith('D');

/**
 * The Export menu under an answer: the answer is rebuilt from the question state in the actions block's
 * block_id (same dataset, query and region, and the cluster's facts when a cluster lookup is set up), written
 * in the chosen format and uploaded as a file (files.uploadV2):
 * - under a posted answer (a mention's thread, a direct message): in the same conversation and thread;
 * - under an ephemeral answer (/porthole): in the asker's direct messages with porthole, so that nothing the
 *   asker did not share appears in the channel; the asker is told where it went.
 * Acked at once; a failure is logged, audited (entry "export") and told to the asker privately.
 */
export const exportMenu: Listener = {
  registration: { kind: 'action', name: EXPORT_ACTION_ID, scopes: ['chat:write', 'files:write'] },
  register(app, deps) {
    app.action<BlockAction<StaticSelectAction>>(EXPORT_ACTION_ID, async ({ ack, body, action, client, respond }) => {
      await ack();
      const { container, channelId, userId, teamId, ephemeral: ephemeralAnswer } = interactionOf(body);
      const audit = deps.bot.startAudit('export', { userId, channelId, teamId });
      const tell = async (mrkdwn: string) => {
        try {
          await respondWith(respond, ephemeral(notice(mrkdwn)));
        } catch (error) {
          deps.logger.warn({ err: error, userId }, 'could not tell the asker about the export');
        }
      };

      if (!(await admit(deps, audit, (m) => respondWith(respond, ephemeral(m)), { everyTime: true }))) return;

      const format = exportFormatOf(action.selected_option?.value);
      const state = decodeState(action.block_id, deps.bot.dataset);
      if (format === null || state === null || channelId === null) {
        deps.logger.info({ value: action.selected_option?.value ?? null, blockId: action.block_id }, 'export of an answer that can no longer be read');
        audit.finish({ outcome: 'not-understood' });
        await tell('I can no longer read this answer or its export format (porthole was updated since). Please ask your question again and export the new answer.');
        return;
      }

      let query: Query | null = null;
      let what = `${format} file`;
      try {
        const reply = await answerParsed(parsedFromState(state), { userId, channelId, teamId }, deps.bot);
        audit.clusterLookup = reply.clusterLookup;
        const answer = reply.answer;
        query = { ...answer.query, format };
        if (outcomeOf(answer) !== 'answered') {
          audit.finish({ outcome: outcomeOf(answer), query });
          await tell('I could not rebuild this answer to export it (the cluster or region it needs could not be read just now). Please ask your question again.');
          return;
        }
        const file = exportFile(answer, format);
        what = file.title.replace(/^porthole: /, '');
        const comment = escapeMrkdwn(file.comment);
        if (ephemeralAnswer) {
          await sendPrivateFile(client, { userId, channelId }, file, comment);
        } else {
          const message = body.message as { ts?: string; thread_ts?: string } | undefined;
          const ts = message?.ts ?? container?.message_ts;
          const threadTs = message?.thread_ts ?? container?.thread_ts ?? (isDm(channelId) ? undefined : ts);
          const upload = { content: file.content, filename: file.filename, title: file.title, initial_comment: comment };
          await client.filesUploadV2(threadTs !== undefined ? { ...upload, channel_id: channelId, thread_ts: threadTs } : { ...upload, channel_id: channelId });
        }
        audit.finish({ outcome: 'answered', query, rules: answer.rules.length });
        if (ephemeralAnswer) await tell(`I sent you ${codeSpan(file.filename)} (${escapeMrkdwn(what)}) in ${DIRECT_MESSAGES}.`);
      } catch (error) {
        deps.logger.error({ err: error, entry: 'export', format, userId, channelId }, 'export failed');
        audit.finish({ outcome: 'error', query });
        await tell(
          `Sorry, I could not send you the file ${escapeMrkdwn(what)} (${escapeMrkdwn(errorReason(error))}). It has been logged; please try again in a moment, or use ${codeSpan(`porthole ask "…" --format ${format}`)} in a terminal.`,
        );
      }
    });
  },
};
