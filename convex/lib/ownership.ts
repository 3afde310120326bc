/** Loads a row for its owner: another user's row looks exactly like a missing one. */
import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { userError } from "./errors.ts";

/** The caller's repository, or not_found (also when it belongs to someone else). */
export async function ownRepository(
  ctx: QueryCtx,
  user: Doc<"users"> | null,
  repositoryId: Id<"repositories">,
): Promise<Doc<"repositories">> {
  const repo = await ctx.db.get(repositoryId);
  if (!repo || !user || repo.ownerId !== user._id) {
    throw userError("not_found", "Repository not found. Pick one from your repository list.");
  }
  return repo;
}

/** The caller's job, or not_found (also when it belongs to someone else). */
export async function ownJob(
  ctx: QueryCtx,
  user: Doc<"users"> | null,
  jobId: Id<"jobs">,
): Promise<Doc<"jobs">> {
  const job = await ctx.db.get(jobId);
  if (!job || !user || job.ownerId !== user._id) {
    throw userError("not_found", "Job not found. It may belong to another account.");
  }
  return job;
}

/** The caller's complete course, or not_found (also when it belongs to someone else). */
export async function ownCourse(
  ctx: QueryCtx,
  user: Doc<"users"> | null,
  courseId: Id<"courses">,
): Promise<Doc<"courses">> {
  const course = await ctx.db.get(courseId);
  if (!course || !user || course.ownerId !== user._id || course.status !== "complete") {
    throw userError("not_found", "Course not found. Pick one from your repository's page.");
  }
  return course;
}
