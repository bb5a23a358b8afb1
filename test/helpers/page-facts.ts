// What a page's Markdown states as facts to open, as opposed to what it shows: example outputs (code blocks
// the page marks `{: screen}`: worker lists, subnet details, name@email.com) and link targets (github.com,
// the docs' own URLs) are not requirements, so completeness tests do not look for them in answers.

/** The page without its example outputs and link targets. */
export function withoutExamplesAndLinks(page: string): string {
  const lines = page.split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.trim().startsWith('```')) {
      kept.push(lines[i]!);
      continue;
    }
    let end = i + 1;
    while (end < lines.length && !lines[end]!.trim().startsWith('```')) end++;
    const marker = lines.slice(end + 1).find((l) => l.trim() !== '');
    if (marker?.trim() !== '{: screen}') kept.push(...lines.slice(i, end + 1));
    i = end;
  }
  return kept.join('\n').replace(/\]\([^)]*\)(\{: external\})?/g, '] ');
}
