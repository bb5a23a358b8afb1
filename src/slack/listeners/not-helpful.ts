import { ACTION_IDS } from '../answer-message.js';
import { feedbackButton } from '../feedback.js';

/** "Not helpful" under an answer: audited and counted as feedback (src/slack/feedback.ts). */
export const notHelpful = feedbackButton(ACTION_IDS.notHelpful, 'not-helpful');
