/**
 * The per-job event log: seq 1, 2, 3… with no gaps, assigned here from the job's
 * `eventCount` inside the calling mutation (Convex serialises conflicting mutations, so
 * interleaved batches never share or skip a seq). Past MAX_EVENTS_PER_JOB events one
 * marker event says the log was truncated, and later events are dropped.
 */
import { MAX_EVENTS_PER_JOB } from "@fondation/shared/core";
import type { Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";

export type EventLevel = "debug" | "info" | "warn" | "error";

export interface EventInput {
  ts: number;
  kind: string;
  level: EventLevel;
  message: string;
  data?: unknown;
}

export interface AppendResult {
  accepted: number;
  dropped: number;
  /** Seq of the last event stored for this job (0 when there is none). */
  lastSeq: number;
  truncated: boolean;
}

export const TRUNCATION_MARKER_KIND = "events.truncated";

/** Appends events to a job's log, numbering them, and applies the per-job cap. */
export async function appendJobEvents(
  ctx: MutationCtx,
  jobId: Id<"jobs">,
  events: readonly EventInput[],
  cap: number = MAX_EVENTS_PER_JOB,
): Promise<AppendResult> {
  const job = await ctx.db.get(jobId);
  if (!job) throw new Error(`appendJobEvents: job ${jobId} does not exist`);
  let count = job.eventCount;
  if (job.eventsTruncated) {
    return { accepted: 0, dropped: events.length, lastSeq: count, truncated: true };
  }
  const room = Math.max(0, cap - count);
  const kept = events.slice(0, room);
  for (const event of kept) {
    count += 1;
    await ctx.db.insert("jobEvents", { jobId, seq: count, ...event });
  }
  const dropped = events.length - kept.length;
  let truncated = false;
  if (dropped > 0) {
    count += 1;
    truncated = true;
    await ctx.db.insert("jobEvents", {
      jobId,
      seq: count,
      ts: Date.now(),
      kind: TRUNCATION_MARKER_KIND,
      level: "warn",
      message: `This job reached ${cap} events; later events are not kept (the job itself continues).`,
    });
  }
  if (count !== job.eventCount || truncated) {
    await ctx.db.patch(jobId, { eventCount: count, eventsTruncated: truncated });
  }
  return { accepted: kept.length, dropped, lastSeq: count, truncated };
}

/** Records one event written by the queue itself (claims, retries, cancels…). */
export async function appendSystemEvent(
  ctx: MutationCtx,
  jobId: Id<"jobs">,
  kind: string,
  message: string,
  level: EventLevel = "info",
): Promise<void> {
  await appendJobEvents(ctx, jobId, [{ ts: Date.now(), kind: `job.${kind}`, level, message }]);
}
