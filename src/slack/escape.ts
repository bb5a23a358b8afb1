/**
 * Escaping for Slack's mrkdwn, and reading the text Slack sends us. Pure functions, no Slack imports.
 *
 * Slack treats `&`, `<` and `>` as control characters: `<!channel>` pings a channel, `<@U123>` mentions a
 * person and `<https://a|b>` shows a link labelled b. Everything we did not write ourselves goes through
 * `escapeMrkdwn` before it reaches a mrkdwn text, so user text can never ping or forge a link.
 */

import { forTerminal } from '../core/printable.js';

const MRKDWN_CONTROL = /[&<>]/;
const CODE_SPAN_REWRITTEN = /[\r\n`]/;
const SLACK_MARKUP = /[<&]/;

// Control, bidi and line-separator characters (from IKS names, a cluster file, a question) would reorder or hide
// what a message shows; line feeds and tabs are layout.
const UNSEEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/**
 * `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;` (in that order), and control and bidi characters but line feed and
 * tab shown as `\uXXXX`; nothing else is encoded.
 */
export function escapeMrkdwn(text: string): string {
  const shown = UNSEEN.test(text.replace(/[\n\t]/g, '')) ? forTerminal(text) : text;
  // Most texts have none of the three: one scan instead of three replacements.
  if (!MRKDWN_CONTROL.test(shown)) return shown;
  return shown.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A lookalike for the backtick, so a value can never close its code span early. */
const BACKTICK_LOOKALIKE = '\u02cb';

/**
 * A value as an inline code span that copies cleanly: escaped for mrkdwn, on one line, and with any backtick
 * replaced by a lookalike (mrkdwn has no way to escape a backtick inside code).
 */
export function codeSpan(value: string): string {
  // Most values (addresses, host names, ports, commands) have no line break and no backtick.
  const oneLine = (CODE_SPAN_REWRITTEN.test(value) ? value.replace(/\s*[\r\n]+\s*/g, ' ').replace(/`/g, BACKTICK_LOOKALIKE) : value).trim();
  return `\`${escapeMrkdwn(oneLine === '' ? ' ' : oneLine)}\``;
}

/** A mention built only from a validated Slack user id; anything else is shown as escaped text. */
export function mentionUser(userId: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

/** A link whose label is escaped; only http(s) URLs without control characters become links. */
export function link(url: string, label: string): string {
  const safeLabel = escapeMrkdwn(label).replace(/\|/g, '\u2223');
  if (!/^https?:\/\/[^\s<>|]+$/.test(url)) return safeLabel;
  return `<${url.replace(/&/g, '&amp;')}|${safeLabel}>`;
}

/**
 * Cuts `text` to at most `max` characters (UTF-16 units, as Slack counts), ending with "…" when cut, never in
 * the middle of a surrogate pair. Clip before escaping, so an entity is never cut in two.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = max - 1;
  if (cut > 0 && /[\uD800-\uDBFF]/.test(text.charAt(cut - 1))) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/** `escapeMrkdwn(text)` within `max` characters: the text is clipped before escaping, so no entity is cut. */
export function escapeClipped(text: string, max: number): string {
  const whole = escapeMrkdwn(text);
  if (whole.length <= max) return whole;
  let lo = 0;
  let hi = Math.min(text.length, max);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (escapeMrkdwn(clip(text, mid)).length <= max) lo = mid;
    else hi = mid - 1;
  }
  return escapeMrkdwn(clip(text, lo));
}

/**
 * Turns the text of a Slack message or slash command into what the person typed: mentions of the bot removed,
 * links reduced to what they show (Slack links host names such as icr.io on its own), and `&amp;`, `&lt;`,
 * `&gt;` decoded. Other `<…>` sequences (`<!channel>`, `<@U…>`) are kept as text; they are escaped again
 * wherever the question is shown.
 */
export function fromSlackText(text: string, botUserId?: string): string {
  // Without `<` and `&` there is no mention, link or entity to rewrite: only the spaces.
  if (!SLACK_MARKUP.test(text)) return text.replace(/\s+/g, ' ').trim();
  let out = text;
  if (botUserId !== undefined && /^[UWB][A-Z0-9]+$/.test(botUserId)) {
    out = out.replace(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g'), ' ');
  }
  out = out
    .replace(/<((?:https?|mailto):[^>|]*)\|([^>]*)>/g, (_m, _url: string, label: string) => label)
    .replace(/<((?:https?|mailto):[^>|]*)>/g, (_m, url: string) => url.replace(/^mailto:/, ''));
  return out
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
