"use client";
/**
 * The owner compares one lesson (by slug) across two versions of a repository's course:
 * this course and another picked from its history (`from`; by default the version this one
 * was refreshed from, or else the one before it). The older version is always on the left
 * of the diff, whichever was opened first.
 */
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { type RequestForQueries, useQueries, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo } from "react";
import { lessonDiffHref, lessonHref } from "@/lib/courseNav.ts";
import { isNotFoundError } from "@/lib/errors.ts";
import { formatDateTime, shortCommit } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import type { CourseChangesView, CourseSummaryView } from "@/lib/types.ts";
import { LessonDiff } from "./LessonDiff.tsx";

type LessonResult = FunctionReturnType<typeof api.courses.lesson>;

/** The version to compare with when none is asked for. */
export function defaultOther(
  history: readonly CourseSummaryView[],
  courseId: string,
  fromCourseId: string | undefined,
): string | undefined {
  if (fromCourseId && history.some((h) => h._id === fromCourseId)) return fromCourseId;
  const at = history.findIndex((h) => h._id === courseId);
  // Newest first: the one after is older.
  return (history[at + 1] ?? history[at - 1])?._id;
}

/** A lesson's markdown, null when that version has no such lesson; errors other than that thrown. */
function markdownOf(result: LessonResult | Error | undefined): string | null | undefined {
  if (result instanceof Error) {
    if (isNotFoundError(result)) return null;
    throw result;
  }
  return result?.markdown;
}

export function LessonDiffView({
  courseId,
  slug,
  from,
}: {
  courseId: Id<"courses">;
  slug: string;
  from: string | null;
}) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const data = useQuery(api.courses.get, { courseId });
  const repositoryId = data?.isOwner ? data.course.repositoryId : undefined;
  const history = useQuery(api.courses.listForRepository, repositoryId ? { repositoryId } : "skip");
  const changes: CourseChangesView | undefined = data?.course.changes;
  const otherId = (
    history
      ? from && history.some((h) => h._id === from)
        ? from
        : defaultOther(history, courseId, changes?.fromCourseId)
      : undefined
  ) as Id<"courses"> | undefined;

  const queries = useMemo(() => {
    const request: RequestForQueries = {
      mine: { query: api.courses.lesson, args: { courseId, slug } },
    };
    if (otherId) request.other = { query: api.courses.lesson, args: { courseId: otherId, slug } };
    return request;
  }, [courseId, slug, otherId]);
  const results = useQueries(queries) as Record<string, LessonResult | Error | undefined>;

  const title =
    data?.lessons.find((l) => l.slug === slug)?.title ??
    (results.other && !(results.other instanceof Error) ? results.other.lesson.title : slug);
  useEffect(() => {
    document.title = `${t("diff.title", { title })} · ${t("app.name")}`;
  }, [title, t]);

  if (data === undefined) return <p className="muted">{t("common.loading")}</p>;
  const back = (
    <p className="source-back">
      <Link href={lessonHref(courseId, slug)}>← {t("diff.back")}</Link>
    </p>
  );
  if (!data.isOwner) {
    return (
      <>
        {back}
        <p className="notice">{t("diff.ownerOnly")}</p>
      </>
    );
  }
  if (history === undefined) return <p className="muted">{t("common.loading")}</p>;

  const heading = <h1 id="diff-title">{t("diff.title", { title })}</h1>;
  if (!otherId) {
    return (
      <article aria-labelledby="diff-title">
        {back}
        {heading}
        <p className="notice">{t("diff.noOther")}</p>
      </article>
    );
  }

  const mine = markdownOf(results.mine);
  const other = markdownOf(results.other);
  const at = (id: string) => history.findIndex((h) => h._id === id);
  // Newest first: a larger index is older.
  const otherIsOlder = at(otherId) > at(courseId);
  const version = (course: CourseSummaryView | undefined) =>
    course
      ? t("diff.version", {
          date: formatDateTime(course.completedAt ?? course._creationTime, locale),
          commit: shortCommit(course.commit),
        })
      : "";
  const thisCourse = history.find((h) => h._id === courseId);
  const otherCourse = history.find((h) => h._id === otherId);
  const reason = changes?.lessons.find((l) => l.slug === slug && l.status !== "kept");

  return (
    <article className="diff-view" aria-labelledby="diff-title">
      {back}
      {heading}
      <div className="diff-versions">
        <label htmlFor="diff-other">{t("diff.compareWith")}</label>
        <select
          id="diff-other"
          value={otherId}
          onChange={(e) => router.replace(lessonDiffHref(courseId, slug, e.target.value))}
        >
          {history
            .filter((h) => h._id !== courseId)
            .map((h) => (
              <option key={h._id} value={h._id}>
                {version(h)}
              </option>
            ))}
        </select>
        <p className="muted">
          {t("diff.older")}: {version(otherIsOlder ? otherCourse : thisCourse)}
          {!otherIsOlder && ` (${t("diff.viewing")})`}
        </p>
        <p className="muted">
          {t("diff.newer")}: {version(otherIsOlder ? thisCourse : otherCourse)}
          {otherIsOlder && ` (${t("diff.viewing")})`}
        </p>
        {reason && otherId === changes?.fromCourseId && (
          <p>{t("diff.reason", { reason: reason.reason })}</p>
        )}
      </div>
      {mine === undefined || other === undefined ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <LessonDiff before={otherIsOlder ? other : mine} after={otherIsOlder ? mine : other} />
      )}
    </article>
  );
}
