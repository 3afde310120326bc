/**
 * A job's event log, for its owner (the live job view). Written by workerApi.appendEvents
 * and the queue's transitions; read here by the web app.
 */
import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { v } from "convex/values";
import { query } from "./_generated/server";
import { currentUser } from "./lib/auth.ts";
import { ownJob } from "./lib/ownership.ts";
import { clampLimit } from "./lib/validators.ts";
import { eventView, toEventView } from "./lib/views.ts";

const MAX_TAIL = 500;

/** The job's events in seq order, paginated (usePaginatedQuery-compatible). */
export const list = query({
  args: { jobId: v.id("jobs"), paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(eventView),
  handler: async (ctx, { jobId, paginationOpts }) => {
    const job = await ownJob(ctx, await currentUser(ctx), jobId);
    const page = await ctx.db
      .query("jobEvents")
      .withIndex("by_job_seq", (q) => q.eq("jobId", job._id))
      .order("asc")
      .paginate(paginationOpts);
    return { ...page, page: page.page.map(toEventView) };
  },
});

/**
 * The events after `afterSeq` (the first `limit` of them), or the last `limit` events when
 * `afterSeq` is omitted; `lastSeq` is the job's latest seq, to subscribe from.
 */
export const tail = query({
  args: { jobId: v.id("jobs"), afterSeq: v.optional(v.number()), limit: v.optional(v.number()) },
  returns: v.object({ events: v.array(eventView), lastSeq: v.number(), truncated: v.boolean() }),
  handler: async (ctx, { jobId, afterSeq, limit }) => {
    const job = await ownJob(ctx, await currentUser(ctx), jobId);
    const n = clampLimit(limit, 100, MAX_TAIL);
    const rows =
      afterSeq === undefined
        ? (
            await ctx.db
              .query("jobEvents")
              .withIndex("by_job_seq", (q) => q.eq("jobId", job._id))
              .order("desc")
              .take(n)
          ).reverse()
        : await ctx.db
            .query("jobEvents")
            .withIndex("by_job_seq", (q) => q.eq("jobId", job._id).gt("seq", afterSeq))
            .order("asc")
            .take(n);
    return {
      events: rows.map(toEventView),
      lastSeq: job.eventCount,
      truncated: job.eventsTruncated,
    };
  },
});
