// Hostile values a remote source (IKS, a cluster file) might hand porthole: every Unicode line break, shell
// metacharacters, terminal escapes, bidi overrides and Slack mrkdwn. Each is put after a valid value, as an
// attacker who controls part of a field would.

/** Every character some reader takes as the end of a line (YAML 1.1 readers take NEL, LS and PS too). */
export const LINE_BREAKS: Readonly<Record<string, string>> = {
  LF: '\n',
  CR: '\r',
  NEL: '\u0085',
  LS: '\u2028',
  PS: '\u2029',
  VT: '\v',
  FF: '\f',
};

/** The file a payload's shell command would create; a test checks that it never appears. */
export const PWNED = 'porthole-pwned';

export const HOSTILE_SUFFIXES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    Object.entries(LINE_BREAKS).map(([name, br]) => [
      `${name} and a YAML document`,
      `${br}---${br}apiVersion: v1${br}kind: Pod${br}metadata: {name: evil}${br}# `,
    ]),
  ),
  'command substitution': `$(touch${'${IFS}'}${PWNED})`,
  backticks: `\`touch ${PWNED}\``,
  'a second command': `; touch ${PWNED}`,
  'a quote and a command': `' ; touch ${PWNED} ; '`,
  'a space and an option': ' --output /etc/passwd',
  'a path and a fragment': `/$(touch${'${IFS}'}${PWNED})#`,
  'terminal escapes': '\u001b]0;owned\u0007\u001b[2J',
  'bidi override': '\u202eevil\u2066',
  'Slack mrkdwn': ' *bold* <!channel> <https://evil.example|click>',
  'a NUL': '\u0000',
};

/** Characters that must never reach a terminal, a log line, a Slack message or a YAML comment unescaped. */
export const UNSAFE_CHARACTERS = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
