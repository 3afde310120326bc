"use client";
/**
 * A lesson compared across two versions of its course: /courses/<id>/~diff/<slug>[?from=<id>]
 * (made by lib/courseNav.ts lessonDiffHref). The owner only: it reads the course history.
 */
import type { Id } from "@convex/_generated/dataModel";
import { useParams, useSearchParams } from "next/navigation";
import { LessonDiffView } from "@/components/course/changes/LessonDiffView.tsx";
import { ErrorBoundary } from "@/components/ErrorBoundary.tsx";
import { SignedInGate } from "@/components/SignedInGate.tsx";

export default function LessonDiffPage() {
  const params = useParams<{ courseId: string; slug: string }>();
  const search = useSearchParams();
  return (
    <SignedInGate>
      <ErrorBoundary>
        <LessonDiffView
          courseId={params.courseId as Id<"courses">}
          slug={decodeURIComponent(params.slug)}
          from={search.get("from")}
        />
      </ErrorBoundary>
    </SignedInGate>
  );
}
