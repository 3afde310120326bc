/**
 * The job lifecycle shared by Convex (which enforces it), the worker (which drives it)
 * and the web app (which shows it). See ARCHITECTURE.md, "A job's life".
 */

export const JOB_STATUSES = [
  "queued",
  "claimed",
  "cloning",
  "analyzing",
  "publishing",
  "succeeded",
  "failed",
  "canceled",
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses in which a worker holds a lease on the job. */
export const RUNNING_STATUSES = ["claimed", "cloning", "analyzing", "publishing"] as const;
export type RunningStatus = (typeof RUNNING_STATUSES)[number];

/** Statuses a job never leaves. */
export const TERMINAL_STATUSES = ["succeeded", "failed", "canceled"] as const;
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

/** A job is active (counts for dedupe) until it reaches a terminal status. */
export function isActiveStatus(status: JobStatus): boolean {
  return !(TERMINAL_STATUSES as readonly string[]).includes(status);
}

export function isRunningStatus(status: JobStatus): status is RunningStatus {
  return (RUNNING_STATUSES as readonly string[]).includes(status);
}

/**
 * Why a job failed. Codes are stable (the web app translates them); the message is the
 * human sentence that says what happened and what to do.
 */
export const JOB_ERROR_CODES = [
  "repository_not_found",
  "access_denied",
  "repository_too_large",
  "repository_empty",
  "invalid_options",
  "clone_failed",
  "clone_timeout",
  "model_auth",
  "model_quota",
  "model_unavailable",
  /** The model API refused a request as malformed or too large (400, 413). */
  "model_request",
  /** The model declined to write a lesson (stop_reason `refusal`). */
  "model_refused",
  "analysis_failed",
  "output_too_large",
  "job_timeout",
  "lease_expired",
  "worker_crashed",
  "internal",
] as const;
export type JobErrorCode = (typeof JOB_ERROR_CODES)[number];

export interface JobError {
  code: JobErrorCode;
  message: string;
  retryable: boolean;
}

/** Progress reported by the worker on each heartbeat. */
export interface JobProgress {
  /** Pipeline step being run, 1-based, of `totalSteps`. 0 before analysis starts. */
  step: number;
  totalSteps: number;
  chaptersDone: number;
  chaptersTotal: number;
  message: string;
}

/** Token and cost accounting, summed over every model request of a run. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
  costUsd: number;
}

export const ZERO_USAGE: Usage = {
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationInputTokens: 0,
  cacheReadInputTokens: 0,
  costUsd: 0,
};

/** Languages a course can be written in (prose only; code stays code). */
export const COURSE_LANGUAGES = ["en", "fr", "es", "de"] as const;
export type CourseLanguage = (typeof COURSE_LANGUAGES)[number];
