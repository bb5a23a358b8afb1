import type { BlockAction, ButtonAction } from '@slack/bolt';
import { decodeState, parsedFromState, type FeedbackOutcome } from '../bot/index.js';
import { notice, type SlackMessage } from './block-kit.js';
import { ephemeral, respondWith } from './deliver.js';
import type { Listener } from './deps.js';
import { admit, failed, interactionOf } from './listeners/common.js';

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
      const audit = deps.bot.startAudit('feedback', { userId, channelId, teamId });
      const tell = (m: SlackMessage) => respondWith(respond, ephemeral(m));
      if (!(await admit(deps, audit, tell, { everyTime: true }))) return;
      try {
        const state = decodeState(action.block_id, deps.bot.dataset);
        audit.finish({ outcome, query: state === null ? null : parsedFromState(state).query });
        await tell(notice(outcome === 'helpful' ? 'Thank you: glad it helped.' : 'Thank you for saying so: it has been noted, with the question, for the people who keep porthole.'));
      } catch (error) {
        await failed(deps, audit, error, tell);
      }
    });
    },
  };
}
