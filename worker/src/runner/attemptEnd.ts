/**
 * How an attempt that did not publish ends, and what Convex is told: a lost lease ends it
 * without a single write; a cancel is confirmed; a shutdown hands the job back; a full disk
 * hands it back too, uncounted, the first time this worker meets it with this job (the
 * worker's fault, not the job's: another worker may run it), and counts it the second time
 * (the job itself may need more room than a worker has, so it must not bounce forever); anything
 * else is classified into a JobFailure (code, a message a person can act on, retryable or
 * not) and reported. Called by runAttempt (job.ts) with whatever a step threw.
 */
import { ConvexError } from "convex/values";
import { CliCanceledError } from "../cli/runCli.ts";
import { formatDuration, isJobFailure, JobFailure } from "../jobFailure.ts";
import type { Attempt } from "./attempt.ts";
import { accepted, LeaseLostError } from "./backend.ts";
import { isDiskFull } from "./diskSpace.ts";
import type { JobOutcome, StopReason } from "./job.ts";
import { workerEvent } from "./progress.ts";

export async function reportEnd(attempt: Attempt, error: unknown): Promise<JobOutcome> {
  const { log } = attempt;
  const stopped = attempt.reason();
  if (error instanceof LeaseLostError || stopped?.kind === "lost") {
    const why = stopped?.kind === "lost" ? stopped.why : (error as LeaseLostError).reason;
    log.warn({ why }, "lost the job's lease: stopped without further writes");
    attempt.batcher.stop();
    return { kind: "lost", why };
  }
  try {
    if (stopped?.kind === "cancel") return await confirmCanceled(attempt);
    if (stopped?.kind === "shutdown") return await handBack(attempt);
    if (stopped === undefined && isDiskFull(error)) return await diskFull(attempt, error);
    return await reportFailure(attempt, error, stopped);
  } catch (inner) {
    if (inner instanceof LeaseLostError) {
      log.warn({ why: inner.reason }, "lost the job's lease while reporting");
      return { kind: "lost", why: inner.reason };
    }
    log.error({ err: inner }, "could not report the job's end; its lease will expire");
    return { kind: "failed", code: "internal", status: "unknown" };
  }
}

async function confirmCanceled(attempt: Attempt): Promise<JobOutcome> {
  await attempt.batcher.drain();
  accepted(await attempt.deps.backend.confirmCanceled(attempt.fence));
  attempt.log.info("job canceled");
  return { kind: "canceled" };
}

/** On shutdown: requeued without counting an attempt. */
async function handBack(attempt: Attempt): Promise<JobOutcome> {
  await attempt.batcher.drain();
  const released = accepted(await attempt.deps.backend.release(attempt.fence));
  attempt.log.info({ status: released.status }, "job handed back");
  return { kind: "released" };
}

/** The worker's disk is full: hand the job back the first time, count the attempt the second. */
async function diskFull(attempt: Attempt, error: unknown): Promise<JobOutcome> {
  const { claimed, deps, log } = attempt;
  log.warn({ err: error }, "the worker's disk is full");
  if (!deps.diskFullBefore?.(claimed.jobId)) {
    attempt.emit(
      workerEvent(
        "disk_full",
        "This worker ran out of disk space; the job goes back to the queue for another worker, and this attempt does not count.",
        "warn",
      ),
    );
    await handBack(attempt);
    return { kind: "released", diskFull: true };
  }
  const failure = new JobFailure(
    "internal",
    "The worker ran out of disk space while running this job, again: the repository may need more room than a worker has.",
    true,
  );
  const outcome = await reportFailure(attempt, failure, undefined);
  return outcome.kind === "failed" ? { ...outcome, diskFull: true } : outcome;
}

/** The failure as the user sees it: a `failed` event, then the job's error in Convex. */
async function reportFailure(
  attempt: Attempt,
  error: unknown,
  stopped: StopReason | undefined,
): Promise<JobOutcome> {
  const { claimed } = attempt;
  const found = classifyFailure(attempt, error, stopped);
  // Convex retries a retryable failure while attempts are left (retryOrFail): say so
  // only then, so the last attempt's message never promises a retry that won't come.
  const failure = new JobFailure(
    found.code,
    withRetryNote(
      attempt.scrub(found.message),
      found.retryable && claimed.attempt < claimed.maxAttempts,
      found.code,
      found.retryable && claimed.attempt >= claimed.maxAttempts ? claimed.attempt : undefined,
    ),
    found.retryable,
  );
  attempt.log.warn({ code: failure.code, retryable: failure.retryable, err: error }, "job failed");
  attempt.emit(workerEvent("failed", failure.message, "error", { code: failure.code }));
  await attempt.batcher.drain();
  const result = accepted(
    await attempt.deps.backend.fail(attempt.fence, {
      code: failure.code,
      message: failure.message.slice(0, 2_000),
      retryable: failure.retryable,
    }),
  );
  return { kind: "failed", code: failure.code, status: result.status };
}

/** What went wrong, before scrubbing and the retry note. */
function classifyFailure(
  attempt: Attempt,
  error: unknown,
  stopped: StopReason | undefined,
): JobFailure {
  if (stopped?.kind === "timeout") {
    return new JobFailure(
      "job_timeout",
      `The job took longer than its ${formatDuration(attempt.deps.config.jobTimeoutMs)} limit and was stopped.`,
      true,
    );
  }
  if (isJobFailure(error)) return error;
  if (refusedArgument(error)) {
    return new JobFailure(
      "analysis_failed",
      `Convex refused the course the analysis produced: ${refusedArgument(error)}`.slice(0, 1_000),
      false,
    );
  }
  if (error instanceof CliCanceledError) {
    return new JobFailure("internal", "The analysis was stopped unexpectedly.", true);
  }
  return new JobFailure(
    "internal",
    `The worker hit an unexpected error: ${attempt.deps.redact(String((error as Error)?.message ?? error)).slice(0, 300)}.`,
    true,
  );
}

/** The sentence that ends a failure's message when Convex will retry it. */
export function withRetryNote(
  message: string,
  willRetry: boolean,
  code: string,
  lastAttempt?: number,
): string {
  const sentence = /[.!?]$/.test(message.trim()) ? message.trim() : `${message.trim()}.`;
  // A retryable failure with no attempt left: say plainly that this is the end.
  if (!willRetry && lastAttempt !== undefined) {
    return `${sentence} That was attempt ${lastAttempt} of ${lastAttempt}: the job has failed.`;
  }
  if (!willRetry) return message;
  return code === "job_timeout"
    ? `${sentence} It will be retried, resuming from its checkpoints.`
    : `${sentence} The job will be retried.`;
}

/** The message of a ConvexError {code: "invalid_argument"} (bad input, retrying won't help). */
function refusedArgument(error: unknown): string | undefined {
  if (!(error instanceof ConvexError)) return undefined;
  const data = error.data as { code?: unknown; message?: unknown } | undefined;
  return data?.code === "invalid_argument" && typeof data.message === "string"
    ? data.message
    : undefined;
}
