/**
 * What the live job view shows, computed from a job: step k of n, chapters done of total,
 * an overall percentage, elapsed time, tokens, cost, and which actions make sense.
 */
import {
  isActiveStatus,
  type JobStatus,
  PIPELINE_STEPS,
  type PipelineStep,
  TOTAL_STEPS,
} from "@fondation/shared";
import type { JobView } from "./types.ts";

/** Steps whose progress is counted in chapters. */
const CHAPTER_STEPS: readonly PipelineStep[] = ["chapters", "review", "tutorials"];

export interface ProgressView {
  status: JobStatus;
  active: boolean;
  /** 1-based step being run, 0 before analysis starts. */
  step: number;
  totalSteps: number;
  stepName: PipelineStep | null;
  chaptersDone: number;
  chaptersTotal: number;
  /** 0..100, whole numbers. */
  percent: number;
  elapsedMs: number;
  tokens: number;
  costUsd: number;
  message: string;
  canCancel: boolean;
  canRetry: boolean;
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

export function progressView(job: JobView, now: number): ProgressView {
  const p = job.progress;
  const totalSteps = p?.totalSteps && p.totalSteps > 0 ? p.totalSteps : TOTAL_STEPS;
  const done = job.status === "succeeded" && !job.upToDate;
  // A course that was published ran every step, whatever the last report said.
  const step = done ? totalSteps : clamp(Math.floor(p?.step ?? 0), 0, totalSteps);
  const stepName = step >= 1 ? (PIPELINE_STEPS[step - 1] ?? null) : null;
  const chaptersTotal = Math.max(0, p?.chaptersTotal ?? 0);
  const chaptersDone = done ? chaptersTotal : clamp(p?.chaptersDone ?? 0, 0, chaptersTotal);

  let percent: number;
  if (job.status === "succeeded") {
    percent = 100;
  } else if (step === 0) {
    percent = 0;
  } else {
    const within =
      stepName && CHAPTER_STEPS.includes(stepName) && chaptersTotal > 0
        ? chaptersDone / chaptersTotal
        : 0;
    // A running job never shows 100 %: that is kept for success.
    percent = Math.min(99, Math.floor(((step - 1 + within) / totalSteps) * 100));
  }

  const start = job.startedAt ?? job._creationTime;
  const end = job.finishedAt ?? (isActiveStatus(job.status) ? now : job.updatedAt);
  const u = job.usage;
  return {
    status: job.status,
    active: isActiveStatus(job.status),
    step,
    totalSteps,
    stepName,
    chaptersDone,
    chaptersTotal,
    percent,
    elapsedMs: Math.max(0, end - start),
    tokens: u
      ? u.inputTokens + u.outputTokens + u.cacheCreationInputTokens + u.cacheReadInputTokens
      : 0,
    costUsd: u?.costUsd ?? 0,
    message: p?.message ?? "",
    canCancel: isActiveStatus(job.status) && !job.cancelRequested,
    canRetry: job.status === "failed" || job.status === "canceled",
  };
}
