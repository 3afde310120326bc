/**
 * Ranking and hits of lesson search (table lessonSearch, written by lib/lessonSearch.ts),
 * shared by search.ts (the app) and mcpAccess.ts (an MCP token): `searchCourse` is the
 * search within one course its caller may read (checked by the caller).
 */
import { MAX_SEARCH_RESULTS, searchTerms, searchWords } from "@fondation/shared/core";
import { v } from "convex/values";
import type { Doc } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { snippetAround } from "./searchText.ts";

/** Candidates read from the index before ranking (the hits of old versions are dropped in `mine`). */
export const CANDIDATES = 100;

export const hitFields = {
  slug: v.string(),
  lessonTitle: v.string(),
  heading: v.string(),
  headingId: v.union(v.string(), v.null()),
  /** Plain text around the first matched word, at most ~180 characters. */
  snippet: v.string(),
};
export const courseHit = v.object(hitFields);
type Row = Doc<"lessonSearch">;

/**
 * Orders rows by how well they match (the whole query as a phrase first, then the number of
 * query words present), keeping the index's order among equals; Convex ranks by BM25, the
 * local backend by insertion, so this makes both put the best hit first.
 */
export function ranked(rows: Row[], terms: string[]): Row[] {
  const phrase = terms.join(" ");
  const score = (row: Row) => {
    const words = searchWords(row.searchText);
    const present = terms.filter((t) => words.some((w) => w.startsWith(t))).length;
    return (` ${row.searchText} `.includes(` ${phrase}`) ? terms.length : 0) + present;
  };
  return rows
    .map((row, i) => ({ row, i, s: score(row) }))
    .filter((r) => r.s > 0)
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((r) => r.row);
}

export function toHit(row: Row, terms: string[]) {
  return {
    slug: row.slug,
    lessonTitle: row.lessonTitle,
    heading: row.heading,
    headingId: row.headingId,
    snippet: snippetAround(row.text === "" ? row.heading : row.text, terms),
  };
}

/** Lessons of `course` matching `text`, best first (at most MAX_SEARCH_RESULTS). */
export async function searchCourse(ctx: QueryCtx, course: Doc<"courses">, text: string) {
  const terms = searchTerms(text);
  if (terms.length === 0) return [];
  const rows = await ctx.db
    .query("lessonSearch")
    .withSearchIndex("search_text", (q) =>
      q.search("searchText", terms.join(" ")).eq("courseId", course._id),
    )
    .take(CANDIDATES);
  return ranked(rows, terms)
    .slice(0, MAX_SEARCH_RESULTS)
    .map((row) => toHit(row, terms));
}
