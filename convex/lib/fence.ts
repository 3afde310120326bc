/**
 * Fencing: every worker write names (jobId, attempt, workerId). Once the lease has moved on
 * (expired, re-claimed, canceled, finished) the write is refused with a clear result and
 * the worker stops that job, so a stale worker never overwrites a newer attempt.
 */
import { isRunningStatus } from "@fondation/shared/core";
import { v } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { literals } from "./validators.ts";

export const REFUSAL_REASONS = [
  "job_not_found",
  "stale_attempt",
  "not_running",
  "lease_lost",
  "lease_expired",
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export type Refusal = { ok: false; reason: RefusalReason; message: string };

/** The refusal result of a fenced worker function. */
export const refusal = v.object({
  ok: v.literal(false),
  reason: literals(REFUSAL_REASONS),
  message: v.string(),
});

/** Arguments every fenced worker function takes (besides `secret`). */
export const fenceArgs = {
  jobId: v.id("jobs"),
  attempt: v.number(),
  workerId: v.string(),
};

export interface Fence {
  jobId: Id<"jobs">;
  attempt: number;
  workerId: string;
}

/** The job when (attempt, workerId) still hold its live lease, else the reason why not. */
export async function checkFence(
  ctx: QueryCtx,
  fence: Fence,
): Promise<{ ok: true; job: Doc<"jobs"> } | Refusal> {
  const job = await ctx.db.get(fence.jobId);
  if (!job) {
    return { ok: false, reason: "job_not_found", message: "This job no longer exists." };
  }
  if (job.attempt !== fence.attempt) {
    return {
      ok: false,
      reason: "stale_attempt",
      message: `Attempt ${fence.attempt} is over; the job is at attempt ${job.attempt}. Stop working on it.`,
    };
  }
  if (!isRunningStatus(job.status)) {
    return {
      ok: false,
      reason: "not_running",
      message: `The job is ${job.status}, not running. Stop working on it.`,
    };
  }
  if (job.workerId !== fence.workerId) {
    return {
      ok: false,
      reason: "lease_lost",
      message: "Another worker holds this job's lease. Stop working on it.",
    };
  }
  if ((job.leaseExpiresAt ?? 0) <= Date.now()) {
    return {
      ok: false,
      reason: "lease_expired",
      message:
        "The lease expired before this call; the job will be re-delivered. Stop working on it.",
    };
  }
  return { ok: true, job };
}
