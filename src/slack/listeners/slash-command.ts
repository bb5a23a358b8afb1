import { answerQuestion } from '../answering.js';
import { deliver, responder } from '../deliver.js';
import type { Deps, Registrar } from '../deps.js';
import { fromSlackText } from '../escape.js';
import { admit, auditReply, failed, type RequestInfo } from './common.js';

export const SLASH_COMMAND = '/porthole';

/**
 * `/porthole <question>`: acked at once with an empty body, answered through response_url, ephemeral, with a
 * "Share in channel" button. `/porthole help` or no text: help with examples.
 */
export function registerSlashCommand(on: Registrar, deps: Deps): void {
  on.command(SLASH_COMMAND, ['commands', 'chat:write', 'files:write'], async ({ command, ack, client }) => {
    await ack();
    // Let pending requests be acknowledged before this one's answer is worked out (Slack's 3 s deadline is on the ack).
    await new Promise<void>((resolve) => setImmediate(resolve));
    const respond = responder(command.response_url);
    const info: RequestInfo = {
      entry: 'slash-command',
      teamId: command.team_id ?? null,
      channelId: command.channel_id ?? null,
      userId: command.user_id ?? null,
      started: deps.now(),
    };
    const tell = (m: { text: string; blocks: unknown[] }) => respond({ response_type: 'ephemeral', text: m.text, blocks: m.blocks as never });
    if (!(await admit(deps, info, tell))) return;
    try {
      const text = fromSlackText(command.text ?? '');
      const asker = { userId: command.user_id, channelId: command.channel_id, teamId: info.teamId };
      const reply = await answerQuestion(text, asker, deps, { share: true, private: true });
      await deliver(
        client,
        { kind: 'respond', respond, replaceOriginal: false, userId: command.user_id, channelId: command.channel_id },
        reply.message,
        deps.logger,
      );
      auditReply(deps, info, reply);
    } catch (error) {
      await failed(deps, info, error, tell);
    }
  });
}
