import { answerQuestion, type Asker } from '../../bot/index.js';
import { parseConversationCommand } from '../../bot/conversation-commands.js';
import { parseQuestion } from '../../core/parse/question.js';
import { notice, type SlackMessage } from '../block-kit.js';
import { ephemeral, followWithPrivateFile, respondWith, withPrivateFileNote } from '../deliver.js';
import type { Deps, Listener } from '../deps.js';
import { codeSpan, fromSlackText } from '../escape.js';
import { renderReply } from '../reply-message.js';
import { noticeMessage } from './common.js';

export const SLASH_COMMAND = '/porthole';

/** How a slash command's answer is rendered: ephemeral, with "Share in channel". */
const SLASH_OPTIONS = { share: true, private: true } as const;

/**
 * `/porthole <question>`: answered in the acknowledgement itself (ephemeral, with "Share in channel") when the
 * answer needs no network call: one HTTP exchange. A question whose cluster lookup has to go to the network is
 * (or that reads an edition for the first time) is acked with a notice that the answer follows, and the answer comes through response_url as its own ephemeral
 * message (Slack does not replace a slash command's message: bolt-js#2287). A long answer's summary comes in
 * the ack and its full list goes to the asker's direct messages. `/porthole help` or no text: help.
 */
export const slashCommand: Listener = {
  registration: { kind: 'command', name: SLASH_COMMAND, scopes: ['commands', 'chat:write', 'files:write'] },
  register(app, deps) {
    app.command(SLASH_COMMAND, async ({ command, ack, respond, client }) => {
      const asker: Asker = { userId: command.user_id, channelId: command.channel_id, teamId: command.team_id ?? null };
      let acked = false;
      const ackWith = async (message: SlackMessage | null) => {
        acked = true;
        try {
          await (message === null ? ack() : ack(ephemeral(message)));
        } catch (error) {
          // Past Slack's 3 seconds the ack can no longer carry a message (Slack has shown the person a timeout):
          // the response_url, valid for 30 minutes, still can; a "something went wrong" on top would be wrong.
          if (message === null) throw error;
          deps.logger.warn({ err: error, entry: 'slash-command' }, 'the acknowledgement came too late: answering through response_url');
          await respondWith(respond, ephemeral(message));
        }
      };
      // In the ack while there is none yet, then as an ephemeral message of its own.
      const send = async (m: SlackMessage) => (acked ? respondWith(respond, ephemeral(m)) : ackWith(m));
      const text = fromSlackText(command.text ?? '');
      // Every limited /porthole hears why: the notice rides in the ack, so it costs Slack nothing.
      await answerQuestion(deps, { entry: 'slash-command', who: asker, slowDownEveryTime: true }, text, {
        tell: (n) => send(noticeMessage(n)),
        render: (reply) => renderReply(reply, { ...SLASH_OPTIONS, question: text, tables: deps.tables !== false }),
        deliver: (message) => send(withPrivateFileNote(message)),
        waiting: () => ackWith(lookingUp(text, deps)),
        afterwards: (message) => followWithPrivateFile(client, asker, message, (m) => respondWith(respond, ephemeral(m)), deps.logger),
      });
      if (!acked) await ackWith(null);
    });
  },
};

/** The ack of a question whose answer waits: for a cluster lookup (the network), or for an edition read the first time a question needs it. */
function lookingUp(text: string, deps: Deps): SlackMessage {
  if (deps.bot.conversations !== undefined && parseConversationCommand(text, deps.bot.dataset) !== null) return notice('Working on it: the reply follows here in a moment.');
  const cluster = parseQuestion(text, deps.bot.dataset).query.cluster;
  if (cluster === null) return notice('Reading the editions your question needs: the answer follows here in a moment.');
  return notice(`Looking up cluster ${codeSpan(cluster)}: the answer follows here in a moment.`);
}
