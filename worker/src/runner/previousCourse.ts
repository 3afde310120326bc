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
import { loadCourseTexts } from "../course/courseTexts.ts";
import {
  type PreviousTexts,
  previousManifest,
  writePreviousFolder,
} from "../course/previousFolder.ts";
import type { Attempt } from "./attempt.ts";
import { accepted, LeaseLostError, type PreviousCourse } from "./backend.ts";
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

/** Every part of the previous course's text (fenced reads: a refusal ends the attempt). */
function loadTexts(
  attempt: Attempt,
  course: PreviousCourse,
  maxBytes: number,
): Promise<PreviousTexts | null> {
  const fetchPage = async (from: number) =>
    accepted(
      await attempt.deps.backend.previousCourseParts(attempt.fence, {
        courseId: course.courseId,
        from,
      }),
    ).page;
  return loadCourseTexts(course, fetchPage, { maxBytes, signal: attempt.signal });
}

function fromNothing(attempt: Attempt, why: string): void {
  attempt.emit(
    workerEvent("previous.unavailable", `Building the course from nothing: ${why}.`, "warn"),
  );
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 300) : "unknown error";
}
