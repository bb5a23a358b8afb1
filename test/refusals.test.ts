import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sortEditions } from '../src/core/dataset/editions.js';
import { parseQuestion } from '../src/core/parse/question.js';
import { REFUSAL_LINES, refusalLines } from '../src/core/render/refusal.js';
import { wrapLine } from '../src/core/render/text.js';
import { ask } from '../src/core/resolve/resolve.js';
import { ROOT } from './helpers/cli.js';
import { shippedDataset } from './helpers/dataset.js';

// Short refusals (issue 22): what was not understood, the closest topics or places, and where the full list
// is, in at most 10 lines of 100 columns; never the whole topic list.

const EDITIONS = sortEditions(readdirSync(path.join(ROOT, 'data', 'editions')));
const REFUSED: [string, string | null][] = [
  ['hello there', null],
  ['kubectl in eu-ge', 'eu-de'],
  ['mainframe connectivity, asap', null],
  ['vpc firewall in eu-de', null],
  ['kubectl except workstation except kubectl', null],
  ['monitorng and logggin and regstry in fra09', 'fra02'],
  ['please help with the firewall thing for our new project, thanks', null],
];

describe.each(EDITIONS)('refusals in the %s edition', (edition) => {
  it.each(REFUSED)('"%s": at most 10 lines, the closest suggestion, an example and the help command', async (question, closest) => {
    const ds = await shippedDataset(edition);
    const parsed = parseQuestion(question, ds);
    const answer = ask(question, ds);
    expect(answer.problems.length).toBeGreaterThan(0);
    for (const helpCommand of ['`porthole topics`', '`/porthole help`']) {
      const lines = refusalLines(answer, { helpCommand, example: (q) => `"${q}"`, exampleQuestion: ds.meta.examples.questions[0], unused: parsed.unused ?? [] });
      expect(lines.length).toBeLessThanOrEqual(REFUSAL_LINES);
      expect(lines.at(-1)).toContain(helpCommand);
      expect(lines).toContain(`For example: "${ds.meta.examples.questions[0]}"`);
      for (const p of answer.problems.slice(0, 2)) expect(lines.join('\n')).toContain(p.message.slice(0, 60));
      if (closest) expect(lines.find((l) => l.startsWith('Closest: '))).toContain(closest);
      const topicTitles = [...ds.topics.keys()].filter((id) => lines.join(' ').includes(ds.scenarios.get(id)!.title));
      expect(topicTitles.length).toBeLessThan(6);
      expect(lines.flatMap((l) => wrapLine(`- ${l}`)).length).toBeLessThanOrEqual(4 * REFUSAL_LINES);
    }
  });
});
