/**
 * Learning progress: which lessons of a course a reader finished and which tutorial steps
 * they ticked, saved per user (table lessonProgress). Anyone who may read the course (its
 * owner, or a signed-in holder of its share link) keeps their own progress in it; nobody sees
 * anyone else's. A signed-out visitor of a shared course gets an empty progress and ticks
 * that the page keeps only in memory. Written and read by the web reader only.
 */
import { MAX_STEP_KEYS, STEP_KEY_PATTERN } from "@fondation/shared/core";
import { v } from "convex/values";
import type { Doc, Id } from "./_generated/dataModel";
import { type MutationCtx, mutation, query } from "./_generated/server";
import { requireUser } from "./lib/auth.ts";
import { readableCourse, shareArg } from "./lib/courseAccess.ts";
import { userError } from "./lib/errors.ts";
import { lessonBySlug } from "./lib/lessons.ts";

const lessonProgressView = v.object({
  slug: v.string(),
  readAt: v.optional(v.number()),
  checked: v.array(v.string()),
  stepCount: v.optional(v.number()),
});

const stepCountArg = v.optional(v.number());

/** The caller's progress in each lesson of a course they may read ([] when signed out). */
export const forCourse = query({
  args: { courseId: v.id("courses"), share: shareArg },
  returns: v.array(lessonProgressView),
  handler: async (ctx, { courseId, share }) => {
    const { course, viewer } = await readableCourse(ctx, courseId, share);
    if (viewer === null) return [];
    const rows = await ctx.db
      .query("lessonProgress")
      .withIndex("by_user_course_slug", (q) => q.eq("userId", viewer._id).eq("courseId", courseId))
      .take(course.lessonCount);
    return rows.map((row) => ({
      slug: row.slug,
      readAt: row.readAt,
      checked: row.checked,
      stepCount: row.stepCount,
    }));
  },
});

/** Marks a lesson read (the first time only; reading it again changes nothing). */
export const markRead = mutation({
  args: { courseId: v.id("courses"), slug: v.string(), share: shareArg, stepCount: stepCountArg },
  returns: v.null(),
  handler: async (ctx, args) => {
    const { userId, row } = await lessonOfReader(ctx, args);
    const stepCount = checkStepCount(args.stepCount);
    const now = Date.now();
    if (!row) {
      await ctx.db.insert("lessonProgress", {
        userId,
        courseId: args.courseId,
        slug: args.slug,
        readAt: now,
        checked: [],
        ...(stepCount === undefined ? {} : { stepCount }),
        updatedAt: now,
      });
    } else if (row.readAt === undefined || (stepCount ?? row.stepCount) !== row.stepCount) {
      await ctx.db.patch(row._id, {
        readAt: row.readAt ?? now,
        ...(stepCount === undefined ? {} : { stepCount }),
        updatedAt: now,
      });
    }
    return null;
  },
});

/** Ticks (`done`) or unticks one tutorial step of a lesson. */
export const setStep = mutation({
  args: {
    courseId: v.id("courses"),
    slug: v.string(),
    key: v.string(),
    done: v.boolean(),
    share: shareArg,
    stepCount: stepCountArg,
  },
  returns: v.null(),
  handler: async (ctx, args) => {
    if (!STEP_KEY_PATTERN.test(args.key)) {
      throw userError("invalid_argument", "This step has no valid key; reload the lesson.");
    }
    const { userId, row } = await lessonOfReader(ctx, args);
    const stepCount = checkStepCount(args.stepCount);
    const before = row?.checked ?? [];
    const checked = args.done
      ? [...new Set([...before, args.key])]
      : before.filter((key) => key !== args.key);
    if (checked.length > MAX_STEP_KEYS) {
      throw userError(
        "invalid_argument",
        `A lesson keeps at most ${MAX_STEP_KEYS} ticked steps; untick some first.`,
      );
    }
    const now = Date.now();
    const fields = { checked, ...(stepCount === undefined ? {} : { stepCount }), updatedAt: now };
    if (row) await ctx.db.patch(row._id, fields);
    else
      await ctx.db.insert("lessonProgress", {
        userId,
        courseId: args.courseId,
        slug: args.slug,
        ...fields,
      });
    return null;
  },
});

/**
 * The signed-in caller and their progress row for a lesson of a course they may read. A
 * course they may not read, or a slug that is not one of its lessons, is "not found".
 */
async function lessonOfReader(
  ctx: MutationCtx,
  args: { courseId: Id<"courses">; slug: string; share?: string },
): Promise<{ userId: Id<"users">; row: Doc<"lessonProgress"> | null }> {
  const user = await requireUser(ctx);
  await readableCourse(ctx, args.courseId, args.share);
  await lessonBySlug(ctx, args.courseId, args.slug);
  const row = await ctx.db
    .query("lessonProgress")
    .withIndex("by_user_course_slug", (q) =>
      q.eq("userId", user._id).eq("courseId", args.courseId).eq("slug", args.slug),
    )
    .unique();
  return { userId: user._id, row };
}

/** A lesson's number of steps as the page counted it: a whole number up to MAX_STEP_KEYS. */
function checkStepCount(stepCount: number | undefined): number | undefined {
  if (stepCount === undefined) return undefined;
  if (!Number.isInteger(stepCount) || stepCount < 0 || stepCount > MAX_STEP_KEYS) {
    throw userError(
      "invalid_argument",
      `A lesson has 0 to ${MAX_STEP_KEYS} steps, not ${stepCount}; reload the lesson.`,
    );
  }
  return stepCount;
}
