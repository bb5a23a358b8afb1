// Text from elsewhere (IKS, a cluster file, a question) shown in a terminal, a log line or a Slack message: its
// control characters would move the cursor or clear the screen, bidi overrides show it in another order than it
// is read, and NEL, LS and PS break lines for some readers. Each is shown as an escape instead.

// What JSON.stringify leaves as it is: C1 controls, format characters and the line and paragraph separators.
const UNSEEN = /[\u007f-\u009f\p{Cf}\u2028\u2029]/gu;
const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

const escaped = (ch: string): string => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;

/** A value for inside quotes: quotes, backslashes and every control, bidi and line-breaking character escaped. */
export function printable(s: string): string {
  return JSON.stringify(s).slice(1, -1).replace(UNSEEN, escaped);
}

/** Text for one line of a terminal: its control, bidi and line-breaking characters escaped, the rest as it is. */
export function oneTerminalLine(s: string): string {
  return s.replace(CONTROL, escaped);
}

/** Text of many lines for a terminal: line feeds and tabs kept, every other control character escaped. */
export function forTerminal(text: string): string {
  return text.replace(CONTROL, (ch) => (ch === '\n' || ch === '\t' ? ch : escaped(ch)));
}

/** JSON text with the characters JSON.stringify leaves raw written as \u escapes: the same JSON value. */
export function jsonForTerminal(json: string): string {
  return json.replace(UNSEEN, escaped);
}
