"use client";
/** The headline of a job: status, step k of n, chapters, a progress bar, time, tokens, cost. */
import { formatCost, formatDuration, formatTokens } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import type { MessageKey } from "@/lib/i18n/index.ts";
import { progressView } from "@/lib/progress.ts";
import type { JobView } from "@/lib/types.ts";
import { useNow } from "@/lib/useNow.ts";
import { writerText } from "./JobHeading.tsx";

export function JobProgress({
  job,
  now: fixedNow,
  frozen = false,
}: {
  job: JobView;
  now?: number;
  /** Disconnected from Convex: the clock stops rather than count time nobody can vouch for. */
  frozen?: boolean;
}) {
  const { t, locale } = useI18n();
  const tick = useNow(
    !frozen && fixedNow === undefined && job.status !== "succeeded" && job.finishedAt === undefined,
  );
  const view = progressView(job, fixedNow ?? tick);
  const statusText = t(`job.status.${view.status}` as MessageKey);
  const stepText = view.stepName
    ? t("job.stepName", {
        step: view.step,
        total: view.totalSteps,
        name: t(`step.${view.stepName}` as MessageKey),
      })
    : t("job.step", { step: view.step, total: view.totalSteps });

  return (
    <section className="job-progress" aria-labelledby="job-progress-title">
      <h2 id="job-progress-title" className="job-status" data-status={view.status}>
        {statusText}
      </h2>
      <p className="job-step" aria-live="polite">
        {stepText}
        {view.chaptersTotal > 0 && (
          <>
            {" · "}
            <span className="job-chapters">
              {t("job.chapters", { done: view.chaptersDone, total: view.chaptersTotal })}
            </span>
          </>
        )}
      </p>
      <div className="progress-row">
        <progress
          className="progress-bar"
          max={100}
          value={view.percent}
          aria-label={t("job.progress")}
          aria-valuetext={`${view.percent}%`}
        />
        <span className="progress-percent">{view.percent}%</span>
      </div>
      {view.message && <p className="job-message">{view.message}</p>}
      <dl className="job-stats">
        <div>
          <dt>{t("job.elapsed")}</dt>
          <dd data-testid="job-elapsed">{formatDuration(view.elapsedMs)}</dd>
        </div>
        {!job.offline && (
          // Offline, nothing is billed: "0 tokens, $0.00" would suggest a model ran.
          <>
            <div>
              <dt>{t("job.tokens")}</dt>
              <dd data-testid="job-tokens">{formatTokens(view.tokens, locale)}</dd>
            </div>
            <div>
              <dt>{t("job.cost")}</dt>
              <dd data-testid="job-cost">{formatCost(view.costUsd, locale)}</dd>
            </div>
          </>
        )}
        <div>
          <dt>{t("job.attempt", { attempt: Math.max(1, job.attempt), max: job.maxAttempts })}</dt>
          <dd data-testid="job-writer">{writerText(t, job)}</dd>
        </div>
      </dl>
    </section>
  );
}
