/**
 * Ids of a lesson's headings in the reader. A lesson links to a section the way a markdown
 * file on disk does (`chapters/02-x.md#key-excerpts`, GitHub's heading anchors), so the
 * reader gives each heading GitHub's anchor behind a fixed prefix — the prefix keeps lesson
 * text from taking ids the page itself uses (`lesson-title`) — and links add the same
 * prefix. Read by the markdown renderer (rehypeLessonLinks), the link resolver, and the search
 * index (convex/lib/lessonSearch.ts), which stores the id of the heading above each match.
 */

export const HEADING_ID_PREFIX = "section-";

/** GitHub's anchor of a heading's text: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** Anchors of a document's headings in order; a repeated one gets `-1`, `-2`… as on GitHub. */
export function anchorSequence(): (text: string) => string {
  const seen = new Map<string, number>();
  return (text) => {
    const base = headingAnchor(text);
    let anchor = base;
    let n = seen.get(base) ?? 0;
    while (seen.has(anchor)) {
      n += 1;
      anchor = `${base}-${n}`;
    }
    seen.set(base, n);
    seen.set(anchor, 0);
    return anchor;
  };
}

/** The element id for an anchor written in a link (`#key-excerpts`). */
export function headingId(anchor: string): string {
  return HEADING_ID_PREFIX + anchor;
}
