"use client";
/**
 * The source ranges a lesson cites. With `link` (the reader), each opens the source viewer
 * at its lines, with the exact commit on GitHub as a second link when the repository lives
 * there; without it, links to GitHub or plain labels.
 */
import type { Citation } from "@fondation/shared";
import Link from "next/link";
import { type CitationSource, citationLabel, citationUrl } from "@/lib/citations.ts";
import { shortCommit } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import { type SourceLinkContext, sourceHref } from "@/lib/sourceLinks.ts";
import "../sources/sources.css";

export function CitationList({
  citations,
  source,
  link,
}: {
  citations: readonly Citation[];
  source: CitationSource;
  /** Where the viewer links lead (the course, the lesson, a share key). */
  link?: SourceLinkContext;
}) {
  const { t } = useI18n();
  if (citations.length === 0) return null;
  return (
    <aside className="citations" aria-labelledby="citations-title">
      <h2 id="citations-title">{t("course.sources")}</h2>
      <ul>
        {citations.map((c) => {
          const url = citationUrl(source, c);
          const label = citationLabel(c);
          const viewer = link
            ? sourceHref(link, c.path, { start: c.startLine, end: c.endLine })
            : null;
          return (
            <li key={`${c.path}:${c.startLine}-${c.endLine}`}>
              {viewer ? (
                <>
                  <Link href={viewer} className="citation-link">
                    <code>{label}</code>
                  </Link>
                  {url && (
                    <a
                      href={url}
                      target="_blank"
                      rel="noopener noreferrer"
                      className="citation-secondary"
                      aria-label={t("source.githubFor", { label })}
                    >
                      GitHub
                    </a>
                  )}
                </>
              ) : url ? (
                <a href={url} target="_blank" rel="noopener noreferrer">
                  <code>{label}</code>
                </a>
              ) : (
                <span>
                  <code>{label}</code>
                  {source.commit && <span className="muted"> @ {shortCommit(source.commit)}</span>}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
