/**
 * Loads every part of a course's text from Convex, page by page (a refresh's previous
 * course, or the course a question is asked on), joining each lesson's and file's parts and
 * checking that all of them arrived, within `maxBytes`. What Convex sends is checked: a page
 * that does not move on, more pages than parts, or a missing part is an error. Null when the
 * course went away meanwhile.
 */
import type { PreviousCourse, PreviousPage } from "../runner/backend.ts";
import type { PreviousTexts } from "./previousFolder.ts";

/** One page from part `from` on (a fenced read: it throws when the lease is lost). */
export type FetchPage = (from: number) => Promise<PreviousPage | null>;

export async function loadCourseTexts(
  course: PreviousCourse,
  fetchPage: FetchPage,
  options: { maxBytes: number; signal?: AbortSignal },
): Promise<PreviousTexts | null> {
  const lessons = new Map<string, string[]>();
  const files = new Map<string, string[]>();
  let bytes = 0;
  let from: number | null = 0;
  let pages = 0;
  while (from !== null) {
    options.signal?.throwIfAborted();
    const page: PreviousPage | null = await fetchPage(from);
    if (!page) return null;
    // Each page moves on by at least one part: a page that does not is a broken answer.
    if (page.parts.length === 0 || (page.next !== null && page.next <= from)) {
      throw new Error("a page of the course did not move on");
    }
    if (++pages > course.partCount) throw new Error("more pages than parts");
    for (const part of page.parts) {
      bytes += Buffer.byteLength(part.text, "utf8");
      if (bytes > options.maxBytes) {
        throw new Error(`the course is larger than ${options.maxBytes} bytes`);
      }
      const map = part.kind === "lesson" ? lessons : files;
      const key = part.kind === "lesson" ? part.slug : part.path;
      const parts = map.get(key) ?? [];
      parts[part.index] = part.text;
      map.set(key, parts);
    }
    from = page.next;
  }
  return {
    lessons: joined(lessons, course.lessons, (l) => l.slug, "lesson"),
    files: joined(files, course.files, (f) => f.path, "file"),
  };
}

/** Each item's parts joined, checking every one arrived (and nothing else did). */
function joined<T extends { partCount: number }>(
  got: Map<string, string[]>,
  expected: T[],
  keyOf: (item: T) => string,
  what: string,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of expected) {
    const key = keyOf(item);
    const parts = got.get(key) ?? [];
    const complete = parts.length === item.partCount && [...parts].every((p) => p !== undefined);
    if (!complete) throw new Error(`${what} "${key.slice(0, 100)}" is missing parts`);
    out.set(key, parts.join(""));
  }
  if (got.size !== out.size) throw new Error(`parts of an unknown ${what}`);
  return out;
}
