"use client";
/**
 * The sidebar's mark of one lesson: a tick once read, and for a tutorial whose steps are
 * counted, the steps done (x/y). Said in words to screen readers. Mounted by CourseSidebar.
 */
import { useI18n } from "@/lib/i18n/context.tsx";
import { useCourseProgress } from "./CourseProgress.tsx";

export function LessonMark({ slug }: { slug: string }) {
  const { t } = useI18n();
  const row = useCourseProgress()?.rows.find((r) => r.slug === slug);
  if (!row) return null;
  const read = row.readAt !== undefined;
  const total = row.stepCount ?? 0;
  const done = Math.min(row.checked.length, total);
  if (!read && total === 0) return null;
  // The space is the link's own text, so its name reads "Title (read)", not "Title(read)".
  return (
    <>
      {" "}
      <span className="lesson-mark" data-testid={`lesson-mark-${slug}`}>
        {read && (
          <span className="lesson-read" data-read="true">
            <span aria-hidden="true">✓</span>
            <span className="visually-hidden">({t("progress.read")})</span>
          </span>
        )}
        {read && total > 0 && " "}
        {total > 0 && (
          <span className="lesson-steps">
            <span aria-hidden="true">
              {done}/{total}
            </span>
            <span className="visually-hidden">({t("progress.stepsOf", { done, total })})</span>
          </span>
        )}
      </span>
    </>
  );
}
