/**
 * Refresh: bring a repository's course to its branch's newest commit, rewriting only what
 * changed (the worker passes `previousCourseId` to the CLI's `--update`). Asked by the owner
 * (the Refresh button, `request`) or by a push (the GitHub webhook, lib/webhookHandler.ts, and
 * `fromPush`). The rules for a refresh meeting an active job are in lib/refreshes.ts.
 */
import { v } from "convex/values";
import type { Doc, Id } from "./_generated/dataModel";
import { internalMutation, type MutationCtx, mutation } from "./_generated/server";
import { requireUser } from "./lib/auth.ts";
import { userError } from "./lib/errors.ts";
import { ownRepository } from "./lib/ownership.ts";
import * as quota from "./lib/quota.ts";
import { activeJobOf, joinActive, refreshBasis } from "./lib/refreshes.ts";
import * as transitions from "./lib/transitions.ts";

export const COMMIT_RE = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

export type RefreshOutcome =
  | { kind: "queued"; jobId: Id<"jobs"> }
  | { kind: "joined" | "after" | "running_at_commit"; jobId: Id<"jobs"> }
  | { kind: "up_to_date"; courseId: Id<"courses"> };

/**
 * Queues a refresh of `repo` for its owner, or joins the active job; `commit` (a push) makes
 * a push the latest course already has do nothing. Limits refuse by throwing (lib/quota.ts).
 */
export async function queueRefresh(
  ctx: MutationCtx,
  repo: Doc<"repositories">,
  push?: { commit: string; message: string },
): Promise<RefreshOutcome> {
  const { previous, options } = await refreshBasis(ctx, repo);
  if (push && previous?.commit === push.commit) {
    return { kind: "up_to_date", courseId: previous._id };
  }
  const active = await activeJobOf(ctx, repo._id);
  if (active) return await joinActive(ctx, active, previous?._id, push?.commit);
  await quota.checkNewJob(ctx, repo.ownerId, options.model);
  const jobId = await transitions.enqueue(
    ctx,
    {
      ownerId: repo.ownerId,
      repositoryId: repo._id,
      options,
      ...(previous ? { previousCourseId: previous._id } : {}),
    },
    push?.message,
  );
  await quota.recordJob(ctx, repo.ownerId);
  return { kind: "queued", jobId };
}

/**
 * The owner's Refresh: a job bringing the latest complete course up to date (an ordinary
 * build when there is none). `created` is false when an active job carries the refresh: a
 * queued one builds the newest commit anyway; a running one is followed by the refresh when
 * it ends (its `jobId` is returned).
 */
export const request = mutation({
  args: { repositoryId: v.id("repositories") },
  returns: v.object({ jobId: v.id("jobs"), created: v.boolean() }),
  handler: async (ctx, { repositoryId }) => {
    const repo = await ownRepository(ctx, await requireUser(ctx), repositoryId);
    const outcome = await queueRefresh(ctx, repo);
    if (outcome.kind === "up_to_date") throw new Error("unreachable: no commit was given");
    return { jobId: outcome.jobId, created: outcome.kind === "queued" };
  },
});

/** A push moved the default branch to `commit`: refresh, unless the latest course is at it. */
export const fromPush = internalMutation({
  args: { repositoryId: v.id("repositories"), commit: v.string() },
  returns: v.object({
    kind: v.union(
      v.literal("queued"),
      v.literal("joined"),
      v.literal("after"),
      v.literal("running_at_commit"),
      v.literal("up_to_date"),
    ),
    jobId: v.optional(v.id("jobs")),
    courseId: v.optional(v.id("courses")),
  }),
  handler: async (ctx, { repositoryId, commit }) => {
    if (!COMMIT_RE.test(commit))
      throw userError("invalid_argument", "commit must be a git object id.");
    const repo = await ctx.db.get(repositoryId);
    if (!repo) throw userError("not_found", `No repository ${repositoryId}.`);
    return await queueRefresh(ctx, repo, { commit, message: pushMessage(commit) });
  },
});

/** The first event of a job a push queued. */
export function pushMessage(commit: string, branch?: string): string {
  return `Refresh requested by a push${branch ? ` to ${branch}` : ""} (${commit.slice(0, 7)}).`;
}
