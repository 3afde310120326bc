/**
 * Lease expiry. Each claim or heartbeat arms `expire` at the lease's end (the previous
 * timer is canceled); `sweep`, run every minute by crons.ts, catches anything the scheduler
 * missed. Both are internal: written by the scheduler, never called by a client.
 */
import { isRunningStatus } from "@fondation/shared/core";
import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation } from "./_generated/server";
import { expireLease } from "./lib/transitions.ts";

const SWEEP_BATCH = 100;

/** Expires the lease of (jobId, attempt) if it is still that attempt's and has lapsed. */
export const expire = internalMutation({
  args: { jobId: v.id("jobs"), attempt: v.number() },
  returns: v.union(v.null(), v.string()),
  handler: async (ctx, { jobId, attempt }) => {
    const job = await ctx.db.get(jobId);
    if (!job || job.attempt !== attempt || !isRunningStatus(job.status)) return null;
    if ((job.leaseExpiresAt ?? 0) > Date.now()) return null;
    // This very function is the job's timer: forget it so the transition does not cancel it.
    await ctx.db.patch(jobId, { expiryFunctionId: undefined });
    return await expireLease(ctx, { ...job, expiryFunctionId: undefined });
  },
});

/** Expires every lapsed lease (safety net for the per-lease timers); continues in batches. */
export const sweep = internalMutation({
  args: {},
  returns: v.number(),
  handler: async (ctx) => {
    const now = Date.now();
    const lapsed = await ctx.db
      .query("jobs")
      .withIndex("by_lease_expiry", (q) => q.gte("leaseExpiresAt", 0).lte("leaseExpiresAt", now))
      .take(SWEEP_BATCH);
    let expired = 0;
    for (const job of lapsed) {
      if (!isRunningStatus(job.status)) continue;
      await expireLease(ctx, job);
      expired += 1;
    }
    if (lapsed.length === SWEEP_BATCH) await ctx.scheduler.runAfter(0, internal.leases.sweep, {});
    return expired;
  },
});
