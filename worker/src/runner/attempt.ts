/**
 * What one attempt's steps share, and the machinery that runs beside them: the fence, the
 * job's logger, the event batcher (every event scrubbed of this machine's paths), the lease
 * heartbeat with progress, the job's timeout, and the cleanup that always ends an attempt.
 * Made and ended by runAttempt (job.ts); read by the steps (attemptSteps.ts) and by the
 * report of an attempt that did not publish (attemptEnd.ts).
 */
import { realpathSync } from "node:fs";
import { rm } from "node:fs/promises";
import type { JobProgress } from "@fondation/shared";
import { EventBatcher } from "../events/batcher.ts";
import type { Logger } from "../logger.ts";
import type { ClaimedJob, EventInput, Fence } from "./backend.ts";
import type { JobDeps, JobPhase, RunningJob, StopReason } from "./job.ts";
import { ProgressTracker } from "./progress.ts";

/** The job folder and the two folders inside it. */
export interface JobFolders {
  jobDir: string;
  repoDir: string;
  outDir: string;
}

export interface Attempt {
  readonly claimed: ClaimedJob;
  readonly deps: JobDeps;
  readonly job: RunningJob;
  /** Aborted by job.stop (cancel, shutdown, lost lease, timeout). */
  readonly signal: AbortSignal;
  /** Why the attempt was stopped, once it was. */
  readonly reason: () => StopReason | undefined;
  readonly log: Logger;
  readonly fence: Fence;
  readonly tracker: ProgressTracker;
  readonly batcher: EventBatcher<EventInput>;
  /** Wall-clock end of the attempt (JOB_TIMEOUT_MS after the claim). */
  readonly deadline: number;
  /** Set once the job folder exists; until then there is nothing to remove. */
  folders?: JobFolders;
  /** No path of this machine reaches an event or a message a user sees. */
  scrub: (text: string) => string;
  /** The status the heartbeat reports (Convex shows cloning/analyzing). */
  status?: "cloning" | "analyzing";
  /** The cloned commit, once known; reported on heartbeats and with the course. */
  commit?: string;
  /** Checkpoint uploads, chained so they run one at a time and can be awaited. */
  uploads: Promise<void>;
  /** Scrubs an event and queues it for Convex. */
  emit(event: EventInput): void;
  /** Renews the lease with progress now (one heartbeat at a time). */
  beat(): Promise<void>;
  /** Moves to a phase; a reported status is sent with a heartbeat first. Throws when stopped. */
  enter(phase: JobPhase, reported?: "cloning" | "analyzing"): Promise<void>;
  readonly timers: {
    heartbeat: ReturnType<typeof setInterval>;
    timeout: ReturnType<typeof setTimeout>;
  };
}

/** The attempt's shared state; starts the heartbeat and the timeout at once. */
export function beginAttempt(
  claimed: ClaimedJob,
  deps: JobDeps,
  job: RunningJob,
  signal: AbortSignal,
  reason: () => StopReason | undefined,
): Attempt {
  const log = deps.logger.child({ jobId: claimed.jobId, attempt: claimed.attempt });
  const fence: Fence = { jobId: claimed.jobId, attempt: claimed.attempt };
  const batcher = new EventBatcher<EventInput>({
    // The tracker has applied every event pushed so far: its progress goes with the batch.
    flush: (batch) => deps.backend.appendEvents(fence, batch, attempt.tracker.progress),
    intervalMs: deps.batchIntervalMs ?? 200,
    maxBatch: 100, // under MAX_EVENTS_PER_BATCH; smaller batches reach the UI sooner in a burst
    onStop: ({ refused, error }) => {
      if (refused) job.stop({ kind: "lost", why: "events refused" });
      else log.warn({ err: error }, "events could not be sent; continuing without them");
    },
  });
  const attempt: Attempt = {
    claimed,
    deps,
    job,
    signal,
    reason,
    log,
    fence,
    tracker: new ProgressTracker(),
    batcher,
    deadline: Date.now() + deps.config.jobTimeoutMs,
    scrub: (text) => text,
    uploads: Promise.resolve(),
    emit: (event) => batcher.push(scrubEvent(event, attempt.scrub)),
    beat: heartbeat(() => attempt),
    enter: async (phase, reported) => {
      signal.throwIfAborted();
      job.phase = phase;
      if (reported) {
        attempt.status = reported;
        await attempt.beat();
        signal.throwIfAborted();
      }
    },
    timers: {
      heartbeat: setInterval(
        () => void attempt.beat(),
        Math.max(200, Math.floor(deps.config.leaseMs / 3)),
      ),
      timeout: setTimeout(() => job.stop({ kind: "timeout" }), deps.config.jobTimeoutMs),
    },
  };
  return attempt;
}

/**
 * Lease renewal with progress, at about a third of the lease; one heartbeat at a time, none
 * once the lease is lost. A refusal stops the job as lost; a cancel request stops it too.
 */
function heartbeat(current: () => Attempt): () => Promise<void> {
  let beating: Promise<void> | undefined;
  return () => {
    const { deps, fence, job, log, reason, tracker, status, commit } = current();
    if (beating || reason()?.kind === "lost") return beating ?? Promise.resolve();
    const progress: JobProgress = tracker.progress;
    beating = deps.backend
      .heartbeat(fence, {
        leaseMs: deps.config.leaseMs,
        progress,
        ...(status ? { status } : {}),
        ...(commit ? { commit } : {}),
      })
      .then((result) => {
        if (!result.ok) {
          log.warn({ reason: result.reason }, "lease refused: stopping the job");
          job.stop({ kind: "lost", why: result.reason });
        } else if (result.cancelRequested) {
          job.stop({ kind: "cancel" });
        }
      })
      .catch((error: unknown) => log.warn({ err: error }, "heartbeat failed; will retry"))
      .finally(() => {
        beating = undefined;
      });
    return beating;
  };
}

/** Runs after every attempt, whatever its end: timers off, no more events, folder removed. */
export async function endAttempt(attempt: Attempt): Promise<void> {
  clearInterval(attempt.timers.heartbeat);
  clearTimeout(attempt.timers.timeout);
  attempt.batcher.stop();
  await attempt.uploads.catch(() => {});
  if (attempt.folders) {
    await rm(attempt.folders.jobDir, { recursive: true, force: true }).catch((err: unknown) =>
      attempt.log.error({ err }, "could not remove the job folder"),
    );
  }
}

/** Replaces each path (longest first) in a text; the paths of one job's folders. */
export function pathScrubber(pairs: [string, string][]): (text: string) => string {
  const all: [string, string][] = [];
  for (const [path, shown] of pairs) {
    all.push([path, shown]);
    try {
      const real = realpathSync(path.replace(/\/$/, ""));
      if (real !== path.replace(/\/$/, "")) {
        all.push([path.endsWith("/") ? `${real}/` : real, shown]);
      }
    } catch {
      // not made yet (the clone's folder): the path as written is what appears
    }
  }
  all.sort((a, b) => b[0].length - a[0].length);
  return (text) => {
    let out = text;
    for (const [path, shown] of all) if (path) out = out.split(path).join(shown);
    return out;
  };
}

/** An event with every string in it (message and data) scrubbed of the job's paths. */
function scrubEvent(event: EventInput, scrub: (text: string) => string): EventInput {
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return scrub(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    }
    return value;
  };
  return {
    ...event,
    message: scrub(event.message),
    ...(event.data !== undefined ? { data: walk(event.data) } : {}),
  };
}
