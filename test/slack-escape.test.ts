import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forTerminal } from '../src/core/printable.js';
import { clip, codeSpan, escapeClipped, escapeMrkdwn, fromSlackText, link, mentionUser } from '../src/slack/escape.js';

/** Slack's control sequences: anything between < and > in mrkdwn. */
const CONTROL = /<[^>]*>/;

describe('escapeMrkdwn', () => {
  it('encodes &, < and > (the ampersand first) and nothing else', () => {
    expect(escapeMrkdwn('a & b < c > d *bold* _it_ `code`')).toBe('a &amp; b &lt; c &gt; d *bold* _it_ `code`');
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
  });

  it('shows control, bidi and line-separator characters as escapes, keeping line feeds and tabs', () => {
    expect(escapeMrkdwn('a\u202eb\u0085c\u2028d\u001b[2J\n\te')).toBe('a\\u202eb\\u0085c\\u2028d\\u001b[2J\n\te');
  });

  it('turns pings and forged links into plain text', () => {
    expect(escapeMrkdwn('<!channel> <!here> <@U123>')).toBe('&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt;');
    expect(escapeMrkdwn('<https://evil|ibm.com>')).toBe('&lt;https://evil|ibm.com&gt;');
  });

  it('never leaves a control sequence, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const out = escapeMrkdwn(s);
        expect(out).not.toMatch(/[<>]/);
        // Every & starts one of our three entities.
        expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
        // Decoding gives the input back.
        expect(out.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')).toBe(s);
      }),
    );
  });
});

describe('codeSpan', () => {
  it('keeps values copyable and cannot be closed early', () => {
    expect(codeSpan('169.50.56.174')).toBe('`169.50.56.174`');
    expect(codeSpan('<master_URL>')).toBe('`&lt;master_URL&gt;`');
    const tricky = codeSpan('a`b <!channel>\nc');
    expect(tricky.slice(1, -1)).not.toContain('`');
    expect(tricky).not.toMatch(CONTROL);
    expect(tricky).not.toContain('\n');
  });

  it('is one code span for any input', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = codeSpan(s);
        expect(out.startsWith('`') && out.endsWith('`')).toBe(true);
        expect(out.slice(1, -1)).not.toMatch(/[`<>\n\r]/);
      }),
    );
  });
});

describe('mentionUser and link', () => {
  it('mentions only validated user ids', () => {
    expect(mentionUser('U0HUMAN01')).toBe('<@U0HUMAN01>');
    expect(mentionUser('!channel')).toBe('!channel');
    expect(mentionUser('<!channel>')).toBe('&lt;!channel&gt;');
  });

  it('links only http(s) URLs, with an escaped label', () => {
    expect(link('https://cloud.ibm.com/docs?a=1&b=2', 'IBM <docs>')).toBe('<https://cloud.ibm.com/docs?a=1&amp;b=2|IBM &lt;docs&gt;>');
    expect(link('javascript:alert(1)', 'x')).toBe('x');
    expect(link('https://a|b', 'x')).toBe('x');
  });
});

describe('clip', () => {
  it('marks a cut with an ellipsis and keeps within the limit', () => {
    expect(clip('abcdef', 6)).toBe('abcdef');
    expect(clip('abcdef', 4)).toBe('abc…');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 1, max: 50 }), (s, max) => {
        const out = clip(s, max);
        expect(out.length).toBeLessThanOrEqual(max);
        if (s.length > max) expect(out.endsWith('…')).toBe(true);
        // No lone high surrogate before the ellipsis.
        expect(out).not.toMatch(/[\uD800-\uDBFF]…$/);
      }),
    );
  });
});

describe('escapeClipped', () => {
  it('stays within the limit after escaping and never cuts an entity', () => {
    expect(escapeClipped('<<<<', 9)).toBe('&lt;&lt;…');
    expect(escapeClipped('<<<<', 8)).toBe('&lt;…');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('<', '>', '&', 'a', 'é') }), fc.integer({ min: 1, max: 40 }), (s, max) => {
        const out = escapeClipped(s, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out.replace(/&(amp|lt|gt);/g, '')).not.toMatch(/[&<>]/);
        if (escapeMrkdwn(s).length <= max) expect(out).toBe(escapeMrkdwn(s));
      }),
    );
  });
});

describe('fromSlackText', () => {
  it('removes the bot mention, unwraps links Slack added, and decodes entities', () => {
    expect(fromSlackText('<@U0PORTBOT> kubectl in eu-de', 'U0PORTBOT')).toBe('kubectl in eu-de');
    expect(fromSlackText('pull from <http://icr.io|icr.io> &amp; more', 'U0PORTBOT')).toBe('pull from icr.io & more');
    expect(fromSlackText('&lt;!channel&gt; kubectl')).toBe('<!channel> kubectl');
  });

  it('keeps other control sequences as text (escaped again wherever shown)', () => {
    expect(fromSlackText('<!channel> <@U999> kubectl', 'U0PORTBOT')).toBe('<!channel> <@U999> kubectl');
  });
});

describe('fast paths give what the full rewriting gives', () => {
  // The rewriting as written before the fast paths (texts without the characters it looks for skip it).
  const reference = {
    escapeMrkdwn: (text: string) => forTerminal(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    codeSpan: (value: string) => {
      const oneLine = value.replace(/\s*[\r\n]+\s*/g, ' ').replace(/`/g, '\u02cb').trim();
      return `\`${reference.escapeMrkdwn(oneLine === '' ? ' ' : oneLine)}\``;
    },
    fromSlackText: (text: string, botUserId?: string) => {
      let out = text;
      if (botUserId !== undefined && /^[UWB][A-Z0-9]+$/.test(botUserId)) out = out.replace(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g'), ' ');
      out = out
        .replace(/<((?:https?|mailto):[^>|]*)\|([^>]*)>/g, (_m, _url: string, label: string) => label)
        .replace(/<((?:https?|mailto):[^>|]*)>/g, (_m, url: string) => url.replace(/^mailto:/, ''));
      return out.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
    },
  };
  const tricky = fc.string({ unit: fc.constantFrom('a', 'B', ' ', '\t', '\n', '\r', '`', '&', '<', '>', '|', '@', 'U0BOT', 'amp;', 'lt;', 'https:', 'mailto:', '\u00a0', '\u2028', '😀') });

  it('escapeMrkdwn, codeSpan and fromSlackText, for any input', () => {
    fc.assert(
      fc.property(fc.oneof(tricky, fc.string({ unit: 'grapheme' })), (s) => {
        expect(escapeMrkdwn(s)).toBe(reference.escapeMrkdwn(s));
        expect(codeSpan(s)).toBe(reference.codeSpan(s));
        expect(fromSlackText(s)).toBe(reference.fromSlackText(s));
        expect(fromSlackText(s, 'U0BOT')).toBe(reference.fromSlackText(s, 'U0BOT'));
      }),
      { numRuns: 2000 },
    );
  });
});
