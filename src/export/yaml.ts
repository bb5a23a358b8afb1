import { Document, visit } from 'yaml';
import { commentLines, flattenComment } from './plan.js';

// The YAML exports (Calico, the Kubernetes probe) are written by the yaml package's emitter, comments included,
// so that no value can end a line, a comment or a document: what kubectl (go-yaml, YAML 1.1), calicoctl and
// PyYAML read is what the emitter wrote.

// Characters the emitter leaves as they are but YAML 1.1 readers take as a line break (NEL, LS, PS), that are
// not printable in YAML (C0 and C1 controls but tab and line feed) or that reorder what a reader sees (bidi and other format
// characters). A scalar holding one is double-quoted, where each is written as an escape.
const UNSAFE_IN_SCALAR = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const isUnsafeInScalar = (text: string): boolean => UNSAFE_IN_SCALAR.test(text.replace(/[\t\n]/g, ''));
const RAW_AFTER_EMITTER = /[\u007f-\u009f\p{Cf}\u2028\u2029]/gu;
// YAML 1.1 readers may take an unquoted 20000:32767 for a base-60 number; quoted, every reader sees a range.
const SEXAGESIMAL = /^\d+(?::\d+)+$/;

/**
 * A YAML document of `value`, with `comment` lines (flattened) before it. No anchors and aliases: a reader
 * reads each object whole. Strings are quoted wherever a YAML 1.1 reader would take them for something else
 * ("on", "yes", a date), so that 1.1 and 1.2 readers read the same document.
 */
export function yamlDocument(value: unknown, comment: readonly string[] = []): Document {
  const doc = new Document(value, { aliasDuplicateObjects: false, schema: 'yaml-1.1' });
  if (comment.length > 0) doc.commentBefore = commentText(comment);
  return doc;
}

/** Comment lines as the emitter takes them: each one line, blank lines kept as a lone "#". */
export function commentText(lines: readonly string[]): string {
  return lines.map((l) => (l ? ` ${flattenComment(l)}` : ' ')).join('\n');
}

/** A stream of documents, each opened by "---"; `header` is the file's comment, before the first. */
export function yamlStream(docs: readonly Document[], header: readonly string[]): string {
  const [first] = docs;
  // A stream of no documents is its comment alone (an empty document would read as null).
  if (!first) return `${commentLines(header).join('\n')}\n`;
  first.commentBefore = [commentText(header), first.commentBefore].filter(Boolean).join('\n');
  return docs.map(stringifyDocument).join('');
}

/** One document as text, opened by "---", every scalar written so that every YAML reader reads it alike. */
export function stringifyDocument(doc: Document): string {
  quoteUnsafeScalars(doc);
  return escapeRaw(doc.toString({ directives: true, lineWidth: 0 }));
}

/** A value as YAML without the "---" of a stream, for a snippet shown inside a comment. */
export function stringifySnippet(value: unknown): string {
  const doc = yamlDocument(value);
  quoteUnsafeScalars(doc);
  return escapeRaw(doc.toString({ lineWidth: 0 }));
}

function quoteUnsafeScalars(doc: Document): void {
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return;
      if (isUnsafeInScalar(node.value)) node.type = 'QUOTE_DOUBLE';
      else if (SEXAGESIMAL.test(node.value)) node.type = 'QUOTE_SINGLE';
    },
  });
}

// The emitter escapes C0 controls in double-quoted scalars but writes these raw; comments hold none of them
// (flattened), so each one left is inside a double-quoted scalar, where "\uXXXX" is the same character.
function escapeRaw(text: string): string {
  return text.replace(RAW_AFTER_EMITTER, (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}
