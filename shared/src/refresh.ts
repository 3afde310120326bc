/**
 * Limits of what a course keeps for its next refresh (issue 15): the manifest's `files`
 * (stored in `courses.sourceFiles`), `folders` (`courses.folders`) and `update` (stored in
 * `courses.changes`). Convex
 * refuses more; the worker trims the CLI's manifest to fit before publishing.
 */

/** Entries of a course's `sourceFiles` (the files its abstractions own and lessons cite). */
export const MAX_COURSE_SOURCE_FILES = 3_000;
/** Characters of all those entries as JSON (they live in the course's own document). */
export const MAX_COURSE_SOURCE_FILES_CHARS = 300_000;
/**
 * Folders of a course's tree (the manifest's `folders`, `courses.folders`): a tree with more
 * keeps none, and its next refresh then finds new modules only from the previous commit.
 */
export const MAX_COURSE_FOLDERS = 3_000;
/** Characters of all those folders as JSON. */
export const MAX_COURSE_FOLDERS_CHARS = 150_000;
/** Lesson changes of one refresh: every lesson of the new version plus the removed ones. */
export const MAX_LESSON_CHANGES = 120;
/** Characters of one change's reason. */
export const MAX_CHANGE_REASON_CHARS = 500;
/** Files named by one change. */
export const MAX_CHANGE_FILES = 50;

/** A git blob id (sha-1, lower-case hex). */
export const BLOB_SHA_RE = /^[0-9a-f]{40}$/;
