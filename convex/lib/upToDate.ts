/**
 * Same commit, same course: once the worker has cloned a job's repository and knows its
 * commit, a complete course of that repository at that commit, written with the same options
 * (every field of jobOptions, and offline or with a model), makes the run pointless. The job
 * then ends as succeeded, pointing at that course and marked `upToDate`, without running the
 * CLI. Called by workerApi.reportCommit; the web app shows the mark (job and repository pages).
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { appendSystemEvent } from "./events.ts";
import { refundJob } from "./quota.ts";
import * as transitions from "./transitions.ts";

/** Courses looked at per (repository, commit): more at one commit means many languages. */
const SAME_COMMIT_SCAN = 50;

/** True when two jobs asked for the same thing: every option equal (so new options count). */
export function sameOptions(a: Doc<"jobs">["options"], b: Doc<"jobs">["options"]): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if ((a as Record<string, unknown>)[key] !== (b as Record<string, unknown>)[key]) return false;
  }
  return true;
}

/** The newest complete course of `job`'s repository at `commit` written as `job` would write it. */
export async function sameCourse(
  ctx: QueryCtx,
  job: Doc<"jobs">,
  commit: string,
  offline: boolean,
): Promise<Doc<"courses"> | null> {
  const candidates = await ctx.db
    .query("courses")
    .withIndex("by_repository_commit_status", (q) =>
      q.eq("repositoryId", job.repositoryId).eq("commit", commit).eq("status", "complete"),
    )
    .order("desc")
    .take(SAME_COMMIT_SCAN);
  for (const course of candidates) {
    // An offline course has no model; a model's course names it.
    if ((course.model === null) !== offline) continue;
    const origin = await ctx.db.get(course.jobId);
    if (origin && sameOptions(origin.options, job.options)) return course;
  }
  return null;
}

/**
 * Ends `job` as up to date with `course`: succeeded, the course as its course and as the
 * repository's latest, no usage, and the day's job count given back (no work was done).
 */
export async function endAsUpToDate(
  ctx: MutationCtx,
  job: Doc<"jobs">,
  course: Doc<"courses">,
  commit: string,
): Promise<Id<"courses">> {
  // The pointer first: a refresh queued as this job ends (transitions) starts from it.
  await ctx.db.patch(job.repositoryId, { latestCourseId: course._id, updatedAt: Date.now() });
  await transitions.succeedUpToDate(ctx, job, course._id, commit);
  await refundJob(ctx, job.ownerId, job._creationTime);
  await appendSystemEvent(
    ctx,
    job._id,
    "up_to_date",
    `Already up to date: commit ${commit.slice(0, 7)} already has this course.`,
  );
  return course._id;
}
