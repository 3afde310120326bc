/**
 * The claimable head of the queue, fair between owners (issue 11: one user's backlog must
 * not starve another). Owners take turns: the scan starts just after the owner of the most
 * recently claimed job and goes round the owners with queued jobs in id order, so every
 * owner with a due job is served once before anyone is served twice, however many jobs
 * each has queued. Within an owner, jobs go by runAt.
 *
 * Cheap and derived from the jobs themselves (nothing to keep in step): one index seek per
 * owner (`by_status_owner_runAt`, a loose index scan), one for the cursor (`by_claimedAt`),
 * and, when fewer owners than rows are waiting, one short range per owner to fill the rows
 * round by round. Rows may be due later (backoff): the worker arms a timer for those.
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";

type Job = Doc<"jobs">;

/** The earliest queued job of the first owner after `after` in id order (or the first owner). */
async function headAfter(ctx: QueryCtx, after: Id<"users"> | null): Promise<Job | null> {
  return await ctx.db
    .query("jobs")
    .withIndex("by_status_owner_runAt", (q) =>
      after === null ? q.eq("status", "queued") : q.eq("status", "queued").gt("ownerId", after),
    )
    .first();
}

/** Up to `limit` queued jobs, owners interleaved starting after the last one served. */
export async function fairHead(ctx: QueryCtx, limit: number): Promise<Job[]> {
  const last = await ctx.db.query("jobs").withIndex("by_claimedAt").order("desc").first();
  const cursor = last?.claimedAt !== undefined ? last.ownerId : null;
  const heads: Job[] = [];
  const seen = new Set<string>();
  // Owners after the cursor, then from the first owner round to the cursor's (included).
  for (const start of cursor === null ? [null] : [cursor, null]) {
    let after: Id<"users"> | null = start;
    while (heads.length < limit) {
      const head = await headAfter(ctx, after);
      if (!head || seen.has(head.ownerId)) break;
      seen.add(head.ownerId);
      heads.push(head);
      after = head.ownerId;
    }
  }
  if (heads.length === 0) return [];
  const perOwner = Math.ceil(limit / heads.length);
  if (perOwner === 1) return heads;
  const lists = await Promise.all(
    heads.map((head) =>
      ctx.db
        .query("jobs")
        .withIndex("by_status_owner_runAt", (q) =>
          q.eq("status", "queued").eq("ownerId", head.ownerId),
        )
        .take(perOwner),
    ),
  );
  const rows: Job[] = [];
  for (let round = 0; round < perOwner; round++) {
    for (const list of lists) {
      const job = list[round];
      if (job) rows.push(job);
    }
  }
  return rows.slice(0, limit);
}
