"use client";
/** Why a job failed (or why it is being retried), in words a person can act on. */
import type { JobError, JobStatus } from "@fondation/shared";
import { jobErrorText } from "@/lib/errors.ts";
import { useI18n } from "@/lib/i18n/context.tsx";

export function JobErrorNotice({ status, error }: { status: JobStatus; error?: JobError }) {
  const { t } = useI18n();
  if (!error) return null;
  if (status === "queued") {
    // A retry is scheduled: say why, without alarming.
    return (
      <p className="notice notice-warn" role="status">
        {t("job.retrying", { message: jobErrorText(t, error) })}
      </p>
    );
  }
  if (status !== "failed") return null;
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{jobErrorText(t, error)}</p>
      {error.message && <p className="notice-detail">{error.message}</p>}
      {error.retryable && <p>{t("job.retryable")}</p>}
    </div>
  );
}
