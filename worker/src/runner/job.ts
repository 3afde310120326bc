/**
 * One attempt of one job, from claim to a final word to Convex: clone → report the commit
 * (when it already has this course, the job ends there, up to date) → hand back
 * checkpoints → for a refresh, write the previous course for `--update` → run the CLI (events batched, checkpoints uploaded as announced, lease
 * renewed with progress) → publish the course. Stops at once when Convex refuses a fenced
 * write (no more writes at all), stops the CLI and confirms on cancel, hands the job back
 * on shutdown, and reports any other failure with its code. Its folder is always removed.
 * The worker (worker.ts) starts and stops attempts here; the steps are in attemptSteps.ts,
 * what they share in attempt.ts, how a stopped or failed attempt ends in attemptEnd.ts.
 */
import type { WorkerConfig } from "../config.ts";
import type { Logger } from "../logger.ts";
import type { Redactor } from "../redact.ts";
import { beginAttempt, endAttempt } from "./attempt.ts";
import { reportEnd } from "./attemptEnd.ts";
import {
  cloneRepository,
  prepareJobFolder,
  publishCourse,
  reportCommit,
  restoreEarlierCheckpoints,
  runAnalysis,
} from "./attemptSteps.ts";
import type { ClaimedJob, WorkerBackend } from "./backend.ts";
import { preparePreviousCourse } from "./previousCourse.ts";

export type StopReason =
  | { kind: "cancel" }
  | { kind: "shutdown" }
  | { kind: "lost"; why: string }
  | { kind: "timeout" };

export type JobOutcome =
  | { kind: "succeeded"; courseId: string; upToDate?: true }
  | { kind: "failed"; code: string; status: "queued" | "failed" | "unknown"; diskFull?: true }
  | { kind: "canceled" }
  | { kind: "released"; diskFull?: true }
  | { kind: "lost"; why: string };

export type JobPhase = "claimed" | "cloning" | "analyzing" | "publishing" | "stopping";

export type WorkerJobConfig = Pick<
  WorkerConfig,
  | "cliPath"
  | "tempDir"
  | "leaseMs"
  | "jobTimeoutMs"
  | "maxRepoBytes"
  | "maxOutputBytes"
  | "cloneTimeoutMs"
  | "maxRepoObjects"
  | "maxRepoFiles"
  | "maxFileBytes"
  | "maxPathDepth"
  | "cloneMemoryBytes"
  | "killGraceMs"
  | "allowLocalGit"
  | "githubToken"
  | "githubTokenRepos"
  | "clerkSecretKey"
  | "clerkApiUrl"
  | "anthropicApiKey"
  | "anthropicBaseUrl"
>;

export interface JobDeps {
  backend: WorkerBackend;
  config: WorkerJobConfig;
  logger: Logger;
  redact: Redactor;
  /** Extra environment for the CLI (tests: the fake CLI's scenario). */
  cliEnv?: Record<string, string>;
  fetchImpl?: typeof fetch;
  batchIntervalMs?: number;
  /** True when this worker already handed this job back for a full disk (diskSpace.ts). */
  diskFullBefore?: (jobId: string) => boolean;
}

/** A running attempt: its outcome, and a way to stop it from outside. */
export interface RunningJob {
  readonly jobId: string;
  readonly attempt: number;
  readonly startedAt: number;
  phase: JobPhase;
  /** The clone process while it runs (it is killed on stop). */
  clonePid?: number | undefined;
  stop(reason: StopReason): void;
  readonly done: Promise<JobOutcome>;
}

export function startJob(claimed: ClaimedJob, deps: JobDeps): RunningJob {
  const controller = new AbortController();
  let stopReason: StopReason | undefined;
  const job: RunningJob = {
    jobId: claimed.jobId,
    attempt: claimed.attempt,
    startedAt: Date.now(),
    phase: "claimed",
    stop(reason) {
      if (stopReason) {
        // A lost lease overrides anything: no more writes.
        if (reason.kind !== "lost" || stopReason.kind === "lost") return;
      }
      stopReason = reason;
      job.phase = "stopping";
      controller.abort(reason);
    },
    done: Promise.resolve() as unknown as Promise<JobOutcome>,
  };
  (job as { done: Promise<JobOutcome> }).done = runAttempt(
    claimed,
    deps,
    job,
    controller.signal,
    () => stopReason,
  );
  return job;
}

/** One attempt, step by step; whatever a step throws decides how it ends (attemptEnd.ts). */
async function runAttempt(
  claimed: ClaimedJob,
  deps: JobDeps,
  job: RunningJob,
  signal: AbortSignal,
  reason: () => StopReason | undefined,
): Promise<JobOutcome> {
  const attempt = beginAttempt(claimed, deps, job, signal, reason);
  try {
    attempt.log.info({ repository: claimed.repository.name }, "job claimed");
    const folders = await prepareJobFolder(attempt);
    await cloneRepository(attempt, folders.repoDir);
    const existing = await reportCommit(attempt);
    if (existing !== null) {
      attempt.batcher.stop(); // Convex ended the job as up to date: no run, no more events
      return { kind: "succeeded", courseId: existing, upToDate: true };
    }
    const resume = await restoreEarlierCheckpoints(attempt, folders.outDir);
    const update = await preparePreviousCourse(attempt, folders.jobDir);
    const result = await runAnalysis(attempt, folders, resume, update);
    const courseId = await publishCourse(attempt, folders.outDir, result);
    attempt.batcher.stop(); // the job is succeeded: no more events
    return { kind: "succeeded", courseId };
  } catch (error) {
    return await reportEnd(attempt, error);
  } finally {
    await endAttempt(attempt);
  }
}
