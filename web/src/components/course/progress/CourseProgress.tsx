"use client";
/**
 * The reader's progress in the course shown: read lessons and ticked tutorial steps, from
 * progress.forCourse for a signed-in reader (saved with optimistic updates, so a tick shows
 * at once), or kept in memory for a signed-out visitor of a shared course (working boxes, not
 * saved: ProgressSummary says so). Provided once by the reader page; read by the steps'
 * checkboxes (TaskStep.tsx), the sidebar's marks and the summary.
 */
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { useConvexAuth, useMutation, useQuery } from "convex/react";
import { createContext, type ReactNode, useContext, useState } from "react";
import { type LessonProgress, withRead, withStep } from "@/lib/courseProgress.ts";
import { errorMessage } from "@/lib/errors.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import "./progress.css";

export interface CourseProgressValue {
  /** True when ticks go to the reader's account; false for a signed-out visitor. */
  saved: boolean;
  /** False until the saved progress has loaded (boxes wait, so no tick is lost). */
  loaded: boolean;
  /** The lesson on the page, whose steps the checkboxes are. */
  currentSlug: string | undefined;
  rows: readonly LessonProgress[];
  /** Why the last save failed, in words, until the next one succeeds. */
  failure: string | null;
  setStep(slug: string, key: string, done: boolean, stepCount?: number): void;
  markRead(slug: string, stepCount?: number): void;
}

/** Exported for tests and stand-in providers; the reader uses CourseProgressProvider. */
export const CourseProgressContext = createContext<CourseProgressValue | null>(null);

/** The course's progress, or null outside a reader (the boxes then stay disabled). */
export function useCourseProgress(): CourseProgressValue | null {
  return useContext(CourseProgressContext);
}

type Args = { courseId: Id<"courses">; share?: string };

/** Convex arguments without undefined fields (an optimistic update must name the same query). */
function queryArgs({ courseId, share }: Args): Args {
  return share === undefined ? { courseId } : { courseId, share };
}

function optional<K extends string>(key: K, value: number | undefined) {
  return (value === undefined ? {} : { [key]: value }) as Partial<Record<K, number>>;
}

function useSavedProgress(args: Args, enabled: boolean) {
  const rows = useQuery(api.progress.forCourse, enabled ? queryArgs(args) : "skip");
  const setStep = useMutation(api.progress.setStep).withOptimisticUpdate((store, a) => {
    const q = queryArgs(a);
    const current = store.getQuery(api.progress.forCourse, q);
    if (current !== undefined) {
      store.setQuery(
        api.progress.forCourse,
        q,
        withStep(current, a.slug, a.key, a.done, a.stepCount),
      );
    }
  });
  const markRead = useMutation(api.progress.markRead).withOptimisticUpdate((store, a) => {
    const q = queryArgs(a);
    const current = store.getQuery(api.progress.forCourse, q);
    if (current !== undefined) {
      store.setQuery(api.progress.forCourse, q, withRead(current, a.slug, Date.now(), a.stepCount));
    }
  });
  return { rows, setStep, markRead };
}

export function CourseProgressProvider({
  courseId,
  share,
  currentSlug,
  children,
}: {
  courseId: Id<"courses">;
  share?: string;
  currentSlug: string | undefined;
  children: ReactNode;
}) {
  const { t, locale } = useI18n();
  const { isAuthenticated, isLoading } = useConvexAuth();
  const saved = useSavedProgress({ courseId, share }, isAuthenticated);
  const [local, setLocal] = useState<LessonProgress[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const rows = isAuthenticated ? (saved.rows ?? []) : local;

  const save = (call: Promise<null>) =>
    call.then(
      () => setFailure(null),
      (error: unknown) =>
        setFailure(t("progress.saveFailed", { message: errorMessage(t, error, locale) })),
    );
  const base = queryArgs({ courseId, share });
  const value: CourseProgressValue = {
    saved: isAuthenticated,
    loaded: isAuthenticated ? saved.rows !== undefined : !isLoading,
    currentSlug,
    rows,
    failure,
    setStep(slug, key, done, stepCount) {
      if (!isAuthenticated) return setLocal((r) => withStep(r, slug, key, done, stepCount));
      void save(saved.setStep({ ...base, slug, key, done, ...optional("stepCount", stepCount) }));
    },
    markRead(slug, stepCount) {
      const row = rows.find((r) => r.slug === slug);
      if (row?.readAt !== undefined && (stepCount ?? row.stepCount) === row.stepCount) return;
      if (!isAuthenticated) return setLocal((r) => withRead(r, slug, Date.now(), stepCount));
      void save(saved.markRead({ ...base, slug, ...optional("stepCount", stepCount) }));
    },
  };

  return <CourseProgressContext.Provider value={value}>{children}</CourseProgressContext.Provider>;
}
