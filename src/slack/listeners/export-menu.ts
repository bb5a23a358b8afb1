import type { BlockAction, StaticSelectAction, webApi } from '@slack/bolt';
import { answerFromState, decodeStateIn, handleRequest, outcomeOf, type AuditResult, type RequestAudit } from '../../bot/index.js';
import type { Answer, Query } from '../../core/answer.js';
import { notice } from '../block-kit.js';
import { ephemeral, respondWith, sendPrivateFile } from '../deliver.js';
import type { Deps, Listener } from '../deps.js';
import { codeSpan, escapeMrkdwn } from '../escape.js';
import { errorReason } from '../errors.js';
import { EXPORT_ACTION_ID, exportFile, exportFormatOf } from '../export-menu.js';
import { DIRECT_MESSAGES } from '../help.js';
import { interactionOf, noticeMessage, type Interaction } from './common.js';

const isDm = (channel: string) => channel.startsWith('D');

type ExportAction = BlockAction<StaticSelectAction>;

/** Uploads the file: to the asker's direct messages under an ephemeral answer, else beside the answer (its thread). */
async function upload(client: webApi.WebClient, body: ExportAction, where: Interaction & { channelId: string }, file: ReturnType<typeof exportFile>): Promise<void> {
  const comment = escapeMrkdwn(file.comment);
  if (where.ephemeral) {
    await sendPrivateFile(client, { userId: where.userId, channelId: where.channelId }, file, comment);
    return;
  }
  const message = body.message as { ts?: string; thread_ts?: string } | undefined;
  const ts = message?.ts ?? where.container?.message_ts;
  const threadTs = message?.thread_ts ?? where.container?.thread_ts ?? (isDm(where.channelId) ? undefined : ts);
  const fields = { content: file.content, filename: file.filename, title: file.title, initial_comment: comment };
  await client.filesUploadV2(threadTs !== undefined ? { ...fields, channel_id: where.channelId, thread_ts: threadTs } : { ...fields, channel_id: where.channelId });
}

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
    app.action<ExportAction>(EXPORT_ACTION_ID, async ({ ack, body, action, client, respond }) => {
      await ack();
      const where = interactionOf(body);
      const tell = async (mrkdwn: string) => {
        try {
          await respondWith(respond, ephemeral(notice(mrkdwn)));
        } catch (error) {
          deps.logger.warn({ err: error, userId: where.userId }, 'could not tell the asker about the export');
        }
      };
      await handleRequest(deps, { entry: 'export', who: where, slowDownEveryTime: true }, {
        tell: (n) => respondWith(respond, ephemeral(noticeMessage(n))),
        work: (audit) => exportAnswer(deps, client, body, action, where, audit, tell),
      });
    });
  },
};

/**
 * Rebuilds the answer from the menu's state and sends it as a file; its own failures are told with the terminal
 * command to use instead. The audit line is written before the asker is told (finish is once only).
 */
async function exportAnswer(
  deps: Deps,
  client: webApi.WebClient,
  body: ExportAction,
  action: StaticSelectAction,
  where: Interaction,
  audit: RequestAudit,
  tell: (mrkdwn: string) => Promise<void>,
): Promise<AuditResult> {
  const finished = async (result: AuditResult, mrkdwn: string | null): Promise<AuditResult> => {
    audit.finish(result);
    if (mrkdwn !== null) await tell(mrkdwn);
    return result;
  };
  const format = exportFormatOf(action.selected_option?.value);
  const decoded = await decodeStateIn(action.block_id, deps.bot.editions);
  const channelId = where.channelId;
  if (format === null || decoded === null || channelId === null) {
    deps.logger.info({ value: action.selected_option?.value ?? null, blockId: action.block_id }, 'export of an answer that can no longer be read');
    return finished({ outcome: 'not-understood' }, 'I can no longer read this answer or its export format (porthole was updated since). Please ask your question again and export the new answer.');
  }
  let query: Query | null = null;
  let what = `${format} file`;
  try {
    const { answered: reply } = await answerFromState(decoded, { userId: where.userId, channelId, teamId: where.teamId }, deps.bot);
    const answer: Answer = reply.answer;
    query = { ...answer.query, format };
    if (outcomeOf(answer) !== 'answered') {
      const result: AuditResult = { outcome: outcomeOf(answer), query, clusterLookup: reply.clusterLookup };
      return finished(result, 'I could not rebuild this answer to export it (the cluster or region it needs could not be read just now). Please ask your question again.');
    }
    const file = exportFile(answer, format);
    what = file.title.replace(/^porthole: /, '');
    await upload(client, body, { ...where, channelId }, file);
    const sent = where.ephemeral ? `I sent you ${codeSpan(file.filename)} (${escapeMrkdwn(what)}) in ${DIRECT_MESSAGES}.` : null;
    return finished({ outcome: 'answered', query, rules: answer.rules.length, clusterLookup: reply.clusterLookup }, sent);
  } catch (error) {
    deps.logger.error({ err: error, entry: 'export', format, userId: where.userId, channelId }, 'export failed');
    return finished(
      { outcome: 'error', query },
      `Sorry, I could not send you the file ${escapeMrkdwn(what)} (${escapeMrkdwn(errorReason(error))}). It has been logged; please try again in a moment, or use ${codeSpan(`porthole ask "…" --format ${format}`)} in a terminal.`,
    );
  }
}
