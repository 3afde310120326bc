/**
 * Writes the course a question is asked on as a course folder (course.json, the lessons,
 * and `sources/<path>` for each file the course cites, as stored at publish), from the
 * question's fenced reads (convex/questionWorker.ts courseManifest/courseParts). Reuses the
 * refresh's loader and writer: the same checks of what Convex sent, the same byte bound.
 */
import { loadCourseTexts } from "../course/courseTexts.ts";
import { previousManifest, writePreviousFolder } from "../course/previousFolder.ts";
import { accepted } from "../runner/backend.ts";
import type { QuestionBackend, QuestionFence } from "./backend.ts";
import { AnswerError } from "./errors.ts";

const GONE = "The course was removed before the question was answered. Ask another course.";

export function courseWriter(
  backend: QuestionBackend,
  fence: QuestionFence,
  repository: { name: string; url?: string },
  options: { maxBytes: number; signal: AbortSignal },
) {
  return async (folder: string): Promise<void> => {
    const { course } = accepted(await backend.courseManifest(fence));
    if (!course) throw new AnswerError("course_not_found", GONE, false);
    const fetchPage = async (from: number) =>
      accepted(await backend.courseParts(fence, { courseId: course.courseId, from })).page;
    const texts = await loadCourseTexts(course, fetchPage, options);
    if (!texts) throw new AnswerError("course_not_found", GONE, false);
    await writePreviousFolder(
      folder,
      previousManifest(course, repository),
      texts,
      options.maxBytes,
    );
  };
}
