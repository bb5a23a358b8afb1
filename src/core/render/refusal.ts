import type { Answer } from '../answer.js';
import { editDistance } from '../text.js';

// A question that could not be answered gets a short refusal, the same in every front end: what was not
// understood, the closest topics or places, one example, and where the full list is. Never the whole list.

/** At most this many lines, whatever the front end. */
export const REFUSAL_LINES = 10;

export interface RefusalOptions {
  /** The command that lists everything: `porthole topics` in a terminal, `/porthole help` in chat. */
  helpCommand: string;
  /** How an example question is written: "porthole ask \"...\"" or "/porthole ...". */
  example: (question: string) => string;
  exampleQuestion: string | undefined;
  /** The words of the question not used, to rank suggestions by. */
  unused?: string[];
}

/** The suggestions nearest the words that were not understood, at most five. */
function closestSuggestions(answer: Answer, unused: string[]): string[] {
  const all = [...new Set(answer.problems.flatMap((p) => p.suggestions))].filter((s) => !/^https?:/.test(s));
  if (all.length <= 5 || unused.length === 0) return all.slice(0, 5);
  const distance = (s: string) => Math.min(...unused.map((w) => editDistance(w, s.toLowerCase(), 12)));
  return all
    .map((s, i) => ({ s, i, d: distance(s) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, 5)
    .map((x) => x.s);
}

/** The lines of a refusal: problems, then the closest suggestions, an example and the help command. */
export function refusalLines(answer: Answer, options: RefusalOptions): string[] {
  const problems = answer.problems.slice(0, 3).map((p) => (p.message.length > 400 ? `${p.message.slice(0, 399)}…` : p.message));
  const closest = closestSuggestions(answer, options.unused ?? []);
  const lines = [
    ...problems,
    ...(closest.length > 0 ? [`Closest: ${closest.join(', ')}.`] : []),
    ...(options.exampleQuestion ? [`For example: ${options.example(options.exampleQuestion)}`] : []),
    `${options.helpCommand} lists every topic, region and format.`,
  ];
  return lines.length <= REFUSAL_LINES ? lines : [...lines.slice(0, REFUSAL_LINES - 1), lines.at(-1)!];
}
