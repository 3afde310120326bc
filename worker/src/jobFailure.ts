/**
 * A failure the worker understands: a shared JobErrorCode, a sentence a person can act on
 * (already free of secrets), and whether retrying could help. Thrown by the clone, the CLI
 * runner and the course loader; turned into the job's `fail` call by the runner.
 */
import type { JobError, JobErrorCode } from "@fondation/shared";

export class JobFailure extends Error implements JobError {
  readonly code: JobErrorCode;
  readonly retryable: boolean;
  constructor(code: JobErrorCode, message: string, retryable: boolean) {
    super(message);
    this.name = "JobFailure";
    this.code = code;
    this.retryable = retryable;
  }

  toJobError(): JobError {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

export function isJobFailure(error: unknown): error is JobFailure {
  return error instanceof JobFailure;
}

/** "90 seconds", "5 minutes": a limit as a person reads it. */
export function formatDuration(ms: number): string {
  if (ms < 120_000) return `${Math.max(1, Math.round(ms / 1000))} seconds`;
  return `${Math.round(ms / 60_000)} minutes`;
}
