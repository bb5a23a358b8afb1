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
