import type { Metrics } from '../bot/metrics.js';
import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Bot } from '../bot/index.js';
import type { Block } from './block-kit.js';

/** What every listener needs: the bot layer, the log, and the App Home view (the dataset does not change while running). */
export interface Deps {
  bot: Bot;
  logger: Logger;
  homeBlocks: Block[];
  metrics: Metrics;
  /** Answers carry their rules as a table block (SLACK_TABLES, default on); false: as sections. */
  tables?: boolean;
}

/**
 * What the Slack app manifest must declare for a listener: the slash command, the bot event (as the manifest
 * names it, e.g. message.im), interactivity for actions, and the bot scopes the listener needs to receive its
 * input and send its replies.
 */
export type Registration =
  | { kind: 'command'; name: string; scopes: string[] }
  | { kind: 'event'; name: string; manifestEvent: string; scopes: string[] }
  | { kind: 'action'; name: string; scopes: string[] };

/** One listener file: what it registers (read by the manifest test) and how it registers it on Bolt. */
export interface Listener {
  registration: Registration;
  register(app: App, deps: Deps): void;
}
