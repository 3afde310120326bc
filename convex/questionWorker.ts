/**
 * What a worker calls to answer questions (issue 16), apart from jobs: its own queue, so a
 * question never waits behind a course. Every function takes the worker `secret`
 * (lib/auth.ts). The worker subscribes to `claimableQuestions`, claims one (`claimQuestion`,
 * one winner), streams the answer in small batches (`appendAnswer`, each renews the lease),
 * then `finishQuestion` or `failQuestion`. Fenced functions take (questionId, attempt,
 * workerId) and answer `{ok: false, reason, message}` once the lease is no longer this
 * worker's (expired, canceled, re-claimed): the worker must stop answering. Bad arguments
 * throw `invalid_argument` and write nothing.
 */
import { type GenericValidator, v } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import { mutation, type QueryCtx, query } from "./_generated/server";
import { requireWorker } from "./lib/auth.ts";
import { userError } from "./lib/errors.ts";
import * as courseText from "./lib/previousCourse.ts";
import { threadOf, threadQuestions } from "./lib/questionAccess.ts";
import { checkQuestionFence, questionFenceArgs, questionRefusal } from "./lib/questionFence.ts";
import {
  checkBatch,
  checkCitations,
  checkFailure,
  checkLeaseMs,
  checkUsage,
  checkWorkerId,
  MAX_ANSWER_CHARS,
  MAX_THREAD_QUESTIONS,
} from "./lib/questionRules.ts";
import * as transitions from "./lib/questionTransitions.ts";
import {
  answerWriter,
  clampLimit,
  githubRef,
  questionCitation,
  questionStatus,
  questionUsage,
} from "./lib/validators.ts";
import { pagePart, previousCourse } from "./workerPrevious.ts";

const secret = v.string();
const CLAIMABLE_MAX = 50;
/** Earlier exchanges of the thread handed to the worker, and how much of each answer. */
const CONTEXT_EXCHANGES = 10;
const CONTEXT_ANSWER_CHARS = 4_000;

const ok = <T extends Record<string, GenericValidator>>(fields: T) =>
  v.union(v.object({ ok: v.literal(true), ...fields }), questionRefusal);

/** The queued questions by runAt; some may be due later: arm a timer for them. */
export const claimableQuestions = query({
  args: { secret, limit: v.optional(v.number()) },
  returns: v.array(
    v.object({ questionId: v.id("questions"), runAt: v.number(), attempt: v.number() }),
  ),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    const rows = await ctx.db
      .query("questions")
      .withIndex("by_status_runAt", (q) => q.eq("status", "queued"))
      .take(clampLimit(args.limit, 10, CLAIMABLE_MAX));
    return rows.map((q) => ({ questionId: q._id, runAt: q.runAt, attempt: q.attempt }));
  },
});

const claimResult = v.object({
  questionId: v.id("questions"),
  attempt: v.number(),
  maxAttempts: v.number(),
  workerId: v.string(),
  leaseExpiresAt: v.number(),
  leaseMs: v.number(),
  /** The server's clock at the claim: the worker corrects its own by it. */
  serverTime: v.number(),
  question: v.string(),
  course: v.object({
    courseId: v.id("courses"),
    title: v.string(),
    /** The answer's language: the course's. */
    language: v.string(),
    /** The commit the course (and every citation of the answer) stands on. */
    commit: v.union(v.string(), v.null()),
  }),
  repository: v.object({
    url: v.string(),
    host: v.string(),
    name: v.string(),
    github: v.optional(githubRef),
    defaultBranch: v.optional(v.string()),
    private: v.boolean(),
  }),
  /** The course's owner: a private repository is cloned with their GitHub token. */
  owner: v.object({ tokenIdentifier: v.string() }),
  /** The thread's earlier exchanges, oldest first (answers cut to CONTEXT_ANSWER_CHARS). */
  thread: v.array(v.object({ question: v.string(), answer: v.string(), status: questionStatus })),
});

const notDue = v.object({ notDue: v.literal(true), runAt: v.number(), serverTime: v.number() });

/** The earlier exchanges of the question's thread, the latest CONTEXT_EXCHANGES, oldest first. */
async function threadContext(ctx: QueryCtx, q: Doc<"questions">) {
  const root = await ctx.db.get(threadOf(q));
  if (!root) return [];
  const asked = await threadQuestions(ctx, root, MAX_THREAD_QUESTIONS);
  const earlier = asked.filter((row) => row._creationTime < q._creationTime);
  return earlier.slice(-CONTEXT_EXCHANGES).map((row) => ({
    question: row.question,
    answer: row.answer.slice(0, CONTEXT_ANSWER_CHARS),
    status: row.status,
  }));
}

/**
 * Claims a queued, due question: counts an attempt, grants a lease, and gives what answering
 * needs. Null when the race is lost (or the course is gone: the question fails, saying so);
 * `{notDue, runAt, serverTime}` when it is queued but not due yet.
 */
export const claimQuestion = mutation({
  args: {
    secret,
    questionId: v.id("questions"),
    workerId: v.string(),
    leaseMs: v.optional(v.number()),
  },
  returns: v.union(v.null(), claimResult, notDue),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    checkWorkerId(args.workerId);
    const leaseMs = checkLeaseMs(args.leaseMs);
    const question = await ctx.db.get(args.questionId);
    if (question?.status !== "queued") return null;
    const now = Date.now();
    if (question.runAt > now)
      return { notDue: true as const, runAt: question.runAt, serverTime: now };
    const course = await ctx.db.get(question.courseId);
    const repo = course ? await ctx.db.get(course.repositoryId) : null;
    if (course?.status !== "complete" || !repo) {
      await transitions.fail(ctx, question, {
        code: "course_not_found",
        message: "The course was removed before the question was answered. Ask another course.",
      });
      return null;
    }
    const owner = await ctx.db.get(course.ownerId);
    const claimed = await transitions.claim(ctx, question, args.workerId, leaseMs, now);
    return {
      questionId: claimed._id,
      attempt: claimed.attempt,
      maxAttempts: claimed.maxAttempts,
      workerId: args.workerId,
      leaseExpiresAt: claimed.leaseExpiresAt ?? now + leaseMs,
      leaseMs,
      serverTime: now,
      question: claimed.question,
      course: {
        courseId: course._id,
        title: course.title,
        language: course.language,
        commit: course.commit ?? null,
      },
      repository: {
        url: repo.url,
        host: repo.host,
        name: repo.name,
        github: repo.github,
        defaultBranch: repo.defaultBranch,
        private: repo.private,
      },
      owner: { tokenIdentifier: owner?.tokenIdentifier ?? "" },
      thread: await threadContext(ctx, claimed),
    };
  },
});

/**
 * Appends one batch (≤ MAX_ANSWER_BATCH_CHARS) to the answer and renews the lease. `at` is
 * the answer's length before this batch as the worker counts it: a batch sent twice (a
 * retried call) is applied once. An empty `text` only renews the lease (the model is still
 * thinking).
 */
export const appendAnswer = mutation({
  args: { secret, ...questionFenceArgs, at: v.number(), text: v.string() },
  returns: ok({ length: v.number(), leaseExpiresAt: v.number() }),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    checkBatch(args.text, args.at);
    const now = Date.now();
    const fence = await checkQuestionFence(ctx, args, now);
    if (!fence.ok) return fence;
    const { question } = fence;
    const length = question.answer.length;
    const end = args.at + args.text.length;
    if (args.text.length > 0 && end === length && question.answer.endsWith(args.text)) {
      return { ok: true as const, length, leaseExpiresAt: question.leaseExpiresAt ?? now };
    }
    if (args.at !== length) {
      throw userError(
        "conflict",
        `The answer has ${length} characters, not ${args.at}: send the text from character ${length}.`,
      );
    }
    if (end > MAX_ANSWER_CHARS) {
      throw userError(
        "invalid_argument",
        `An answer is at most ${MAX_ANSWER_CHARS} characters; this batch would make it ${end}. Cut the answer short and finish it.`,
      );
    }
    return { ok: true as const, ...(await transitions.append(ctx, question, args.text, now)) };
  },
});

/**
 * Ends the answer: its citations (lines at the course's commit the worker checked),
 * who wrote it (`retrieval` for an offline answer) and its usage, whose cost counts
 * toward the asker's spend limits.
 */
export const finishQuestion = mutation({
  args: {
    secret,
    ...questionFenceArgs,
    citations: v.array(questionCitation),
    writtenBy: answerWriter,
    usage: v.optional(questionUsage),
  },
  returns: ok({}),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    checkCitations(args.citations);
    checkUsage(args.usage);
    const fence = await checkQuestionFence(ctx, args);
    if (!fence.ok) return fence;
    if (fence.question.answer.trim().length === 0) {
      throw userError("invalid_argument", "The answer is empty: append it before finishing.");
    }
    await transitions.finish(ctx, fence.question, args);
    return { ok: true as const };
  },
});

/**
 * Reports a failed attempt: retryable with attempts left → queued again after a backoff
 * (the answer starts over), else failed with `message` for the asker. `usage` is what the
 * attempt cost anyway.
 */
export const failQuestion = mutation({
  args: {
    secret,
    ...questionFenceArgs,
    code: v.string(),
    message: v.string(),
    retryable: v.boolean(),
    usage: v.optional(questionUsage),
  },
  returns: ok({
    status: v.union(v.literal("queued"), v.literal("failed")),
    runAt: v.optional(v.number()),
  }),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    const message = checkFailure(args.code, args.message);
    checkUsage(args.usage);
    const fence = await checkQuestionFence(ctx, args);
    if (!fence.ok) return fence;
    if (args.usage) await transitions.recordAttemptSpend(ctx, fence.question, args.usage.costUsd);
    const result = await transitions.retryOrFail(ctx, fence.question, {
      code: args.code,
      message,
      retryable: args.retryable,
    });
    return { ok: true as const, ...result };
  },
});

/**
 * The questions leased to `workerId` (subscribe: a canceled one leaves the list, so the
 * worker stops it without waiting for its next batch to be refused).
 */
export const answeringQuestions = query({
  args: { secret, workerId: v.string() },
  returns: v.array(
    v.object({
      questionId: v.id("questions"),
      attempt: v.number(),
      leaseExpiresAt: v.optional(v.number()),
    }),
  ),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    checkWorkerId(args.workerId);
    const rows = await ctx.db
      .query("questions")
      .withIndex("by_worker", (q) => q.eq("workerId", args.workerId))
      .take(100);
    return rows.map((q) => ({
      questionId: q._id,
      attempt: q.attempt,
      leaseExpiresAt: q.leaseExpiresAt,
    }));
  },
});

/** The question's own course when it is still there and complete, else null. */
async function questionCourse(ctx: QueryCtx, question: Doc<"questions">) {
  const course = await ctx.db.get(question.courseId);
  return course?.status === "complete" ? course : null;
}

/**
 * The course of the question being answered, without its text (the worker writes it as a
 * course folder to answer from): fenced by the question's lease; null when the course is gone.
 */
export const courseManifest = query({
  args: { secret, ...questionFenceArgs },
  returns: ok({ course: v.union(v.null(), previousCourse) }),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    const fence = await checkQuestionFence(ctx, args);
    if (!fence.ok) return fence;
    const course = await questionCourse(ctx, fence.question);
    return { ok: true as const, course: course ? await courseText.describe(ctx, course) : null };
  },
});

/**
 * Parts `from`… of that course's text, in pages bounded as a refresh's (lib/previousCourse.ts);
 * `courseId` must be the question's own course (else `page` is null, as for a course gone).
 */
export const courseParts = query({
  args: { secret, ...questionFenceArgs, courseId: v.id("courses"), from: v.number() },
  returns: ok({
    page: v.union(
      v.null(),
      v.object({ parts: v.array(pagePart), next: v.union(v.number(), v.null()) }),
    ),
  }),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    if (!Number.isInteger(args.from) || args.from < 0) {
      throw userError("invalid_argument", "from must be a whole number ≥ 0.");
    }
    const fence = await checkQuestionFence(ctx, args);
    if (!fence.ok) return fence;
    const course = await questionCourse(ctx, fence.question);
    if (!course || course._id !== args.courseId) return { ok: true as const, page: null };
    return { ok: true as const, page: await courseText.page(ctx, course, args.from) };
  },
});
