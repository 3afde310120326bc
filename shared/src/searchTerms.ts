/**
 * How a search query and a lesson's text are cut into words, the same on both sides: the
 * search index (convex/lib/lessonSearch.ts) stores words joined by spaces, the queries
 * (convex/search.ts) search for the query's words, and the web app highlights the words it
 * searched for (web/src/components/search/highlight.ts). Words are runs of letters and digits,
 * lower case, so `foo.bar(x)` is `foo bar x` whatever the backend's own tokenizer does.
 */

/** Characters of a query at most; the rest is ignored. */
export const MAX_SEARCH_QUERY_CHARS = 200;
/** Words of a query at most (Convex searches 16 terms at most). */
export const MAX_SEARCH_TERMS = 16;
/** Hits a search returns at most. */
export const MAX_SEARCH_RESULTS = 20;

const WORD = /[\p{L}\p{N}]+/gu;

/** The lower-case words of `text`, in order. */
export function searchWords(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** The distinct words of a query, bounded; empty for a query with no letter or digit. */
export function searchTerms(query: string): string[] {
  const words = searchWords(query.slice(0, MAX_SEARCH_QUERY_CHARS));
  return [...new Set(words)].slice(0, MAX_SEARCH_TERMS);
}
