/**
 * Published courses, for their owner, and for whoever holds a course's share key
 * (`get` and `lesson` only; `setSharing` turns that link on and off). A course is written
 * by the worker in parts (workerApi.beginPublish / addLessonPart / completePublish) and is
 * invisible here until complete. `purgeAbandoned` (internal) deletes the parts (search
 * rows, source files) of a publication that was replaced.
 */
import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation, mutation, query } from "./_generated/server";
import { currentUser, requireUser } from "./lib/auth.ts";
import { newShareKey, readableCourse, shareArg } from "./lib/courseAccess.ts";
import { deleteLessonSearch } from "./lib/lessonSearch.ts";
import { courseLessons, lessonWithMarkdown } from "./lib/lessons.ts";
import { ownCourse, ownRepository } from "./lib/ownership.ts";
import { deleteSomeFiles } from "./lib/sources.ts";
import { abstraction, courseUpdate, githubRef, relationship } from "./lib/validators.ts";
import { courseSummary, lessonView, toCourseSummary } from "./lib/views.ts";

const MAX_HISTORY = 100;
const PURGE_BATCH = 20;

/**
 * A complete course with its abstractions, relationships and lesson list (no markdown), and
 * the repository's display name. A share-key visitor (`isOwner` false) gets no ids or cost
 * of the owner's (repository, job, usage): only what reading the course needs.
 */
export const get = query({
  args: { courseId: v.id("courses"), share: shareArg },
  returns: v.object({
    course: v.object({
      ...courseSummary.omit("jobId", "usage").fields,
      jobId: v.optional(v.id("jobs")),
      usage: courseSummary.fields.usage,
      repositoryId: v.optional(v.id("repositories")),
      abstractions: v.array(abstraction),
      relationships: v.array(relationship),
      /** A refreshed version: what changed since `fromCourseId` (the owner's id only). */
      changes: v.optional(courseUpdate),
    }),
    repository: v.object({ name: v.string(), github: v.optional(githubRef) }),
    isOwner: v.boolean(),
    lessons: v.array(lessonView),
  }),
  handler: async (ctx, { courseId, share }) => {
    const { course, isOwner } = await readableCourse(ctx, courseId, share);
    const lessons = await courseLessons(ctx, course);
    const repo = await ctx.db.get(course.repositoryId);
    const { jobId, usage, ...summary } = toCourseSummary(course);
    return {
      course: {
        ...summary,
        ...(isOwner ? { jobId, usage, repositoryId: course.repositoryId } : {}),
        abstractions: course.abstractions,
        relationships: course.relationships,
        ...(course.changes ? { changes: changesView(course.changes, isOwner) } : {}),
      },
      repository: { name: repo?.name ?? course.title, github: repo?.github },
      isOwner,
      lessons,
    };
  },
});

/** A share-key visitor reads what changed, not the id of a version that may not be shared. */
function changesView(changes: typeof courseUpdate.type, isOwner: boolean) {
  if (isOwner) return changes;
  const { fromCourseId: _, ...rest } = changes;
  return rest;
}

/**
 * Whether the user's course is shared by link, and its key (to build the link); whether its
 * readers may ask it questions.
 */
export const sharing = query({
  args: { courseId: v.id("courses") },
  returns: v.object({ shareKey: v.union(v.string(), v.null()), allowQuestions: v.boolean() }),
  handler: async (ctx, { courseId }) => {
    const course = await ownCourse(ctx, await currentUser(ctx), courseId);
    return { shareKey: course.shareKey ?? null, allowQuestions: course.allowQuestions === true };
  },
});

/**
 * Lets the readers of the user's shared course ask it questions (issue 16), or stops them
 * (questions already asked are theirs and stay). Each reader's answers count toward the
 * reader's own limits. Kept when the link is turned off: it applies again when shared anew.
 */
export const setAllowQuestions = mutation({
  args: { courseId: v.id("courses"), allow: v.boolean() },
  returns: v.object({ allowQuestions: v.boolean() }),
  handler: async (ctx, { courseId, allow }) => {
    const course = await ownCourse(ctx, await requireUser(ctx), courseId);
    await ctx.db.patch(course._id, { allowQuestions: allow });
    return { allowQuestions: allow };
  },
});

/**
 * Shares the user's course by link (unlisted: readable by whoever has the link, listed
 * nowhere) or makes it private again. Each share makes a new key, so a link turned off
 * never works again; un-sharing clears the key.
 */
export const setSharing = mutation({
  args: { courseId: v.id("courses"), shared: v.boolean() },
  returns: v.object({ shareKey: v.union(v.string(), v.null()) }),
  handler: async (ctx, { courseId, shared }) => {
    const course = await ownCourse(ctx, await requireUser(ctx), courseId);
    const shareKey = shared ? newShareKey() : undefined;
    await ctx.db.patch(course._id, { shareKey });
    return { shareKey: shareKey ?? null };
  },
});

/** The complete courses of one of the user's repositories, newest first. */
export const listForRepository = query({
  args: { repositoryId: v.id("repositories") },
  returns: v.array(courseSummary),
  handler: async (ctx, { repositoryId }) => {
    const repo = await ownRepository(ctx, await currentUser(ctx), repositoryId);
    const courses = await ctx.db
      .query("courses")
      .withIndex("by_repository_status", (q) =>
        q.eq("repositoryId", repo._id).eq("status", "complete"),
      )
      .order("desc")
      .take(MAX_HISTORY);
    return courses.map(toCourseSummary);
  },
});

/** One chapter or tutorial of a complete course, with its markdown reassembled from its parts. */
export const lesson = query({
  args: { courseId: v.id("courses"), slug: v.string(), share: shareArg },
  returns: v.object({ lesson: lessonView, markdown: v.string() }),
  handler: async (ctx, { courseId, slug, share }) => {
    const { course } = await readableCourse(ctx, courseId, share);
    return await lessonWithMarkdown(ctx, course, slug);
  },
});

/** Deletes an abandoned (replaced, never completed) publication, a few lessons per run. */
export const purgeAbandoned = internalMutation({
  args: { courseId: v.id("courses") },
  returns: v.null(),
  handler: async (ctx, { courseId }) => {
    const course = await ctx.db.get(courseId);
    if (course?.status !== "abandoned") return null;
    const chapters = await ctx.db
      .query("chapters")
      .withIndex("by_course_order", (q) => q.eq("courseId", courseId))
      .take(PURGE_BATCH);
    for (const chapter of chapters) {
      const parts = await ctx.db
        .query("chapterParts")
        .withIndex("by_chapter_index", (q) => q.eq("chapterId", chapter._id))
        .collect();
      for (const part of parts) await ctx.db.delete(part._id);
      await deleteLessonSearch(ctx, chapter._id);
      await ctx.db.delete(chapter._id);
    }
    // Published source files go too, a batch per run, once the lessons are gone.
    const files =
      chapters.length < PURGE_BATCH ? await deleteSomeFiles(ctx, courseId, PURGE_BATCH) : 0;
    if (chapters.length === PURGE_BATCH || files === PURGE_BATCH) {
      await ctx.scheduler.runAfter(0, internal.courses.purgeAbandoned, { courseId });
    } else {
      await ctx.db.delete(courseId);
    }
    return null;
  },
});
