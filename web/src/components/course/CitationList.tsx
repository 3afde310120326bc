"use client";
/** The source ranges a lesson cites: links to the exact commit on GitHub, labels elsewhere. */
import type { Citation } from "@fondation/shared";
import { type CitationSource, citationLabel, citationUrl } from "@/lib/citations.ts";
import { shortCommit } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/context.tsx";

export function CitationList({
  citations,
  source,
}: {
  citations: readonly Citation[];
  source: CitationSource;
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
          return (
            <li key={`${c.path}:${c.startLine}-${c.endLine}`}>
              {url ? (
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
