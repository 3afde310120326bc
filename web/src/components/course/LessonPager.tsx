"use client";
/** Previous / next lesson, in reading order. */
import Link from "next/link";
import { lessonHref, lessonPosition } from "@/lib/courseNav.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import type { LessonView } from "@/lib/types.ts";
import { useShareKey } from "../share/useShareKey.ts";

export function LessonPager({
  courseId,
  lessons,
  currentSlug,
}: {
  courseId: string;
  lessons: readonly LessonView[];
  currentSlug: string;
}) {
  const { t } = useI18n();
  const share = useShareKey();
  const position = lessonPosition(lessons, currentSlug);
  if (!position) return null;
  return (
    <nav className="lesson-pager" aria-label={`${t("course.previous")} / ${t("course.next")}`}>
      {position.prev ? (
        <Link
          href={lessonHref(courseId, position.prev.slug, share)}
          rel="prev"
          className="pager-prev"
        >
          <span className="muted">← {t("course.previous")}</span>
          <span>{position.prev.title}</span>
        </Link>
      ) : (
        <span />
      )}
      {position.next ? (
        <Link
          href={lessonHref(courseId, position.next.slug, share)}
          rel="next"
          className="pager-next"
        >
          <span className="muted">{t("course.next")} →</span>
          <span>{position.next.title}</span>
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
