import { isLookupAllowed, type ClusterConfig, type LookupPermission } from '../clusters/config.js';
import type { ConversationCommand } from './conversation-commands.js';
import type { Scope } from './conversation-state.js';

/**
 * Who may run a conversation command. Reading (`settings`, `watches`) is open to all. Changing a channel's
 * settings or watches is open to all unless ADMIN_USER_IDS names who may; a person's own settings (a direct
 * message) are always theirs. A cluster default obeys the same access lists as a question naming the cluster.
 */
export interface CommandRules {
  /** ADMIN_USER_IDS; null: anyone in the channel. */
  adminUserIds: readonly string[] | null;
  clusterAccess: Pick<ClusterConfig, 'allowedChannels' | 'allowedUsers'>;
}

export function commandPermission(command: ConversationCommand, caller: { scope: Scope; userId: string; channelId: string }, rules: CommandRules): LookupPermission {
  if (command.command === 'settings' || command.command === 'watches') return { allowed: true };
  if (caller.scope.kind === 'channel' && rules.adminUserIds !== null && !rules.adminUserIds.includes(caller.userId)) {
    return { allowed: false, reason: "only the people ADMIN_USER_IDS names may change this channel's settings and watches" };
  }
  if (command.command === 'set' && command.key === 'cluster') {
    return isLookupAllowed(rules.clusterAccess, { channelId: caller.channelId, userId: caller.userId });
  }
  return { allowed: true };
}
