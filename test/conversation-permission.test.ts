/**
 * Who may change a channel's defaults and watches (ADMIN_USER_IDS), and cluster defaults under the cluster
 * access lists, for commands read from text as a person types them.
 */
import { describe, expect, it } from 'vitest';
import { parseConversationCommand } from '../src/bot/conversation-commands.js';
import { commandPermission, type CommandRules } from '../src/bot/conversation-permission.js';
import type { Scope } from '../src/bot/conversation-state.js';
import { shippedDataset } from './helpers/dataset.js';

const dataset = await shippedDataset();
const region = dataset.regions[0]!.id;
const CHANNEL: Scope = { kind: 'channel', id: 'C0TEAM' };
const DM: Scope = { kind: 'person', id: 'U0BOB' };
const open: CommandRules = { adminUserIds: null, clusterAccess: { allowedChannels: null, allowedUsers: null } };

function command(text: string) {
  const read = parseConversationCommand(text, dataset);
  if (!read?.ok) throw new Error(`not a command: ${text}`);
  return read.command;
}

const CHANGES = [`set region ${region}`, 'set cluster prod-fra', 'unset all', `watch ${region}`, 'unwatch all'];

describe('changing settings and watches', () => {
  it('anyone may, when ADMIN_USER_IDS is not set', () => {
    for (const text of CHANGES) expect(commandPermission(command(text), { scope: CHANNEL, userId: 'U0BOB', channelId: CHANNEL.id }, open), text).toEqual({ allowed: true });
  });

  it('in a channel, only the admins ADMIN_USER_IDS names; reading stays open to all', () => {
    const rules: CommandRules = { ...open, adminUserIds: ['U0ALICE'] };
    for (const text of CHANGES) {
      const refused = commandPermission(command(text), { scope: CHANNEL, userId: 'U0BOB', channelId: CHANNEL.id }, rules);
      expect(refused.allowed, text).toBe(false);
      expect(!refused.allowed && refused.reason).toContain('ADMIN_USER_IDS');
      expect(commandPermission(command(text), { scope: CHANNEL, userId: 'U0ALICE', channelId: CHANNEL.id }, rules), text).toEqual({ allowed: true });
    }
    for (const text of ['settings', 'watches']) expect(commandPermission(command(text), { scope: CHANNEL, userId: 'U0BOB', channelId: CHANNEL.id }, rules)).toEqual({ allowed: true });
  });

  it("a person's own settings in a direct message are theirs, admins or not", () => {
    const rules: CommandRules = { ...open, adminUserIds: ['U0ALICE'] };
    expect(commandPermission(command(`set region ${region}`), { scope: DM, userId: 'U0BOB', channelId: 'D0BOB' }, rules)).toEqual({ allowed: true });
  });

  it('a cluster default obeys the cluster access lists, by channel and by user', () => {
    const byChannel: CommandRules = { ...open, clusterAccess: { allowedChannels: ['C0OPS'], allowedUsers: null } };
    const refused = commandPermission(command('set cluster prod-fra'), { scope: CHANNEL, userId: 'U0BOB', channelId: CHANNEL.id }, byChannel);
    expect(!refused.allowed && refused.reason).toContain('CLUSTER_LOOKUP_ALLOWED_CHANNELS');
    expect(commandPermission(command('set cluster prod-fra'), { scope: { kind: 'channel', id: 'C0OPS' }, userId: 'U0BOB', channelId: 'C0OPS' }, byChannel)).toEqual({ allowed: true });
    const byUser: CommandRules = { ...open, clusterAccess: { allowedChannels: null, allowedUsers: ['U0ALICE'] } };
    expect(commandPermission(command('set cluster prod-fra'), { scope: DM, userId: 'U0BOB', channelId: 'D0BOB' }, byUser).allowed).toBe(false);
    // Only the cluster is a lookup: a region default is not.
    expect(commandPermission(command(`set region ${region}`), { scope: DM, userId: 'U0BOB', channelId: 'D0BOB' }, byUser)).toEqual({ allowed: true });
  });
});
