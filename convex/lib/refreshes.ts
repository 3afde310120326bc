/**
 * Refreshes (issue 15): a job that brings a repository's latest complete course up to date
 * (`previousCourseId`), with that course's options. One job per repository stays the rule, so
 * a refresh asked while a job is active joins it instead of racing it:
 *   - a queued job has not cloned yet: it will build the newest commit, so it is the refresh
 *     (it gets `previousCourseId` when it had none);
 *   - a running job may have cloned an older commit: it gets `refreshAfter`, and the transition
 *     that ends it queues the refresh (transitions.ts, followUpRefresh).
 * Convex runs mutations serializably, so the two cases cannot lose a request between them.
 */
import { DEFAULT_MODEL, isRunningStatus } from "@fondation/shared/core";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";

type Options = Doc<"jobs">["options"];

/** What a new job would be for lack of any earlier choice. */
const DEFAULT_OPTIONS: Options = { language: "en", model: DEFAULT_MODEL };

/** The active job of a repository, if any (at most one, by dedupe). */
export async function activeJobOf(
  ctx: QueryCtx,
  repositoryId: Id<"repositories">,
): Promise<Doc<"jobs"> | null> {
  return await ctx.db
    .query("jobs")
    .withIndex("by_repository_active", (q) => q.eq("repositoryId", repositoryId).eq("active", true))
    .first();
}

/** The repository's latest complete course: its pointer, else the newest complete one. */
export async function latestCompleteCourse(
  ctx: QueryCtx,
  repo: Doc<"repositories">,
): Promise<Doc<"courses"> | null> {
  if (repo.latestCourseId) {
    const course = await ctx.db.get(repo.latestCourseId);
    if (course?.status === "complete") return course;
  }
  return await ctx.db
    .query("courses")
    .withIndex("by_repository_status", (q) =>
      q.eq("repositoryId", repo._id).eq("status", "complete"),
    )
    .order("desc")
    .first();
}

/**
 * What a refresh of `repo` builds on: its latest complete course and the options of the job
 * that wrote it; with no course, an ordinary build with the options of its newest job.
 */
export async function refreshBasis(
  ctx: QueryCtx,
  repo: Doc<"repositories">,
): Promise<{ previous: Doc<"courses"> | null; options: Options }> {
  const previous = await latestCompleteCourse(ctx, repo);
  const origin = previous ? await ctx.db.get(previous.jobId) : null;
  if (origin) return { previous, options: origin.options };
  const newest = await ctx.db
    .query("jobs")
    .withIndex("by_repository", (q) => q.eq("repositoryId", repo._id))
    .order("desc")
    .first();
  return { previous, options: newest?.options ?? DEFAULT_OPTIONS };
}

export type Joined =
  | { kind: "joined"; jobId: Id<"jobs"> }
  | { kind: "after"; jobId: Id<"jobs"> }
  | { kind: "running_at_commit"; jobId: Id<"jobs"> };

/**
 * Makes the active job of the repository carry the refresh (see the top of this file);
 * `commit`, when known (a push), spares a follow-up to a job already analysing that commit.
 */
export async function joinActive(
  ctx: MutationCtx,
  active: Doc<"jobs">,
  previousCourseId: Id<"courses"> | undefined,
  commit?: string,
): Promise<Joined> {
  if (active.status === "queued") {
    if (!active.previousCourseId && previousCourseId) {
      await ctx.db.patch(active._id, { previousCourseId, updatedAt: Date.now() });
    }
    return { kind: "joined", jobId: active._id };
  }
  if (isRunningStatus(active.status) && commit !== undefined && active.commit === commit) {
    return { kind: "running_at_commit", jobId: active._id };
  }
  if (!active.refreshAfter) {
    await ctx.db.patch(active._id, { refreshAfter: true, updatedAt: Date.now() });
  }
  return { kind: "after", jobId: active._id };
}
