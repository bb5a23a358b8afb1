/**
 * What went wrong in a Web API call, a respond() or anything else, in one place: Slack's error code when Slack
 * gave one (`invalid_blocks`, `not_in_channel`, ...), else the error's own message.
 */

/** Slack's error code of a Web API platform error (`error.data.error`), if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return data !== undefined && data !== null && typeof data.error === 'string' ? data.error : undefined;
}

/** One short reason for a person or a log line: Slack's error code, else the error's code and message. */
export function errorReason(error: unknown): string {
  const slack = slackErrorCode(error);
  if (slack !== undefined) return slack;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

/**
 * The call was given up for want of an answer in time (an error of fetch, or the WebClient's wrapping of one in
 * `original`): Slack may have acted on it all the same.
 */
export function timedOut(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    if ((current as { name?: unknown }).name === 'TimeoutError') return true;
    const { original, cause } = current as { original?: unknown; cause?: unknown };
    current = original ?? cause;
  }
  return false;
}
