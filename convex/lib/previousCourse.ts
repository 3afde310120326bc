/**
 * The previous course of a refresh (jobs.previousCourseId), as its worker reads it to write
 * the folder of the CLI's `--update`: the course's metadata and lists (`describe`), then the
 * lessons' markdown and the published files' text in pages of whole parts (`page`). The
 * parts are numbered in one fixed order (lessons in teaching order, each part in turn, then
 * the complete files by path), so a page is named by the number of its first part. A page
 * stays well under a query's read and return limits (16 MiB): at most PAGE_PARTS parts and
 * PAGE_CHARS characters, but always one part, and a part holds at most 200,000 characters.
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { courseFiles } from "./sources.ts";

/** Characters of text in one page (at 3 UTF-8 bytes each, 3 MB). */
export const PAGE_CHARS = 1_000_000;
/** Parts in one page (each part is one index lookup). */
export const PAGE_PARTS = 50;

type PartRef =
  | { kind: "lesson"; chapterId: Id<"chapters">; slug: string; index: number }
  | { kind: "file"; fileId: Id<"courseFiles">; path: string; index: number };

export type PagePart =
  | { kind: "lesson"; slug: string; index: number; text: string }
  | { kind: "file"; path: string; index: number; text: string };

/** The job's previous course when it is still there, complete, and of the job's repository. */
export async function previousOf(ctx: QueryCtx, job: Doc<"jobs">): Promise<Doc<"courses"> | null> {
  if (!job.previousCourseId) return null;
  const course = await ctx.db.get(job.previousCourseId);
  if (course?.status !== "complete") return null;
  if (course.repositoryId !== job.repositoryId || course.ownerId !== job.ownerId) return null;
  return course;
}

async function lessonsOf(ctx: QueryCtx, course: Doc<"courses">): Promise<Doc<"chapters">[]> {
  return await ctx.db
    .query("chapters")
    .withIndex("by_course_order", (q) => q.eq("courseId", course._id))
    .take(course.lessonCount);
}

async function completeFiles(ctx: QueryCtx, course: Doc<"courses">) {
  return (await courseFiles(ctx, course._id)).filter((f) => f.received.length === f.partCount);
}

/** The course's fields, lessons (with their part counts) and complete files, no text. */
export async function describe(ctx: QueryCtx, course: Doc<"courses">) {
  const lessons = await lessonsOf(ctx, course);
  const files = await completeFiles(ctx, course);
  const partCount =
    lessons.reduce((n, l) => n + l.partCount, 0) + files.reduce((n, f) => n + f.partCount, 0);
  return {
    courseId: course._id,
    title: course.title,
    summary: course.summary,
    language: course.language,
    model: course.model,
    ...(course.commit ? { commit: course.commit } : {}),
    abstractions: course.abstractions,
    relationships: course.relationships,
    sourceFiles: course.sourceFiles ?? [],
    ...(course.folders ? { folders: course.folders } : {}),
    lessons: lessons.map((l) => ({
      kind: l.kind,
      slug: l.slug,
      title: l.title,
      ...(l.abstraction ? { abstraction: l.abstraction } : {}),
      citations: l.citations,
      prev: l.prev,
      next: l.next,
      partCount: l.partCount,
    })),
    files: files.map((f) => ({
      path: f.path,
      size: f.size,
      lines: f.lines,
      partCount: f.partCount,
    })),
    partCount,
  };
}

async function partRefs(ctx: QueryCtx, course: Doc<"courses">): Promise<PartRef[]> {
  const refs: PartRef[] = [];
  for (const l of await lessonsOf(ctx, course)) {
    for (let index = 0; index < l.partCount; index++) {
      refs.push({ kind: "lesson", chapterId: l._id, slug: l.slug, index });
    }
  }
  for (const f of await completeFiles(ctx, course)) {
    for (let index = 0; index < f.partCount; index++) {
      refs.push({ kind: "file", fileId: f._id, path: f.path, index });
    }
  }
  return refs;
}

async function readPart(ctx: QueryCtx, ref: PartRef): Promise<PagePart | null> {
  if (ref.kind === "lesson") {
    const row = await ctx.db
      .query("chapterParts")
      .withIndex("by_chapter_index", (q) => q.eq("chapterId", ref.chapterId).eq("index", ref.index))
      .unique();
    return row ? { kind: "lesson", slug: ref.slug, index: ref.index, text: row.markdown } : null;
  }
  const row = await ctx.db
    .query("courseFileParts")
    .withIndex("by_file_index", (q) => q.eq("fileId", ref.fileId).eq("index", ref.index))
    .unique();
  return row ? { kind: "file", path: ref.path, index: ref.index, text: row.text } : null;
}

/**
 * The parts from number `from` on, within the page's bounds; `next` is the number of the
 * first part not sent (null after the last). Null when a part is missing (the course is
 * being deleted): the worker then builds from nothing.
 */
export async function page(
  ctx: QueryCtx,
  course: Doc<"courses">,
  from: number,
): Promise<{ parts: PagePart[]; next: number | null } | null> {
  const refs = await partRefs(ctx, course);
  const parts: PagePart[] = [];
  let chars = 0;
  let at = from;
  while (at < refs.length && parts.length < PAGE_PARTS) {
    const ref = refs[at];
    if (!ref) break;
    const part = await readPart(ctx, ref);
    if (!part) return null;
    if (parts.length > 0 && chars + part.text.length > PAGE_CHARS) break;
    parts.push(part);
    chars += part.text.length;
    at += 1;
  }
  return { parts, next: at < refs.length ? at : null };
}
