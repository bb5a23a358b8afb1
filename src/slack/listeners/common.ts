import type { Query } from '../../core/answer.js';
import { writeAudit, type AuditRecord, type ClusterLookupAudit, type EntryPoint } from '../audit.js';
import type { Reply } from '../answering.js';
import { renderNotice, renderSlowDown, type SlackMessage } from '../blocks.js';
import type { Deps } from '../deps.js';

export interface RequestInfo {
  entry: EntryPoint;
  teamId: string | null;
  channelId: string | null;
  userId: string | null;
  /** deps.now() when the request arrived. */
  started: number;
  /** The request's cluster lookup once made, for the audit line of a request that fails afterwards. */
  clusterLookup?: ClusterLookupAudit | null;
}

function auditQuery(query: Query | undefined): AuditRecord['query'] {
  if (query === undefined) return null;
  return { text: query.text, scenarios: query.scenarios, region: query.region, zone: query.zone, cluster: query.cluster, format: query.format };
}

export function auditReply(deps: Deps, info: RequestInfo, reply: Reply): void {
  writeAudit(deps.logger, {
    entry: info.entry,
    teamId: info.teamId,
    channelId: info.channelId,
    userId: info.userId,
    query: auditQuery(reply.audited?.query ?? reply.answer?.query),
    outcome: reply.outcome,
    rules: reply.audited?.rules ?? (reply.outcome === 'answered' ? (reply.answer?.rules.length ?? 0) : 0),
    latencyMs: deps.now() - info.started,
    clusterLookup: reply.clusterLookup ?? info.clusterLookup ?? null,
  });
}

/**
 * Applies the per-person rate limit. Returns true when the question may be answered; otherwise sends the one
 * "slow down" (first question over the limit) or nothing (the rest of the minute).
 */
export async function admit(deps: Deps, info: RequestInfo, sendSlowDown: (message: SlackMessage) => Promise<unknown>): Promise<boolean> {
  const userId = info.userId ?? 'unknown';
  const decision = deps.rateLimiter.check(userId);
  if (decision === 'allow') return true;
  deps.logger.info({ rateLimited: { entry: info.entry, userId, teamId: info.teamId, channelId: info.channelId, decision } }, 'rate limited');
  if (decision === 'warn') {
    try {
      await sendSlowDown(renderSlowDown(deps.rateLimitPerMinute, deps.rateLimiter.retryAfterMs(userId)));
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not send the slow-down notice');
    }
  }
  return false;
}

/** Logs a failed request, audits it as an error, and tells the asker (best effort). */
export async function failed(deps: Deps, info: RequestInfo, error: unknown, tell: (message: SlackMessage) => Promise<unknown>): Promise<void> {
  deps.logger.error({ err: error, entry: info.entry, userId: info.userId, channelId: info.channelId }, 'request failed');
  writeAudit(deps.logger, {
    entry: info.entry,
    teamId: info.teamId,
    channelId: info.channelId,
    userId: info.userId,
    query: null,
    outcome: 'error',
    rules: 0,
    latencyMs: deps.now() - info.started,
    clusterLookup: info.clusterLookup ?? null,
  });
  try {
    await tell(renderNotice('Sorry, something went wrong while I was answering. It has been logged; please try again in a moment.'));
  } catch (secondary) {
    deps.logger.warn({ err: secondary }, 'could not tell the asker about the failure');
  }
}

/** A Slack error code from a Web API error, if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return data !== undefined && typeof data.error === 'string' ? data.error : undefined;
}
