import type { AuditResult, EntryPoint, RequestAudit } from './audit.js';
import type { ChangeNotice } from './conversations.js';
import { dispatch, replyAudit, type Reply } from './dispatch.js';
import type { Bot } from './index.js';

// The course of a request, written once for every chat platform: redelivery, the audit record, admission under
// the rate limit, the work (for a question: the dispatcher's reply, rendered and delivered), and the failure
// path. A chat adapter translates its payload into a `ChatRequest` and gives the few platform steps (how to
// tell the asker, how to render and deliver); it repeats none of the course.

/** The log lines the course writes (pino's logger is one). */
export interface FlowLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** What the course of a request uses: the bot layer, a log, and a count of limited requests. */
export interface FlowDeps {
  bot: Bot;
  logger: FlowLog;
  metrics: { rateLimited(entry: string): void };
}

/** What the bot says of the course itself, rendered by each platform its own way. */
export type Notice = { kind: 'slow-down'; perMinute: number; retryAfterMs: number } | { kind: 'failed'; error: unknown };

/** One request as the platform delivered it. */
export interface ChatRequest {
  entry: EntryPoint;
  who: { userId: string; channelId: string | null; teamId: string | null };
  /**
   * The same for a request the platform delivers again (a message's channel and timestamp): a repeat is
   * dropped before it is audited. Absent: every delivery is a new request.
   */
  onceKey?: string;
  /** Each limited request hears why (a click or command that does nothing looks broken); else only the first of the minute. */
  slowDownEveryTime?: boolean;
}

/** The platform's part of a request: how to tell the asker, and the work. */
export interface RequestSteps {
  /** Says a notice to the asker (privately where the platform can). */
  tell(notice: Notice): Promise<unknown>;
  /** The work, which delivers its reply and returns what to audit. An exception takes the failure path. */
  work(audit: RequestAudit): Promise<AuditResult>;
  /** After the audit record is written: what may follow the reply (a file sent separately). */
  afterwards?(): Promise<void>;
}

/**
 * Counts the request against the person's limit. False when it may not be answered: the request is audited
 * as rate-limited and the asker told (the first over the limit, or every time with `slowDownEveryTime`).
 */
async function admit(deps: FlowDeps, request: ChatRequest, audit: RequestAudit, steps: RequestSteps): Promise<boolean> {
  const rateLimit = deps.bot.rateLimit;
  const verdict = await rateLimit.check(request.who.userId);
  if (verdict.decision === 'allow') return true;
  deps.logger.info({ rateLimited: { entry: request.entry, ...request.who, decision: verdict.decision } }, 'rate limited');
  deps.metrics.rateLimited(request.entry);
  audit.finish({ outcome: 'rate-limited' });
  if (verdict.decision === 'warn' || request.slowDownEveryTime === true) {
    try {
      await steps.tell({ kind: 'slow-down', perMinute: rateLimit.perMinute, retryAfterMs: verdict.retryAfterMs });
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not send the slow-down notice');
    }
  }
  return false;
}

/** Logs a failed request, audits it as an error (unless it was audited already), and tells the asker (best effort). */
async function fail(deps: FlowDeps, audit: RequestAudit, error: unknown, steps: RequestSteps): Promise<void> {
  deps.logger.error({ err: error, entry: audit.entry, userId: audit.who.userId, channelId: audit.who.channelId }, 'request failed');
  audit.finish({ outcome: 'error' });
  try {
    await steps.tell({ kind: 'failed', error });
  } catch (secondary) {
    deps.logger.warn({ err: secondary }, 'could not tell the asker about the failure');
  }
}

/** The whole course of one request: redelivery, audit, admission, the work, the audit line, what follows, or the failure path. */
export async function handleRequest(deps: FlowDeps, request: ChatRequest, steps: RequestSteps): Promise<void> {
  if (request.onceKey !== undefined && !(await deps.bot.redelivery.firstTime(request.onceKey))) return;
  const audit = deps.bot.startAudit(request.entry, request.who);
  if (!(await admit(deps, request, audit, steps))) return;
  try {
    audit.finish(await steps.work(audit));
    await steps.afterwards?.();
  } catch (error) {
    await fail(deps, audit, error, steps);
  }
}

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

/** The platform's part of a question: render and deliver the reply, and what may follow it. */
export interface QuestionSteps<Message> {
  tell(notice: Notice): Promise<unknown>;
  render(reply: Reply): Message;
  deliver(message: Message, reply: Reply): Promise<void>;
  /** The answer waits for I/O (a cluster lookup): the platform may say that it follows. */
  waiting?(): Promise<void>;
  /** After the audit record: what may follow the delivered message. */
  afterwards?(message: Message): Promise<void>;
}

/** A change of a channel's settings or watches: logged for the audit, and said in the channel (best effort: the asker has the reply). */
async function sayChange(deps: FlowDeps, change: ChangeNotice): Promise<void> {
  deps.logger.info({ conversationChange: change }, 'conversation settings changed');
  try {
    await deps.bot.conversations?.postChange?.(change);
  } catch (error) {
    deps.logger.warn({ err: error, channelId: change.channelId }, 'could not say the change in the channel');
  }
}

/** A question, typed as text (already decoded from the platform's format), through the whole course of a request. */
export async function answerQuestion<Message>(deps: FlowDeps, request: ChatRequest, text: string, steps: QuestionSteps<Message>): Promise<void> {
  let delivered: Message | undefined;
  await handleRequest(deps, request, {
    tell: steps.tell,
    async work(audit) {
      const asker = { ...request.who, channelId: request.who.channelId ?? '' };
      const asking = dispatch(text, asker, deps.bot);
      const now = steps.waiting === undefined ? undefined : await settledWithoutIo(asking);
      if (steps.waiting !== undefined && now === undefined) await steps.waiting();
      const reply = await asking;
      if (reply.kind === 'answer') audit.clusterLookup = reply.clusterLookup;
      delivered = steps.render(reply);
      await steps.deliver(delivered, reply);
      if (reply.kind === 'conversation' && reply.change !== null) await sayChange(deps, reply.change);
      return replyAudit(reply, text);
    },
    afterwards: steps.afterwards && (() => steps.afterwards!(delivered!)),
  });
}
