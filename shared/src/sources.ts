/**
 * Published source files: the cited files of a course, copied by the worker from its clone
 * (at the course's commit) into Convex so the web app's source viewer can show them for
 * any repository. Limits every part agrees on, and which paths a course may publish.
 * Written for: the worker (what to read and upload), Convex (what to accept), the web
 * (which citations open the viewer).
 */

/** Bytes of one published file; larger files are not published (the viewer says so). */
export const MAX_SOURCE_FILE_BYTES = 512 * 1024;
/** Files published per course. */
export const MAX_SOURCE_FILES = 300;
/** Bytes of all the published files of one course. */
export const MAX_SOURCE_BYTES_PER_COURSE = 16 * 1024 * 1024;
/** Characters of one stored part of a file (a Convex document holds at most 1 MiB). */
export const MAX_SOURCE_PART_CHARS = 200_000;
/**
 * Parts of one file at most. A file of MAX_SOURCE_FILE_BYTES bytes has at most that many
 * characters, so it always fits in this many parts.
 */
export const MAX_SOURCE_PARTS_PER_FILE = Math.ceil(MAX_SOURCE_FILE_BYTES / MAX_SOURCE_PART_CHARS);
/** Characters of a published path. */
export const MAX_SOURCE_PATH_CHARS = 500;

/**
 * True for a plain repository-relative path: not empty, not absolute, no `..` or `.`
 * segment, no empty segment, no backslash, no URL or drive prefix, no control characters.
 */
export function isPlainRepoPath(path: string): boolean {
  if (path.length === 0 || path.length > MAX_SOURCE_PATH_CHARS) return false;
  if (path.startsWith("/") || path.includes("\\")) return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  if (/[\u0000-\u001f\u007f]/.test(path)) return false;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path)) return false;
  return path.split("/").every((s) => s.length > 0 && s !== "." && s !== "..");
}

/** The distinct plain paths the lessons cite, in first-cited order (at most MAX_SOURCE_FILES). */
export function citedSourcePaths(
  lessons: readonly { citations: readonly { path: string }[] }[],
): string[] {
  const seen = new Set<string>();
  for (const lesson of lessons) {
    for (const c of lesson.citations) {
      if (seen.size >= MAX_SOURCE_FILES) return [...seen];
      if (isPlainRepoPath(c.path)) seen.add(c.path);
    }
  }
  return [...seen];
}

/**
 * Splits a file's text into parts of at most `size` characters (one part for ""), never
 * between the two halves of a surrogate pair (each part must be valid Unicode to be stored).
 */
export function splitSourceText(text: string, size = MAX_SOURCE_PART_CHARS): string[] {
  if (text.length === 0) return [""];
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(text.length, i + size);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && end - i > 1 && last >= 0xd800 && last <= 0xdbff) end -= 1;
    parts.push(text.slice(i, end));
    i = end;
  }
  return parts;
}

/** Lines of a text as the viewer numbers them (a final newline does not start a new line). */
export function countLines(text: string): number {
  if (text.length === 0) return 0;
  const breaks = text.split("\n").length - 1;
  return text.endsWith("\n") ? breaks : breaks + 1;
}
