/**
 * Reads the course folder given to `--update`: `course.json` (checked with the shared
 * schema), each lesson's markdown, and `sources/<path>` (the cited files as they were) when
 * present. Anything that is not a course is refused with a usage error.
 */
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { isAbsolute, join, normalize, resolve } from "node:path";
import {
  COURSE_MANIFEST_FILE,
  type CourseManifest,
  courseManifestSchema,
  type Lesson,
} from "@fondation/shared";
import { z } from "zod";
import { usageError } from "../errors.ts";
import { SOURCES_DIR } from "../output/write.ts";
import { blobSha } from "./blob.ts";

export interface PreviousLesson {
  entry: Lesson;
  markdown: string;
}

export interface PreviousCourse {
  folder: string;
  manifest: CourseManifest;
  /** Chapters then tutorials, in reading order. */
  lessons: PreviousLesson[];
  /** Blob id of each file the course stood on (empty for a course written before `files`). */
  shas: Map<string, string>;
  /** A file's text at the previous commit, from `sources/` when its blob id matches. */
  source(path: string): Promise<string | undefined>;
}

export async function readPreviousCourse(dir: string): Promise<PreviousCourse> {
  const folder = resolve(dir);
  const notCourse = (why: string) =>
    usageError(
      `--update ${dir} is not a course folder: ${why}. Give the folder of a course written by fondation.`,
    );
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw notCourse("no such folder");
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(folder, COURSE_MANIFEST_FILE), "utf8"));
  } catch (error) {
    throw notCourse(
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? `it has no ${COURSE_MANIFEST_FILE}`
        : `its ${COURSE_MANIFEST_FILE} is not JSON`,
    );
  }
  const parsed = courseManifestSchema.safeParse(raw);
  if (!parsed.success)
    throw notCourse(
      `its ${COURSE_MANIFEST_FILE} is invalid (${z.prettifyError(parsed.error).split("\n")[0]})`,
    );
  const manifest = parsed.data;
  const entries = [...manifest.chapters, ...manifest.tutorials];
  const paths = entries.map((entry) => {
    const path = inside(folder, entry.file);
    if (!path) throw notCourse(`lesson ${entry.slug} points outside the folder`);
    return path;
  });
  // Read side by side; the first missing one (in reading order) is the one reported.
  const texts = await Promise.all(paths.map((path) => readFile(path, "utf8").catch(() => null)));
  const lessons: PreviousLesson[] = entries.map((entry, i) => {
    const markdown = texts[i];
    if (markdown == null) throw notCourse(`lesson file ${entry.file} is missing`);
    return { entry, markdown };
  });
  const shas = new Map((manifest.files ?? []).map((f) => [f.path, f.sha]));
  return {
    folder,
    manifest,
    lessons,
    shas,
    async source(path) {
      const file = inside(join(folder, SOURCES_DIR), path);
      const sha = shas.get(path);
      if (!file || !sha) return undefined;
      try {
        const bytes = await readFile(file);
        // A copy that is not the recorded version cannot tell where the lines went.
        return blobSha(bytes) === sha ? bytes.toString("utf8") : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** `base/rel` when it stays inside base (a manifest is input, not trusted with paths). */
function inside(base: string, rel: string): string | undefined {
  if (isAbsolute(rel)) return undefined;
  const path = normalize(join(base, rel));
  return path.startsWith(`${base}/`) ? path : undefined;
}
