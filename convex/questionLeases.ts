/**
 * Lease expiry of questions. A claim arms `expire` at its lease's end; batches renew the
 * lease without touching the timer, which re-arms itself at the new end when it fires early.
 * `sweep`, run every minute by crons.ts, catches anything the scheduler missed. Internal:
 * written by the scheduler, never called by a client.
 */
import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation } from "./_generated/server";
import { expireLease } from "./lib/questionTransitions.ts";

const SWEEP_BATCH = 100;

/** Expires the lease of (questionId, attempt) if it is still that attempt's and has lapsed. */
export const expire = internalMutation({
  args: { questionId: v.id("questions"), attempt: v.number() },
  returns: v.union(v.null(), v.literal("renewed"), v.literal("queued"), v.literal("failed")),
  handler: async (ctx, { questionId, attempt }) => {
    const question = await ctx.db.get(questionId);
    if (question?.status !== "answering" || question.attempt !== attempt) return null;
    const leaseExpiresAt = question.leaseExpiresAt ?? 0;
    if (leaseExpiresAt > Date.now()) {
      await ctx.scheduler.runAt(leaseExpiresAt, internal.questionLeases.expire, {
        questionId,
        attempt,
      });
      return "renewed";
    }
    return (await expireLease(ctx, question)).status;
  },
});

/** Expires every lapsed question lease (safety net for the timers); continues in batches. */
export const sweep = internalMutation({
  args: {},
  returns: v.number(),
  handler: async (ctx) => {
    const lapsed = await ctx.db
      .query("questions")
      .withIndex("by_status_lease", (q) =>
        q.eq("status", "answering").gte("leaseExpiresAt", 0).lte("leaseExpiresAt", Date.now()),
      )
      .take(SWEEP_BATCH);
    for (const question of lapsed) await expireLease(ctx, question);
    if (lapsed.length === SWEEP_BATCH) {
      await ctx.scheduler.runAfter(0, internal.questionLeases.sweep, {});
    }
    return lapsed.length;
  },
});
