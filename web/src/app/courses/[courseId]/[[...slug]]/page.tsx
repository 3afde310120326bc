"use client";
/**
 * The course reader: /courses/<id> opens the first lesson, /courses/<id>/<slug> deep-links
 * to one. Sidebar in teaching order, the lesson, export; for the owner also the course
 * history and sharing. `?share=<key>` opens a shared course without an account.
 */
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { useConvex, useQuery } from "convex/react";
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useEffect } from "react";
import { AskPanel } from "@/components/ask/AskPanel.tsx";
import { CourseSidebar } from "@/components/course/CourseSidebar.tsx";
import { WhatChanged } from "@/components/course/changes/WhatChanged.tsx";
import { ExportButton } from "@/components/course/ExportButton.tsx";
import { LessonView } from "@/components/course/LessonView.tsx";
import { CourseProgressProvider } from "@/components/course/progress/CourseProgress.tsx";
import { ProgressSummary } from "@/components/course/progress/ProgressSummary.tsx";
import { ReaderDrawer } from "@/components/course/reader/ReaderDrawer.tsx";
import { useDiagramLinkNavigation } from "@/components/course/reader/useDiagramLinkNavigation.ts";
import { type LessonResult, useLessonQuery } from "@/components/course/reader/useLessonQuery.ts";
import { ErrorBoundary } from "@/components/ErrorBoundary.tsx";
import { SignedInGate } from "@/components/SignedInGate.tsx";
import { CourseSearch } from "@/components/search/CourseSearch.tsx";
import { ShareControl } from "@/components/share/ShareControl.tsx";
import { useShareKey } from "@/components/share/useShareKey.ts";
import { lessonDiffHref, lessonHref, teachingOrder } from "@/lib/courseNav.ts";
import { formatDateTime, shortCommit } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/context.tsx";

function Lesson({
  courseId,
  result,
  lessons,
  source,
  courseTitle,
}: {
  courseId: Id<"courses">;
  result: LessonResult | Error | undefined;
  lessons: Parameters<typeof LessonView>[0]["lessons"];
  source: Parameters<typeof LessonView>[0]["source"];
  courseTitle: string;
}) {
  const { t } = useI18n();
  if (result === undefined) return <p className="muted">{t("common.loading")}</p>;
  // Thrown here, inside the ErrorBoundary, as useQuery would have.
  if (result instanceof Error) throw result;
  return (
    <LessonView
      courseId={courseId}
      lessons={lessons}
      lesson={result.lesson}
      markdown={result.markdown}
      source={source}
      courseTitle={courseTitle}
    />
  );
}

function Reader({ courseId, slug }: { courseId: Id<"courses">; slug: string | undefined }) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const convex = useConvex();
  const share = useShareKey();
  const shareArgs = share ? { share } : {};
  const data = useQuery(api.courses.get, { courseId, ...shareArgs });
  // Subscribed from the URL at once, in parallel with the course (no slug: first lesson below).
  const lessonResult = useLessonQuery(courseId, slug, share);
  useDiagramLinkNavigation();
  // The owner's other courses: never asked for a visitor (it is owner-only).
  const repositoryId = data?.isOwner ? data.course.repositoryId : undefined;
  const history = useQuery(api.courses.listForRepository, repositoryId ? { repositoryId } : "skip");
  const first = data ? teachingOrder(data.lessons)[0] : undefined;

  useEffect(() => {
    if (!slug && first) router.replace(lessonHref(courseId, first.slug, share));
  }, [slug, first, courseId, router, share]);

  if (data === undefined) return <p className="muted">{t("common.loading")}</p>;
  const { course, lessons, repository } = data;
  const current = slug ?? first?.slug;
  const source = { github: repository.github, commit: course.commit };
  const known = lessons.some((l) => l.slug === current);

  return (
    <div className="reader">
      <ReaderDrawer>
        <p className="course-title">
          {repositoryId ? (
            <Link href={`/repositories/${repositoryId}`}>{repository.name}</Link>
          ) : (
            repository.name
          )}
        </p>
        {!data.isOwner && <p className="muted">{t("share.visitor")}</p>}
        <CourseSearch courseId={courseId} />
        <ProgressSummary lessons={lessons} />
        {current && <CourseSidebar courseId={courseId} lessons={lessons} currentSlug={current} />}
        <ExportButton
          collect={async () => {
            const markdown = new Map<string, string>();
            for (const lesson of lessons) {
              const got = await convex.query(api.courses.lesson, {
                courseId,
                slug: lesson.slug,
                ...shareArgs,
              });
              markdown.set(lesson.slug, got.markdown);
            }
            return { course, repositoryName: repository.name, lessons, markdown };
          }}
        />
        {data.isOwner && <ShareControl courseId={courseId} />}
        {history && history.length > 1 && (
          <details className="course-history">
            <summary>{t("course.history")}</summary>
            <ul>
              {history.map((h) => (
                <li key={h._id}>
                  {h._id === courseId ? (
                    <span aria-current="true">
                      {formatDateTime(h.completedAt ?? h._creationTime, locale)} (
                      {t("course.viewing")})
                    </span>
                  ) : (
                    <Link href={`/courses/${h._id}`}>
                      {formatDateTime(h.completedAt ?? h._creationTime, locale)}
                    </Link>
                  )}{" "}
                  <span className="muted">
                    {h.language} · {shortCommit(h.commit)}
                  </span>
                </li>
              ))}
            </ul>
            {current && known && (
              <p>
                <Link href={lessonDiffHref(courseId, current)}>{t("diff.compareLink")}</Link>
              </p>
            )}
          </details>
        )}
      </ReaderDrawer>
      <div className="reader-main">
        <p className="muted course-meta">
          {course.model
            ? t("course.generated", {
                date: formatDateTime(course.completedAt ?? course._creationTime, locale),
                model: course.model,
                commit: shortCommit(course.commit),
              })
            : t("course.offline")}
        </p>
        {course.changes && (
          <WhatChanged
            courseId={courseId}
            changes={course.changes}
            lessons={lessons}
            linkDiffs={data.isOwner}
            share={share}
          />
        )}
        {current && known ? (
          <ErrorBoundary key={current}>
            <Lesson
              courseId={courseId}
              result={lessonResult}
              lessons={lessons}
              source={source}
              courseTitle={repository.name}
            />
          </ErrorBoundary>
        ) : (
          <p className="notice">{t("course.lessonNotFound")}</p>
        )}
        <ErrorBoundary>
          <AskPanel courseId={courseId} share={share} from={known ? current : undefined} />
        </ErrorBoundary>
      </div>
    </div>
  );
}

export default function CoursePage() {
  const params = useParams<{ courseId: string; slug?: string[] }>();
  const slug = params.slug?.[0] ? decodeURIComponent(params.slug[0]) : undefined;
  const share = useShareKey();
  return (
    <SignedInGate allowSignedOut={share !== undefined}>
      <CourseProgressProvider
        courseId={params.courseId as Id<"courses">}
        currentSlug={slug}
        {...(share ? { share } : {})}
      >
        <Reader courseId={params.courseId as Id<"courses">} slug={slug} />
      </CourseProgressProvider>
    </SignedInGate>
  );
}
