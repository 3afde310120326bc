"use client";
/**
 * The job page's title, by state (in progress, ready, up to date, failed, canceled), and the
 * line under it: which repository, in which language, written by which model or offline.
 */
import { isActiveStatus } from "@fondation/shared";
import Link from "next/link";
import { useI18n } from "@/lib/i18n/context.tsx";
import type { MessageKey } from "@/lib/i18n/index.ts";
import { LANGUAGE_NAMES } from "@/lib/languages.ts";
import { modelLabel } from "@/lib/quota.ts";
import type { JobView } from "@/lib/types.ts";

export function jobTitleKey(job: Pick<JobView, "status" | "upToDate">): MessageKey {
  if (isActiveStatus(job.status)) return "job.title.active";
  if (job.status === "succeeded")
    return job.upToDate ? "job.title.upToDate" : "job.title.succeeded";
  return job.status === "failed" ? "job.title.failed" : "job.title.canceled";
}

/** Who writes the course: the model asked for, or "offline" once the worker said it has no key. */
export function writerText(t: (key: MessageKey) => string, job: JobView): string {
  return job.offline ? t("job.writer.offline") : modelLabel(job.options.model);
}

export function JobHeading({ job, repositoryName }: { job: JobView; repositoryName?: string }) {
  const { t } = useI18n();
  return (
    <div className="page-head job-head">
      <div>
        <h1 className="job-title" data-title={jobTitleKey(job)}>
          {t(jobTitleKey(job))}
        </h1>
        <p className="muted job-subtitle">
          {[repositoryName, LANGUAGE_NAMES[job.options.language], writerText(t, job)]
            .filter(Boolean)
            .join(" · ")}
        </p>
      </div>
      <Link href={`/repositories/${job.repositoryId}`}>{t("job.back")}</Link>
    </div>
  );
}
