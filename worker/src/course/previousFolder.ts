/**
 * Writes a refresh's previous course as the folder the CLI's `--update` reads:
 * `course.json` (a valid shared course manifest), each lesson's markdown at its `file`
 * (named as the CLI names them, shared lessonFile), and `sources/<path>` for each published
 * file (its text at the previous commit). What Convex sent is treated as hostile: paths must
 * be plain repository paths (no absolute path, no `..`, no backslash), nothing is written
 * through a symlink or over an existing file, and the whole folder is bounded in bytes.
 * Nothing here talks to Convex (runner/previousCourse.ts does).
 */
import { lstat, mkdir, open } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import {
  COURSE_MANIFEST_FILE,
  type CourseManifest,
  courseManifestSchema,
  isPlainRepoPath,
  type Lesson,
  lessonFile,
} from "@fondation/shared";
import type { PreviousCourse } from "../runner/backend.ts";

/** The folder's sub-folder of source files. */
export const SOURCES_DIR = "sources";

export interface PreviousTexts {
  /** Each lesson's markdown by slug. */
  lessons: Map<string, string>;
  /** Each published file's text by path. */
  files: Map<string, string>;
}

/** A refusal to write the folder: the refresh then builds from nothing. */
export class PreviousFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PreviousFolderError";
  }
}

const ZERO_USAGE = {
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationInputTokens: 0,
  cacheReadInputTokens: 0,
  costUsd: 0,
};

/** The manifest of the previous course, as the CLI wrote it then (validated). */
export function previousManifest(
  course: PreviousCourse,
  repository: { name: string; url?: string },
): CourseManifest {
  const counters = { chapter: 0, tutorial: 0 };
  const lessons: Lesson[] = course.lessons.map((l) => {
    counters[l.kind] += 1;
    return {
      kind: l.kind,
      slug: l.slug,
      title: l.title,
      file: lessonFile(l.kind, counters[l.kind], l.slug),
      ...(l.abstraction ? { abstraction: l.abstraction } : {}),
      citations: l.citations,
      prev: l.prev,
      next: l.next,
    };
  });
  const parsed = courseManifestSchema.safeParse({
    schemaVersion: 1,
    title: course.title,
    summary: course.summary,
    repository: {
      name: repository.name,
      ...(repository.url ? { url: repository.url } : {}),
      ...(course.commit ? { commit: course.commit } : {}),
    },
    language: course.language,
    model: course.model,
    generatedAt: new Date().toISOString(),
    abstractions: course.abstractions,
    relationships: course.relationships,
    chapters: lessons.filter((l) => l.kind === "chapter"),
    tutorials: lessons.filter((l) => l.kind === "tutorial"),
    usage: ZERO_USAGE,
    ...(course.sourceFiles.length > 0 ? { files: course.sourceFiles } : {}),
    ...(course.folders ? { folders: course.folders } : {}),
  });
  if (!parsed.success) {
    throw new PreviousFolderError(
      `the previous course is not a valid manifest (${parsed.error.issues[0]?.message ?? "?"})`,
    );
  }
  return parsed.data;
}

/**
 * Writes the folder `dir` (which must not exist yet) and returns its bytes. Throws
 * PreviousFolderError on a hostile path, a missing text or more than `maxBytes`.
 */
export async function writePreviousFolder(
  dir: string,
  manifest: CourseManifest,
  texts: PreviousTexts,
  maxBytes: number,
): Promise<number> {
  const writes: [string, string][] = [];
  for (const lesson of [...manifest.chapters, ...manifest.tutorials]) {
    const text = texts.lessons.get(lesson.slug);
    if (text === undefined) throw new PreviousFolderError(`lesson "${lesson.slug}" has no text`);
    writes.push([lesson.file, text]);
  }
  for (const [path, text] of texts.files) {
    if (!isPlainRepoPath(path)) {
      throw new PreviousFolderError(`refused the source path "${path.slice(0, 100)}"`);
    }
    writes.push([`${SOURCES_DIR}/${path}`, text]);
  }
  writes.push([COURSE_MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`]);
  let bytes = 0;
  for (const [, text] of writes) bytes += Buffer.byteLength(text, "utf8");
  if (bytes > maxBytes) {
    throw new PreviousFolderError(`the previous course is larger than ${maxBytes} bytes`);
  }
  await mkdir(dir, { recursive: false });
  for (const [path, text] of writes) await writeInside(dir, path, text);
  return bytes;
}

/** Writes `text` at `path` under `root`: a new file, through no symlink, never outside. */
async function writeInside(root: string, path: string, text: string): Promise<void> {
  if (!isPlainRepoPath(path)) {
    throw new PreviousFolderError(`refused the path "${path.slice(0, 100)}"`);
  }
  const full = join(root, path);
  const rel = relative(root, full);
  if (rel.startsWith("..") || rel.split(sep).includes("..")) {
    throw new PreviousFolderError(`refused the path "${path.slice(0, 100)}"`);
  }
  await makeParents(root, dirname(rel));
  // "wx": a new file only (O_EXCL also refuses a symlink in the last place).
  const handle = await open(full, "wx", 0o600).catch((error: NodeJS.ErrnoException) => {
    throw new PreviousFolderError(`could not write "${path.slice(0, 100)}" (${error.code})`);
  });
  try {
    await handle.writeFile(text, "utf8");
  } finally {
    await handle.close();
  }
}

/** Makes each folder of `rel` under `root`, refusing any that exists as something else. */
async function makeParents(root: string, rel: string): Promise<void> {
  if (rel === "." || rel === "") return;
  let at = root;
  for (const segment of rel.split(sep)) {
    at = join(at, segment);
    const found = await lstat(at).catch(() => null);
    if (found === null) await mkdir(at);
    else if (found.isSymbolicLink() || !found.isDirectory()) {
      throw new PreviousFolderError(`refused "${relative(root, at).slice(0, 100)}": not a folder`);
    }
  }
}
