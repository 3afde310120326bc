"use client";
/**
 * "What changed" on a refreshed course (courses.changes): the lessons rewritten, added and
 * removed, each with its reason and the files behind it, and how many were kept. For the
 * owner each changed lesson links to its diff against the previous version.
 */
import Link from "next/link";
import { lessonDiffHref, lessonHref } from "@/lib/courseNav.ts";
import { shortCommit } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import type { CourseChangesView, LessonView } from "@/lib/types.ts";
import "./changes.css";

const SHOWN = ["rewritten", "new", "removed"] as const;
type ShownStatus = (typeof SHOWN)[number];

export interface WhatChangedProps {
  courseId: string;
  changes: CourseChangesView;
  /** This version's lessons, for their titles. */
  lessons: readonly LessonView[];
  /** Link to the diffs (the owner: comparing versions needs the course history). */
  linkDiffs: boolean;
  share?: string | null;
}

export function WhatChanged({ courseId, changes, lessons, linkDiffs, share }: WhatChangedProps) {
  const { t } = useI18n();
  const title = (slug: string) => lessons.find((l) => l.slug === slug)?.title;
  const changed = SHOWN.flatMap((status) =>
    changes.lessons.filter((l) => l.status === status),
  ) as (CourseChangesView["lessons"][number] & { status: ShownStatus })[];
  const kept = changes.lessons.filter((l) => l.status === "kept").length;
  const counts = [
    ...SHOWN.map((status) => ({
      status,
      count: changes.lessons.filter((l) => l.status === status).length,
    })),
    { status: "kept" as const, count: kept },
  ]
    .filter((c) => c.count > 0)
    .map((c) => t(`changes.count.${c.status}`, { count: c.count }));

  return (
    <details className="what-changed">
      <summary>
        <span className="what-changed-title">
          {changes.fromCommit
            ? t("changes.title", { commit: shortCommit(changes.fromCommit) })
            : t("changes.titleNoCommit")}
        </span>
        {counts.length > 0 && <span className="muted"> — {counts.join(" · ")}</span>}
      </summary>
      <p>
        {changes.overview === "rewritten"
          ? t("changes.overviewRewritten")
          : t("changes.overviewKept")}
      </p>
      {changed.length === 0 ? (
        <p>{t("changes.none")}</p>
      ) : (
        <ul className="what-changed-list">
          {changed.map((lesson) => {
            const name = title(lesson.slug) ?? lesson.slug;
            return (
              <li key={`${lesson.status}:${lesson.slug}`}>
                <span className="change-status" data-status={lesson.status}>
                  {t(`changes.status.${lesson.status}`)}
                </span>{" "}
                {lesson.status === "removed" ? (
                  <span className="change-lesson">{name}</span>
                ) : (
                  <Link className="change-lesson" href={lessonHref(courseId, lesson.slug, share)}>
                    {name}
                  </Link>
                )}
                {linkDiffs && (
                  <>
                    {" "}
                    <Link
                      className="change-diff"
                      href={lessonDiffHref(courseId, lesson.slug, changes.fromCourseId)}
                      aria-label={t("changes.showDiffFor", { title: name })}
                    >
                      {t("changes.showDiff")}
                    </Link>
                  </>
                )}
                <p className="change-reason">
                  {lesson.reason}
                  {lesson.files.length > 0 && (
                    <span className="muted">
                      {" "}
                      {t("changes.files", { files: lesson.files.join(", ") })}
                    </span>
                  )}
                </p>
              </li>
            );
          })}
        </ul>
      )}
      {kept > 0 && <p className="muted">{t("changes.kept", { count: kept })}</p>}
    </details>
  );
}
