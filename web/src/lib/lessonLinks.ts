/**
 * Where a link in a lesson goes in the reader. Lessons link to each other as the CLI writes
 * them on disk (`../chapters/02-router.md#key-excerpts`, `../tutorials/01-x.md`, see
 * shared `lessonFile`); in the reader that path means nothing, so a link is resolved by the
 * lesson's slug to its reader URL, its `#anchor` to the heading's id (headingIds.ts). A
 * relative link that names no lesson of this course (a README's `docs/y.md`, rustdoc's
 * `struct.X.html`) has nowhere to go and is shown as plain text. Read by Markdown.tsx.
 */
import { lessonHref } from "./courseNav.ts";
import { headingId } from "./headingIds.ts";

export interface LessonLinkContext {
  courseId: string;
  /** Slugs of the course's lessons. */
  slugs: readonly string[];
  /** The lesson being shown, and the anchors of its headings (to check `#x` links). */
  currentSlug: string;
  anchors: ReadonlySet<string>;
  /** A shared-link visitor's key, kept on links to other lessons. */
  share?: string;
}

export type ResolvedLink =
  | { kind: "external"; href: string }
  | { kind: "lesson"; href: string }
  | { kind: "unresolved" };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** The folders a lesson file sits in, as seen from another lesson or from the course root. */
const LESSON_DIR = /^(chapters|tutorials)$/;

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The slug a relative path names, when it is a lesson file (`NN-slug.md` or `slug.md`). */
export function slugOfPath(path: string, slugs: readonly string[]): string | null {
  const parts = decode(path)
    .split("/")
    .filter((p) => p !== "" && p !== "." && p !== "..");
  const file = parts.pop();
  if (!file || parts.length > 1 || (parts[0] !== undefined && !LESSON_DIR.test(parts[0]))) {
    return null;
  }
  const stem = /^(.+)\.md$/i.exec(file)?.[1];
  if (!stem) return null;
  if (slugs.includes(stem)) return stem;
  const numbered = /^\d+-(.+)$/.exec(stem)?.[1];
  return numbered && slugs.includes(numbered) ? numbered : null;
}

export function resolveLessonLink(href: string, ctx: LessonLinkContext): ResolvedLink {
  if (SCHEME.test(href) || href.startsWith("//")) return { kind: "external", href };
  const hashAt = href.indexOf("#");
  const path = (hashAt < 0 ? href : href.slice(0, hashAt)).replace(/\?.*$/, "");
  // Anchors are lower case; a link may spell the heading's capitals.
  const anchor = hashAt < 0 ? "" : decode(href.slice(hashAt + 1)).toLowerCase();
  if (path.startsWith("/") || (path === "" && anchor === "")) return { kind: "unresolved" };
  const slug = path === "" ? ctx.currentSlug : slugOfPath(path, ctx.slugs);
  if (!slug) return { kind: "unresolved" };
  if (slug === ctx.currentSlug && anchor !== "") {
    // On this page the headings are known: a missing one is a broken link.
    return ctx.anchors.has(anchor)
      ? { kind: "lesson", href: `#${encodeURIComponent(headingId(anchor))}` }
      : { kind: "unresolved" };
  }
  const base = lessonHref(ctx.courseId, slug, ctx.share);
  return {
    kind: "lesson",
    href: anchor === "" ? base : `${base}#${encodeURIComponent(headingId(anchor))}`,
  };
}
