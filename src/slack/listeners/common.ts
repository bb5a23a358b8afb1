import type { BlockAction } from '@slack/bolt';
import type { RequestAudit } from '../../bot/index.js';
import type { SlackMessage } from '../block-kit.js';
import { notice } from '../block-kit.js';
import type { Deps } from '../deps.js';
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

/**
 * Applies the per-person rate limit (questions, buttons and menus count alike). Returns true when the request
 * may be answered; otherwise sends the one "slow down" (first request over the limit) or nothing (the rest of
 * the minute). With `everyTime`, each limited request gets it: a click that does nothing looks broken.
 */
export async function admit(
  deps: Deps,
  audit: RequestAudit,
  sendSlowDown: (message: SlackMessage) => Promise<unknown>,
  options: { everyTime?: boolean } = {},
): Promise<boolean> {
  const userId = audit.who.userId ?? 'unknown';
  const verdict = await deps.bot.rateLimit.check(userId);
  if (verdict.decision === 'allow') return true;
  deps.logger.info({ rateLimited: { entry: audit.entry, ...audit.who, decision: verdict.decision } }, 'rate limited');
  deps.metrics.rateLimited(audit.entry);
  audit.finish({ outcome: 'rate-limited' });
  if (verdict.decision === 'warn' || options.everyTime === true) {
    try {
      await sendSlowDown(renderSlowDown(deps.bot.rateLimit.perMinute, verdict.retryAfterMs));
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not send the slow-down notice');
    }
  }
  return false;
}

export const SOMETHING_WENT_WRONG = notice('Sorry, something went wrong while I was answering. It has been logged; please try again in a moment.');

/** Logs a failed request, audits it as an error (unless it was audited already), and tells the asker (best effort). */
export async function failed(deps: Deps, audit: RequestAudit, error: unknown, tell: (message: SlackMessage) => Promise<unknown>): Promise<void> {
  deps.logger.error({ err: error, entry: audit.entry, userId: audit.who.userId, channelId: audit.who.channelId }, 'request failed');
  audit.finish({ outcome: 'error' });
  try {
    await tell(SOMETHING_WENT_WRONG);
  } catch (secondary) {
    deps.logger.warn({ err: secondary }, 'could not tell the asker about the failure');
  }
}
