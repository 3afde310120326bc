"use client";
/** Cancel a running job, retry a failed one, or open the finished course. */
import Link from "next/link";
import { useState } from "react";
import { errorMessage } from "@/lib/errors.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import { progressView } from "@/lib/progress.ts";
import type { JobView } from "@/lib/types.ts";

export function JobActions({
  job,
  onCancel,
  onRetry,
  disconnected = false,
}: {
  job: JobView;
  onCancel: () => Promise<unknown>;
  onRetry: () => Promise<unknown>;
  /** No live connection: a click would only queue, so the buttons wait for it. */
  disconnected?: boolean;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState<"cancel" | "retry" | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const view = progressView(job, Date.now());

  async function run(kind: "cancel" | "retry", action: () => Promise<unknown>) {
    setBusy(kind);
    setFailure(null);
    try {
      await action();
    } catch (error) {
      setFailure(errorMessage(t, error));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="job-actions">
      {job.cancelRequested && view.active && (
        <p role="status" className="muted">
          {t("job.cancelRequested")}
        </p>
      )}
      {view.canCancel && (
        <button
          type="button"
          className="button-danger"
          disabled={busy !== null || disconnected}
          onClick={() => void run("cancel", onCancel)}
        >
          {busy === "cancel" ? t("job.canceling") : t("job.cancel")}
        </button>
      )}
      {view.canRetry && (
        <button
          type="button"
          disabled={busy !== null || disconnected}
          onClick={() => void run("retry", onRetry)}
        >
          {t("job.retry")}
        </button>
      )}
      {job.status === "succeeded" && job.courseId && (
        <Link href={`/courses/${job.courseId}`} className="button">
          {t("job.readCourse")}
        </Link>
      )}
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
    </div>
  );
}
