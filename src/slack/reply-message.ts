import type { Reply } from '../bot/dispatch.js';
import { placeOf, renderAnswer, type RenderOptions } from './answer-message.js';
import type { SlackMessage } from './block-kit.js';
import { renderChange } from './change-message.js';
import { escapeMrkdwn } from './escape.js';
import { renderConversation } from './conversation-message.js';
import { renderHelp } from './help.js';
import { askedText } from './message-parts.js';
import { renderWhy } from './why-message.js';

/**
 * Any reply of the dispatcher (src/bot/dispatch.ts) as a Slack message: help and topics, a why lookup, a change
 * between editions, or an answer (problems with help, a region picker, or the rules). With `share` (the slash
 * command), examples are written `/porthole …`.
 */
export function renderReply(reply: Reply, options: RenderOptions): SlackMessage {
  return withReplyKind(renderKind(reply, options), reply);
}

/** The block_id of a reply's first block names its kind (`porthole.reply.answer`, …), for whatever reads the messages back. */
export const REPLY_BLOCK_ID_PREFIX = 'porthole.reply.';

function withReplyKind(message: SlackMessage, reply: Reply): SlackMessage {
  const [first, ...rest] = message.blocks;
  if (first === undefined || first.block_id !== undefined) return message;
  return { ...message, blocks: [{ ...first, block_id: `${REPLY_BLOCK_ID_PREFIX}${reply.kind}` }, ...rest] };
}

function renderKind(reply: Reply, options: RenderOptions): SlackMessage {
  const { dataset } = reply;
  switch (reply.kind) {
    case 'help':
    case 'topics':
      return renderHelp(dataset, [], undefined, placeOf(options));
    case 'why':
      return renderWhy(reply.result, {
        question: options.question ?? null,
        askedBy: options.askedBy ?? null,
        private: options.private === true,
        how: options.share === true ? 'slash' : 'plain',
        examples: dataset.meta.examples,
      });
    case 'change':
      return renderChange(reply, options);
    case 'not-understood':
      if (reply.answer === null) return renderHelp(dataset, [askedText(options), ...reply.messages.map((m) => `• ${escapeMrkdwn(m)}`)].filter((t) => t !== ''), 'I could not answer that', placeOf(options));
      return renderAnswer(reply.answer, dataset, options);
    case 'out-of-scope':
      return renderAnswer(reply.answer, dataset, options);
    case 'answer':
      return renderAnswer(reply.answer, dataset, { ...options, share: options.share === true, pickerNotes: reply.clusterNotes, clusterStatus: reply.clusterLookup?.status ?? null });
    case 'conversation':
      return renderConversation(reply.lines);
  }
}
