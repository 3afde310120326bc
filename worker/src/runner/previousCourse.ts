/**
 * The refresh step of an attempt: when the claimed job has a previous course, loads it
 * (convex/workerPrevious.ts: its manifest, then its text page by page) and writes it as the
 * folder of the CLI's `--update` under the job folder (course/previousFolder.ts). A course
 * that is gone, or cannot be loaded or written, is not the job's failure: the attempt then
 * builds the course from nothing, and an event says so. A refused fenced read (the lease
 * moved on) and a stop are the attempt's end, as everywhere else.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { MAX_SOURCE_BYTES_PER_COURSE } from "@fondation/shared";
import {
  type PreviousTexts,
  previousManifest,
  writePreviousFolder,
} from "../course/previousFolder.ts";
import type { Attempt } from "./attempt.ts";
import { accepted, LeaseLostError, type PreviousCourse, type PreviousPage } from "./backend.ts";
import { workerEvent } from "./progress.ts";

/** The folder's name in the job folder. */
export const PREVIOUS_DIR = "previous";

/** The folder to pass to `--update`, or null to build from nothing. */
export async function preparePreviousCourse(
  attempt: Attempt,
  jobDir: string,
): Promise<string | null> {
  const courseId = attempt.claimed.previousCourseId;
  if (!courseId) return null;
  const dir = join(jobDir, PREVIOUS_DIR);
  try {
    const { course } = accepted(await attempt.deps.backend.previousCourse(attempt.fence));
    if (!course) {
      fromNothing(attempt, "the previous course is gone");
      return null;
    }
    // The course's text and its cited files, each within the limits they were published in.
    const maxBytes = attempt.deps.config.maxOutputBytes + MAX_SOURCE_BYTES_PER_COURSE;
    const texts = await loadTexts(attempt, course, maxBytes);
    if (!texts) {
      fromNothing(attempt, "the previous course is gone");
      return null;
    }
    const manifest = previousManifest(course, {
      name: attempt.claimed.repository.name,
      url: attempt.claimed.repository.url,
    });
    const bytes = await writePreviousFolder(dir, manifest, texts, maxBytes);
    attempt.log.info({ courseId, bytes, files: texts.files.size }, "previous course written");
    attempt.emit(
      workerEvent(
        "previous.loaded",
        `Refreshing the course of commit ${(course.commit ?? "unknown").slice(0, 12)}: ${course.lessons.length} lessons, ${texts.files.size} source file(s)`,
        "info",
        { lessons: course.lessons.length, files: texts.files.size, bytes },
      ),
    );
    return dir;
  } catch (error) {
    if (error instanceof LeaseLostError || attempt.signal.aborted) throw error;
    await rm(dir, { recursive: true, force: true });
    attempt.log.warn({ err: error, courseId }, "previous course not loaded");
    fromNothing(attempt, `the previous course could not be loaded: ${reasonOf(error)}`);
    return null;
  }
}

/** Every part of the course's text, page by page; null when the course went away. */
async function loadTexts(
  attempt: Attempt,
  course: PreviousCourse,
  maxBytes: number,
): Promise<PreviousTexts | null> {
  const lessons = new Map<string, string[]>();
  const files = new Map<string, string[]>();
  let bytes = 0;
  let from: number | null = 0;
  let pages = 0;
  while (from !== null) {
    attempt.signal.throwIfAborted();
    const { page }: { page: PreviousPage | null } = accepted(
      await attempt.deps.backend.previousCourseParts(attempt.fence, {
        courseId: course.courseId,
        from,
      }),
    );
    if (!page) return null;
    // Each page moves on by at least one part: a page that does not is a broken answer.
    if (page.parts.length === 0 || (page.next !== null && page.next <= from)) {
      throw new Error("a page of the previous course did not move on");
    }
    if (++pages > course.partCount) throw new Error("more pages than parts");
    for (const part of page.parts) {
      bytes += Buffer.byteLength(part.text, "utf8");
      if (bytes > maxBytes) throw new Error(`the previous course is larger than ${maxBytes} bytes`);
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

function fromNothing(attempt: Attempt, why: string): void {
  attempt.emit(
    workerEvent("previous.unavailable", `Building the course from nothing: ${why}.`, "warn"),
  );
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 300) : "unknown error";
}
