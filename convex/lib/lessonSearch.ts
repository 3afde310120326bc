/**
 * The search rows of a lesson (table lessonSearch): one per section of its text, written
 * when the lesson's last part arrives (publish.addPart) and deleted with an abandoned
 * publication (courses.purgeAbandoned). Read by convex/search.ts.
 *
 * Why when the lesson's parts are all in, and not when the publication completes: indexing
 * at completion would read every part of the course in one mutation (up to 100 lessons × 20
 * parts × 200k characters, far past a mutation's read limit) or leave a complete course
 * unsearchable until a follow-up job ran. Rows of a course still being published exist but
 * are never found: search.inCourse goes through readableCourse (complete courses only) and
 * search.mine keeps the hits of each repository's latest course, which is set on completion.
 */
import { searchWords } from "@fondation/shared/core";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { lessonSections } from "./searchText.ts";

/** Deletes the search rows of one lesson. */
export async function deleteLessonSearch(ctx: MutationCtx, chapterId: Id<"chapters">) {
  const rows = await ctx.db
    .query("lessonSearch")
    .withIndex("by_chapter", (q) => q.eq("chapterId", chapterId))
    .collect();
  for (const row of rows) await ctx.db.delete(row._id);
}

/** (Re)writes the search rows of a lesson whose parts have all arrived. */
export async function indexLesson(
  ctx: MutationCtx,
  course: Doc<"courses">,
  chapter: Doc<"chapters">,
): Promise<void> {
  await deleteLessonSearch(ctx, chapter._id);
  const parts = await ctx.db
    .query("chapterParts")
    .withIndex("by_chapter_index", (q) => q.eq("chapterId", chapter._id))
    .take(chapter.partCount);
  const markdown = parts.map((p) => p.markdown).join("");
  for (const [i, section] of lessonSections(markdown).entries()) {
    // The lesson title is searchable once, on the lesson's first row.
    const words = searchWords(`${i === 0 ? chapter.title : ""} ${section.heading} ${section.text}`);
    await ctx.db.insert("lessonSearch", {
      courseId: course._id,
      ownerId: course.ownerId,
      repositoryId: course.repositoryId,
      chapterId: chapter._id,
      slug: chapter.slug,
      lessonTitle: chapter.title,
      headingId: section.headingId,
      heading: section.heading,
      text: section.text,
      searchText: words.join(" "),
    });
  }
}
