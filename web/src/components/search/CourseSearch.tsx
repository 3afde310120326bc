"use client";
/**
 * The reader's search box: searches the open course (search.inCourse) as the reader types.
 * "/" anywhere on the page focuses it; Up/Down choose a result, Enter opens the lesson at
 * the heading above the match, Escape closes the list. A shared-link visitor searches with
 * the link's key, so only that course.
 */
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { useQuery } from "convex/react";
import { useRouter } from "next/navigation";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { lessonHref } from "@/lib/courseNav.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import { useShareKey } from "../share/useShareKey.ts";
import { Highlighted } from "./Highlighted.tsx";
import { isTypingTarget, nextActive } from "./keyboard.ts";
import { useDebounced, useKeptResults } from "./useSearchResults.ts";
import "./search.css";

type Hit = (typeof api.search.inCourse)["_returnType"][number];

/** The reader URL of a hit: its lesson, the share key kept, the heading as the hash. */
export function hitHref(courseId: string, hit: Hit, share: string | null): string {
  const hash = hit.headingId ? `#${encodeURIComponent(hit.headingId)}` : "";
  return `${lessonHref(courseId, hit.slug, share)}${hash}`;
}

/** Focuses `input` when "/" is pressed outside a text field. */
function useSlashShortcut(input: React.RefObject<HTMLInputElement | null>) {
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      e.preventDefault();
      input.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [input]);
}

export function CourseSearch({ courseId }: { courseId: Id<"courses"> }) {
  const { t } = useI18n();
  const router = useRouter();
  const share = useShareKey() ?? null;
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const query = useDebounced(text.trim());
  const loaded = useQuery(
    api.search.inCourse,
    query === "" ? "skip" : { courseId, query, ...(share ? { share } : {}) },
  );
  const { results, loading } = useKeptResults(query, loaded);
  useSlashShortcut(input);
  useEffect(() => setActive((a) => nextActive(a, results.length, "")), [results]);

  function openHit(hit: Hit) {
    setOpen(false);
    input.current?.blur();
    router.push(hitHref(courseId, hit, share));
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "Escape") {
      setOpen(false);
      setActive(-1);
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setOpen(true);
      setActive(nextActive(active, results.length, e.key));
    } else if (e.key === "Enter") {
      const hit = results[active] ?? results[0];
      if (hit) {
        e.preventDefault();
        openHit(hit);
      }
    }
  }

  const shown = open && query !== "";
  const optionId = (i: number) => `${id}-hit-${i}`;
  return (
    <search className="course-search">
      <label htmlFor={`${id}-input`} className="visually-hidden">
        {t("search.course.label")}
      </label>
      <input
        ref={input}
        id={`${id}-input`}
        type="search"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={shown && results.length > 0}
        aria-controls={`${id}-list`}
        aria-activedescendant={shown && active >= 0 ? optionId(active) : undefined}
        aria-keyshortcuts="/"
        placeholder={t("search.course.placeholder")}
        value={text}
        maxLength={200}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <div className="search-popup" hidden={!shown}>
        <p className="search-status muted" role="status">
          {!shown
            ? ""
            : loading && results.length === 0
              ? t("search.searching")
              : results.length === 0
                ? t("search.none", { query })
                : t("search.count", { count: results.length })}
        </p>
        <div id={`${id}-list`} role="listbox" aria-label={t("search.course.results")}>
          {results.map((hit, i) => (
            // Options take no focus: the input keeps it and points at the active one.
            // biome-ignore lint/a11y/useKeyWithClickEvents: the input's Up/Down/Enter drive the list
            <div
              key={`${hit.slug}#${hit.headingId}#${hit.snippet}`}
              id={optionId(i)}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className="search-hit"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => openHit(hit)}
            >
              <span className="search-hit-title">
                {hit.lessonTitle}
                {hit.heading && hit.heading !== hit.lessonTitle && (
                  <span className="muted"> · {hit.heading}</span>
                )}
              </span>
              <span className="search-hit-snippet">
                <Highlighted text={hit.snippet} query={query} />
              </span>
            </div>
          ))}
        </div>
      </div>
    </search>
  );
}
