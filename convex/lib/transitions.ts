/**
 * The job state machine, one small function per named transition (ARCHITECTURE.md, "A job's
 * life"). Every change of `status` goes through here, so `active`, the lease fields and the
 * lease-expiry timer always agree. Callers check permissions and fencing before calling.
 *
 *   queued ──claim──► claimed ──► cloning ──► analyzing ──► publishing ──► succeeded
 *     ▲  ◄──requeue (backoff) / release──┘ (any running status) ──► failed
 *   queued ──cancelQueued──► canceled;  running ──requestCancel, confirmCancel──► canceled
 */
import {
  DEFAULT_MAX_ATTEMPTS,
  type JobError,
  type JobStatus,
  type Usage,
} from "@fondation/shared/core";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { backoffMs } from "./backoff.ts";
import { appendSystemEvent } from "./events.ts";
import { checkNewJob, recordJob, recordSpend } from "./quota.ts";
import { activeJobOf, refreshBasis } from "./refreshes.ts";

type Job = Doc<"jobs">;
type Options = Job["options"];

const ORDER_OF_RUNNING: Record<string, number> = {
  claimed: 1,
  cloning: 2,
  analyzing: 3,
  publishing: 4,
};

/** True when `next` is the same running status as `current` or a later one. */
export function isForwardRunningStatus(current: JobStatus, next: JobStatus): boolean {
  const a = ORDER_OF_RUNNING[current];
  const b = ORDER_OF_RUNNING[next];
  return a !== undefined && b !== undefined && b >= a;
}

/** Cancels the pending lease-expiry function of a job, if any. */
async function cancelExpiryTimer(ctx: MutationCtx, job: Job): Promise<void> {
  if (!job.expiryFunctionId) return;
  const scheduled = await ctx.db.system.get("_scheduled_functions", job.expiryFunctionId);
  if (scheduled?.state.kind === "pending") await ctx.scheduler.cancel(job.expiryFunctionId);
}

/** Arms the lease-expiry function at `expiresAt` for this attempt. */
async function armExpiryTimer(
  ctx: MutationCtx,
  jobId: Id<"jobs">,
  attempt: number,
  expiresAt: number,
): Promise<Id<"_scheduled_functions">> {
  return await ctx.scheduler.runAt(expiresAt, internal.leases.expire, { jobId, attempt });
}

/** Fields that end a lease (a patch removes a field set to undefined). */
const NO_LEASE = { workerId: undefined, leaseExpiresAt: undefined, expiryFunctionId: undefined };

/**
 * request / retry / refresh: a new queued job, claimable now. A refresh names the course it
 * brings up to date (`previousCourseId`); `message` is its first event's text.
 */
export async function enqueue(
  ctx: MutationCtx,
  fields: {
    ownerId: Id<"users">;
    repositoryId: Id<"repositories">;
    options: Options;
    retryOf?: Id<"jobs">;
    checkpointsOf?: Id<"jobs">;
    previousCourseId?: Id<"courses">;
  },
  message?: string,
): Promise<Id<"jobs">> {
  const now = Date.now();
  const jobId = await ctx.db.insert("jobs", {
    ...fields,
    status: "queued",
    active: true,
    attempt: 0,
    maxAttempts: DEFAULT_MAX_ATTEMPTS,
    runAt: now,
    cancelRequested: false,
    eventCount: 0,
    eventsTruncated: false,
    updatedAt: now,
  });
  await appendSystemEvent(
    ctx,
    jobId,
    "queued",
    message ??
      (fields.retryOf
        ? "Retry requested."
        : fields.previousCourseId
          ? "Refresh requested."
          : "Course requested."),
  );
  return jobId;
}

/**
 * After a job ended (succeeded, failed or canceled): the refresh asked while it ran
 * (`refreshAfter`, lib/refreshes.ts) is queued now, on the latest complete course, under the
 * fair-use limits; refused, the ended job's log says why. Read fresh: the flag may have been
 * set after the caller loaded the job.
 */
async function followUpRefresh(ctx: MutationCtx, jobId: Id<"jobs">): Promise<void> {
  const job = await ctx.db.get(jobId);
  if (!job?.refreshAfter || job.active) return;
  await ctx.db.patch(job._id, { refreshAfter: false });
  const repo = await ctx.db.get(job.repositoryId);
  if (!repo || (await activeJobOf(ctx, repo._id))) return;
  const { previous, options } = await refreshBasis(ctx, repo);
  try {
    await checkNewJob(ctx, repo.ownerId, options.model);
  } catch (error) {
    const message = (error as { data?: { message?: string } }).data?.message ?? String(error);
    await appendSystemEvent(
      ctx,
      job._id,
      "refresh_refused",
      `The refresh asked while this job ran was not queued: ${message}`,
      "warn",
    );
    return;
  }
  await enqueue(
    ctx,
    {
      ownerId: repo.ownerId,
      repositoryId: repo._id,
      options,
      ...(previous ? { previousCourseId: previous._id } : {}),
    },
    "Refresh requested while the previous job ran; it starts from that job's result.",
  );
  await recordJob(ctx, repo.ownerId);
}

/** claim: queued → claimed; counts an attempt and grants a lease to `workerId`. */
export async function claim(
  ctx: MutationCtx,
  job: Job,
  workerId: string,
  leaseMs: number,
): Promise<Job> {
  const now = Date.now();
  const attempt = job.attempt + 1;
  const leaseExpiresAt = now + leaseMs;
  const expiryFunctionId = await armExpiryTimer(ctx, job._id, attempt, leaseExpiresAt);
  await ctx.db.patch(job._id, {
    status: "claimed",
    attempt,
    workerId,
    leaseExpiresAt,
    expiryFunctionId,
    startedAt: job.startedAt ?? now,
    claimedAt: now,
    updatedAt: now,
  });
  await appendSystemEvent(
    ctx,
    job._id,
    "claimed",
    `Attempt ${attempt} of ${job.maxAttempts} started.`,
  );
  return (await ctx.db.get(job._id)) as Job;
}

/** renew (heartbeat): extends the lease, re-arms the expiry timer, records progress. */
export async function renewLease(
  ctx: MutationCtx,
  job: Job,
  leaseMs: number,
  report: { status?: JobStatus; progress?: Job["progress"]; commit?: string },
): Promise<number> {
  const now = Date.now();
  const leaseExpiresAt = now + leaseMs;
  await cancelExpiryTimer(ctx, job);
  const expiryFunctionId = await armExpiryTimer(ctx, job._id, job.attempt, leaseExpiresAt);
  await ctx.db.patch(job._id, {
    leaseExpiresAt,
    expiryFunctionId,
    updatedAt: now,
    ...(report.status ? { status: report.status } : {}),
    ...(report.progress ? { progress: report.progress } : {}),
    ...(report.commit ? { commit: report.commit } : {}),
  });
  return leaseExpiresAt;
}

/** The progress a worker reported with its events; the lease is left as it is. */
export async function recordProgress(
  ctx: MutationCtx,
  job: Job,
  progress: NonNullable<Job["progress"]>,
): Promise<void> {
  await ctx.db.patch(job._id, { progress, updatedAt: Date.now() });
}

/** startPublishing: a running job → publishing (the worker began uploading its course). */
export async function startPublishing(ctx: MutationCtx, job: Job): Promise<void> {
  if (job.status === "publishing") return;
  await ctx.db.patch(job._id, { status: "publishing", updatedAt: Date.now() });
}

/** requeue: a running job → queued after a backoff, keeping its attempt count and error. */
export async function requeue(ctx: MutationCtx, job: Job, error: JobError): Promise<number> {
  const now = Date.now();
  const runAt = now + backoffMs(job.attempt);
  await cancelExpiryTimer(ctx, job);
  await ctx.db.patch(job._id, { ...NO_LEASE, status: "queued", runAt, error, updatedAt: now });
  await appendSystemEvent(
    ctx,
    job._id,
    "requeued",
    `Attempt ${job.attempt} failed (${error.message}). Retrying in ${Math.ceil((runAt - now) / 1000)} s.`,
    "warn",
  );
  return runAt;
}

/** fail: any active job → failed (terminal), with a code and a message a person can act on. */
export async function fail(ctx: MutationCtx, job: Job, error: JobError): Promise<void> {
  const now = Date.now();
  await cancelExpiryTimer(ctx, job);
  await ctx.db.patch(job._id, {
    ...NO_LEASE,
    status: "failed",
    active: false,
    error,
    finishedAt: now,
    updatedAt: now,
  });
  await appendSystemEvent(ctx, job._id, "failed", error.message, "error");
  await followUpRefresh(ctx, job._id);
}

/**
 * retryOrFail: a running job whose attempt went wrong → queued with backoff when the error is
 * retryable and attempts remain, else failed. Returns the resulting status.
 */
export async function retryOrFail(
  ctx: MutationCtx,
  job: Job,
  error: JobError,
): Promise<{ status: "queued"; runAt: number } | { status: "failed" }> {
  if (error.retryable && job.attempt < job.maxAttempts) {
    return { status: "queued", runAt: await requeue(ctx, job, error) };
  }
  const exhausted = error.retryable
    ? { ...error, message: `${error.message} (gave up after ${job.attempt} attempts)` }
    : error;
  await fail(ctx, job, exhausted);
  return { status: "failed" };
}

/** release: a running job → queued now, without counting the attempt (graceful shutdown). */
export async function release(ctx: MutationCtx, job: Job): Promise<void> {
  const now = Date.now();
  await cancelExpiryTimer(ctx, job);
  await ctx.db.patch(job._id, {
    ...NO_LEASE,
    status: "queued",
    attempt: Math.max(0, job.attempt - 1),
    runAt: now,
    updatedAt: now,
  });
  await appendSystemEvent(
    ctx,
    job._id,
    "released",
    "The worker stopped; the job is back in the queue.",
  );
}

/** cancelQueued / confirmCancel: an active job → canceled (terminal). */
export async function cancel(ctx: MutationCtx, job: Job, message: string): Promise<void> {
  const now = Date.now();
  await cancelExpiryTimer(ctx, job);
  await ctx.db.patch(job._id, {
    ...NO_LEASE,
    status: "canceled",
    active: false,
    finishedAt: now,
    updatedAt: now,
  });
  await appendSystemEvent(ctx, job._id, "canceled", message, "warn");
  await followUpRefresh(ctx, job._id);
}

/** requestCancel: a running job gets `cancelRequested`; its worker sees it and confirms. */
export async function requestCancel(ctx: MutationCtx, job: Job): Promise<void> {
  if (job.cancelRequested) return;
  await ctx.db.patch(job._id, { cancelRequested: true, updatedAt: Date.now() });
  await appendSystemEvent(
    ctx,
    job._id,
    "cancel_requested",
    "Cancel requested; stopping the worker.",
  );
}

/** succeed: publishing → succeeded (terminal), with the course and the usage of the run. */
export async function succeed(
  ctx: MutationCtx,
  job: Job,
  courseId: Id<"courses">,
  usage: Usage,
): Promise<void> {
  const now = Date.now();
  await cancelExpiryTimer(ctx, job);
  await ctx.db.patch(job._id, {
    ...NO_LEASE,
    status: "succeeded",
    active: false,
    courseId,
    usage,
    error: undefined,
    finishedAt: now,
    updatedAt: now,
  });
  await recordSpend(ctx, job.ownerId, usage.costUsd);
  await appendSystemEvent(ctx, job._id, "succeeded", "The course is published.");
  await followUpRefresh(ctx, job._id);
}

/**
 * succeedUpToDate: a running job → succeeded (terminal) without a run, because `courseId`
 * already is its course at `commit` (lib/upToDate.ts writes the event that says so).
 */
export async function succeedUpToDate(
  ctx: MutationCtx,
  job: Job,
  courseId: Id<"courses">,
  commit: string,
): Promise<void> {
  const now = Date.now();
  await cancelExpiryTimer(ctx, job);
  await ctx.db.patch(job._id, {
    ...NO_LEASE,
    status: "succeeded",
    active: false,
    courseId,
    commit,
    upToDate: true,
    error: undefined,
    finishedAt: now,
    updatedAt: now,
  });
  await followUpRefresh(ctx, job._id);
}

/** requeueByMaintainer: any job but a succeeded one → queued now, optionally with fresh attempts. */
export async function requeueByMaintainer(
  ctx: MutationCtx,
  job: Job,
  resetAttempts: boolean,
): Promise<void> {
  const now = Date.now();
  await cancelExpiryTimer(ctx, job);
  await ctx.db.patch(job._id, {
    ...NO_LEASE,
    status: "queued",
    active: true,
    cancelRequested: false,
    runAt: now,
    finishedAt: undefined,
    updatedAt: now,
    // Without a reset, grant one more attempt so the next failure is not instantly final.
    ...(resetAttempts
      ? { attempt: 0 }
      : { maxAttempts: Math.max(job.maxAttempts, job.attempt + 1) }),
  });
  await appendSystemEvent(
    ctx,
    job._id,
    "requeued",
    "A maintainer put the job back in the queue.",
    "warn",
  );
}

/**
 * expireLease: a running job whose lease lapsed → queued with backoff, failed (lease_expired)
 * once attempts are used up, or canceled when a cancel was already requested.
 */
export async function expireLease(ctx: MutationCtx, job: Job): Promise<JobStatus> {
  if (job.cancelRequested) {
    await cancel(ctx, job, "Canceled (the worker stopped answering after the cancel request).");
    return "canceled";
  }
  const result = await retryOrFail(ctx, job, {
    code: "lease_expired",
    message: "The worker stopped answering (its lease expired).",
    retryable: true,
  });
  return result.status;
}
