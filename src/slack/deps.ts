import type {
  App,
  Middleware,
  SlackAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
} from '@slack/bolt';
import type { Logger } from 'pino';
import type { AnsweringDeps } from './answering.js';
import type { Block } from './blocks.js';
import type { Dedupe } from './dedupe.js';
import type { RateLimiter } from './rate-limit.js';

/** What every listener needs. */
export interface Deps extends AnsweringDeps {
  logger: Logger;
  dedupe: Dedupe;
  rateLimiter: RateLimiter;
  rateLimitPerMinute: number;
  /** Monotonic milliseconds, for latencies. */
  now: () => number;
  /** The App Home view's blocks (the dataset does not change while running). */
  homeBlocks: Block[];
}

/**
 * One listener the app registered, with what the Slack app manifest must declare for it: the slash command,
 * the bot event (as the manifest names it, e.g. message.im), interactivity for actions, and the bot scopes
 * the listener needs to receive its input and send its replies.
 */
export type Registration =
  | { kind: 'command'; name: string; scopes: string[] }
  | { kind: 'event'; name: string; manifestEvent: string; scopes: string[] }
  | { kind: 'action'; name: string; scopes: string[] };

/** Registers listeners on the Bolt app and records each, so the manifest test can compare both ways. */
export class Registrar {
  readonly registrations: Registration[] = [];

  constructor(private readonly app: App) {}

  command(name: string, scopes: string[], listener: Middleware<SlackCommandMiddlewareArgs>): void {
    this.registrations.push({ kind: 'command', name, scopes });
    this.app.command(name, listener);
  }

  event<E extends string>(type: E, manifestEvent: string, scopes: string[], listener: Middleware<SlackEventMiddlewareArgs<E>>): void {
    this.registrations.push({ kind: 'event', name: type, manifestEvent, scopes });
    this.app.event(type, listener);
  }

  action<A extends SlackAction>(actionId: string, scopes: string[], listener: Middleware<SlackActionMiddlewareArgs<A>>): void {
    this.registrations.push({ kind: 'action', name: actionId, scopes });
    this.app.action<A>(actionId, listener);
  }
}
