import { parseArgs } from 'node:util';
import { renderTopics } from '../core/render/text.js';
import { topicGroups } from '../core/topics.js';
import { dataDirFrom, loadOrReport } from './dataset.js';
import { EXIT, type Io } from './io.js';

export const TOPICS_USAGE = 'porthole topics [--data DIR] [--format json]';

/** `porthole topics`: what can be asked, grouped, each with an example question, from data/topics.yml. */
export async function topicsCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, format: { type: 'string' } } });
  const dataset = await loadOrReport(dataDirFrom(values.data, io.env), io);
  if (!dataset) return EXIT.badDataset;
  const groups = topicGroups(dataset);
  if (values.format === 'json') io.out(JSON.stringify({ groups }, null, 2) + '\n');
  else io.out(renderTopics(groups, dataset.regions.map((r) => r.id)));
  return EXIT.ok;
}
