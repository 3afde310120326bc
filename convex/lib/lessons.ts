/**
 * Reading a complete course's lessons (tables chapters and chapterParts, written by
 * lib/publish.ts), for courses.ts (the app), mcpAccess.ts (an MCP token) and progress.ts.
 * The caller has checked that the course may be read (lib/courseAccess.ts).
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { userError } from "./errors.ts";
import { type lessonView, toLessonView } from "./views.ts";

/** The course's lessons (no markdown) in reading order. */
export async function courseLessons(ctx: QueryCtx, course: Doc<"courses">) {
  const chapters = await ctx.db
    .query("chapters")
    .withIndex("by_course_order", (q) => q.eq("courseId", course._id))
    .take(course.lessonCount);
  return chapters.map(toLessonView);
}

/** The course's lesson named `slug`, or the reader's not_found naming it. */
export async function lessonBySlug(
  ctx: QueryCtx,
  courseId: Id<"courses">,
  slug: string,
): Promise<Doc<"chapters">> {
  const chapter = await ctx.db
    .query("chapters")
    .withIndex("by_course_slug", (q) => q.eq("courseId", courseId).eq("slug", slug))
    .unique();
  if (!chapter) {
    throw userError(
      "not_found",
      `This course has no lesson "${slug.slice(0, 100)}". Pick one from its table of contents.`,
    );
  }
  return chapter;
}

/** One lesson with its markdown reassembled from its parts, or not_found naming the slug. */
export async function lessonWithMarkdown(
  ctx: QueryCtx,
  course: Doc<"courses">,
  slug: string,
): Promise<{ lesson: typeof lessonView.type; markdown: string }> {
  const chapter = await lessonBySlug(ctx, course._id, slug);
  const parts = await ctx.db
    .query("chapterParts")
    .withIndex("by_chapter_index", (q) => q.eq("chapterId", chapter._id))
    .take(chapter.partCount);
  return { lesson: toLessonView(chapter), markdown: parts.map((p) => p.markdown).join("") };
}
