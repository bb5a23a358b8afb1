import type { Dataset } from '../core/dataset/build.js';
import type { ParsedQuestion } from '../core/parse/question.js';
import type { Asker } from './audit.js';
import type { CommandReading, ConversationCommand } from './conversation-commands.js';
export { parseConversationCommand } from './conversation-commands.js';
import { applyDefaults } from './conversation-defaults.js';
import { commandPermission, type CommandRules } from './conversation-permission.js';
import { describeWatch, settingsReply, watchesReply } from './conversation-replies.js';
import { StateFileError, StateUnavailableError, type ConversationStore, type Scope } from './conversation-state.js';

/**
 * Conversation commands and defaults in the running bot: the dispatcher answers `set`, `settings`, `unset`,
 * `watch`, `watches` and `unwatch` here, and asks a question with its conversation's defaults. Settings belong to
 * a channel, or to the person in a direct message.
 */

export interface Conversations {
  store: ConversationStore;
  rules: CommandRules;
  /** Posts a change of a channel's settings or watches in that channel, naming who made it (best effort). */
  postChange?(change: ChangeNotice): Promise<void>;
}

/** A change of a channel's settings or watches, to be said in the channel: "<who> <did what>". */
export interface ChangeNotice {
  channelId: string;
  userId: string;
  /** What was done, after the person's name: "set this channel's default region to eu-de". */
  did: string;
}

/** The reply to a conversation command: plain lines, and the change to say in the channel if any. */
export interface ConversationReply {
  kind: 'conversation';
  /** The command read; null when it could not be read. */
  command: ConversationCommand | null;
  /** False: a problem, a refusal, or a store that did not answer. */
  ok: boolean;
  lines: string[];
  change: ChangeNotice | null;
  dataset: Dataset;
}

/** Direct messages (channel ids D…) and requests without a channel are the person's; anything else the channel's. */
export function scopeOf(asker: Asker): Scope {
  if (asker.channelId === '' || asker.channelId.startsWith('D')) return { kind: 'person', id: asker.userId };
  return { kind: 'channel', id: asker.channelId };
}

const OWNER = { channel: "this channel's", person: 'your' } as const;

function reply(dataset: Dataset, command: ConversationCommand | null, ok: boolean, lines: string[], change: ChangeNotice | null = null): ConversationReply {
  return { kind: 'conversation', command, ok, lines, change, dataset };
}

/** Runs a command read by parseConversationCommand, if the asker may. */
export async function conversationReply(reading: CommandReading, asker: Asker, conversations: Conversations, dataset: Dataset): Promise<ConversationReply> {
  if (!reading.ok) return reply(dataset, null, false, [reading.problem.message]);
  const { command } = reading;
  const scope = scopeOf(asker);
  const permission = commandPermission(command, { scope, userId: asker.userId, channelId: asker.channelId }, conversations.rules);
  if (!permission.allowed) return reply(dataset, command, false, [`You cannot do that here: ${permission.reason}.`]);
  try {
    const done = await runCommand(command, scope, asker, conversations.store, dataset);
    const change = done.did !== null && scope.kind === 'channel' ? { channelId: scope.id, userId: asker.userId, did: done.did } : null;
    return reply(dataset, command, true, done.lines, change);
  } catch (error) {
    if (error instanceof StateUnavailableError || error instanceof StateFileError) return reply(dataset, command, false, [`The settings could not be read or changed: ${error.message}`]);
    throw error;
  }
}

/** What a command says, and what it changed (null for reading, or nothing changed). */
async function runCommand(command: ConversationCommand, scope: Scope, asker: Asker, store: ConversationStore, dataset: Dataset): Promise<{ lines: string[]; did: string | null }> {
  const owner = OWNER[scope.kind];
  switch (command.command) {
    case 'settings':
      return { lines: settingsReply(await store.settings(scope), scope.kind), did: null };
    case 'set': {
      await store.set(scope, command.key, command.value);
      const did = `set ${owner} default ${command.key} to ${command.value}`;
      return { lines: [`Done: ${owner} default ${command.key} is now ${command.value}. A question naming no ${command.key} uses it.`], did };
    }
    case 'unset': {
      await store.unset(scope, command.key);
      const what = command.key === 'all' ? `${owner} defaults` : `${owner} default ${command.key}`;
      return { lines: [`Done: ${what} removed.`], did: `removed ${what}` };
    }
    case 'watches':
      return { lines: watchesReply(await store.watches(asker.channelId), dataset), did: null };
    case 'watch': {
      const described = describeWatch(command.watch, dataset);
      if (!(await store.addWatch(asker.channelId, command.watch, dataset.edition))) return { lines: [`This conversation already watches ${described}.`], did: null };
      return { lines: [`Watching ${described}: when a new edition changes it, the change is posted here.`], did: `started watching ${described}` };
    }
    case 'unwatch': {
      const removed = await store.removeWatch(asker.channelId, command.watch);
      const described = command.watch === 'all' ? 'every watch' : describeWatch(command.watch, dataset);
      if (removed === 0) return { lines: [`Nothing to stop: this conversation does not watch ${command.watch === 'all' ? 'anything' : described}. \`watches\` lists them.`], did: null };
      return { lines: [`Stopped ${removed === 1 ? 'watching' : `${removed} watches:`} ${described}.`], did: `stopped ${described}` };
    }
  }
}

/** A question with its conversation's defaults applied (what it names wins); unchanged when there are none. */
export async function withDefaults(parsed: ParsedQuestion, asker: Asker, conversations: Conversations, dataset: Dataset): Promise<ParsedQuestion> {
  const scope = scopeOf(asker);
  let settings;
  try {
    settings = await conversations.store.settings(scope);
  } catch (error) {
    // The question is still answered, as asked: a store that does not answer loses the defaults, not the answer.
    if (error instanceof StateUnavailableError || error instanceof StateFileError) return parsed;
    throw error;
  }
  if (Object.keys(settings).length === 0) return parsed;
  return applyDefaults(parsed, settings, scope.kind, dataset).parsed;
}
