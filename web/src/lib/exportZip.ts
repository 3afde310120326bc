/** A course as a Markdown zip: one file per lesson in reading order, plus a README index. */
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

export function lessonFileName(position: number, lesson: LessonView): string {
  return `${String(position).padStart(2, "0")}-${lesson.kind}-${lesson.slug}.md`;
}

export function buildCourseZip(input: ExportInput): Uint8Array {
  const ordered = teachingOrder(input.lessons);
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
    const name = lessonFileName(i + 1, lesson);
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
