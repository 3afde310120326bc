/**
 * The pieces of a search snippet, with the words that start with a searched term marked.
 * The snippet stays text (React escapes it; the caller wraps matches in <mark>), and the
 * terms are cut the way the server cut them (searchTerms in shared/).
 */
import { searchTerms } from "@fondation/shared/core";

export interface SnippetPart {
  text: string;
  match: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `text` cut into runs, each either a matched word or the text between. */
export function highlightParts(text: string, query: string): SnippetPart[] {
  const terms = searchTerms(query);
  if (terms.length === 0) return text === "" ? [] : [{ text, match: false }];
  // Longest first, so "widgets" wins over "widget" when both were typed.
  const alternatives = [...terms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})[\\p{L}\\p{N}]*`,
    "giu",
  );
  const parts: SnippetPart[] = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index), match: false });
    parts.push({ text: m[0], match: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), match: false });
  return parts;
}
