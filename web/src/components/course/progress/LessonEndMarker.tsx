"use client";
/**
 * Marks the lesson read once its end has been on screen. Opening a lesson is not reading it
 * (a reader skims the contents, or follows a link through it); reaching the end of its text
 * is the closest sign of reading a page can see without timing people. A lesson short
 * enough to end on the first screen counts at once. Placed after the lesson's text by
 * LessonView; the number of steps it reports is the page's own count of its checkboxes.
 */
import { useEffect, useRef } from "react";
import { useCourseProgress } from "./CourseProgress.tsx";

export function LessonEndMarker({ slug }: { slug: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const progress = useCourseProgress();
  const ready = progress?.loaded === true;
  const read = progress?.rows.some((r) => r.slug === slug && r.readAt !== undefined) ?? false;
  const markRead = progress?.markRead;

  useEffect(() => {
    const el = ref.current;
    if (!el || !ready || read || !markRead || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      observer.disconnect();
      const steps = el.closest("article")?.querySelectorAll("input[data-step-key]").length ?? 0;
      markRead(slug, steps > 0 ? steps : undefined);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [slug, ready, read, markRead]);

  return <div ref={ref} className="lesson-end" data-testid="lesson-end" aria-hidden="true" />;
}
