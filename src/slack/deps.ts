import {
  MultipleListenerError,
  type App,
  type Middleware,
  type SlackAction,
  type SlackActionMiddlewareArgs,
  type SlackCommandMiddlewareArgs,
  type SlackEventMiddlewareArgs,
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

type AnyListener = (args: never) => Promise<void> | void;

/**
 * Runs the listeners registered under one name as Bolt would run separate listeners: all of them, and the one
 * rejection (or a MultipleListenerError for several) is what the request fails with.
 */
async function runAll(listeners: readonly AnyListener[], args: unknown): Promise<void> {
  if (listeners.length === 1) return listeners[0]!(args as never);
  const settled = await Promise.allSettled(listeners.map(async (l) => l(args as never)));
  const rejected = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (rejected.length === 1) throw rejected[0];
  if (rejected.length > 1) throw new MultipleListenerError(rejected);
}

/** Every event type and action id: the dispatchers below pick the listeners by exact name. */
const ANY_NAME = /^/;

/**
 * Registers listeners on the Bolt app and records each, so the manifest test can compare both ways.
 *
 * Bolt runs every listener chain it holds for every request, and each chain costs a few promises and copies of the
 * arguments even when its name does not match. So commands get one Bolt listener each (porthole has one), while all
 * event listeners share one Bolt listener and all action listeners another, which hand the request to the listeners
 * registered under its exact event type or action id. What a listener receives and how its errors surface is the
 * same as with a Bolt listener of its own (Bolt's matchers also set context.matches / actionIdMatches, to the
 * empty match: porthole reads neither).
 */
export class Registrar {
  readonly registrations: Registration[] = [];
  /** How many listener chains this registrar gave Bolt. */
  boltListeners = 0;
  private readonly events = new Map<string, AnyListener[]>();
  private readonly actions = new Map<string, AnyListener[]>();

  constructor(private readonly app: App) {}

  command(name: string, scopes: string[], listener: Middleware<SlackCommandMiddlewareArgs>): void {
    this.registrations.push({ kind: 'command', name, scopes });
    this.app.command(name, listener);
    this.boltListeners += 1;
  }

  event<E extends string>(type: E, manifestEvent: string, scopes: string[], listener: Middleware<SlackEventMiddlewareArgs<E>>): void {
    this.registrations.push({ kind: 'event', name: type, manifestEvent, scopes });
    if (this.events.size === 0) {
      this.app.event(ANY_NAME, async (args) => {
        const listeners = this.events.get(args.event.type);
        if (listeners !== undefined) await runAll(listeners, args);
      });
      this.boltListeners += 1;
    }
    this.events.set(type, [...(this.events.get(type) ?? []), listener as AnyListener]);
  }

  action<A extends SlackAction>(actionId: string, scopes: string[], listener: Middleware<SlackActionMiddlewareArgs<A>>): void {
    this.registrations.push({ kind: 'action', name: actionId, scopes });
    if (this.actions.size === 0) {
      this.app.action(ANY_NAME, async (args) => {
        const listeners = this.actions.get((args.payload as { action_id: string }).action_id);
        if (listeners !== undefined) await runAll(listeners, args);
      });
      this.boltListeners += 1;
    }
    this.actions.set(actionId, [...(this.actions.get(actionId) ?? []), listener as AnyListener]);
  }

  /** The names a request is dispatched on, per kind (for tests). */
  dispatched(): { events: string[]; actions: string[] } {
    return { events: [...this.events.keys()], actions: [...this.actions.keys()] };
  }
}
