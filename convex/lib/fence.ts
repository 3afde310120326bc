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

/** What the lease checks say about the row they fence, in its own words. */
export interface LeaseWords {
  /** "job", "question" */
  noun: string;
  /** What the worker must stop: "Stop working on it." */
  stop: string;
  /** What happens after an expired lease: "the job will be re-delivered" */
  afterExpiry: string;
}

type LeaseReason = "stale_attempt" | "lease_lost" | "lease_expired";

/**
 * The checks jobs and questions share, in their order: the attempt, then the row's own state
 * (`stateRefusal`, its own reasons), then who holds the lease and whether it is still live.
 */
export function checkLease<R extends string>(
  row: { attempt: number; workerId?: string; leaseExpiresAt?: number },
  fence: { attempt: number; workerId: string },
  now: number,
  words: LeaseWords,
  stateRefusal: () => { reason: R; message: string } | null,
): { ok: false; reason: R | LeaseReason; message: string } | null {
  if (row.attempt !== fence.attempt) {
    return {
      ok: false,
      reason: "stale_attempt",
      message: `Attempt ${fence.attempt} is over; the ${words.noun} is at attempt ${row.attempt}. ${words.stop}`,
    };
  }
  const state = stateRefusal();
  if (state) return { ok: false, ...state };
  if (row.workerId !== fence.workerId) {
    return {
      ok: false,
      reason: "lease_lost",
      message: `Another worker holds this ${words.noun}'s lease. ${words.stop}`,
    };
  }
  if ((row.leaseExpiresAt ?? 0) <= now) {
    return {
      ok: false,
      reason: "lease_expired",
      message: `The lease expired before this call; ${words.afterExpiry}. ${words.stop}`,
    };
  }
  return null;
}

const JOB_WORDS: LeaseWords = {
  noun: "job",
  stop: "Stop working on it.",
  afterExpiry: "the job will be re-delivered",
};

/** The job when (attempt, workerId) still hold its live lease, else the reason why not. */
export async function checkFence(
  ctx: QueryCtx,
  fence: Fence,
): Promise<{ ok: true; job: Doc<"jobs"> } | Refusal> {
  const job = await ctx.db.get(fence.jobId);
  if (!job) {
    return { ok: false, reason: "job_not_found", message: "This job no longer exists." };
  }
  const refused = checkLease(job, fence, Date.now(), JOB_WORDS, () =>
    isRunningStatus(job.status)
      ? null
      : {
          reason: "not_running" as const,
          message: `The job is ${job.status}, not running. Stop working on it.`,
        },
  );
  return refused ?? { ok: true, job };
}
