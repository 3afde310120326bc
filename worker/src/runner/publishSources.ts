/**
 * The publish step's part for source files: reads the files the lessons cite from the clone
 * (course/sourceFiles.ts) and uploads them to the course being published, with one event
 * saying how many were published and why others were not. Called by publishCourse
 * (attemptSteps.ts) between the lessons' parts and completePublish.
 */
import { citedSourcePaths } from "@fondation/shared";
import type { LoadedCourse } from "../course/loadCourse.ts";
import { readSourceFiles, uploadSourceFiles } from "../course/sourceFiles.ts";
import type { Attempt } from "./attempt.ts";
import { workerEvent } from "./progress.ts";

export async function publishSourceFiles(
  attempt: Attempt,
  repoDir: string,
  courseId: string,
  course: LoadedCourse,
): Promise<void> {
  const paths = citedSourcePaths(course.lessons);
  if (paths.length === 0) return;
  const { files, skipped } = await readSourceFiles(repoDir, paths);
  const { calls } = await uploadSourceFiles(
    attempt.deps.backend,
    attempt.fence,
    courseId,
    files,
    attempt.signal,
  );
  const reasons: Record<string, number> = {};
  for (const s of skipped) reasons[s.reason] = (reasons[s.reason] ?? 0) + 1;
  attempt.log.info(
    { files: files.length, skipped: skipped.length, calls },
    "source files published",
  );
  attempt.emit(
    workerEvent(
      "sources.published",
      `Published ${files.length} cited source file(s)${skipped.length > 0 ? `, skipped ${skipped.length}` : ""}`,
      "info",
      { files: files.length, skipped: reasons },
    ),
  );
  // Delivered while the job still runs: once complete, its events are refused.
  await attempt.batcher.drain();
}
