import type { SlashCommand, webApi } from '@slack/bolt';
import { parseQuestion, type ParsedQuestion } from '../../core/parse/question.js';
import { isWhyQuestion } from '../../core/why/index.js';
import { answerQuestion, isHelpRequest } from '../answering.js';
import { deliver, responder } from '../deliver.js';
import type { Deps, Registrar } from '../deps.js';
import { codeSpan, fromSlackText } from '../escape.js';
import { ReplyCache } from '../reply-cache.js';
import { admit, auditReply, failed, type RequestInfo } from './common.js';

export const SLASH_COMMAND = '/porthole';

/** How a slash command's answer is rendered: ephemeral, with "Share in channel". */
const SLASH_OPTIONS = { share: true, private: true } as const;

/**
 * The cluster a question names when it will be looked up (a lookup is configured and the question is a readable
 * one about rules), and the question as parsed to find out, so that answering it does not parse it again. A
 * question with a cached reply is not parsed: a cached reply never consulted the lookup.
 */
function clusterToLookUp(text: string, deps: Deps): { cluster: string | null; parsed?: ParsedQuestion } {
  if (deps.lookupCluster === undefined || isHelpRequest(text) || isWhyQuestion(text)) return { cluster: null };
  if (deps.replies?.has(ReplyCache.key(text, SLASH_OPTIONS)) === true) return { cluster: null };
  try {
    const parsed = parseQuestion(text, deps.dataset);
    return { cluster: parsed.problems.length === 0 ? parsed.query.cluster : null, parsed };
  } catch {
    return { cluster: null }; // answerQuestion meets the same problem after the ack and reports it
  }
}

/**
 * `/porthole <question>`: acked at once, answered through response_url, ephemeral, with a "Share in channel"
 * button. `/porthole help` or no text: help with examples.
 *
 * A question naming a cluster is acked with an ephemeral "Looking up cluster X…", which the answer replaces
 * (replace_original) once the lookup has ended: Slack's 3-second deadline is on the ack, the lookup has its own
 * (CLUSTER_LOOKUP_TIMEOUT_MS), and the response_url stays usable for 30 minutes. Other questions get an empty ack.
 */
export function registerSlashCommand(on: Registrar, deps: Deps): void {
  on.command(SLASH_COMMAND, ['commands', 'chat:write', 'files:write'], async ({ command, ack, client }) => {
    const text = fromSlackText(command.text ?? '');
    const { cluster, parsed } = clusterToLookUp(text, deps);
    if (cluster === null) await ack();
    else await ack({ response_type: 'ephemeral', text: `Looking up cluster ${codeSpan(cluster)}…` });
    // Let pending requests be acknowledged before this one's answer is worked out (Slack's 3 s deadline is on the ack).
    await new Promise<void>((resolve) => setImmediate(resolve));
    await answerCommand(command, text, parsed, cluster !== null, deps, client);
  });
}

async function answerCommand(
  command: SlashCommand,
  text: string,
  parsed: ParsedQuestion | undefined,
  replacesAck: boolean,
  deps: Deps,
  client: webApi.WebClient,
): Promise<void> {
  const respond = responder(command.response_url);
  const info: RequestInfo = {
    entry: 'slash-command',
    teamId: command.team_id ?? null,
    channelId: command.channel_id ?? null,
    userId: command.user_id ?? null,
    started: deps.now(),
  };
  let told = false;
  const tell = (m: { text: string; blocks: unknown[] }) => {
    told = true;
    return respond({ response_type: 'ephemeral', replace_original: replacesAck, text: m.text, blocks: m.blocks as never });
  };
  if (!(await admit(deps, info, tell))) {
    // Rate limited without a word: take the "Looking up cluster X…" away rather than leave it hanging.
    if (replacesAck && !told) await respond({ delete_original: true }).catch((error: unknown) => deps.logger.warn({ err: error }, 'could not remove the lookup notice'));
    return;
  }
  try {
    const asker = { userId: command.user_id, channelId: command.channel_id, teamId: info.teamId };
    const reply = await answerQuestion(text, asker, deps, SLASH_OPTIONS, parsed);
    info.clusterLookup = reply.clusterLookup ?? null;
    await deliver(
      client,
      { kind: 'respond', respond, replaceOriginal: replacesAck, userId: command.user_id, channelId: command.channel_id },
      reply.message,
      deps.logger,
    );
    auditReply(deps, info, reply);
  } catch (error) {
    await failed(deps, info, error, tell);
  }
}
