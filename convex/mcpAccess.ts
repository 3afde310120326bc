/**
 * What a coding agent reaches with an MCP token (issue 16), called by the MCP server over
 * HTTP (web/src/app/api/mcp) with the token from the request's Authorization header. Every
 * function resolves the token first (lib/mcpTokens.ts: missing, unknown or revoked →
 * `unauthenticated`), then applies the app's own rules to the token's owner: the courses
 * they may read (lib/courseAccess.ts), search (lib/courseSearch.ts), lessons
 * (lib/lessons.ts), and questions with their limits (lib/newQuestion.ts).
 *
 * A course is named by its id as a string (agents type them): an id that names nothing is
 * the same `not_found` as another user's course.
 */
import { MAX_REPOSITORIES_LIMIT } from "@fondation/shared/core";
import { v } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import { mutation, type QueryCtx, query } from "./_generated/server";
import { courseNotFound, readableCourseFor } from "./lib/courseAccess.ts";
import { courseHit, searchCourse } from "./lib/courseSearch.ts";
import { courseLessons, lessonWithMarkdown } from "./lib/lessons.ts";
import { tokenOwner } from "./lib/mcpTokens.ts";
import { createQuestion } from "./lib/newQuestion.ts";
import { ownQuestion, questionNotFound } from "./lib/questionAccess.ts";
import { questionView, toQuestionView } from "./lib/questionViews.ts";
import { MCP_SCOPES, mcpScope } from "./lib/validators.ts";
import { lessonView } from "./lib/views.ts";

/** lastUsedAt is written at most this often per token: a busy agent costs no write per call. */
const LAST_USED_GRANULARITY_MS = 60_000;

const token = v.string();

const mcpCourse = v.object({
  courseId: v.id("courses"),
  title: v.string(),
  summary: v.string(),
  language: v.string(),
  repositoryName: v.string(),
  commit: v.optional(v.string()),
  lessonCount: v.number(),
  completedAt: v.optional(v.number()),
});

/** The course `courseId` names, if the token's owner may read it. */
async function readable(ctx: QueryCtx, user: Doc<"users">, id: string) {
  // An id of another table or garbage: the same refusal as any unreadable course.
  const courseId = ctx.db.normalizeId("courses", id);
  if (courseId === null) throw courseNotFound();
  return (await readableCourseFor(ctx, user, courseId, undefined)).course;
}

/**
 * Checks the token once per HTTP request (the route answers 401 when this throws) and
 * records its use; returns what the token may do.
 */
export const authenticate = mutation({
  args: { token },
  returns: v.object({ scopes: v.array(mcpScope) }),
  handler: async (ctx, args) => {
    const { row } = await tokenOwner(ctx, args.token, "read");
    const now = Date.now();
    if (row.lastUsedAt === undefined || now - row.lastUsedAt >= LAST_USED_GRANULARITY_MS) {
      await ctx.db.patch(row._id, { lastUsedAt: now });
    }
    return { scopes: MCP_SCOPES.filter((s) => row.scopes.includes(s)) };
  },
});

/** The token owner's courses: the latest complete course of each of their repositories. */
export const listCourses = query({
  args: { token },
  returns: v.array(mcpCourse),
  handler: async (ctx, args) => {
    const { user } = await tokenOwner(ctx, args.token, "read");
    const repos = await ctx.db
      .query("repositories")
      .withIndex("by_owner", (q) => q.eq("ownerId", user._id))
      .take(MAX_REPOSITORIES_LIMIT);
    repos.sort((a, b) => a.name.localeCompare(b.name));
    const courses = [];
    for (const repo of repos) {
      const course = repo.latestCourseId ? await ctx.db.get(repo.latestCourseId) : null;
      if (course?.status !== "complete") continue;
      courses.push({
        courseId: course._id,
        title: course.title,
        summary: course.summary,
        language: course.language,
        repositoryName: repo.name,
        commit: course.commit,
        lessonCount: course.lessonCount,
        completedAt: course.completedAt,
      });
    }
    return courses;
  },
});

/** A course's headline and its lessons in reading order (no markdown). */
export const outline = query({
  args: { token, courseId: v.string() },
  returns: v.object({
    courseId: v.id("courses"),
    title: v.string(),
    summary: v.string(),
    lessons: v.array(lessonView),
  }),
  handler: async (ctx, args) => {
    const { user } = await tokenOwner(ctx, args.token, "read");
    const course = await readable(ctx, user, args.courseId);
    return {
      courseId: course._id,
      title: course.title,
      summary: course.summary,
      lessons: await courseLessons(ctx, course),
    };
  },
});

/** One lesson with its markdown. */
export const lesson = query({
  args: { token, courseId: v.string(), slug: v.string() },
  returns: v.object({ lesson: lessonView, markdown: v.string() }),
  handler: async (ctx, args) => {
    const { user } = await tokenOwner(ctx, args.token, "read");
    return await lessonWithMarkdown(ctx, await readable(ctx, user, args.courseId), args.slug);
  },
});

/** The course's lessons matching `query`, best first (the reader's search box). */
export const search = query({
  args: { token, courseId: v.string(), query: v.string() },
  returns: v.array(courseHit),
  handler: async (ctx, args) => {
    const { user } = await tokenOwner(ctx, args.token, "read");
    return await searchCourse(ctx, await readable(ctx, user, args.courseId), args.query);
  },
});

/** Asks a question as the token's owner (scope "ask"): the app's rules and limits apply. */
export const ask = mutation({
  args: { token, courseId: v.string(), question: v.string() },
  returns: v.object({ questionId: v.id("questions"), threadId: v.id("questions") }),
  handler: async (ctx, args) => {
    const { user } = await tokenOwner(ctx, args.token, "ask");
    const course = await readable(ctx, user, args.courseId);
    return await createQuestion(ctx, user, { courseId: course._id, question: args.question });
  },
});

/** A question the token's owner asked, with its answer so far (subscribe to see it grow). */
export const question = query({
  args: { token, questionId: v.string() },
  returns: questionView,
  handler: async (ctx, args) => {
    const { user } = await tokenOwner(ctx, args.token, "ask");
    const id = ctx.db.normalizeId("questions", args.questionId);
    if (id === null) throw questionNotFound();
    return toQuestionView(await ownQuestion(ctx, user, id));
  },
});
