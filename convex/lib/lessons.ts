/**
 * Reading a complete course's lessons (tables chapters and chapterParts, written by
 * lib/publish.ts), for courses.ts (the app) and mcpAccess.ts (an MCP token). The caller
 * has checked that the course may be read (lib/courseAccess.ts).
 */
import type { Doc } from "../_generated/dataModel";
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

/** One lesson with its markdown reassembled from its parts, or not_found naming the slug. */
export async function lessonWithMarkdown(
  ctx: QueryCtx,
  course: Doc<"courses">,
  slug: string,
): Promise<{ lesson: typeof lessonView.type; markdown: string }> {
  const chapter = await ctx.db
    .query("chapters")
    .withIndex("by_course_slug", (q) => q.eq("courseId", course._id).eq("slug", slug))
    .unique();
  if (!chapter) {
    throw userError(
      "not_found",
      `This course has no lesson "${slug.slice(0, 100)}". Pick one from its table of contents.`,
    );
  }
  const parts = await ctx.db
    .query("chapterParts")
    .withIndex("by_chapter_index", (q) => q.eq("chapterId", chapter._id))
    .take(chapter.partCount);
  return { lesson: toLessonView(chapter), markdown: parts.map((p) => p.markdown).join("") };
}
