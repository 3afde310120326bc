/**
 * Reads what the CLI wrote: `<out>/course.json` (validated with the shared
 * courseManifestSchema) and each lesson's markdown file, checks the output size limit, and
 * splits each lesson's markdown into parts under MAX_CHAPTER_PART_CHARS, ready for
 * beginPublish / addLessonPart. Nothing here talks to Convex.
 */
import { readFile, stat } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import {
  COURSE_MANIFEST_FILE,
  type CourseManifest,
  courseManifestSchema,
  type Lesson,
  MAX_CHAPTER_PART_CHARS,
  MAX_LESSONS_PER_COURSE,
} from "@fondation/shared";
import { z } from "zod";
import { formatBytes } from "../git/limits.ts";
import { JobFailure } from "../jobFailure.ts";

export interface LoadedLesson {
  kind: Lesson["kind"];
  slug: string;
  title: string;
  abstraction?: string;
  citations: Lesson["citations"];
  prev: string | null;
  next: string | null;
  /** The markdown, in order; joined they are the file's exact content. */
  parts: string[];
}

export interface LoadedCourse {
  manifest: CourseManifest;
  lessons: LoadedLesson[];
  /** Bytes of course.json and every lesson file. */
  bytes: number;
}

export async function loadCourse(
  outDir: string,
  options: { maxBytes: number; manifestFile?: string; maxPartChars?: number },
): Promise<LoadedCourse> {
  const maxPart = options.maxPartChars ?? MAX_CHAPTER_PART_CHARS;
  const manifestPath = inside(outDir, options.manifestFile ?? COURSE_MANIFEST_FILE);
  let bytes = await sizeOf(manifestPath, "the course manifest");
  checkSize(bytes, options.maxBytes);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(manifestPath, "utf8"));
  } catch (error) {
    throw broken(`course.json is not valid JSON (${(error as Error).message})`);
  }
  const parsed = courseManifestSchema.safeParse(json);
  if (!parsed.success) {
    throw broken(
      `course.json does not match the course format: ${z.prettifyError(parsed.error).slice(0, 600)}`,
    );
  }
  const manifest = parsed.data;
  const all = [...manifest.chapters, ...manifest.tutorials];
  if (all.length === 0) throw broken("the course has no chapters");
  if (all.length > MAX_LESSONS_PER_COURSE) {
    throw broken(
      `the course has ${all.length} lessons, more than the ${MAX_LESSONS_PER_COURSE} allowed`,
    );
  }

  const lessons: LoadedLesson[] = [];
  for (const lesson of all) {
    const path = inside(outDir, lesson.file);
    bytes += await sizeOf(path, `the markdown of "${lesson.slug}"`);
    checkSize(bytes, options.maxBytes);
    const markdown = await readFile(path, "utf8");
    lessons.push({
      kind: lesson.kind,
      slug: lesson.slug,
      title: lesson.title,
      ...(lesson.abstraction ? { abstraction: lesson.abstraction } : {}),
      citations: lesson.citations,
      prev: lesson.prev,
      next: lesson.next,
      parts: splitMarkdown(markdown, maxPart),
    });
  }
  return { manifest, lessons, bytes };
}

/**
 * Splits text into parts of at most `maxChars` UTF-16 units, at the last line break of each
 * window when there is one, never inside a surrogate pair. Joined, the parts are the text.
 * An empty text is one empty part (a lesson always has at least one part).
 */
export function splitMarkdown(text: string, maxChars: number): string[] {
  if (maxChars < 2) throw new Error("maxChars must be at least 2");
  const parts: string[] = [];
  let start = 0;
  while (text.length - start > maxChars) {
    let end = start + maxChars;
    const newline = text.lastIndexOf("\n", end - 1);
    if (newline >= start + maxChars / 2) end = newline + 1;
    else if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    parts.push(text.slice(start, end));
    start = end;
  }
  parts.push(text.slice(start));
  return parts;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** A path the manifest names, which must stay inside the output folder. */
function inside(outDir: string, file: string): string {
  const full = resolve(outDir, file);
  const rel = relative(resolve(outDir), full);
  if (rel.startsWith("..") || isAbsolute(rel)) {
    throw broken(`course.json names a file outside the course folder: ${file.slice(0, 200)}`);
  }
  return full;
}

async function sizeOf(path: string, what: string): Promise<number> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw broken(`${what} is not a file`);
    return s.size;
  } catch (error) {
    if (error instanceof JobFailure) throw error;
    throw broken(`${what} is missing (${relative(process.cwd(), path) || path})`);
  }
}

function checkSize(bytes: number, max: number): void {
  if (bytes > max) {
    throw new JobFailure(
      "output_too_large",
      `The generated course is larger than the ${formatBytes(max)} allowed. Ask for a course on a smaller part of the repository, or ask the operator to raise MAX_OUTPUT_BYTES.`,
      false,
    );
  }
}

function broken(detail: string): JobFailure {
  return new JobFailure(
    "analysis_failed",
    `The analysis finished but its output is unusable: ${detail}. This is a bug in the CLI.`,
    true,
  );
}
