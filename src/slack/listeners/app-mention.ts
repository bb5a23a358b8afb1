import { answerQuestion } from '../answering.js';
import { deliver } from '../deliver.js';
import type { Deps, Registrar } from '../deps.js';
import { fromSlackText } from '../escape.js';
import { admit, auditReply, failed, type RequestInfo } from './common.js';

/** `@porthole <question>` in a channel: answered in a thread under the mention (or in the thread it was asked in). */
export function registerAppMention(on: Registrar, deps: Deps): void {
  on.event('app_mention', 'app_mention', ['app_mentions:read', 'chat:write', 'files:write'], async ({ event, body, client, context }) => {
    // Other bots, and edits or other subtypes, are not questions.
    if (event.bot_id !== undefined || event.subtype !== undefined || event.user === undefined) return;
    if (!deps.dedupe.firstTime(`message:${event.channel}:${event.ts}`)) return;
    const userId = event.user;
    const threadTs = event.thread_ts ?? event.ts;
    const info: RequestInfo = {
      entry: 'app-mention',
      teamId: (body as { team_id?: string }).team_id ?? event.team ?? null,
      channelId: event.channel,
      userId,
      started: deps.now(),
    };
    const tellPrivately = (m: { text: string; blocks: unknown[] }) =>
      client.chat.postEphemeral({ channel: event.channel, user: userId, thread_ts: threadTs, text: m.text, blocks: m.blocks as never });
    if (!(await admit(deps, info, tellPrivately))) return;
    try {
      const text = fromSlackText(event.text, context.botUserId);
      const reply = await answerQuestion(text, { userId, channelId: event.channel, teamId: info.teamId }, deps, { askedBy: userId });
      info.clusterLookup = reply.clusterLookup ?? null;
      await deliver(client, { kind: 'post', channel: event.channel, threadTs }, reply.message, deps.logger);
      auditReply(deps, info, reply);
    } catch (error) {
      await failed(deps, info, error, tellPrivately);
    }
  });
}
