import type { Dataset } from './dataset/build.js';

// What can be asked, grouped as data/topics.yml groups it: `porthole topics`, help, and the answer to a
// question that was not understood.

export interface TopicListing {
  id: string;
  title: string;
  summary: string;
  /** The words users type for it, as in topics.yml. */
  keywords: string[];
  example: string;
}

export interface TopicGroup {
  group: string;
  topics: TopicListing[];
}

/** Every topic of the dataset's edition, by group, in topics.yml order. */
export function topicGroups(dataset: Dataset): TopicGroup[] {
  const groups = new Map<string, TopicListing[]>();
  for (const [id, topic] of dataset.topics) {
    const scenario = dataset.scenarios.get(id)!;
    const list = groups.get(topic.group) ?? [];
    list.push({ id, title: scenario.title, summary: scenario.summary, keywords: topic.keywords, example: topic.example });
    groups.set(topic.group, list);
  }
  return [...groups].map(([group, topics]) => ({ group, topics }));
}
