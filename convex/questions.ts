/**
 * Asking a course (issue 16): a question becomes a queued row the worker answers
 * (questionWorker.ts), streaming the answer into it; the asker subscribes to `get` or
 * `thread` and sees it grow. Who may ask: lib/questionAccess.ts. Fair use:
 * lib/questionLimits.ts. A question is its asker's only.
 */
import { v } from "convex/values";
import { mutation, query } from "./_generated/server";
import { currentUser, requireUser } from "./lib/auth.ts";
import { readableCourse, shareArg } from "./lib/courseAccess.ts";
import { userError } from "./lib/errors.ts";
import { createQuestion } from "./lib/newQuestion.ts";
import { ownQuestion, threadOf, threadQuestions } from "./lib/questionAccess.ts";
import { MAX_THREAD_QUESTIONS } from "./lib/questionRules.ts";
import * as transitions from "./lib/questionTransitions.ts";
import { questionView, toQuestionView } from "./lib/questionViews.ts";
import { clampLimit, literals } from "./lib/validators.ts";

const MAX_HISTORY = 100;

/**
 * Asks a question about a course the caller may ask (their own, or a shared one whose owner
 * allows questions: pass the link's `share` key). `threadId` makes it a follow-up: any
 * question of the caller's thread on the same course.
 */
export const ask = mutation({
  args: {
    courseId: v.id("courses"),
    question: v.string(),
    threadId: v.optional(v.id("questions")),
    share: shareArg,
  },
  returns: v.object({ questionId: v.id("questions"), threadId: v.id("questions") }),
  handler: async (ctx, args) => await createQuestion(ctx, await requireUser(ctx), args),
});

/**
 * Whether the caller may ask a course they can read (the Ask box shows or explains):
 * `sign_in` for a signed-out reader, `not_allowed` when the owner takes no questions.
 */
export const canAsk = query({
  args: { courseId: v.id("courses"), share: shareArg },
  returns: v.object({
    canAsk: v.boolean(),
    reason: v.union(v.null(), literals(["sign_in", "not_allowed"] as const)),
  }),
  handler: async (ctx, { courseId, share }) => {
    const { course, isOwner } = await readableCourse(ctx, courseId, share);
    if (!(await ctx.auth.getUserIdentity())) return { canAsk: false, reason: "sign_in" as const };
    if (isOwner || course.allowQuestions === true) return { canAsk: true, reason: null };
    return { canAsk: false, reason: "not_allowed" as const };
  },
});

/** One of the caller's questions with its answer so far (subscribe to see it grow). */
export const get = query({
  args: { questionId: v.id("questions") },
  returns: questionView,
  handler: async (ctx, { questionId }) => {
    return toQuestionView(await ownQuestion(ctx, await currentUser(ctx), questionId));
  },
});

/** The caller's thread in the order asked; `threadId` may be any question of it. */
export const thread = query({
  args: { threadId: v.id("questions") },
  returns: v.array(questionView),
  handler: async (ctx, { threadId }) => {
    const user = await currentUser(ctx);
    const root = await ownQuestion(ctx, user, threadOf(await ownQuestion(ctx, user, threadId)));
    return (await threadQuestions(ctx, root, MAX_THREAD_QUESTIONS)).map(toQuestionView);
  },
});

/** The caller's questions on a course, newest first (follow-ups included). */
export const listForCourse = query({
  args: { courseId: v.id("courses"), limit: v.optional(v.number()) },
  returns: v.array(questionView),
  handler: async (ctx, { courseId, limit }) => {
    const user = await currentUser(ctx);
    if (!user) return [];
    const rows = await ctx.db
      .query("questions")
      .withIndex("by_asker_course", (q) => q.eq("askerId", user._id).eq("courseId", courseId))
      .order("desc")
      .take(clampLimit(limit, 20, MAX_HISTORY));
    return rows.map(toQuestionView);
  },
});

/** Cancels a question not answered yet; a worker answering it is refused its next write. */
export const cancel = mutation({
  args: { questionId: v.id("questions") },
  returns: v.null(),
  handler: async (ctx, { questionId }) => {
    const question = await ownQuestion(ctx, await requireUser(ctx), questionId);
    if (question.status !== "queued" && question.status !== "answering") {
      throw userError(
        "conflict",
        `This question is already ${question.status}; there is nothing to cancel.`,
      );
    }
    await transitions.cancel(ctx, question);
    return null;
  },
});
