/**
 * A reader's progress in a course as the reader page holds it (the rows of
 * progress.forCourse, one per lesson touched), and the pure steps that change it: the same
 * functions give the optimistic update of a saved tick and the in-memory progress of a
 * signed-out visitor. Read by components/course/progress/*.
 */
import type { LessonView } from "./types.ts";

/** One row of progress.forCourse (its optional fields are present, maybe undefined). */
export interface LessonProgress {
  slug: string;
  readAt: number | undefined;
  checked: string[];
  stepCount: number | undefined;
}

function upsert(
  rows: readonly LessonProgress[],
  slug: string,
  change: (row: LessonProgress) => LessonProgress,
): LessonProgress[] {
  const found = rows.find((r) => r.slug === slug);
  const next = change(found ?? { slug, readAt: undefined, checked: [], stepCount: undefined });
  return found ? rows.map((r) => (r === found ? next : r)) : [...rows, next];
}

/** The rows after ticking (`done`) or unticking step `key` of lesson `slug`. */
export function withStep(
  rows: readonly LessonProgress[],
  slug: string,
  key: string,
  done: boolean,
  stepCount?: number,
): LessonProgress[] {
  return upsert(rows, slug, (row) => ({
    ...row,
    checked: done ? [...new Set([...row.checked, key])] : row.checked.filter((k) => k !== key),
    stepCount: stepCount ?? row.stepCount,
  }));
}

/** The rows after lesson `slug` was read (its first reading time is kept). */
export function withRead(
  rows: readonly LessonProgress[],
  slug: string,
  now: number,
  stepCount?: number,
): LessonProgress[] {
  return upsert(rows, slug, (row) => ({
    ...row,
    readAt: row.readAt ?? now,
    stepCount: stepCount ?? row.stepCount,
  }));
}

export interface ProgressSummary {
  lessonsRead: number;
  lessons: number;
  /** Ticked steps and steps, over the tutorials whose steps are counted (opened once). */
  stepsDone: number;
  steps: number;
}

/** How far the reader is in the course: lessons read, and tutorial steps done. */
export function summarize(
  lessons: readonly Pick<LessonView, "slug">[],
  rows: readonly LessonProgress[],
): ProgressSummary {
  const bySlug = new Map(rows.map((r) => [r.slug, r]));
  let lessonsRead = 0;
  let stepsDone = 0;
  let steps = 0;
  for (const lesson of lessons) {
    const row = bySlug.get(lesson.slug);
    if (row?.readAt !== undefined) lessonsRead += 1;
    if (row?.stepCount) {
      steps += row.stepCount;
      stepsDone += Math.min(row.checked.length, row.stepCount);
    }
  }
  return { lessonsRead, lessons: lessons.length, stepsDone, steps };
}
