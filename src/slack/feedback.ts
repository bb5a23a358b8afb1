import type { BlockAction, ButtonAction } from '@slack/bolt';
import { decodeState, handleRequest, parsedFromState, type FeedbackOutcome } from '../bot/index.js';
import { notice, type SlackMessage } from './block-kit.js';
import { ephemeral, respondWith } from './deliver.js';
import type { Listener } from './deps.js';
import { interactionOf, noticeMessage } from './listeners/common.js';

/**
 * A feedback button under every answer ("Helpful", "Not helpful"): one audit line (entry `feedback`, outcome
 * `helpful` or `not-helpful`, with the answer's query from the buttons' block_id), counted in
 * porthole_answers_total like any request, and a private thank-you.
 */
export function feedbackButton(actionId: string, outcome: FeedbackOutcome): Listener {
  return {
    registration: { kind: 'action', name: actionId, scopes: ['chat:write'] },
    register(app, deps) {
      app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond }) => {
        await ack();
        const { channelId, userId, teamId } = interactionOf(body);
        const tell = (m: SlackMessage) => respondWith(respond, ephemeral(m));
        await handleRequest(deps, { entry: 'feedback', who: { userId, channelId, teamId }, slowDownEveryTime: true }, {
          tell: (n) => tell(noticeMessage(n)),
          async work() {
            const state = decodeState(action.block_id, deps.bot.dataset);
            await tell(notice(outcome === 'helpful' ? 'Thank you: glad it helped.' : 'Thank you for saying so: it has been noted, with the question, for the people who keep porthole.'));
            return { outcome, query: state === null ? null : parsedFromState(state).query };
          },
        });
      });
    },
  };
}
