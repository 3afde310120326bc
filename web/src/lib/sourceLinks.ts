/**
 * Addresses of the source viewer: `/courses/<id>/~source/<path>?lines=a-b[&from=<slug>][&share=<key>]`.
 * The `~source` segment is not a lesson slug (lowercase words and hyphens), so it can never
 * hide a lesson of the reader's `[[...slug]]` route. Written by the citation links
 * (CitationList, inline citations in lessons); read by the viewer page.
 */
import { isPlainRepoPath } from "@fondation/shared/core";

export const SOURCE_SEGMENT = "~source";
/** The highest line number a `lines=` parameter may name (a published file is ≤ 512 KiB). */
const MAX_LINE = 10_000_000;

export interface LineRange {
  start: number;
  end: number;
}

export interface SourceLinkContext {
  courseId: string;
  /** The lesson the link is in: the viewer's way back. */
  from?: string;
  /** The share key of a shared link, kept so a visitor without an account can follow. */
  share?: string | null;
}

/** The viewer's address for `path` (a plain repository path) at `lines`, or null for any other path. */
export function sourceHref(ctx: SourceLinkContext, path: string, lines?: LineRange): string | null {
  if (!isPlainRepoPath(path)) return null;
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  const query = new URLSearchParams();
  if (lines)
    query.set(
      "lines",
      lines.start === lines.end ? `${lines.start}` : `${lines.start}-${lines.end}`,
    );
  if (ctx.from) query.set("from", ctx.from);
  if (ctx.share) query.set("share", ctx.share);
  const q = query.toString();
  return `/courses/${encodeURIComponent(ctx.courseId)}/${SOURCE_SEGMENT}/${encoded}${q ? `?${q}` : ""}`;
}

/** `a-b` or `a` as a range (start ≤ end, both ≥ 1), else null. */
export function parseLines(value: string | null | undefined): LineRange | null {
  const m = /^(\d{1,8})(?:-(\d{1,8}))?$/.exec(value ?? "");
  if (!m) return null;
  const start = Number(m[1]);
  const end = m[2] ? Number(m[2]) : start;
  if (start < 1 || end < start || end > MAX_LINE) return null;
  return { start, end };
}

/** The repository path from the route's `[...path]` segments (decoded), or null when not plain. */
export function pathFromSegments(segments: readonly string[] | undefined): string | null {
  if (!segments || segments.length === 0) return null;
  try {
    const path = segments.map((s) => decodeURIComponent(s)).join("/");
    return isPlainRepoPath(path) ? path : null;
  } catch {
    return null;
  }
}

/**
 * An inline citation as the CLI writes it in a lesson (`src/a.ts:10-24`, `src/a.ts:7`): a
 * path with a folder or an extension, so `localhost:3000` is not one.
 */
const INLINE =
  /^((?:[\w@.+-]+\/)*[\w@+-][\w@.+-]*\.[A-Za-z]\w*|(?:[\w@.+-]+\/)+[\w@.+-]+):(\d+)(?:-(\d+))?$/;

export function parseInlineCitation(text: string): { path: string; lines: LineRange } | null {
  const m = INLINE.exec(text);
  if (!m?.[1] || !isPlainRepoPath(m[1])) return null;
  const lines = parseLines(m[3] ? `${m[2]}-${m[3]}` : m[2]);
  return lines ? { path: m[1], lines } : null;
}
