/**
 * The plain lines of conversation replies and announcements, from real stored values and a real change.
 */
import { describe, expect, it } from 'vitest';
import { announcementLines, describeWatch, settingsReply, watchesReply } from '../src/bot/conversation-replies.js';
import { watchChange } from '../src/bot/watch-change.js';
import { editionsWithOneMasterChanged } from './helpers/edition-copy.js';

const ADDED = '192.0.2.77';
const fixture = await editionsWithOneMasterChanged(ADDED);
const { after, region, topic } = fixture;

describe('replies', () => {
  it('settings: each default set, or how to set one; whose defaults they are', () => {
    expect(settingsReply({ region, cluster: 'prod-fra' }, 'channel')).toEqual([
      "This channel's defaults, used when a question names no place, cluster or edition:",
      `region: ${region}`,
      'cluster: prod-fra',
      'Remove one with `unset region|cluster|edition`, or all with `unset all`.',
    ]);
    expect(settingsReply({}, 'person')[0]).toContain('Your questions have no defaults');
  });

  it('watches: each watch in the words of the dataset, with the edition it started at', () => {
    const lines = watchesReply([{ topic, region, since: fixture.before.edition }, { topic: null, region: null, since: after.edition }], after);
    expect(lines[1]).toBe(`${after.scenarios.get(topic)!.title} in ${region} (since edition ${fixture.before.edition})`);
    expect(lines[2]).toBe(`everything in all regions (since edition ${after.edition})`);
    expect(watchesReply([], after)[0]).toContain('watches nothing');
  });

  it('an announcement: the editions, then per rule reading the changed table the address to allow and the one to withdraw', () => {
    const change = watchChange(fixture.before, after, { topic, region });
    const lines = announcementLines(change, after);
    expect(lines[0]).toBe(`IBM's lists changed for ${describeWatch({ topic, region }, after)}: edition ${fixture.before.edition} → ${after.edition}.`);
    expect(change.rules.length).toBeGreaterThan(0);
    for (const rule of change.rules) {
      const at = lines.indexOf(`${rule.rule}: ${rule.purpose}`);
      expect(at, rule.rule).toBeGreaterThan(0);
      expect(lines[at + 1]).toMatch(new RegExp(`^  to allow: ${ADDED.replace(/\./g, '\\.')} \\(${region}`));
      expect(lines[at + 2]).toMatch(new RegExp(`^  to withdraw: ${fixture.replaced.replace(/\./g, '\\.')} \\(${region}`));
    }
  });
});
