/**
 * Maintainer functions: internal, run from the Convex dashboard or
 * `npx convex run maintenance:<name> '<json args>'`. Never reachable from a client.
 */
import { JOB_STATUSES } from "@fondation/shared/core";
import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation, internalQuery } from "./_generated/server";
import { userError } from "./lib/errors.ts";
import * as transitions from "./lib/transitions.ts";
import { jobErrorCode } from "./lib/validators.ts";

/** Rows counted per status at most (counts at the cap read as "at least"). */
const COUNT_CAP = 10_000;
const PURGE_JOBS_PER_RUN = 20;
const PURGE_EVENTS_PER_RUN = 2_000;

/** Jobs per status (capped at 10,000 each), the oldest due queued job, and lapsed leases. */
export const queueStats = internalQuery({
  args: {},
  returns: v.object({
    counts: v.record(v.string(), v.number()),
    countCap: v.number(),
    oldestQueuedRunAt: v.union(v.null(), v.number()),
    lapsedLeases: v.number(),
  }),
  handler: async (ctx) => {
    const counts: Record<string, number> = {};
    for (const status of JOB_STATUSES) {
      const rows = await ctx.db
        .query("jobs")
        .withIndex("by_status_runAt", (q) => q.eq("status", status))
        .take(COUNT_CAP);
      counts[status] = rows.length;
    }
    const oldest = await ctx.db
      .query("jobs")
      .withIndex("by_status_runAt", (q) => q.eq("status", "queued"))
      .first();
    const lapsed = await ctx.db
      .query("jobs")
      .withIndex("by_lease_expiry", (q) =>
        q.gte("leaseExpiresAt", 0).lte("leaseExpiresAt", Date.now()),
      )
      .take(COUNT_CAP);
    return {
      counts,
      countCap: COUNT_CAP,
      oldestQueuedRunAt: oldest?.runAt ?? null,
      lapsedLeases: lapsed.length,
    };
  },
});

/**
 * Puts a job back in the queue now (any status but succeeded; a running job's worker is
 * fenced out). `resetAttempts` gives it a fresh set of attempts.
 */
export const requeueJob = internalMutation({
  args: { jobId: v.id("jobs"), resetAttempts: v.optional(v.boolean()) },
  returns: v.null(),
  handler: async (ctx, { jobId, resetAttempts }) => {
    const job = await ctx.db.get(jobId);
    if (!job) throw userError("not_found", `No job ${jobId}.`);
    if (job.status === "succeeded") {
      throw userError("conflict", "A succeeded job is not requeued; request a new course instead.");
    }
    if (!job.active) {
      const other = await ctx.db
        .query("jobs")
        .withIndex("by_repository_active", (q) =>
          q.eq("repositoryId", job.repositoryId).eq("active", true),
        )
        .first();
      if (other) {
        throw userError(
          "conflict",
          `The repository already has an active job (${other._id}); requeue that one instead.`,
        );
      }
    }
    await transitions.requeueByMaintainer(ctx, job, resetAttempts ?? false);
    return null;
  },
});

/** Fails a job that is stuck (any active status) with a code and a message a person can act on. */
export const failStuckJob = internalMutation({
  args: { jobId: v.id("jobs"), code: v.optional(jobErrorCode), message: v.optional(v.string()) },
  returns: v.null(),
  handler: async (ctx, { jobId, code, message }) => {
    const job = await ctx.db.get(jobId);
    if (!job) throw userError("not_found", `No job ${jobId}.`);
    if (!job.active) throw userError("conflict", `The job already ended (${job.status}).`);
    await transitions.fail(ctx, job, {
      code: code ?? "job_timeout",
      message:
        message ?? "The job was stuck and a maintainer stopped it. Request the course again.",
      retryable: false,
    });
    return null;
  },
});

/**
 * Deletes the events of jobs that finished more than `olderThanDays` ago, in batches
 * (reschedules itself until done). Returns the number of events deleted by this run.
 */
export const purgeOldEvents = internalMutation({
  args: { olderThanDays: v.number(), afterFinishedAt: v.optional(v.number()) },
  returns: v.number(),
  handler: async (ctx, { olderThanDays, afterFinishedAt }) => {
    if (!Number.isFinite(olderThanDays) || olderThanDays < 1) {
      throw userError("invalid_argument", "olderThanDays must be at least 1.");
    }
    const cutoff = Date.now() - olderThanDays * 86_400_000;
    const jobs = await ctx.db
      .query("jobs")
      .withIndex("by_finished", (q) =>
        q.gte("finishedAt", afterFinishedAt ?? 0).lt("finishedAt", cutoff),
      )
      .take(PURGE_JOBS_PER_RUN);
    let deleted = 0;
    let resumeFrom: number | undefined;
    for (const job of jobs) {
      const events = await ctx.db
        .query("jobEvents")
        .withIndex("by_job_seq", (q) => q.eq("jobId", job._id))
        .take(PURGE_EVENTS_PER_RUN - deleted);
      for (const event of events) await ctx.db.delete(event._id);
      deleted += events.length;
      if (deleted >= PURGE_EVENTS_PER_RUN) {
        resumeFrom = job.finishedAt; // this job may have more: start again from it
        break;
      }
    }
    if (resumeFrom === undefined && jobs.length === PURGE_JOBS_PER_RUN) {
      resumeFrom = jobs[jobs.length - 1]?.finishedAt;
    }
    if (resumeFrom !== undefined) {
      await ctx.scheduler.runAfter(0, internal.maintenance.purgeOldEvents, {
        olderThanDays,
        afterFinishedAt: resumeFrom,
      });
    }
    return deleted;
  },
});

/** Webhook deliveries are remembered this long: GitHub redelivers up to 3 days back. */
export const WEBHOOK_DELIVERY_TTL_MS = 7 * 86_400_000;
const PURGE_DELIVERIES_PER_RUN = 1_000;

/**
 * Forgets webhook deliveries older than WEBHOOK_DELIVERY_TTL_MS (the replay guard needs only
 * recent ones), in batches; reschedules itself while a batch was full. Run by a cron.
 */
export const purgeWebhookDeliveries = internalMutation({
  args: {},
  returns: v.number(),
  handler: async (ctx) => {
    const cutoff = Date.now() - WEBHOOK_DELIVERY_TTL_MS;
    const old = await ctx.db
      .query("webhookDeliveries")
      .withIndex("by_at", (q) => q.lt("at", cutoff))
      .take(PURGE_DELIVERIES_PER_RUN);
    for (const row of old) await ctx.db.delete(row._id);
    if (old.length === PURGE_DELIVERIES_PER_RUN) {
      await ctx.scheduler.runAfter(0, internal.maintenance.purgeWebhookDeliveries, {});
    }
    return old.length;
  },
});
