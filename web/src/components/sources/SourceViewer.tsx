"use client";
/**
 * The source viewer: one cited file of a course as published with it (convex/sources.ts),
 * at the course's commit, the cited lines marked and scrolled to; a way back to the lesson;
 * the file on GitHub as a second way when the repository lives there. Readable by whoever
 * may read the course (its owner, or a share-key holder: the key stays in every link).
 */
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { useQuery } from "convex/react";
import Link from "next/link";
import { useEffect } from "react";
import { citationUrl } from "@/lib/citations.ts";
import { lessonHref } from "@/lib/courseNav.ts";
import { shortCommit } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import { withShare } from "@/lib/shareLink.ts";
import type { LineRange } from "@/lib/sourceLinks.ts";
import { SourceCode } from "./SourceCode.tsx";
import "./sources.css";

export interface SourceViewerProps {
  courseId: Id<"courses">;
  path: string;
  lines: LineRange | null;
  from: string | null;
  share: string | null;
}

export function SourceViewer({ courseId, path, lines, from, share }: SourceViewerProps) {
  const { t } = useI18n();
  const data = useQuery(api.sources.file, { courseId, path, ...(share ? { share } : {}) });

  useEffect(() => {
    document.title = `${path} · ${t("app.name")}`;
  }, [path, t]);

  const back = from
    ? { href: lessonHref(courseId, from, share), label: t("source.back") }
    : {
        href: withShare(`/courses/${encodeURIComponent(courseId)}`, share),
        label: t("source.backCourse"),
      };
  const range = lines ?? { start: 1, end: 1 };
  const github =
    data?.github && data.commit
      ? citationUrl(
          { github: data.github, commit: data.commit },
          { path, startLine: range.start, endLine: range.end },
        )
      : null;
  const githubHref = github && !lines ? github.replace(/#.*$/, "") : github;
  const file = data?.file;
  const pastEnd = file && lines && lines.start > file.lines;

  return (
    <article className="source-view" aria-labelledby="source-title">
      <p className="source-back">
        <Link href={back.href}>← {back.label}</Link>
      </p>
      <h1 id="source-title" className="source-path">
        <code>{path}</code>
      </h1>
      {data === undefined ? (
        <p className="muted" role="status">
          {t("common.loading")}
        </p>
      ) : (
        <>
          <p className="source-meta muted">
            {data.commit && <span>{t("source.commit", { commit: shortCommit(data.commit) })}</span>}
            {file && <span>{t("source.lineCount", { lines: file.lines })}</span>}
            {lines && (
              <span>
                {lines.start === lines.end
                  ? t("source.citedOne", { start: lines.start })
                  : t("source.cited", { start: lines.start, end: lines.end })}
              </span>
            )}
            {githubHref && (
              <a href={githubHref} target="_blank" rel="noopener noreferrer">
                {t("source.onGithub")}
              </a>
            )}
          </p>
          {file ? (
            <>
              {pastEnd && (
                <p className="notice" role="status">
                  {t("source.pastEnd", { lines: file.lines })}
                </p>
              )}
              <SourceCode path={path} text={file.text} cited={lines} />
            </>
          ) : (
            <p className="notice" role="status">
              {t("source.notPublished")}
            </p>
          )}
        </>
      )}
    </article>
  );
}
