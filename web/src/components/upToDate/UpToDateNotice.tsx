"use client";
/**
 * Same commit, same course, as the user sees it. On the job page: a job that ended up to
 * date says so and opens the existing course; a request that found the repository's course
 * already on the way (the job page opened with `?existing=1`) says it is that request. On
 * the repository page, in the request form: the last request was up to date.
 */
import Link from "next/link";
import { useEffect, useState } from "react";
import { shortCommit } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import type { JobView } from "@/lib/types.ts";
import "./upToDate.css";

type Job = Pick<JobView, "upToDate" | "courseId" | "commit">;

/** Where to go after a request: the job, saying so when it was already there. */
export function requestedJobHref(result: { jobId: string; created: boolean }): string {
  return `/jobs/${result.jobId}${result.created ? "" : "?existing=1"}`;
}

function useExistingFlag(): boolean {
  const [existing, setExisting] = useState(false);
  useEffect(() => {
    setExisting(new URLSearchParams(window.location.search).get("existing") === "1");
  }, []);
  return existing;
}

/** For the job page. */
export function UpToDateNotice({ job }: { job: Job }) {
  const { t } = useI18n();
  const existing = useExistingFlag();
  if (job.upToDate && job.courseId) {
    return (
      <div className="notice up-to-date-notice" role="status" data-testid="up-to-date">
        <p className="notice-title">
          {t("upToDate.title")} —{" "}
          <Link href={`/courses/${job.courseId}`}>{t("upToDate.open")}</Link>
        </p>
        <p>{t("upToDate.detail", { commit: shortCommit(job.commit) })}</p>
      </div>
    );
  }
  if (existing && !job.upToDate) {
    return (
      <p className="notice up-to-date-notice" role="status" data-testid="existing-job">
        {t("upToDate.existingJob")}
      </p>
    );
  }
  return null;
}

/** For the repository page's request form: the newest job was up to date. */
export function LastRequestUpToDate({ job }: { job: Job | undefined }) {
  const { t } = useI18n();
  if (!job?.upToDate || !job.courseId) return null;
  return (
    <p className="notice" data-testid="last-request-up-to-date">
      {t("upToDate.lastRequest", { commit: shortCommit(job.commit) })}{" "}
      <Link href={`/courses/${job.courseId}`}>{t("upToDate.open")}</Link>
    </p>
  );
}
