/**
 * Published source files of a course: the files its lessons cite, copied by the worker from
 * its clone at the course's commit (workerApi.addSourceParts), stored in parts
 * (courseFileParts) under one header row per file (courseFiles). `complete` in
 * lib/publish.ts refuses a course whose files are missing parts; courses.purgeAbandoned
 * deletes them with an abandoned publication; convex/sources.ts serves them to readers.
 * Caps are enforced here whatever the worker sends (shared/src/sources.ts).
 */
import {
  isPlainRepoPath,
  MAX_SOURCE_BYTES_PER_COURSE,
  MAX_SOURCE_FILE_BYTES,
  MAX_SOURCE_FILES,
  MAX_SOURCE_PART_CHARS,
  MAX_SOURCE_PARTS_PER_FILE,
} from "@fondation/shared/core";
import { v } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { userError } from "./errors.ts";

/** Parts in one addSourceParts call, and their characters (arguments are limited to 8 MiB). */
export const MAX_SOURCE_PARTS_PER_CALL = 40;
export const MAX_SOURCE_CHARS_PER_CALL = 2_000_000;

export const sourcePartInput = v.object({
  path: v.string(),
  /** Bytes of the whole file (UTF-8), as read from the clone. */
  size: v.number(),
  /** Lines of the whole file. */
  lines: v.number(),
  partCount: v.number(),
  index: v.number(),
  text: v.string(),
});
type SourcePartInput = typeof sourcePartInput.type;

function invalid(message: string): never {
  throw userError("invalid_argument", message);
}

const whole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

function checkPart(p: SourcePartInput, cited: Set<string>): void {
  const name = p.path.slice(0, 100);
  if (!isPlainRepoPath(p.path)) invalid(`"${name}" is not a plain repository path.`);
  if (!cited.has(p.path)) invalid(`The course's lessons do not cite "${name}".`);
  if (!whole(p.size, 0, MAX_SOURCE_FILE_BYTES)) {
    invalid(`"${name}": a published file has at most ${MAX_SOURCE_FILE_BYTES} bytes.`);
  }
  if (!whole(p.lines, 0, MAX_SOURCE_FILE_BYTES + 1)) invalid(`"${name}": bad line count.`);
  if (!whole(p.partCount, 1, MAX_SOURCE_PARTS_PER_FILE)) {
    invalid(`"${name}": a file has 1 to ${MAX_SOURCE_PARTS_PER_FILE} parts.`);
  }
  if (!whole(p.index, 0, p.partCount - 1)) {
    invalid(`"${name}": part index ${p.index} is outside 0..${p.partCount - 1}.`);
  }
  if (p.text.length > MAX_SOURCE_PART_CHARS) {
    invalid(`"${name}": a part holds at most ${MAX_SOURCE_PART_CHARS} characters.`);
  }
}

/** The header rows of a course's published files (at most MAX_SOURCE_FILES, plus one to tell). */
export async function courseFiles(
  ctx: QueryCtx,
  courseId: Id<"courses">,
): Promise<Doc<"courseFiles">[]> {
  return await ctx.db
    .query("courseFiles")
    .withIndex("by_course_path", (q) => q.eq("courseId", courseId))
    .take(MAX_SOURCE_FILES + 1);
}

/** The paths the course's lessons cite (inline citations are merged in by the CLI). */
async function citedPaths(ctx: QueryCtx, course: Doc<"courses">): Promise<Set<string>> {
  const chapters = await ctx.db
    .query("chapters")
    .withIndex("by_course_order", (q) => q.eq("courseId", course._id))
    .take(course.lessonCount);
  return new Set(chapters.flatMap((c) => c.citations.map((x) => x.path)));
}

/**
 * Stores a batch of file parts of the course being published. A file's first part creates
 * its header (within the per-course caps); later parts must agree with it.
 */
export async function addParts(
  ctx: MutationCtx,
  course: Doc<"courses">,
  parts: SourcePartInput[],
): Promise<{ filesComplete: number }> {
  if (parts.length === 0 || parts.length > MAX_SOURCE_PARTS_PER_CALL) {
    invalid(`Send 1 to ${MAX_SOURCE_PARTS_PER_CALL} parts per call.`);
  }
  if (parts.reduce((n, p) => n + p.text.length, 0) > MAX_SOURCE_CHARS_PER_CALL) {
    invalid(`Send at most ${MAX_SOURCE_CHARS_PER_CALL} characters per call.`);
  }
  const cited = await citedPaths(ctx, course);
  for (const p of parts) checkPart(p, cited);
  const files = new Map((await courseFiles(ctx, course._id)).map((f) => [f.path, f]));
  let totalBytes = [...files.values()].reduce((n, f) => n + f.size, 0);
  let filesComplete = 0;
  for (const p of parts) {
    let file = files.get(p.path);
    if (!file) {
      if (files.size >= MAX_SOURCE_FILES)
        invalid(`A course publishes at most ${MAX_SOURCE_FILES} files.`);
      if (totalBytes + p.size > MAX_SOURCE_BYTES_PER_COURSE) {
        invalid(`A course publishes at most ${MAX_SOURCE_BYTES_PER_COURSE} bytes of files.`);
      }
      totalBytes += p.size;
      const fields = {
        courseId: course._id,
        path: p.path,
        size: p.size,
        lines: p.lines,
        partCount: p.partCount,
        received: [],
        chars: 0,
      };
      const id = await ctx.db.insert("courseFiles", fields);
      file = { _id: id, _creationTime: Date.now(), ...fields };
    } else if (file.size !== p.size || file.lines !== p.lines || file.partCount !== p.partCount) {
      invalid(`"${p.path.slice(0, 100)}": size, lines and partCount differ from its first part.`);
    }
    const fileId = file._id;
    const previous = await ctx.db
      .query("courseFileParts")
      .withIndex("by_file_index", (q) => q.eq("fileId", fileId).eq("index", p.index))
      .unique();
    const chars = file.chars - (previous?.text.length ?? 0) + p.text.length;
    // UTF-8 takes at least one byte per UTF-16 unit: more characters than bytes is a lie.
    if (chars > file.size) invalid(`"${p.path.slice(0, 100)}": more text than its size.`);
    if (previous) await ctx.db.patch(previous._id, { text: p.text });
    else await ctx.db.insert("courseFileParts", { fileId, index: p.index, text: p.text });
    const received = file.received.includes(p.index) ? file.received : [...file.received, p.index];
    await ctx.db.patch(fileId, { received, chars });
    file = { ...file, received, chars };
    files.set(p.path, file);
    if (received.length === file.partCount) filesComplete += 1;
  }
  return { filesComplete };
}

/** Refuses to complete a course while one of its files is missing parts. */
export async function checkComplete(ctx: QueryCtx, courseId: Id<"courses">): Promise<void> {
  const missing = (await courseFiles(ctx, courseId))
    .filter((f) => f.received.length !== f.partCount)
    .map((f) => f.path.slice(0, 100));
  if (missing.length > 0) {
    invalid(
      `Some source files are missing parts: ${missing.slice(0, 10).join(", ")}. Send them with addSourceParts.`,
    );
  }
}

/** Deletes up to `limit` files (with their parts) of a course; returns how many it deleted. */
export async function deleteSomeFiles(
  ctx: MutationCtx,
  courseId: Id<"courses">,
  limit: number,
): Promise<number> {
  const files = await ctx.db
    .query("courseFiles")
    .withIndex("by_course_path", (q) => q.eq("courseId", courseId))
    .take(limit);
  for (const file of files) {
    const parts = await ctx.db
      .query("courseFileParts")
      .withIndex("by_file_index", (q) => q.eq("fileId", file._id))
      .take(MAX_SOURCE_PARTS_PER_FILE);
    for (const part of parts) await ctx.db.delete(part._id);
    await ctx.db.delete(file._id);
  }
  return files.length;
}
