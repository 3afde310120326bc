"use client";
/** One repository: request or refresh a course, refresh on push, its jobs and course history. */
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { useMutation, useQuery } from "convex/react";
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { writerText } from "@/components/job/JobHeading.tsx";
import { RefreshButton } from "@/components/repos/RefreshButton.tsx";
import { RequestCourseForm } from "@/components/repos/RequestCourseForm.tsx";
import { WebhookSettings } from "@/components/repos/WebhookSettings.tsx";
import { SignedInGate } from "@/components/SignedInGate.tsx";
import { LastRequestUpToDate, requestedJobHref } from "@/components/upToDate/UpToDateNotice.tsx";
import { formatCost, formatDateTime, shortCommit } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import type { MessageKey } from "@/lib/i18n/index.ts";
import { LANGUAGE_NAMES } from "@/lib/languages.ts";

function Repository({ repositoryId }: { repositoryId: Id<"repositories"> }) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const repo = useQuery(api.repositories.get, { repositoryId });
  const jobs = useQuery(api.jobs.listForRepository, { repositoryId, limit: 20 });
  const writer = useQuery(api.workers.mode, {});
  const courses = useQuery(api.courses.listForRepository, { repositoryId });
  const quota = useQuery(api.quota.mine);
  const request = useMutation(api.jobs.request);
  const refresh = useMutation(api.refresh.request);
  if (repo === undefined) return <p className="muted">{t("common.loading")}</p>;
  return (
    <>
      <div className="page-head">
        <h1>{repo.name}</h1>
        <p className="muted">
          <a href={repo.url} rel="noopener noreferrer" target="_blank">
            {repo.url}
          </a>
        </p>
      </div>
      {repo.activeJob && (
        <p className="notice">
          {t(`job.status.${repo.activeJob.status}` as MessageKey)} —{" "}
          <Link href={`/jobs/${repo.activeJob._id}`}>{t("dashboard.watchJob")}</Link>
        </p>
      )}
      {repo.latestCourse && (
        <RefreshButton
          onRefresh={async () => {
            router.push(requestedJobHref(await refresh({ repositoryId })));
          }}
        />
      )}
      <RequestCourseForm
        activeJob={repo.activeJob !== null}
        previousUsage={repo.latestCourse?.usage ?? null}
        quota={quota}
        writer={writer}
        onRequest={async (options) => {
          router.push(requestedJobHref(await request({ repositoryId, options })));
        }}
      >
        <LastRequestUpToDate job={jobs?.[0]} />
      </RequestCourseForm>
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("course.history")}</h2>
        {courses === undefined ? (
          <p className="muted">{t("common.loading")}</p>
        ) : courses.length === 0 ? (
          <p className="muted">{t("dashboard.noCourse")}</p>
        ) : (
          <ul className="history">
            {courses.map((course) => (
              <li key={course._id}>
                <Link href={`/courses/${course._id}`}>{course.title}</Link>{" "}
                <span className="muted">
                  {formatDateTime(course.completedAt ?? course._creationTime, locale)} ·{" "}
                  {course.language} · {course.model ?? "offline"} · {shortCommit(course.commit)}
                  {course._id === repo.latestCourse?._id && ` · ${t("course.latest")}`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <WebhookSettings repositoryId={repositoryId} onGithub={repo.source === "github"} />
      <section aria-labelledby="jobs-title">
        <h2 id="jobs-title">{t("repo.jobs")}</h2>
        {jobs === undefined ? (
          <p className="muted">{t("common.loading")}</p>
        ) : jobs.length === 0 ? (
          <p className="muted">{t("repo.noJobs")}</p>
        ) : (
          <ul className="history">
            {jobs.map((job) => (
              <li key={job._id}>
                <Link href={`/jobs/${job._id}`}>{formatDateTime(job._creationTime, locale)}</Link>{" "}
                <span className="muted">
                  {t(`job.status.${job.status}` as MessageKey)} ·{" "}
                  {LANGUAGE_NAMES[job.options.language]} · {writerText(t, job)}
                  {job.usage && !job.offline && ` · ${formatCost(job.usage.costUsd, locale)}`}
                  {job.upToDate && ` · ${t("upToDate.title")}`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export default function RepositoryPage() {
  const { repositoryId } = useParams<{ repositoryId: string }>();
  return (
    <SignedInGate>
      <Repository repositoryId={repositoryId as Id<"repositories">} />
    </SignedInGate>
  );
}
