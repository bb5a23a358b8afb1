/**
 * Defaults of a channel or a person applied to questions, for every shipped edition: a question naming no place
 * is answered for the default, exactly as if it had named it; one naming a place or cluster keeps its own.
 */
import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../src/bot/conversation-defaults.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { parseQuestion } from '../src/core/parse/question.js';
import { resolve } from '../src/core/resolve/resolve.js';
import { listEditions } from '../src/data-files/load.js';
import { shippedDataset } from './helpers/dataset.js';

const { ids: EDITIONS } = await listEditions();

/** A topic's first keyword whose answer needs a region: the kind of question a region default is for. */
function regionalTopicWords(dataset: Dataset): string {
  const words = dataset.scenarioOrder
    .map((id) => dataset.keywords.find((k) => k.scenario === id)!.tokens.join(' '))
    .find((w) => resolve(parseQuestion(w, dataset), dataset).needsRegion);
  if (words === undefined) throw new Error(`no topic of ${dataset.edition} needs a region`);
  return words;
}

describe.each(EDITIONS)('defaults against edition %s', (edition) => {
  it('a question naming no place is answered for the channel default region, as if it had named it', async () => {
    const dataset = await shippedDataset(edition);
    const topic = regionalTopicWords(dataset);
    for (const region of dataset.regions) {
      const withDefaults = applyDefaults(parseQuestion(topic, dataset), { region: region.id }, 'channel', dataset);
      expect(withDefaults.applied).toEqual({ region: region.id });
      expect(withDefaults.phrase).toBe(`in ${region.id}, this channel's default`);
      expect(withDefaults.parsed.reading).toContain(`In ${region.id}, this channel's default.`);
      const answer = resolve(withDefaults.parsed, dataset);
      const named = resolve(parseQuestion(`${topic} in ${region.id}`, dataset), dataset);
      expect(answer.needsRegion).toBe(false);
      expect(answer.rules).toEqual(named.rules);
    }
  });

  it('a question naming a region, a zone or a cluster keeps it: the default does not apply', async () => {
    const dataset = await shippedDataset(edition);
    const topic = regionalTopicWords(dataset);
    const [home, other] = [dataset.regions[0]!.id, dataset.regions[1]!.id];
    const zone = [...dataset.zoneById.values()].find((z) => z.region === other)!;
    for (const question of [`${topic} in ${other}`, `${topic} in ${zone.id}`, `${topic} for cluster demo-fra`]) {
      const parsed = parseQuestion(question, dataset);
      const withDefaults = applyDefaults(parsed, { region: home, cluster: 'prod-fra' }, 'channel', dataset);
      expect(withDefaults.parsed, question).toBe(parsed);
      expect(withDefaults.phrase).toBeNull();
    }
  });

  it('in a direct message the defaults are the person\'s; region and cluster together', async () => {
    const dataset = await shippedDataset(edition);
    const region = dataset.regions.at(-1)!.id;
    const withDefaults = applyDefaults(parseQuestion(regionalTopicWords(dataset), dataset), { region, cluster: 'Prod-Fra' }, 'person', dataset);
    expect(withDefaults.parsed.query).toMatchObject({ region, cluster: 'Prod-Fra' });
    expect(withDefaults.phrase).toBe(`in ${region}, for cluster Prod-Fra, your defaults`);
  });

  it('a default edition applies unless the question names one', async () => {
    const dataset = await shippedDataset(edition);
    const topic = regionalTopicWords(dataset);
    const oldest = dataset.editions[0]!;
    const withDefaults = applyDefaults(parseQuestion(topic, dataset), { edition: oldest }, 'channel', dataset);
    expect(withDefaults.parsed.query.edition).toBe(oldest);
    expect(withDefaults.phrase).toBe(`from the ${oldest} edition, this channel's default`);
    const named = parseQuestion(`${topic} as of ${dataset.editions.at(-1)!.slice(0, 4)}`, dataset);
    expect(named.query.edition).toBeDefined();
    expect(applyDefaults(named, { edition: oldest }, 'channel', dataset).parsed.query.edition).toBe(named.query.edition);
  });

  it('a stored default this edition cannot take is said and not used; a question with a problem is left as it is', async () => {
    const dataset = await shippedDataset(edition);
    const topic = regionalTopicWords(dataset);
    const withDefaults = applyDefaults(parseQuestion(topic, dataset), { region: 'mars-north', edition: '1999-01-01' }, 'channel', dataset);
    expect(withDefaults.parsed.query.region).toBeNull();
    expect(withDefaults.phrase).toBeNull();
    expect(withDefaults.ignored.join(' ')).toContain('mars-north is not listed');
    expect(withDefaults.ignored.join(' ')).toContain('1999-01-01 is not in the data folder');
    const prefix = dataset.regions[0]!.id.split('-')[0];
    const typo = parseQuestion(`${topic} in ${prefix}-nowhere`, dataset);
    expect(typo.problems.length).toBeGreaterThan(0);
    expect(applyDefaults(typo, { region: dataset.regions[0]!.id }, 'channel', dataset).parsed).toBe(typo);
  });
});
