// Secrets in text that is about to be logged or shown: Slack tokens, response_urls (which let anyone post as
// porthole for 30 minutes), IBM Cloud API keys and bearer tokens that an error body may echo, and the configured
// secret values themselves. Shared by the Slack app's log and the CLI's error details.

export const REDACTED = '[redacted]';

const TOKEN_SHAPE = /\bx(?:ox[abposre]|app)-[A-Za-z0-9-]+/g;
/** An API key by its field name, in JSON (escaped or not) or a form body: apikey, api_key, "apiKey". */
const API_KEY_FIELD = /(api_?key\\?"?\s*[:=]\s*\\?"?)[^"&\s\\,}]+/gi;
/** A bearer token in an echoed Authorization header. */
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;
/** Slack's response_url host, with or without JSON's escaped slashes. */
const RESPONSE_URL_SHAPE = /https?:(?:\\?\/){2}hooks\.slack\.com(?:\\?\/)[^\s"'<>|&]*/g;
/** A response_url by its field name, whatever its host: in JSON (escaped or not) and in a form body. */
const RESPONSE_URL_FIELD = /(response_url\\?"\s*:\s*\\?")(?:[^"\\]|\\[^"])*(\\?")|(response_url=)[^&\s"]*/g;

/** A function that takes `secrets` (values of at least 8 characters) and every secret-shaped part out of text. */
export function scrubber(secrets: readonly string[]): (text: string) => string {
  const literal = secrets.filter((s) => s.length >= 8);
  return (text) => {
    let out = text.replace(TOKEN_SHAPE, REDACTED).replace(API_KEY_FIELD, `$1${REDACTED}`).replace(BEARER, `$1${REDACTED}`);
    for (const secret of literal) out = out.split(secret).join(REDACTED);
    if (out.includes('hooks.slack.com')) out = out.replace(RESPONSE_URL_SHAPE, REDACTED);
    if (out.includes('response_url')) {
      out = out.replace(RESPONSE_URL_FIELD, (_m, open?: string, close?: string, form?: string) => (form !== undefined ? `${form}${REDACTED}` : `${open}${REDACTED}${close}`));
    }
    return out;
  };
}
