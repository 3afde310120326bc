/** Reading order of a course: chapters, then tutorials, and each lesson's neighbours. */
import { withShare } from "./shareLink.ts";
import type { LessonView } from "./types.ts";

export function teachingOrder(lessons: readonly LessonView[]): LessonView[] {
  const rank = (l: LessonView) => (l.kind === "chapter" ? 0 : 1);
  return [...lessons].sort((a, b) => rank(a) - rank(b) || a.order - b.order);
}

export interface LessonPosition {
  current: LessonView;
  index: number;
  total: number;
  prev: LessonView | null;
  next: LessonView | null;
}

/** Where `slug` sits in reading order; null when the course has no such lesson. */
export function lessonPosition(
  lessons: readonly LessonView[],
  slug: string,
): LessonPosition | null {
  const ordered = teachingOrder(lessons);
  const index = ordered.findIndex((l) => l.slug === slug);
  const current = ordered[index];
  if (index < 0 || !current) return null;
  return {
    current,
    index,
    total: ordered.length,
    prev: ordered[index - 1] ?? null,
    next: ordered[index + 1] ?? null,
  };
}

/** A lesson's reader URL; a shared-link visitor's `share` key is kept on it. */
export function lessonHref(courseId: string, slug: string, share?: string | null): string {
  return withShare(`/courses/${encodeURIComponent(courseId)}/${encodeURIComponent(slug)}`, share);
}

/** The page comparing a lesson with its version in course `from` (default: the one before). */
export function lessonDiffHref(courseId: string, slug: string, from?: string | null): string {
  const path = `/courses/${encodeURIComponent(courseId)}/~diff/${encodeURIComponent(slug)}`;
  return from ? `${path}?from=${encodeURIComponent(from)}` : path;
}
