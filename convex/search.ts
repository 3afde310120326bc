/**
 * Search in lessons (titles, prose, code) through the search index of lessonSearch
 * (lib/lessonSearch.ts writes it). `inCourse`: one course, for whoever may read it (its
 * owner, or the holder of its share key). `mine`: the signed-in user's courses, the latest
 * course of each repository only (older versions would repeat the same hits).
 * A query is cut to MAX_SEARCH_QUERY_CHARS and its words; no word → no hit.
 */
import { MAX_SEARCH_RESULTS, searchTerms } from "@fondation/shared/core";
import { v } from "convex/values";
import type { Doc, Id } from "./_generated/dataModel";
import { type QueryCtx, query } from "./_generated/server";
import { currentUser } from "./lib/auth.ts";
import { readableCourse, shareArg } from "./lib/courseAccess.ts";
import {
  CANDIDATES,
  courseHit,
  hitFields,
  ranked,
  searchCourse,
  toHit,
} from "./lib/courseSearch.ts";

const myHit = v.object({
  ...hitFields,
  courseId: v.id("courses"),
  courseTitle: v.string(),
  repositoryName: v.string(),
});

type Row = Doc<"lessonSearch">;

/** Lessons of one course matching `query`, best first. */
export const inCourse = query({
  args: { courseId: v.id("courses"), query: v.string(), share: shareArg },
  returns: v.array(courseHit),
  handler: async (ctx, { courseId, query: text, share }) => {
    const { course } = await readableCourse(ctx, courseId, share);
    return await searchCourse(ctx, course, text);
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
