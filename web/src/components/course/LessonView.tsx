"use client";
/**
 * One lesson in the reader: title (also the tab's), its own table of contents, markdown
 * (diagram nodes naming a lesson link to it), cited sources, previous/next.
 */
import { useEffect, useMemo, useRef } from "react";
import type { CitationSource } from "@/lib/citations.ts";
import { lessonHref } from "@/lib/courseNav.ts";
import type { LessonView as Lesson } from "@/lib/types.ts";
import { useShareKey } from "../share/useShareKey.ts";
import { CitationList } from "./CitationList.tsx";
import { LessonPager } from "./LessonPager.tsx";
import { Markdown } from "./Markdown.tsx";
import { LessonEndMarker } from "./progress/LessonEndMarker.tsx";
import { DiagramLinksProvider } from "./reader/DiagramLinks.tsx";
import { OnThisPage } from "./reader/OnThisPage.tsx";

export function LessonView({
  courseId,
  lessons,
  lesson,
  markdown,
  source,
  courseTitle,
}: {
  courseId: string;
  lessons: readonly Lesson[];
  lesson: Lesson;
  markdown: string;
  source: CitationSource;
  /** For the page's title: `Lesson — Course — Fondation`. */
  courseTitle?: string;
}) {
  useScrollToHash(markdown);
  usePageTitle([lesson.title, courseTitle, "Fondation"].filter(Boolean).join(" — "));
  const share = useShareKey();
  // Citations open the source viewer, with the share key of a shared link kept.
  const sources = { courseId, from: lesson.slug, share: share ?? null };
  const body = stripLeadingTitle(markdown, lesson.title);
  const links = {
    courseId,
    slugs: lessons.map((l) => l.slug),
    currentSlug: lesson.slug,
    ...(share ? { share } : {}),
    ...(body !== markdown ? { strippedTitle: lesson.title } : {}),
  };
  const article = useRef<HTMLElement>(null);
  // Diagram nodes naming another lesson link to it.
  const targets = useMemo(
    () =>
      lessons
        .filter((l) => l.slug !== lesson.slug)
        .map((l) => ({ title: l.title, href: lessonHref(courseId, l.slug, share) })),
    [lessons, lesson.slug, courseId, share],
  );
  return (
    <article className="lesson" aria-labelledby="lesson-title" ref={article}>
      <h1 id="lesson-title">{lesson.title}</h1>
      <OnThisPage root={article} markdown={body} />
      <DiagramLinksProvider value={targets}>
        <Markdown links={links} sources={sources}>
          {body}
        </Markdown>
      </DiagramLinksProvider>
      <LessonEndMarker slug={lesson.slug} />
      <CitationList citations={lesson.citations} source={source} link={sources} />
      <LessonPager courseId={courseId} lessons={lessons} currentSlug={lesson.slug} />
    </article>
  );
}

/**
 * The tab's title while the lesson is shown. The router writes the route's own title on each
 * navigation (it may do so after this effect has run, or put a new <title> in): the title
 * element is set again whenever the head changes. Only an existing <title> is written to (a
 * second one, outside React, would shadow the router's later), and it gets back the text it
 * had when the lesson goes.
 */
function usePageTitle(title: string) {
  useEffect(() => {
    let original: { el: HTMLTitleElement; text: string } | null = null;
    const apply = () => {
      const el = document.head.querySelector("title");
      if (!el || el.textContent === title) return;
      // Written by someone else (the router): that is the text to give back.
      original = { el, text: el.textContent ?? "" };
      el.textContent = title;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { childList: true, subtree: true, characterData: true });
    return () => {
      observer.disconnect();
      if (original?.el.isConnected) original.el.textContent = original.text || "Fondation";
    };
  }, [title]);
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
