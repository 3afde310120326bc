"use client";
/**
 * /search?q=…: the user's courses searched as they type (search.mine, the latest course of
 * each repository). The query stays in the URL, so a result list can be bookmarked and the
 * back button returns to it. Each result links to its lesson at the heading above the match.
 */
import { api } from "@convex/_generated/api";
import { useQuery } from "convex/react";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { useI18n } from "@/lib/i18n/context.tsx";
import { hitHref } from "./CourseSearch.tsx";
import { Highlighted } from "./Highlighted.tsx";
import { useDebounced, useKeptResults } from "./useSearchResults.ts";
import "./search.css";

export function MySearch() {
  const { t } = useI18n();
  const router = useRouter();
  const id = useId();
  const [text, setText] = useState(useSearchParams().get("q") ?? "");
  const query = useDebounced(text.trim());
  const loaded = useQuery(api.search.mine, query === "" ? "skip" : { query });
  const { results, loading } = useKeptResults(query, loaded);

  useEffect(() => {
    router.replace(query === "" ? "/search" : `/search?q=${encodeURIComponent(query)}`, {
      scroll: false,
    });
  }, [query, router]);

  return (
    <>
      <h1>{t("search.page.title")}</h1>
      <search>
        <form className="search-form" onSubmit={(e) => e.preventDefault()}>
          <label htmlFor={id}>{t("search.page.label")}</label>
          <input
            id={id}
            type="search"
            value={text}
            maxLength={200}
            placeholder={t("search.page.placeholder")}
            onChange={(e) => setText(e.target.value)}
          />
        </form>
      </search>
      <p className="muted">{t("search.page.hint")}</p>
      <p className="search-status" role="status">
        {query === ""
          ? ""
          : loading && results.length === 0
            ? t("search.searching")
            : results.length === 0
              ? t("search.none", { query })
              : t("search.count", { count: results.length })}
      </p>
      <ol className="search-results">
        {results.map((hit) => (
          <li
            key={`${hit.courseId}#${hit.slug}#${hit.headingId}#${hit.snippet}`}
            className="search-hit"
          >
            <Link href={hitHref(hit.courseId, hit, null)} className="search-hit-title">
              {hit.lessonTitle}
              {hit.heading && hit.heading !== hit.lessonTitle && ` · ${hit.heading}`}
            </Link>
            <span className="muted search-hit-course">{hit.repositoryName}</span>
            <span className="search-hit-snippet">
              <Highlighted text={hit.snippet} query={query} />
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}
