import type { BlockAction } from '@slack/bolt';
import type { Notice } from '../../bot/index.js';
import { notice, type SlackMessage } from '../block-kit.js';
import { timedOut } from '../errors.js';
import { renderSlowDown } from '../help.js';

/** The container of an interaction: where the message with the button or menu is. */
export interface Container {
  is_ephemeral?: boolean;
  channel_id?: string;
  message_ts?: string;
  thread_ts?: string;
}

/** Who chose a button or menu, where, and whether the message it sits under is ephemeral. */
export interface Interaction {
  container: Container | undefined;
  channelId: string | null;
  userId: string;
  teamId: string | null;
  /** The message is ephemeral (an answer to /porthole): Slack sends no `message` for it. */
  ephemeral: boolean;
}

export function interactionOf(body: BlockAction): Interaction {
  const container = body.container as Container | undefined;
  return {
    container,
    channelId: body.channel?.id ?? container?.channel_id ?? null,
    userId: body.user.id,
    teamId: body.team?.id ?? null,
    ephemeral: container?.is_ephemeral === true || body.message === undefined,
  };
}

/**
 * Message subtypes that are questions: a plain message, one with a file attached (answered from its text), and a
 * thread reply also sent to the conversation (thread_broadcast).
 */
export function isQuestionSubtype(subtype: string | undefined): boolean {
  return subtype === undefined || subtype === 'file_share' || subtype === 'thread_broadcast';
}

export const SOMETHING_WENT_WRONG = notice('Sorry, something went wrong while I was answering. It has been logged; please try again in a moment.');
/** A reply Slack did not confirm in time may have arrived all the same: never "something went wrong" under it. */
export const NOT_CONFIRMED = notice('Slack did not confirm my answer in time. If you do not see it here, please ask again in a moment.');

/** A notice of the request's course (src/bot/flow.ts) as a Slack message: a reply Slack did not confirm in time may have arrived all the same. */
export function noticeMessage(n: Notice): SlackMessage {
  if (n.kind === 'slow-down') return renderSlowDown(n.perMinute, n.retryAfterMs);
  return timedOut(n.error) ? NOT_CONFIRMED : SOMETHING_WENT_WRONG;
}
