/**
 * A course as a Markdown zip: one file per lesson, named as the CLI names it in a course
 * folder (`chapters/02-router.md`, `tutorials/01-x.md`: shared `lessonFile`) so the
 * lessons' links to each other work once unzipped, plus a README index in reading order.
 */
import { type LessonKind, lessonFile } from "@fondation/shared";
import { strToU8, zipSync } from "fflate";
import { citationLabel } from "./citations.ts";
import { teachingOrder } from "./courseNav.ts";
import type { CourseSummaryView, LessonView } from "./types.ts";

export interface ExportInput {
  course: Pick<CourseSummaryView, "title" | "summary" | "commit" | "model" | "language">;
  repositoryName: string;
  lessons: readonly LessonView[];
  /** Markdown of each lesson, by slug. */
  markdown: ReadonlyMap<string, string>;
}

/** The zip path of each lesson, by slug: its kind's folder and its rank among that kind. */
export function lessonFileNames(lessons: readonly LessonView[]): Map<string, string> {
  const counters: Record<LessonKind, number> = { chapter: 0, tutorial: 0 };
  const names = new Map<string, string>();
  for (const lesson of teachingOrder(lessons)) {
    counters[lesson.kind] += 1;
    names.set(lesson.slug, lessonFile(lesson.kind, counters[lesson.kind], lesson.slug));
  }
  return names;
}

export function buildCourseZip(input: ExportInput): Uint8Array {
  const ordered = teachingOrder(input.lessons);
  const names = lessonFileNames(ordered);
  const files: Record<string, Uint8Array> = {};
  const index: string[] = [
    `# ${input.course.title}`,
    "",
    input.course.summary,
    "",
    `Repository: ${input.repositoryName}${input.course.commit ? ` @ ${input.course.commit}` : ""}`,
    `Language: ${input.course.language} · Model: ${input.course.model ?? "none (offline)"}`,
    "",
  ];
  ordered.forEach((lesson, i) => {
    const name = names.get(lesson.slug) as string;
    const body = input.markdown.get(lesson.slug);
    if (body === undefined) throw new Error(`The markdown of "${lesson.title}" is missing.`);
    const sources = lesson.citations.length
      ? `\n\n---\nSources: ${lesson.citations.map(citationLabel).join(", ")}\n`
      : "\n";
    files[name] = strToU8(body.trimEnd() + sources);
    index.push(`${i + 1}. [${lesson.title}](${name})`);
  });
  files["README.md"] = strToU8(`${index.join("\n")}\n`);
  return zipSync(files, { level: 6 });
}

export function zipFileName(repositoryName: string, language: string): string {
  const base = repositoryName.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "course";
  return `${base}-course-${language}.zip`;
}
