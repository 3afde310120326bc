/**
 * Search in lessons (titles, prose, code) through the search index of lessonSearch
 * (lib/lessonSearch.ts writes it). `inCourse`: one course, for whoever may read it (its
 * owner, or the holder of its share key). `mine`: the signed-in user's courses, the latest
 * course of each repository only (older versions would repeat the same hits).
 * A query is cut to MAX_SEARCH_QUERY_CHARS and its words; no word → no hit.
 */
import { MAX_SEARCH_RESULTS, searchTerms, searchWords } from "@fondation/shared/core";
import { v } from "convex/values";
import type { Doc, Id } from "./_generated/dataModel";
import { type QueryCtx, query } from "./_generated/server";
import { currentUser } from "./lib/auth.ts";
import { readableCourse, shareArg } from "./lib/courseAccess.ts";
import { snippetAround } from "./lib/searchText.ts";

/** Candidates read from the index before ranking (the hits of old versions are dropped in `mine`). */
const CANDIDATES = 100;

const hitFields = {
  slug: v.string(),
  lessonTitle: v.string(),
  heading: v.string(),
  headingId: v.union(v.string(), v.null()),
  /** Plain text around the first matched word, at most ~180 characters. */
  snippet: v.string(),
};
const courseHit = v.object(hitFields);
const myHit = v.object({
  ...hitFields,
  courseId: v.id("courses"),
  courseTitle: v.string(),
  repositoryName: v.string(),
});

type Row = Doc<"lessonSearch">;

/**
 * Orders rows by how well they match (the whole query as a phrase first, then the number of
 * query words present), keeping the index's order among equals; Convex ranks by BM25, the
 * local backend by insertion, so this makes both put the best hit first.
 */
function ranked(rows: Row[], terms: string[]): Row[] {
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

function toHit(row: Row, terms: string[]) {
  return {
    slug: row.slug,
    lessonTitle: row.lessonTitle,
    heading: row.heading,
    headingId: row.headingId,
    snippet: snippetAround(row.text === "" ? row.heading : row.text, terms),
  };
}

/** Lessons of one course matching `query`, best first. */
export const inCourse = query({
  args: { courseId: v.id("courses"), query: v.string(), share: shareArg },
  returns: v.array(courseHit),
  handler: async (ctx, { courseId, query: text, share }) => {
    const { course } = await readableCourse(ctx, courseId, share);
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
  },
});

/** Whether `courseId` is the complete, latest course of its repository (cached per query). */
function latestCourses(ctx: QueryCtx) {
  const repos = new Map<Id<"repositories">, Doc<"repositories"> | null>();
  return async (row: Row) => {
    if (!repos.has(row.repositoryId))
      repos.set(row.repositoryId, await ctx.db.get(row.repositoryId));
    return repos.get(row.repositoryId)?.latestCourseId === row.courseId
      ? repos.get(row.repositoryId)
      : null;
  };
}

/** Lessons of the user's courses matching `query` (each repository's latest course), best first. */
export const mine = query({
  args: { query: v.string() },
  returns: v.array(myHit),
  handler: async (ctx, { query: text }) => {
    // Signed out → unauthenticated error; signed in but never stored → owns nothing.
    const user = await currentUser(ctx);
    const terms = searchTerms(text);
    if (user === null || terms.length === 0) return [];
    const rows = await ctx.db
      .query("lessonSearch")
      .withSearchIndex("search_text", (q) =>
        q.search("searchText", terms.join(" ")).eq("ownerId", user._id),
      )
      .take(CANDIDATES);
    const latest = latestCourses(ctx);
    const hits = [];
    for (const row of ranked(rows, terms)) {
      if (hits.length === MAX_SEARCH_RESULTS) break;
      const repo = await latest(row);
      const course = repo ? await ctx.db.get(row.courseId) : null;
      if (!repo || course?.status !== "complete") continue;
      hits.push({
        ...toHit(row, terms),
        courseId: row.courseId,
        courseTitle: course.title,
        repositoryName: repo.name,
      });
    }
    return hits;
  },
});
