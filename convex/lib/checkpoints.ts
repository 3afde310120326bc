/**
 * Checkpoints: a pipeline step's validated output (JSON text), saved in parts under
 * MAX_CHECKPOINT_PART_CHARS so a re-delivered attempt (or a retry job, through
 * `checkpointsOf`) resumes instead of paying for the same model calls twice.
 */
import { MAX_CHECKPOINT_PART_CHARS } from "@fondation/shared/core";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { userError } from "./errors.ts";

/** Parts of one checkpoint at most (32 MB of JSON text). */
export const MAX_CHECKPOINT_PARTS = 64;
/** Checkpoints per job at most (steps plus per-chapter ones). */
export const MAX_CHECKPOINTS_PER_JOB = 500;
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$/;

/** The job whose checkpoints a job reads and writes (the first of its retry chain). */
export function checkpointOwner(job: Doc<"jobs">): Id<"jobs"> {
  return job.checkpointsOf ?? job._id;
}

function checkName(name: string): void {
  if (!NAME_RE.test(name)) {
    throw userError(
      "invalid_argument",
      "A checkpoint name is 1 to 200 characters: letters, digits, '.', '_', '/', '-' (e.g. step-1-abstractions.json).",
    );
  }
}

async function findHeader(ctx: QueryCtx, job: Doc<"jobs">, name: string) {
  return await ctx.db
    .query("jobCheckpoints")
    .withIndex("by_job_name", (q) => q.eq("jobId", checkpointOwner(job)).eq("name", name))
    .unique();
}

async function deleteParts(ctx: MutationCtx, checkpointId: Id<"jobCheckpoints">): Promise<void> {
  const parts = await ctx.db
    .query("jobCheckpointParts")
    .withIndex("by_checkpoint_index", (q) => q.eq("checkpointId", checkpointId))
    .take(MAX_CHECKPOINT_PARTS + 1);
  for (const part of parts) await ctx.db.delete(part._id);
}

/**
 * Stores part `index` of `count` of a checkpoint. Saving part 0 again, or with another
 * count, starts the checkpoint over. Returns whether every part is now stored.
 */
export async function savePart(
  ctx: MutationCtx,
  job: Doc<"jobs">,
  args: { name: string; index: number; count: number; data: string },
): Promise<boolean> {
  checkName(args.name);
  const { index, count, data } = args;
  if (!Number.isInteger(count) || count < 1 || count > MAX_CHECKPOINT_PARTS) {
    throw userError(
      "invalid_argument",
      `A checkpoint has 1 to ${MAX_CHECKPOINT_PARTS} parts, not ${count}.`,
    );
  }
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw userError("invalid_argument", `Part index ${index} is outside 0..${count - 1}.`);
  }
  if (data.length > MAX_CHECKPOINT_PART_CHARS) {
    throw userError(
      "invalid_argument",
      `A checkpoint part holds at most ${MAX_CHECKPOINT_PART_CHARS} characters; split the data into more parts.`,
    );
  }
  const now = Date.now();
  let header = await findHeader(ctx, job, args.name);
  if (header && (index === 0 || header.partCount !== count)) {
    await deleteParts(ctx, header._id);
    await ctx.db.patch(header._id, { partCount: count, received: [], complete: false });
    header = { ...header, partCount: count, received: [], complete: false };
  }
  if (!header) {
    const existing = await ctx.db
      .query("jobCheckpoints")
      .withIndex("by_job_name", (q) => q.eq("jobId", checkpointOwner(job)))
      .take(MAX_CHECKPOINTS_PER_JOB);
    if (existing.length >= MAX_CHECKPOINTS_PER_JOB) {
      throw userError(
        "invalid_argument",
        `A job keeps at most ${MAX_CHECKPOINTS_PER_JOB} checkpoints.`,
      );
    }
    const id = await ctx.db.insert("jobCheckpoints", {
      jobId: checkpointOwner(job),
      name: args.name,
      partCount: count,
      received: [],
      complete: false,
      attempt: job.attempt,
      updatedAt: now,
    });
    header = (await ctx.db.get(id)) as Doc<"jobCheckpoints">;
  }
  const previous = await ctx.db
    .query("jobCheckpointParts")
    .withIndex("by_checkpoint_index", (q) => q.eq("checkpointId", header._id).eq("index", index))
    .unique();
  if (previous) await ctx.db.patch(previous._id, { data });
  else await ctx.db.insert("jobCheckpointParts", { checkpointId: header._id, index, data });
  const received = header.received.includes(index) ? header.received : [...header.received, index];
  const complete = received.length === count;
  await ctx.db.patch(header._id, { received, complete, attempt: job.attempt, updatedAt: now });
  return complete;
}

/** Part `index` of a complete checkpoint, or null when there is no complete checkpoint by that name. */
export async function loadPart(
  ctx: QueryCtx,
  job: Doc<"jobs">,
  name: string,
  index: number,
): Promise<{ count: number; data: string } | null> {
  checkName(name);
  const header = await findHeader(ctx, job, name);
  if (!header?.complete) return null;
  if (!Number.isInteger(index) || index < 0 || index >= header.partCount) {
    throw userError(
      "invalid_argument",
      `Part index ${index} is outside 0..${header.partCount - 1}.`,
    );
  }
  const part = await ctx.db
    .query("jobCheckpointParts")
    .withIndex("by_checkpoint_index", (q) => q.eq("checkpointId", header._id).eq("index", index))
    .unique();
  return part ? { count: header.partCount, data: part.data } : null;
}

/** Names of the job's complete checkpoints (given to the worker on claim). */
export async function completeNames(ctx: QueryCtx, job: Doc<"jobs">): Promise<string[]> {
  const headers = await ctx.db
    .query("jobCheckpoints")
    .withIndex("by_job_name", (q) => q.eq("jobId", checkpointOwner(job)))
    .take(MAX_CHECKPOINTS_PER_JOB);
  return headers.filter((h) => h.complete).map((h) => h.name);
}
