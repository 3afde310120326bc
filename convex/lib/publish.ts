/**
 * Publishing a course in parts that respect Convex's limits (1 MiB per document, 8 MiB per
 * argument): `begin` writes the course and its lesson list, `addPart` one markdown part at
 * a time, `complete` checks every part arrived, makes the course visible and ends the job.
 */
import {
  BLOB_SHA_RE,
  isPlainRepoPath,
  MAX_CHANGE_FILES,
  MAX_CHANGE_REASON_CHARS,
  MAX_CHAPTER_PART_CHARS,
  MAX_COURSE_FOLDERS,
  MAX_COURSE_FOLDERS_CHARS,
  MAX_COURSE_SOURCE_FILES,
  MAX_COURSE_SOURCE_FILES_CHARS,
  MAX_LESSON_CHANGES,
  MAX_LESSONS_PER_COURSE,
  type Usage,
} from "@fondation/shared/core";
import { v } from "convex/values";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { userError } from "./errors.ts";
import { indexLesson } from "./lessonSearch.ts";
import { checkComplete as checkSourcesComplete } from "./sources.ts";
import * as transitions from "./transitions.ts";
import {
  abstraction,
  courseChanges,
  courseLanguage,
  lessonFields,
  relationship,
  sourceFile,
} from "./validators.ts";

/** Parts of one lesson at most. */
export const MAX_PARTS_PER_LESSON = 20;
/** Characters of the course metadata (title, summary, abstractions, lessons…) as JSON. */
const MAX_COURSE_METADATA_CHARS = 800_000;
const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const courseInput = v.object({
  title: v.string(),
  summary: v.string(),
  language: courseLanguage,
  model: v.union(v.string(), v.null()),
  commit: v.optional(v.string()),
  abstractions: v.array(abstraction),
  relationships: v.array(relationship),
  /** A refresh's manifest `update`: what changed since the job's previous course. */
  changes: v.optional(courseChanges),
  /** The manifest's `files`, kept for the next refresh (schema.ts courses.sourceFiles). */
  sourceFiles: v.optional(v.array(sourceFile)),
  /** The manifest's `folders`, kept for the next refresh (schema.ts courses.folders). */
  folders: v.optional(v.array(v.string())),
});

export const lessonInput = v.object({
  ...lessonFields,
  /** Number of markdown parts addLessonPart will send (each ≤ MAX_CHAPTER_PART_CHARS). */
  partCount: v.number(),
});

type CourseInput = typeof courseInput.type;
type LessonInput = typeof lessonInput.type;

function invalid(message: string): never {
  throw userError("invalid_argument", message);
}

function checkCourse(course: CourseInput, lessons: LessonInput[]): void {
  if (course.title.trim().length === 0 || course.title.length > 500) {
    invalid("The course title must be 1 to 500 characters.");
  }
  if (lessons.length === 0 || lessons.length > MAX_LESSONS_PER_COURSE) {
    invalid(`A course has 1 to ${MAX_LESSONS_PER_COURSE} lessons, not ${lessons.length}.`);
  }
  const slugs = new Set<string>();
  for (const lesson of lessons) {
    if (!SLUG_RE.test(lesson.slug))
      invalid(`Lesson slug "${lesson.slug.slice(0, 100)}" is not lowercase-words-with-hyphens.`);
    if (slugs.has(lesson.slug)) invalid(`Lesson slug "${lesson.slug}" appears twice.`);
    slugs.add(lesson.slug);
    if (lesson.title.trim().length === 0 || lesson.title.length > 500) {
      invalid(`Lesson "${lesson.slug}" needs a title of 1 to 500 characters.`);
    }
    if (
      !Number.isInteger(lesson.partCount) ||
      lesson.partCount < 1 ||
      lesson.partCount > MAX_PARTS_PER_LESSON
    ) {
      invalid(
        `Lesson "${lesson.slug}" must have 1 to ${MAX_PARTS_PER_LESSON} parts, not ${lesson.partCount}.`,
      );
    }
    for (const c of lesson.citations) {
      if (!Number.isInteger(c.startLine) || c.startLine < 1 || c.endLine < c.startLine) {
        invalid(
          `Lesson "${lesson.slug}" cites ${c.path}:${c.startLine}-${c.endLine}, which is not a line range.`,
        );
      }
    }
  }
  if (course.changes) checkChanges(course.changes);
  if (course.sourceFiles) checkSourceFiles(course.sourceFiles);
  if (course.folders) checkFolders(course.folders);
  if (JSON.stringify({ course, lessons }).length > MAX_COURSE_METADATA_CHARS) {
    invalid("The course metadata is too large; shorten the summaries and descriptions.");
  }
}

function checkChanges(changes: NonNullable<CourseInput["changes"]>): void {
  if (changes.lessons.length > MAX_LESSON_CHANGES) {
    invalid(`A refresh lists at most ${MAX_LESSON_CHANGES} lesson changes.`);
  }
  for (const change of changes.lessons) {
    const name = change.slug.slice(0, 100);
    if (!SLUG_RE.test(change.slug)) invalid(`Change of "${name}": not a lesson slug.`);
    if (change.reason.length > MAX_CHANGE_REASON_CHARS) {
      invalid(`Change of "${name}": a reason is at most ${MAX_CHANGE_REASON_CHARS} characters.`);
    }
    if (change.files.length > MAX_CHANGE_FILES || !change.files.every(isPlainRepoPath)) {
      invalid(`Change of "${name}": at most ${MAX_CHANGE_FILES} plain repository paths.`);
    }
  }
}

function checkSourceFiles(files: NonNullable<CourseInput["sourceFiles"]>): void {
  if (files.length > MAX_COURSE_SOURCE_FILES) {
    invalid(`A course keeps at most ${MAX_COURSE_SOURCE_FILES} source file ids.`);
  }
  if (JSON.stringify(files).length > MAX_COURSE_SOURCE_FILES_CHARS) {
    invalid(`The source file ids are more than ${MAX_COURSE_SOURCE_FILES_CHARS} characters.`);
  }
  for (const f of files) {
    if (!isPlainRepoPath(f.path) || !BLOB_SHA_RE.test(f.sha)) {
      invalid(`Source file "${f.path.slice(0, 100)}": a plain path and a 40-hex blob id.`);
    }
  }
}

function checkFolders(folders: string[]): void {
  if (
    folders.length > MAX_COURSE_FOLDERS ||
    JSON.stringify(folders).length > MAX_COURSE_FOLDERS_CHARS
  ) {
    invalid(`A course keeps at most ${MAX_COURSE_FOLDERS} folders of its tree.`);
  }
  const bad = folders.find((f) => !isPlainRepoPath(f));
  if (bad !== undefined) invalid(`Folder "${bad.slice(0, 100)}": a plain repository path.`);
}

/** Starts (or restarts) the publication of `job`'s course; an earlier unfinished one is abandoned. */
export async function begin(
  ctx: MutationCtx,
  job: Doc<"jobs">,
  course: CourseInput,
  lessons: LessonInput[],
): Promise<Id<"courses">> {
  checkCourse(course, lessons);
  const earlier = await ctx.db
    .query("courses")
    .withIndex("by_job", (q) => q.eq("jobId", job._id))
    .take(10);
  for (const old of earlier) {
    if (old.status !== "publishing") continue;
    await ctx.db.patch(old._id, { status: "abandoned" });
    await ctx.scheduler.runAfter(0, internal.courses.purgeAbandoned, { courseId: old._id });
  }
  const { changes, ...fields } = course;
  // The course it was made from is the job's word, not the worker's.
  const fromCourseId = job.previousCourseId;
  const courseId = await ctx.db.insert("courses", {
    ownerId: job.ownerId,
    repositoryId: job.repositoryId,
    jobId: job._id,
    attempt: job.attempt,
    status: "publishing",
    ...fields,
    ...(changes ? { changes: { ...changes, ...(fromCourseId ? { fromCourseId } : {}) } } : {}),
    lessonCount: lessons.length,
  });
  for (const [order, lesson] of lessons.entries()) {
    await ctx.db.insert("chapters", { courseId, order, ...lesson, received: [] });
  }
  await transitions.startPublishing(ctx, job);
  return courseId;
}

/** The course this attempt is publishing, or invalid_argument. */
export async function publishingCourse(
  ctx: MutationCtx,
  job: Doc<"jobs">,
  courseId: Id<"courses">,
): Promise<Doc<"courses">> {
  const course = await ctx.db.get(courseId);
  if (
    !course ||
    course.jobId !== job._id ||
    course.attempt !== job.attempt ||
    course.status !== "publishing"
  ) {
    invalid("This course is not being published by this attempt: call beginPublish first.");
  }
  return course;
}

/** Stores part `index` of lesson `slug`; returns whether the lesson now has all its parts. */
export async function addPart(
  ctx: MutationCtx,
  job: Doc<"jobs">,
  args: { courseId: Id<"courses">; slug: string; index: number; markdown: string },
): Promise<boolean> {
  const course = await publishingCourse(ctx, job, args.courseId);
  if (args.markdown.length > MAX_CHAPTER_PART_CHARS) {
    invalid(
      `A lesson part holds at most ${MAX_CHAPTER_PART_CHARS} characters; split it into more parts.`,
    );
  }
  const chapter = await ctx.db
    .query("chapters")
    .withIndex("by_course_slug", (q) => q.eq("courseId", course._id).eq("slug", args.slug))
    .unique();
  if (!chapter)
    invalid(`The course has no lesson "${args.slug.slice(0, 100)}" (declare it in beginPublish).`);
  if (!Number.isInteger(args.index) || args.index < 0 || args.index >= chapter.partCount) {
    invalid(
      `Part index ${args.index} of lesson "${args.slug}" is outside 0..${chapter.partCount - 1}.`,
    );
  }
  const previous = await ctx.db
    .query("chapterParts")
    .withIndex("by_chapter_index", (q) => q.eq("chapterId", chapter._id).eq("index", args.index))
    .unique();
  if (previous) await ctx.db.patch(previous._id, { markdown: args.markdown });
  else
    await ctx.db.insert("chapterParts", {
      chapterId: chapter._id,
      index: args.index,
      markdown: args.markdown,
    });
  const received = chapter.received.includes(args.index)
    ? chapter.received
    : [...chapter.received, args.index];
  await ctx.db.patch(chapter._id, { received });
  const lessonComplete = received.length === chapter.partCount;
  if (lessonComplete) await indexLesson(ctx, course, chapter);
  return lessonComplete;
}

/** Makes the course visible, marks the job succeeded and the repository's latest course. */
export async function complete(
  ctx: MutationCtx,
  job: Doc<"jobs">,
  args: { courseId: Id<"courses">; usage: Usage; commit?: string },
): Promise<void> {
  const course = await publishingCourse(ctx, job, args.courseId);
  const chapters = await ctx.db
    .query("chapters")
    .withIndex("by_course_order", (q) => q.eq("courseId", course._id))
    .take(course.lessonCount);
  const missing = chapters.filter((c) => c.received.length !== c.partCount).map((c) => c.slug);
  if (missing.length > 0) {
    invalid(
      `Some lessons are missing parts: ${missing.slice(0, 10).join(", ")}. Send them with addLessonPart.`,
    );
  }
  await checkSourcesComplete(ctx, course._id);
  for (const [name, value] of Object.entries(args.usage)) {
    if (!Number.isFinite(value) || value < 0)
      invalid(`Usage ${name} must be a non-negative number.`);
  }
  const commit = args.commit ?? course.commit ?? job.commit;
  await ctx.db.patch(course._id, {
    status: "complete",
    usage: args.usage,
    completedAt: Date.now(),
    ...(commit ? { commit } : {}),
  });
  await ctx.db.patch(job.repositoryId, { latestCourseId: course._id, updatedAt: Date.now() });
  await transitions.succeed(ctx, job, course._id, args.usage);
}
