"use client";
/** The course's table of contents in teaching order: chapters, then tutorials. */
import Link from "next/link";
import { lessonHref, teachingOrder } from "@/lib/courseNav.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import type { LessonView } from "@/lib/types.ts";
import { useShareKey } from "../share/useShareKey.ts";
import { LessonMark } from "./progress/LessonMark.tsx";

export function CourseSidebar({
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
  const ordered = teachingOrder(lessons);
  const groups = [
    { title: t("course.chapters"), items: ordered.filter((l) => l.kind === "chapter") },
    { title: t("course.tutorials"), items: ordered.filter((l) => l.kind === "tutorial") },
  ].filter((g) => g.items.length > 0);
  let position = 0;
  return (
    <nav className="course-sidebar" aria-label={t("course.contents")}>
      {groups.map((group) => (
        <div key={group.title}>
          <h2 className="sidebar-heading">{group.title}</h2>
          <ol>
            {group.items.map((lesson) => {
              position += 1;
              const current = lesson.slug === currentSlug;
              return (
                <li key={lesson.slug}>
                  <Link
                    href={lessonHref(courseId, lesson.slug, share)}
                    aria-current={current ? "page" : undefined}
                    className={current ? "current" : undefined}
                  >
                    <span className="lesson-number">{position}.</span> {lesson.title}
                    <LessonMark slug={lesson.slug} />
                  </Link>
                </li>
              );
            })}
          </ol>
        </div>
      ))}
    </nav>
  );
}
