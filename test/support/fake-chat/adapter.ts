import { answerQuestion, type FlowDeps, type Notice, type Reply } from '../../../src/bot/index.js';
import { renderDiffText } from '../../../src/core/diff/render.js';
import { renderText, renderTopics } from '../../../src/core/render/text.js';
import { topicGroups } from '../../../src/core/topics.js';
import { renderWhyText } from '../../../src/core/why/render.js';
import type { FakeChatPlatform, FakeMessage } from './platform.js';

/**
 * The whole adapter of the fake platform: its payload translated into a request of the bot layer's flow
 * (src/bot/flow.ts), and the flow's replies and notices rendered as its plain text and posted. Nothing of the
 * course of a request (redelivery, audit, rate limit, failure) is here.
 */

/** The first line of every post: the kind of reply and the edition, so that a reader (and a test) sees both. */
function heading(reply: Reply): string {
  return `[${reply.kind} · edition ${reply.dataset.edition}]`;
}

export function renderPlain(reply: Reply): string {
  switch (reply.kind) {
    case 'help':
    case 'topics':
      return `${heading(reply)}\n${renderTopics(topicGroups(reply.dataset), reply.dataset.regions.map((r) => r.id))}`;
    case 'why':
      return `${heading(reply)}\n${renderWhyText(reply.result)}`;
    case 'change':
      return `${heading(reply)}\n${renderDiffText(reply.diff, reply.from, reply.to)}`;
    case 'not-understood':
    case 'out-of-scope':
      return `${heading(reply)}\n${reply.answer !== null ? renderText(reply.answer) : reply.messages.join('\n')}`;
    case 'answer':
      return `${heading(reply)}\n${renderText(reply.answer)}`;
    case 'conversation':
      return `${heading(reply)}\n${reply.lines.join('\n')}`;
  }
}

function noticeText(notice: Notice): string {
  return notice.kind === 'slow-down' ? `Slow down: at most ${notice.perMinute} questions a minute.` : 'Sorry, something went wrong.';
}

/** Connects the bot to the platform: every message is a question, answered in its room. */
export function connectFakeChat(platform: FakeChatPlatform, deps: FlowDeps): void {
  platform.onMessage((message: FakeMessage) =>
    answerQuestion(deps, { entry: 'direct-message', who: { userId: message.user, channelId: message.room, teamId: null }, onceKey: `fake:${message.id}` }, message.text, {
      tell: (notice) => platform.post({ room: message.room, onlyFor: message.user, text: noticeText(notice), inReplyTo: message.id }),
      render: renderPlain,
      deliver: (text) => platform.post({ room: message.room, onlyFor: null, text, inReplyTo: message.id }),
    }),
  );
}
