/**
 * The previous course of a refresh, for the worker running the job (it writes it as the
 * folder of the CLI's `--update`; worker/src/runner/previousCourse.ts). Fenced like
 * workerApi.ts: the worker secret, and (jobId, attempt, workerId) holding the live lease,
 * else `{ok: false, reason, message}`. Only the job's own previous course is ever read
 * (jobs.previousCourseId); `course`/`page` is null when it is gone: build from nothing.
 */
import { v } from "convex/values";
import { query } from "./_generated/server";
import { requireWorker } from "./lib/auth.ts";
import { userError } from "./lib/errors.ts";
import { checkFence, fenceArgs, refusal } from "./lib/fence.ts";
import * as previous from "./lib/previousCourse.ts";
import { abstraction, citation, lessonKind, relationship, sourceFile } from "./lib/validators.ts";

const secret = v.string();

/** A course without its text (lib/previousCourse.ts `describe`); questionWorker.ts too. */
export const previousCourse = v.object({
  courseId: v.id("courses"),
  title: v.string(),
  summary: v.string(),
  language: v.string(),
  model: v.union(v.string(), v.null()),
  commit: v.optional(v.string()),
  abstractions: v.array(abstraction),
  relationships: v.array(relationship),
  /** The manifest's `files` of that course (empty for a course published before them). */
  sourceFiles: v.array(sourceFile),
  /** The manifest's `folders` of that course (absent for a course published before them). */
  folders: v.optional(v.array(v.string())),
  /** In teaching order; `partCount` parts of markdown each. */
  lessons: v.array(
    v.object({
      kind: lessonKind,
      slug: v.string(),
      title: v.string(),
      abstraction: v.optional(v.string()),
      citations: v.array(citation),
      prev: v.union(v.string(), v.null()),
      next: v.union(v.string(), v.null()),
      partCount: v.number(),
    }),
  ),
  /** Its published (cited) files, complete ones only, by path. */
  files: v.array(
    v.object({ path: v.string(), size: v.number(), lines: v.number(), partCount: v.number() }),
  ),
  /** Parts of all lessons and files: `page` numbers them 0..partCount-1. */
  partCount: v.number(),
});

export const pagePart = v.union(
  v.object({ kind: v.literal("lesson"), slug: v.string(), index: v.number(), text: v.string() }),
  v.object({ kind: v.literal("file"), path: v.string(), index: v.number(), text: v.string() }),
);

/** The job's previous course without its text, or null when it is gone. */
export const manifest = query({
  args: { secret, ...fenceArgs },
  returns: v.union(
    v.object({ ok: v.literal(true), course: v.union(v.null(), previousCourse) }),
    refusal,
  ),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    const fence = await checkFence(ctx, args);
    if (!fence.ok) return fence;
    const course = await previous.previousOf(ctx, fence.job);
    return { ok: true as const, course: course ? await previous.describe(ctx, course) : null };
  },
});

/**
 * Parts `from`, `from + 1`… of the previous course's text (lib/previousCourse.ts bounds a
 * page); `next` is where the next page starts, null after the last part.
 */
export const parts = query({
  args: { secret, ...fenceArgs, courseId: v.id("courses"), from: v.number() },
  returns: v.union(
    v.object({
      ok: v.literal(true),
      page: v.union(
        v.null(),
        v.object({ parts: v.array(pagePart), next: v.union(v.number(), v.null()) }),
      ),
    }),
    refusal,
  ),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    if (!Number.isInteger(args.from) || args.from < 0) {
      throw userError("invalid_argument", "from must be a whole number ≥ 0.");
    }
    const fence = await checkFence(ctx, args);
    if (!fence.ok) return fence;
    const course = await previous.previousOf(ctx, fence.job);
    if (!course || course._id !== args.courseId) return { ok: true as const, page: null };
    return { ok: true as const, page: await previous.page(ctx, course, args.from) };
  },
});
