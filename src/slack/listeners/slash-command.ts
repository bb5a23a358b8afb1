import type { RespondFn, SlashCommand, webApi } from '@slack/bolt';
import { parseQuestion } from '../../core/parse/question.js';
import { ask, replyAudit, type Asker, type BotReply, type RequestAudit } from '../../bot/index.js';
import { renderReply } from '../answer-message.js';
import { notice, type SlackMessage } from '../block-kit.js';
import { ephemeral, followWithPrivateFile, respondWith, withPrivateFileNote } from '../deliver.js';
import type { Deps, Listener } from '../deps.js';
import { codeSpan, fromSlackText } from '../escape.js';
import { admit, failed } from './common.js';

export const SLASH_COMMAND = '/porthole';

/** How a slash command's answer is rendered: ephemeral, with "Share in channel". */
const SLASH_OPTIONS = { share: true, private: true } as const;

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * The outcome of `work` if it settles without waiting for I/O (everything it awaits is already known: no cluster
 * lookup, or one its cache or the cluster file answers), else undefined. setImmediate runs after the pending
 * promise jobs and before the next I/O callbacks.
 */
async function settledWithoutIo<T>(work: Promise<T>): Promise<Settled<T> | undefined> {
  const settled = work.then(
    (value): Settled<T> => ({ ok: true, value }),
    (error: unknown): Settled<T> => ({ ok: false, error }),
  );
  const waited = new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)));
  return Promise.race([settled, waited]);
}

/**
 * `/porthole <question>`: answered in the acknowledgement itself (ephemeral, with "Share in channel") when the
 * answer needs no network call: one HTTP exchange. A question whose cluster lookup has to go to the network is
 * acked with a notice that the answer follows, and the answer comes through response_url as its own ephemeral
 * message (Slack does not replace a slash command's message: bolt-js#2287). A long answer's summary comes in
 * the ack and its full list goes to the asker's direct messages. `/porthole help` or no text: help.
 */
export const slashCommand: Listener = {
  registration: { kind: 'command', name: SLASH_COMMAND, scopes: ['commands', 'chat:write', 'files:write'] },
  register(app, deps) {
    app.command(SLASH_COMMAND, async ({ command, ack, respond, client }) => {
      const asker: Asker = { userId: command.user_id, channelId: command.channel_id, teamId: command.team_id ?? null };
      const audit = deps.bot.startAudit('slash-command', asker);
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
      const tell = async (m: SlackMessage) => (acked ? respondWith(respond, ephemeral(m)) : ackWith(m));
      // Every limited /porthole hears why: the notice rides in the ack, so it costs Slack nothing.
      if (!(await admit(deps, audit, ackWith, { everyTime: true }))) {
        if (!acked) await ackWith(null);
        return;
      }
      const text = fromSlackText(command.text ?? '');
      const asking = ask(text, asker, deps.bot);
      const now = await settledWithoutIo(asking);
      try {
        if (now === undefined) await ackWith(lookingUp(text, deps));
        else if (!now.ok) throw now.error;
        const reply = now?.ok === true ? now.value : await asking;
        await answer(command, text, reply, deps, client, audit, tell, respond);
      } catch (error) {
        await failed(deps, audit, error, tell);
      }
    });
  },
};

/** The ack of a question whose answer waits for a cluster lookup: only a lookup goes to the network. */
function lookingUp(text: string, deps: Deps): SlackMessage {
  const cluster = parseQuestion(text, deps.bot.dataset).query.cluster;
  return notice(`Looking up cluster ${codeSpan(cluster ?? '…')}: the answer follows here in a moment.`);
}

async function answer(
  command: SlashCommand,
  text: string,
  reply: BotReply,
  deps: Deps,
  client: webApi.WebClient,
  audit: RequestAudit,
  send: (message: SlackMessage) => Promise<void>,
  respond: RespondFn,
): Promise<void> {
  if (reply.kind === 'answer') audit.clusterLookup = reply.clusterLookup;
  const message = renderReply(reply, deps.bot.dataset, { ...SLASH_OPTIONS, question: text, tables: deps.tables !== false });
  await send(withPrivateFileNote(message));
  audit.finish(replyAudit(reply, text));
  const to = { userId: command.user_id, channelId: command.channel_id };
  await followWithPrivateFile(client, to, message, (m) => respondWith(respond, ephemeral(m)), deps.logger);
}
