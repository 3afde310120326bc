"use client";
/**
 * How far the reader is in the course ("5 of 12 lessons read", tutorial steps done), a
 * signed-out visitor's note that nothing is saved, and a failed save said in words.
 * Mounted by the reader page above the table of contents.
 */
import Link from "next/link";
import { summarize } from "@/lib/courseProgress.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import type { LessonView } from "@/lib/types.ts";
import { useCourseProgress } from "./CourseProgress.tsx";

export function ProgressSummary({ lessons }: { lessons: readonly Pick<LessonView, "slug">[] }) {
  const { t } = useI18n();
  const progress = useCourseProgress();
  if (!progress) return null;
  const s = summarize(lessons, progress.rows);
  return (
    <section className="progress-summary" aria-label={t("progress.title")}>
      <p data-testid="progress-lessons">
        {t("progress.lessonsRead", { read: s.lessonsRead, total: s.lessons })}
      </p>
      {s.steps > 0 && (
        <p className="muted" data-testid="progress-steps">
          {t("progress.stepsDone", { done: s.stepsDone, total: s.steps })}
        </p>
      )}
      {progress.loaded && !progress.saved && (
        <p className="muted" data-testid="progress-not-saved">
          <Link href="/sign-in">{t("progress.signInToSave")}</Link>
        </p>
      )}
      {progress.failure && (
        <p className="error" role="alert">
          {progress.failure}
        </p>
      )}
    </section>
  );
}
