/**
 * What a published course keeps of the CLI's manifest for refreshes (shared/src/refresh.ts):
 * `update` as the course's changes, trimmed to Convex's bounds (a verbose reason must not
 * fail a publish), and `files` as its source file ids and `folders`, each kept whole or not
 * at all (a partial list would make the next refresh believe the missing ones are new).
 */
import {
  BLOB_SHA_RE,
  type CourseManifest,
  isPlainRepoPath,
  MAX_CHANGE_FILES,
  MAX_CHANGE_REASON_CHARS,
  MAX_COURSE_FOLDERS,
  MAX_COURSE_FOLDERS_CHARS,
  MAX_COURSE_SOURCE_FILES,
  MAX_COURSE_SOURCE_FILES_CHARS,
  MAX_LESSON_CHANGES,
} from "@fondation/shared";
import type { CourseInput } from "./backend.ts";

export function keptForRefresh(manifest: CourseManifest): {
  fields: Pick<CourseInput, "changes" | "sourceFiles" | "folders">;
  /** Source file ids not kept because there are too many. */
  dropped: number;
} {
  const fields: Pick<CourseInput, "changes" | "sourceFiles" | "folders"> = {};
  const { update, files, folders } = manifest;
  if (update) {
    fields.changes = {
      fromCommit: update.fromCommit,
      overview: update.overview,
      lessons: update.lessons.slice(0, MAX_LESSON_CHANGES).map((change) => ({
        kind: change.kind,
        slug: change.slug,
        status: change.status,
        reason: change.reason.slice(0, MAX_CHANGE_REASON_CHARS),
        files: change.files.filter(isPlainRepoPath).slice(0, MAX_CHANGE_FILES),
      })),
    };
  }
  let dropped = 0;
  if (files && files.length > 0) {
    const valid = files.filter((f) => isPlainRepoPath(f.path) && BLOB_SHA_RE.test(f.sha));
    const fits =
      valid.length <= MAX_COURSE_SOURCE_FILES &&
      JSON.stringify(valid).length <= MAX_COURSE_SOURCE_FILES_CHARS;
    if (fits) fields.sourceFiles = valid.map((f) => ({ path: f.path, sha: f.sha }));
    else dropped = valid.length;
  }
  if (
    folders &&
    folders.length <= MAX_COURSE_FOLDERS &&
    JSON.stringify(folders).length <= MAX_COURSE_FOLDERS_CHARS &&
    folders.every(isPlainRepoPath)
  ) {
    fields.folders = folders;
  }
  return { fields, dropped };
}
