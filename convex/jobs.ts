/**
 * Course requests, as the signed-in user sees them. Only the web app (as the owning user)
 * creates, cancels and retries jobs; workers drive them through workerApi.ts.
 *
 * Retry policy: `retry` of a failed or canceled job creates a NEW queued job with the same
 * options (`retryOf` points at the old one, whose history stays as it was) that resumes
 * from the old job's checkpoints.
 */
import { isRunningStatus } from "@fondation/shared/core";
import { v } from "convex/values";
import type { Doc, Id } from "./_generated/dataModel";
import { type MutationCtx, mutation, query } from "./_generated/server";
import { currentUser, requireUser } from "./lib/auth.ts";
import { userError } from "./lib/errors.ts";
import { ownJob, ownRepository } from "./lib/ownership.ts";
import * as quota from "./lib/quota.ts";
import * as transitions from "./lib/transitions.ts";
import { clampLimit, jobOptions, jobStatus } from "./lib/validators.ts";
import { jobView, toJobView } from "./lib/views.ts";

const MAX_LIST = 100;

const requestResult = v.object({ jobId: v.id("jobs"), created: v.boolean() });

/** The active job of a repository, if any (at most one, by dedupe). */
async function activeJobOf(
  ctx: MutationCtx,
  repositoryId: Id<"repositories">,
): Promise<Doc<"jobs"> | null> {
  return await ctx.db
    .query("jobs")
    .withIndex("by_repository_active", (q) => q.eq("repositoryId", repositoryId).eq("active", true))
    .first();
}

/**
 * Requests a course for one of the user's repositories; returns the active job instead if
 * there is one. A new job must pass the fair-use limits (lib/quota.ts): an allowed model,
 * active jobs, jobs today, spend today and this month; refused with limit_reached or
 * model_not_allowed, writing nothing.
 */
export const request = mutation({
  args: { repositoryId: v.id("repositories"), options: jobOptions },
  returns: requestResult,
  handler: async (ctx, { repositoryId, options }) => {
    const user = await requireUser(ctx);
    const repo = await ownRepository(ctx, user, repositoryId);
    const active = await activeJobOf(ctx, repo._id);
    if (active) return { jobId: active._id, created: false };
    await quota.checkNewJob(ctx, user._id, options.model);
    const jobId = await transitions.enqueue(ctx, { ownerId: user._id, repositoryId, options });
    await quota.recordJob(ctx, user._id);
    return { jobId, created: true };
  },
});

/** Cancels a job: a queued one at once, a running one by asking its worker (cancelRequested). */
export const cancel = mutation({
  args: { jobId: v.id("jobs") },
  returns: v.object({ status: jobStatus, cancelRequested: v.boolean() }),
  handler: async (ctx, { jobId }) => {
    const job = await ownJob(ctx, await requireUser(ctx), jobId);
    if (job.status === "queued") {
      await transitions.cancel(ctx, job, "Canceled before a worker picked it up.");
      return { status: "canceled" as const, cancelRequested: false };
    }
    if (isRunningStatus(job.status)) {
      await transitions.requestCancel(ctx, job);
      return { status: job.status, cancelRequested: true };
    }
    throw userError(
      "conflict",
      `This job already ended (${job.status}); there is nothing to cancel. Request a new course instead.`,
    );
  },
});

/**
 * Retries a failed or canceled job as a new queued job (or returns the repository's active
 * job), under the same limits as a request; a model no longer offered is refused.
 */
export const retry = mutation({
  args: { jobId: v.id("jobs") },
  returns: requestResult,
  handler: async (ctx, { jobId }) => {
    const user = await requireUser(ctx);
    const job = await ownJob(ctx, user, jobId);
    if (job.status !== "failed" && job.status !== "canceled") {
      throw userError(
        "conflict",
        `Only a failed or canceled job can be retried; this one is ${job.status}.`,
      );
    }
    const repo = await ctx.db.get(job.repositoryId);
    if (!repo)
      throw userError("not_found", "The repository of this job was removed; add it again.");
    const active = await activeJobOf(ctx, repo._id);
    if (active) return { jobId: active._id, created: false };
    await quota.checkNewJob(ctx, user._id, job.options.model);
    const newJobId = await transitions.enqueue(ctx, {
      ownerId: user._id,
      repositoryId: repo._id,
      options: job.options,
      retryOf: job._id,
      checkpointsOf: job.checkpointsOf ?? job._id,
      // A retried refresh is still a refresh: only what changed is written again.
      ...(job.previousCourseId ? { previousCourseId: job.previousCourseId } : {}),
    });
    await quota.recordJob(ctx, user._id);
    return { jobId: newJobId, created: true };
  },
});

/** One of the user's jobs. */
export const get = query({
  args: { jobId: v.id("jobs") },
  returns: jobView,
  handler: async (ctx, { jobId }) => toJobView(await ownJob(ctx, await currentUser(ctx), jobId)),
});

/** The jobs of one of the user's repositories, newest first. */
export const listForRepository = query({
  args: { repositoryId: v.id("repositories"), limit: v.optional(v.number()) },
  returns: v.array(jobView),
  handler: async (ctx, { repositoryId, limit }) => {
    const repo = await ownRepository(ctx, await currentUser(ctx), repositoryId);
    const n = clampLimit(limit, 20, MAX_LIST);
    const jobs = await ctx.db
      .query("jobs")
      .withIndex("by_repository", (q) => q.eq("repositoryId", repo._id))
      .order("desc")
      .take(n);
    return jobs.map(toJobView);
  },
});

/** The user's active (queued or running) jobs, newest first. */
export const active = query({
  args: {},
  returns: v.array(jobView),
  handler: async (ctx) => {
    const user = await currentUser(ctx);
    if (!user) return [];
    const jobs = await ctx.db
      .query("jobs")
      .withIndex("by_owner_active", (q) => q.eq("ownerId", user._id).eq("active", true))
      .order("desc")
      .take(MAX_LIST);
    return jobs.map(toJobView);
  },
});
