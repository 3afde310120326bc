/**
 * A course folder as the ask module reads it: course.json validated with the shared schema,
 * and each lesson's markdown. The folder is read through SafeFolder (it may come from
 * elsewhere): lesson files must be where the writer puts them, and are read bounded.
 */
import {
  COURSE_MANIFEST_FILE,
  type CourseManifest,
  courseManifestSchema,
  type LessonKind,
} from "@fondation/shared";
import { z } from "zod";
import { inputError } from "../errors.ts";
import { SafeFolder } from "./source.ts";

const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
const MAX_LESSON_BYTES = 2 * 1024 * 1024;
/** Where the writer puts lessons (shared lessonFile); anything else is refused. */
const LESSON_PATH = /^(chapters|tutorials)\/[0-9]{2,3}-[a-z0-9][a-z0-9-]*\.md$/;

export interface CourseLesson {
  kind: LessonKind;
  slug: string;
  title: string;
  file: string;
  markdown: string;
}

export interface LoadedCourse {
  folder: string;
  manifest: CourseManifest;
  /** Chapters then tutorials, in reading order. */
  lessons: CourseLesson[];
}

export async function loadCourse(folder: string): Promise<LoadedCourse> {
  const safe = new SafeFolder(folder);
  let raw: string;
  try {
    raw = await safe.readText(COURSE_MANIFEST_FILE, MAX_MANIFEST_BYTES);
  } catch (error) {
    throw inputError(
      "invalid_options",
      `${folder} is not a course folder (${COURSE_MANIFEST_FILE} could not be read: ${(error as Error).message}). Pass the folder \`fondation analyze\` wrote (its --out).`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw inputError(
      "invalid_options",
      `${folder}/${COURSE_MANIFEST_FILE} is not JSON: write the course again with \`fondation analyze\`.`,
    );
  }
  const parsed = courseManifestSchema.safeParse(json);
  if (!parsed.success)
    throw inputError(
      "invalid_options",
      `${folder}/${COURSE_MANIFEST_FILE} is not a valid course (${z.prettifyError(parsed.error).split("\n")[0]}): write it again with \`fondation analyze\`.`,
    );
  const manifest = parsed.data;
  const lessons: CourseLesson[] = [];
  for (const lesson of [...manifest.chapters, ...manifest.tutorials]) {
    if (!LESSON_PATH.test(lesson.file))
      throw inputError(
        "invalid_options",
        `${folder}/${COURSE_MANIFEST_FILE} names a lesson file outside the lesson folders (${lesson.file}): write the course again.`,
      );
    let markdown: string;
    try {
      markdown = await safe.readText(lesson.file, MAX_LESSON_BYTES);
    } catch (error) {
      throw inputError(
        "invalid_options",
        `The lesson ${lesson.file} of ${folder} could not be read (${(error as Error).message}): write the course again.`,
      );
    }
    lessons.push({
      kind: lesson.kind,
      slug: lesson.slug,
      title: lesson.title,
      file: lesson.file,
      markdown,
    });
  }
  return { folder, manifest, lessons };
}

/** A lesson by slug, or a sentence listing the slugs there are. */
export function findLesson(
  course: LoadedCourse,
  slug: string,
): { lesson: CourseLesson } | { error: string } {
  const lesson = course.lessons.find((l) => l.slug === slug);
  if (lesson) return { lesson };
  const known = course.lessons.map((l) => l.slug);
  return {
    error: `No lesson "${slug}" in this course; its lessons are: ${known.join(", ")}. Call read_outline for their titles.`,
  };
}
