"use client";
/** The dashboard's list: search, filters, and per repository its latest course and live job. */
import Link from "next/link";
import { useId, useState } from "react";
import { useAppConfig } from "@/components/AppConfig.tsx";
import { formatDateTime } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import type { MessageKey } from "@/lib/i18n/index.ts";
import { progressView } from "@/lib/progress.ts";
import {
  type CourseFilter,
  filterRepositories,
  NO_FILTERS,
  type RepositoryFilters,
  type SourceFilter,
} from "@/lib/repoFilter.ts";
import type { RepositoryItem } from "@/lib/types.ts";

export function RepositoryList({ items }: { items: readonly RepositoryItem[] }) {
  const { t } = useI18n();
  const [filters, setFilters] = useState<RepositoryFilters>(NO_FILTERS);
  const ids = { search: useId(), course: useId(), source: useId() };
  const shown = filterRepositories(items, filters);
  // Local mode has no GitHub sign-in, hence no GitHub sync to suggest.
  const local = useAppConfig().authMode === "local";

  if (items.length === 0) {
    return <p className="empty">{t(local ? "dashboard.emptyLocal" : "dashboard.empty")}</p>;
  }
  return (
    <section aria-label={t("dashboard.title")}>
      <search className="filters">
        <div className="field">
          <label htmlFor={ids.search}>{t("dashboard.search")}</label>
          <input
            id={ids.search}
            type="search"
            value={filters.query}
            onChange={(e) => setFilters({ ...filters, query: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.course}>{t("dashboard.filter")}</label>
          <select
            id={ids.course}
            value={filters.course}
            onChange={(e) => setFilters({ ...filters, course: e.target.value as CourseFilter })}
          >
            <option value="all">{t("dashboard.filter.all")}</option>
            <option value="withCourse">{t("dashboard.filter.withCourse")}</option>
            <option value="active">{t("dashboard.filter.active")}</option>
            <option value="noCourse">{t("dashboard.filter.noCourse")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.source}>{t("dashboard.source")}</label>
          <select
            id={ids.source}
            value={filters.source}
            onChange={(e) => setFilters({ ...filters, source: e.target.value as SourceFilter })}
          >
            <option value="all">{t("dashboard.source.all")}</option>
            <option value="github">{t("dashboard.source.github")}</option>
            <option value="url">{t("dashboard.source.url")}</option>
          </select>
        </div>
      </search>
      <p className="muted" aria-live="polite">
        {t("dashboard.count", { shown: shown.length, total: items.length })}
      </p>
      {shown.length === 0 ? (
        <p className="empty">{t("dashboard.noMatch")}</p>
      ) : (
        <ul className="repo-list">
          {shown.map((item) => (
            <RepositoryCard key={item._id} item={item} />
          ))}
        </ul>
      )}
    </section>
  );
}

function RepositoryCard({ item }: { item: RepositoryItem }) {
  const { t, locale } = useI18n();
  const job = item.activeJob;
  const view = job ? progressView(job, Date.now()) : null;
  return (
    <li className="repo-card">
      <div className="repo-card-head">
        <Link href={`/repositories/${item._id}`} className="repo-name">
          {item.name}
        </Link>
        {item.private && <span className="badge">{t("dashboard.private")}</span>}
        <span className="badge badge-quiet">
          {item.source === "github"
            ? t("dashboard.source.github")
            : // A file:// repository has no host: it is on this machine.
              item.host || t("dashboard.source.local")}
        </span>
      </div>
      <p className="muted">
        {item.latestCourse
          ? t("dashboard.latestCourse", {
              date: formatDateTime(
                item.latestCourse.completedAt ?? item.latestCourse._creationTime,
                locale,
              ),
            })
          : t("dashboard.noCourse")}
      </p>
      {job && view && (
        <div className="repo-job" data-status={job.status}>
          <span>{t(`job.status.${job.status}` as MessageKey)}</span>
          <progress max={100} value={view.percent} aria-label={t("job.progress")} />
          <Link href={`/jobs/${job._id}`}>{t("dashboard.watchJob")}</Link>
        </div>
      )}
      <div className="repo-actions">
        {item.latestCourse && (
          <Link href={`/courses/${item.latestCourse._id}`} className="button">
            {t("dashboard.readCourse")}
          </Link>
        )}
        <Link href={`/repositories/${item._id}`} className="button button-secondary">
          {t("dashboard.open")}
        </Link>
      </div>
    </li>
  );
}
