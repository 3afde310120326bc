"use client";
/** One lesson in the reader: title, markdown, cited sources, previous/next. */
import { useEffect } from "react";
import type { CitationSource } from "@/lib/citations.ts";
import type { LessonView as Lesson } from "@/lib/types.ts";
import { CitationList } from "./CitationList.tsx";
import { LessonPager } from "./LessonPager.tsx";
import { Markdown } from "./Markdown.tsx";
import { LessonEndMarker } from "./progress/LessonEndMarker.tsx";

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
  useScrollToHash(markdown);
  const body = stripLeadingTitle(markdown, lesson.title);
  const links = {
    courseId,
    slugs: lessons.map((l) => l.slug),
    currentSlug: lesson.slug,
    ...(body !== markdown ? { strippedTitle: lesson.title } : {}),
  };
  return (
    <article className="lesson" aria-labelledby="lesson-title">
      <h1 id="lesson-title">{lesson.title}</h1>
      <Markdown links={links}>{body}</Markdown>
      <LessonEndMarker slug={lesson.slug} />
      <CitationList citations={lesson.citations} source={source} />
      <LessonPager courseId={courseId} lessons={lessons} currentSlug={lesson.slug} />
    </article>
  );
}

/**
 * A link to a section of another lesson (`/courses/c/x#section-y`) lands before the lesson
 * has loaded, when the browser finds no such id: go to the heading once the text is shown,
 * and stay on it while diagrams drawn later change the height above it, until the reader
 * scrolls or a few seconds have passed.
 */
function useScrollToHash(markdown: string) {
  useEffect(() => {
    const el = markdown ? hashTarget() : null;
    if (!el) return;
    el.scrollIntoView();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => el.scrollIntoView());
    const stop = () => observer.disconnect();
    observer.observe(el.closest("article") ?? document.body);
    const timer = setTimeout(stop, 5000);
    const events = ["wheel", "touchstart", "keydown"] as const;
    for (const e of events) window.addEventListener(e, stop, { once: true, passive: true });
    return () => {
      stop();
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, stop);
    };
  }, [markdown]);
}

function hashTarget(): HTMLElement | null {
  const hash = window.location.hash.slice(1);
  if (!hash) return null;
  try {
    return document.getElementById(decodeURIComponent(hash));
  } catch {
    return document.getElementById(hash);
  }
}

/** Lessons usually open with "# Title": drop it, the page already shows the title. */
export function stripLeadingTitle(markdown: string, title: string): string {
  const match = /^\s*#\s+(.+?)\s*#*\s*\n/.exec(markdown);
  if (match && match[1]?.trim().toLowerCase() === title.trim().toLowerCase()) {
    return markdown.slice(match[0].length);
  }
  return markdown;
}
