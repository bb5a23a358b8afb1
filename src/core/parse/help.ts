const HELP = /^\s*(help|\?|-h|--help|usage)\s*$/i;

/** A question that asks what can be asked: nothing at all, "help", "?", "usage". */
export function isHelpRequest(text: string): boolean {
  return text.trim() === '' || HELP.test(text);
}
