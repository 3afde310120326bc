"use client";
/** One lesson in the reader: title, markdown, cited sources, previous/next. */
import type { CitationSource } from "@/lib/citations.ts";
import type { LessonView as Lesson } from "@/lib/types.ts";
import { CitationList } from "./CitationList.tsx";
import { LessonPager } from "./LessonPager.tsx";
import { Markdown } from "./Markdown.tsx";

export function LessonView({
  courseId,
  lessons,
  lesson,
  markdown,
  source,
}: {
  courseId: string;
  lessons: readonly Lesson[];
  lesson: Lesson;
  markdown: string;
  source: CitationSource;
}) {
  return (
    <article className="lesson" aria-labelledby="lesson-title">
      <h1 id="lesson-title">{lesson.title}</h1>
      <Markdown>{stripLeadingTitle(markdown, lesson.title)}</Markdown>
      <CitationList citations={lesson.citations} source={source} />
      <LessonPager courseId={courseId} lessons={lessons} currentSlug={lesson.slug} />
    </article>
  );
}

/** Lessons usually open with "# Title": drop it, the page already shows the title. */
export function stripLeadingTitle(markdown: string, title: string): string {
  const match = /^\s*#\s+(.+?)\s*#*\s*\n/.exec(markdown);
  if (match && match[1]?.trim().toLowerCase() === title.trim().toLowerCase()) {
    return markdown.slice(match[0].length);
  }
  return markdown;
}
