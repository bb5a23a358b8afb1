/**
 * Conversation commands (`set region …`, `watch …`) read against every shipped edition: every value the
 * edition lists is taken, a near miss gets "did you mean" with the edition's own values, never another place.
 */
import { describe, expect, it } from 'vitest';
import { parseConversationCommand, type CommandReading } from '../src/bot/conversation-commands.js';
import { listEditions } from '../src/data-files/load.js';
import { shippedDataset } from './helpers/dataset.js';

const { ids: EDITIONS } = await listEditions();

function commandOf(reading: CommandReading | null) {
  expect(reading, 'read as a command').not.toBeNull();
  if (!reading!.ok) throw new Error(`expected a command, got the problem: ${reading!.problem.message}`);
  return reading!.command;
}

function problemOf(reading: CommandReading | null) {
  expect(reading, 'read as a command').not.toBeNull();
  if (reading!.ok) throw new Error(`expected a problem, got ${JSON.stringify(reading!.command)}`);
  return reading!.problem;
}

describe.each(EDITIONS)('conversation commands against edition %s', (edition) => {
  it('set region takes every region by id and by legacy id, as the current id', async () => {
    const dataset = await shippedDataset(edition);
    expect(dataset.regions.length).toBeGreaterThan(0);
    for (const region of dataset.regions) {
      expect(commandOf(parseConversationCommand(`set region ${region.id}`, dataset))).toEqual({ command: 'set', key: 'region', value: region.id });
      expect(commandOf(parseConversationCommand(`SET Region ${region.legacyId.toUpperCase()}`, dataset))).toEqual({ command: 'set', key: 'region', value: region.id });
    }
  });

  it('a misspelt region is refused with the region it is close to, never set to another place', async () => {
    const dataset = await shippedDataset(edition);
    for (const region of dataset.regions) {
      const typo = `${region.id}x`;
      const problem = problemOf(parseConversationCommand(`set region ${typo}`, dataset));
      expect(problem.message).toContain(`"${typo}" is not a region`);
      expect(problem.message).toContain('Did you mean');
      expect(problem.suggestions).toContain(region.id);
      for (const suggestion of problem.suggestions) expect(dataset.regionById.has(suggestion)).toBe(true);
    }
  });

  it('a zone is refused, naming the region it is in', async () => {
    const dataset = await shippedDataset(edition);
    expect(dataset.zoneById.size).toBeGreaterThan(0);
    for (const zone of dataset.zoneById.values()) {
      const problem = problemOf(parseConversationCommand(`set region ${zone.id}`, dataset));
      expect(problem.suggestions).toEqual([zone.region]);
      expect(problem.message).toContain(`${zone.id} is a zone of ${zone.region}`);
    }
  });

  it('a word that is no region gets the list of regions', async () => {
    const dataset = await shippedDataset(edition);
    const problem = problemOf(parseConversationCommand('set region atlantis', dataset));
    expect(problem.suggestions).toEqual(dataset.regions.map((r) => r.id));
  });

  it('set cluster keeps the name as typed; a name IKS cannot have is refused', async () => {
    const dataset = await shippedDataset(edition);
    expect(commandOf(parseConversationCommand('set cluster Prod-Fra_2', dataset))).toEqual({ command: 'set', key: 'cluster', value: 'Prod-Fra_2' });
    expect(problemOf(parseConversationCommand('set cluster prod/fra', dataset)).message).toContain('not a cluster name');
    expect(problemOf(parseConversationCommand('set cluster prod fra', dataset)).message).toContain('one word');
    expect(problemOf(parseConversationCommand('set cluster', dataset)).message).toContain('`set cluster` needs a value');
  });

  it('set edition takes each edition of the data folder and refuses one it does not have', async () => {
    const dataset = await shippedDataset(edition);
    for (const id of dataset.editions) {
      expect(commandOf(parseConversationCommand(`set edition ${id}`, dataset))).toEqual({ command: 'set', key: 'edition', value: id });
    }
    const problem = problemOf(parseConversationCommand('set edition 1999-01-01', dataset));
    expect(problem.message).toContain('no edition was in force on 1999-01-01');
  });

  it('settings, watches, unset and unwatch all', async () => {
    const dataset = await shippedDataset(edition);
    expect(commandOf(parseConversationCommand('settings', dataset))).toEqual({ command: 'settings' });
    expect(commandOf(parseConversationCommand('  Watches ', dataset))).toEqual({ command: 'watches' });
    expect(problemOf(parseConversationCommand('settings please', dataset)).message).toContain('takes nothing after it');
    for (const key of ['region', 'cluster', 'edition', 'all'] as const) {
      expect(commandOf(parseConversationCommand(`unset ${key}`, dataset))).toEqual({ command: 'unset', key });
    }
    expect(problemOf(parseConversationCommand('unset colour', dataset)).suggestions).toContain('unset all');
    expect(commandOf(parseConversationCommand('unwatch all', dataset))).toEqual({ command: 'unwatch', watch: 'all' });
  });

  it('watch [topic] [region]: every topic by id and by each keyword, with and without a region', async () => {
    const dataset = await shippedDataset(edition);
    const region = dataset.regions[0]!.id;
    expect(commandOf(parseConversationCommand('watch', dataset))).toEqual({ command: 'watch', watch: { topic: null, region: null } });
    expect(commandOf(parseConversationCommand(`watch ${region}`, dataset))).toEqual({ command: 'watch', watch: { topic: null, region } });
    for (const id of dataset.scenarioOrder) {
      expect(commandOf(parseConversationCommand(`watch ${id} ${region}`, dataset))).toEqual({ command: 'watch', watch: { topic: id, region } });
      expect(commandOf(parseConversationCommand(`unwatch ${id}`, dataset))).toEqual({ command: 'unwatch', watch: { topic: id, region: null } });
    }
    for (const keyword of dataset.keywords) {
      const words = keyword.tokens.join(' ');
      // A keyword that is itself a region name ("Tokyo") reads as the region: the region wins, as in questions.
      if (dataset.placeNames.some((p) => p.tokens.join(' ') === words)) continue;
      expect(commandOf(parseConversationCommand(`watch ${words} ${region}`, dataset)), words).toEqual({ command: 'watch', watch: { topic: keyword.scenario, region } });
    }
  });

  it('watch with an unknown topic or region says so, with the near ones', async () => {
    const dataset = await shippedDataset(edition);
    const topic = dataset.scenarioOrder.find((id) => id.length >= 6)!;
    const typo = `${topic.slice(0, -1)}${topic.at(-1) === 'x' ? 'y' : 'x'}`;
    const problem = problemOf(parseConversationCommand(`watch ${typo}`, dataset));
    expect(problem.message).toContain(`"${typo}" is not a topic`);
    expect(problem.suggestions).toContain(topic);
    const region = dataset.regions[0]!.id;
    const regionProblem = problemOf(parseConversationCommand(`watch ${topic} ${region}x`, dataset));
    expect(regionProblem.suggestions).toContain(region);
    const zone = [...dataset.zoneById.values()][0]!;
    expect(problemOf(parseConversationCommand(`watch ${topic} ${zone.id}`, dataset)).suggestions).toEqual([zone.region]);
  });

  it('a question is no command', async () => {
    const dataset = await shippedDataset(edition);
    const region = dataset.regions[0]!.id;
    for (const question of [`kubectl in ${region}`, `set up kubectl in ${region}`, 'why 10.0.0.1', '', 'help']) {
      expect(parseConversationCommand(question, dataset), question).toBeNull();
    }
    expect(problemOf(parseConversationCommand(`set regoin ${region}`, dataset)).message).toContain('Set what?');
  });
});
