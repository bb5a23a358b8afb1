import { ACTION_IDS } from '../answer-message.js';
import { feedbackButton } from '../feedback.js';

/** "Helpful" under an answer: audited and counted as feedback (src/slack/feedback.ts). */
export const helpful = feedbackButton(ACTION_IDS.helpful, 'helpful');
