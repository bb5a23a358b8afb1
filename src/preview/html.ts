/**
 * Block Kit as HTML close to Slack's look: the blocks porthole sends (header, section, context, divider,
 * actions, table, rich_text), for `porthole preview` and the README's pictures. Input is the blocks as sent;
 * every text is escaped here, mrkdwn markup (*bold*, _italic_, `code`, ```pre```, <url|label>) becomes HTML.
 */

type Json = Record<string, unknown>;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Slack's own escapes (&amp; &lt; &gt;) back to characters, before escaping for HTML. */
function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function safeHref(url: string): string | null {
  return /^(https?:|mailto:)/i.test(url) ? url : null;
}

/**
 * Inline mrkdwn (no code blocks). Code spans and links become placeholders first, so that *bold* and _italic_
 * may enclose them, as in Slack.
 */
function inlineMrkdwn(text: string): string {
  const tokens: string[] = [];
  const hold = (html: string) => `\uE000${tokens.push(html) - 1}\uE000`;
  const held = text.replace(/<([^<>|]+)(?:\|([^<>]*))?>|`([^`\n]+)`/g, (_all, target: string | undefined, label: string | undefined, code: string | undefined) => {
    if (code !== undefined) return hold(`<code>${escapeHtml(unescapeSlack(code))}</code>`);
    const to = unescapeSlack(target!);
    const shown = label !== undefined ? unescapeSlack(label) : to;
    if (/^[@#!]/.test(to)) return hold(`<span class="mention">${escapeHtml(to.startsWith('!') ? `@${to.slice(1)}` : shown)}</span>`);
    const href = safeHref(to);
    return hold(href ? `<a href="${escapeHtml(href)}">${escapeHtml(shown)}</a>` : escapeHtml(shown));
  });
  return emphasis(escapeHtml(unescapeSlack(held))).replace(/\uE000(\d+)\uE000/g, (_all, i: string) => tokens[Number(i)]!);
}

function emphasis(html: string): string {
  return html
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/g, '$1<b>$2</b>')
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;!?])/g, '$1<i>$2</i>')
    .replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s).,:;!?])/g, '$1<s>$2</s>');
}

export function mrkdwnToHtml(text: string): string {
  return text
    .split(/```/)
    .map((chunk, i) => (i % 2 === 1 ? `<pre>${escapeHtml(unescapeSlack(chunk.replace(/^\n/, '')))}</pre>` : inlineMrkdwn(chunk).replace(/\n/g, '<br>')))
    .join('');
}

function textObject(value: unknown): string {
  const t = value as { type?: string; text?: string } | undefined;
  if (!t || typeof t.text !== 'string') return '';
  return t.type === 'mrkdwn' ? mrkdwnToHtml(t.text) : escapeHtml(t.text).replace(/\n/g, '<br>');
}

function element(value: unknown): string {
  const e = value as Json;
  switch (e.type) {
    case 'button':
      return `<span class="button${e.style === 'primary' ? ' primary' : ''}">${textObject(e.text)}</span>`;
    case 'overflow':
      return '<span class="button overflow" title="More actions">⋯</span>';
    case 'static_select':
      return `<span class="button select">${textObject(e.placeholder)} ▾</span>`;
    case 'mrkdwn':
    case 'plain_text':
      return `<span>${textObject(e)}</span>`;
    case 'image':
      return '';
    default:
      return '';
  }
}

function richText(value: unknown): string {
  const block = value as { elements?: Json[] };
  return (block.elements ?? [])
    .map((section) =>
      ((section.elements as Json[] | undefined) ?? [])
        .map((el) => {
          // A line break inside a text element (a table cell's addresses, several to a line) is shown as one.
          const text = escapeHtml(String(el.text ?? el.url ?? '')).replace(/\n/g, '<br>');
          const style = (el.style ?? {}) as { bold?: boolean; italic?: boolean; code?: boolean };
          let html = el.type === 'link' && typeof el.url === 'string' && safeHref(el.url) ? `<a href="${escapeHtml(el.url)}">${text}</a>` : text;
          if (style.code) html = `<code>${html}</code>`;
          if (style.bold) html = `<b>${html}</b>`;
          if (style.italic) html = `<i>${html}</i>`;
          return html;
        })
        .join(''),
    )
    .join('<br>');
}

function tableCell(value: unknown): string {
  const cell = value as Json;
  return cell.type === 'rich_text' ? richText(cell) : escapeHtml(String(cell.text ?? ''));
}

function block(value: unknown): string {
  const b = value as Json;
  switch (b.type) {
    case 'header':
      return `<div class="header">${textObject(b.text)}</div>`;
    case 'section': {
      const fields = Array.isArray(b.fields) ? `<div class="fields">${(b.fields as unknown[]).map((f) => `<div>${textObject(f)}</div>`).join('')}</div>` : '';
      const accessory = b.accessory ? `<div class="accessory">${element(b.accessory)}</div>` : '';
      return `<div class="section"><div class="text">${textObject(b.text)}${fields}</div>${accessory}</div>`;
    }
    case 'context':
      return `<div class="context">${((b.elements as unknown[] | undefined) ?? []).map(element).join(' ')}</div>`;
    case 'divider':
      return '<hr>';
    case 'actions':
      return `<div class="actions">${((b.elements as unknown[] | undefined) ?? []).map(element).join('')}</div>`;
    case 'rich_text':
      return `<div class="section">${richText(b)}</div>`;
    case 'table': {
      const rows = (b.rows as unknown[][] | undefined) ?? [];
      const settings = ((b.column_settings as Json[] | undefined) ?? []).map((c) => c ?? {});
      // Slack keeps a column on one line unless its setting says is_wrapped; align is left, center or right.
      const attrs = (i: number) => {
        const setting = settings[i] ?? {};
        const align = setting.align === 'center' || setting.align === 'right' ? ` style="text-align: ${setting.align}"` : '';
        return `${setting.is_wrapped === true ? '' : ' class="nowrap"'}${align}`;
      };
      const [head, ...body] = rows;
      const th = (head ?? []).map((c, i) => `<th${attrs(i)}>${tableCell(c)}</th>`).join('');
      const tr = body.map((r) => `<tr>${r.map((c, i) => `<td${attrs(i)}>${tableCell(c)}</td>`).join('')}</tr>`).join('');
      return `<div class="table"><table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table></div>`;
    }
    default:
      return `<div class="context">(${escapeHtml(String(b.type))} block)</div>`;
  }
}

const STYLE = `
body { margin: 0; background: #fff; font: 15px/1.46668 -apple-system, "Segoe UI", "Helvetica Neue", Helvetica, Arial, sans-serif; color: #1d1c1d; }
.message { display: flex; gap: 8px; padding: 12px 20px; max-width: 900px; }
.avatar { width: 36px; height: 36px; border-radius: 6px; background: #2eb67d; color: #fff; font-weight: 900; display: flex; align-items: center; justify-content: center; flex: none; }
.who { font-weight: 900; } .who .app { font-size: 10px; background: #e8e8e8; color: #616061; padding: 1px 3px; border-radius: 2px; margin-left: 4px; font-weight: 700; }
.who .meta { color: #616061; font-weight: 400; font-size: 12px; margin-left: 6px; }
.header { font-size: 18px; font-weight: 900; margin: 4px 0; }
.section { display: flex; justify-content: space-between; gap: 12px; margin: 4px 0; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; margin-top: 4px; }
.context { color: #616061; font-size: 13px; margin: 4px 0; }
.actions { display: flex; gap: 8px; margin: 8px 0; }
.button { border: 1px solid #bbbabb; border-radius: 4px; padding: 3px 12px; font-size: 13px; font-weight: 700; background: #fff; }
.button.primary { background: #007a5a; color: #fff; border-color: #007a5a; }
code { font: 12px Monaco, Menlo, Consolas, monospace; color: #e01e5a; background: #f8f8f8; border: 1px solid #e8e8e8; border-radius: 3px; padding: 1px 3px; }
pre { font: 12px/1.5 Monaco, Menlo, Consolas, monospace; background: #f8f8f8; border: 1px solid #e8e8e8; border-radius: 4px; padding: 8px; white-space: pre-wrap; margin: 4px 0; }
a { color: #1264a3; text-decoration: none; } .mention { color: #1264a3; background: #e8f5fa; }
hr { border: 0; border-top: 1px solid #e8e8e8; margin: 8px 0; }
.table { display: inline-block; max-width: 100%; overflow-x: auto; border: 1px solid #dddddd; border-radius: 8px; margin: 6px 0; }
table { border-collapse: collapse; font-size: 14px; } th, td { border-right: 1px solid #e8e8e8; border-bottom: 1px solid #e8e8e8; padding: 6px 10px; text-align: left; vertical-align: top; max-width: 260px; }
th:last-child, td:last-child { border-right: 0; } tbody tr:last-child td { border-bottom: 0; } th { font-weight: 400; } .nowrap { white-space: nowrap; max-width: none; }
td code, th code { white-space: nowrap; }
.file { border: 1px solid #dddddd; border-radius: 8px; padding: 8px 12px; margin: 6px 0; display: inline-block; font-size: 13px; } .file b { display: block; }
.ephemeral { color: #616061; font-size: 12px; margin-top: 4px; }
`;

export interface PreviewMessage {
  blocks: unknown[];
  /** "Only visible to you", as Slack shows under an ephemeral message. */
  ephemeral?: boolean;
  /** A file posted with the message: its name and first lines. */
  file?: { name: string; title?: string; preview: string };
}

/** One page with porthole's messages, each as Slack shows a bot's message. */
export function previewPage(title: string, messages: PreviewMessage[]): string {
  const body = messages
    .map((m) => {
      const file = m.file ? `<div class="file"><b>${escapeHtml(m.file.title ?? m.file.name)}</b><pre>${escapeHtml(m.file.preview)}</pre></div>` : '';
      const ephemeral = m.ephemeral ? '<div class="ephemeral">Only visible to you</div>' : '';
      return `<div class="message"><div class="avatar">P</div><div class="content"><div class="who">porthole<span class="app">APP</span></div>${m.blocks.map(block).join('\n')}${file}${ephemeral}</div></div>`;
    })
    .join('\n');
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>\n<body>\n${body}\n</body></html>\n`;
}
