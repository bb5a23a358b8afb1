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

/** What the router reads of Bolt's middleware arguments to find a request's listeners. */
interface RoutedArgs {
  command?: { command?: string };
  event?: { type?: string };
  action?: unknown;
  payload?: { action_id?: string };
  next: () => Promise<void>;
}

/**
 * Registers listeners on the Bolt app and records each, so the manifest test can compare both ways.
 *
 * Bolt runs every listener chain it holds for every request (each one a few promises and copies of the arguments,
 * whether its name matches or not), then settles them all. porthole's listeners each handle one exact command,
 * event type or action id, so the Registrar gives Bolt no listener chains at all but one last global middleware,
 * the router, which hands a request to the listeners registered under its command, event type or action id,
 * matched as Bolt's own matchers do (onlyCommands + matchCommandName, onlyEvents + matchEventType, onlyActions +
 * matchConstraints with a string action_id). A request no listener takes goes on to Bolt's listener phase, as
 * before. Listeners get the same arguments (but a `next` they do not use), and their errors reach Bolt's error
 * handler as before: the one error, or a MultipleListenerError for several listeners of one name.
 *
 * The router is installed with the first registration: createApp installs its own global middleware (the
 * redelivery check) before that, so the order of the middleware is unchanged.
 */
export class Registrar {
  readonly registrations: Registration[] = [];
  private readonly commands = new Map<string, AnyListener[]>();
  private readonly events = new Map<string, AnyListener[]>();
  private readonly actions = new Map<string, AnyListener[]>();
  private routing = false;

  constructor(private readonly app: App) {}

  command(name: string, scopes: string[], listener: Middleware<SlackCommandMiddlewareArgs>): void {
    this.registrations.push({ kind: 'command', name, scopes });
    this.add(this.commands, name, listener as AnyListener);
  }

  event<E extends string>(type: E, manifestEvent: string, scopes: string[], listener: Middleware<SlackEventMiddlewareArgs<E>>): void {
    this.registrations.push({ kind: 'event', name: type, manifestEvent, scopes });
    this.add(this.events, type, listener as AnyListener);
  }

  action<A extends SlackAction>(actionId: string, scopes: string[], listener: Middleware<SlackActionMiddlewareArgs<A>>): void {
    this.registrations.push({ kind: 'action', name: actionId, scopes });
    this.add(this.actions, actionId, listener as AnyListener);
  }

  /** The names requests are routed on, per kind (for tests). */
  routed(): { commands: string[]; events: string[]; actions: string[] } {
    return { commands: [...this.commands.keys()], events: [...this.events.keys()], actions: [...this.actions.keys()] };
  }

  /** The listeners a request goes to, if any. */
  private listenersOf(args: RoutedArgs): AnyListener[] | undefined {
    if (args.command) return args.command.command !== undefined ? this.commands.get(args.command.command) : undefined;
    if (args.event !== undefined) return args.event.type !== undefined ? this.events.get(args.event.type) : undefined;
    if (args.action && args.payload?.action_id !== undefined) return this.actions.get(args.payload.action_id);
    return undefined;
  }

  private add(table: Map<string, AnyListener[]>, name: string, listener: AnyListener): void {
    table.set(name, [...(table.get(name) ?? []), listener]);
    if (this.routing) return;
    this.routing = true;
    this.app.use(async (args) => {
      const routed = args as unknown as RoutedArgs;
      const listeners = this.listenersOf(routed);
      if (listeners !== undefined) await runAll(listeners, args);
      else await routed.next();
    });
  }
}
