/**
 * What the MCP tools do, apart from the protocol: each takes the opened course and the
 * tool's arguments and returns text for the agent plus the same content as structured data.
 * A request the agent can fix (an unknown lesson, another course's id) is a ToolError: the
 * server answers it as a tool error (isError) with this sentence, never as a crash.
 */
import { noSearchHitsText, outlineText } from "@fondation/shared/core";
import { type AskOptions, askCourse, findLesson, type OpenedCourse } from "../ask/index.ts";
import { citationKey } from "../output/citations.ts";

export class ToolError extends Error {
  override name = "ToolError";
}

export interface ToolOutput {
  text: string;
  structured: Record<string, unknown>;
}

/** The id agents pass as `course`: the repository's name, as the manifest records it. */
export function courseId(opened: OpenedCourse): string {
  return opened.course.manifest.repository.name;
}

export function checkCourse(opened: OpenedCourse, course: string | undefined): void {
  if (course !== undefined && course !== courseId(opened))
    throw new ToolError(
      `No course "${course}" here; this server serves one course, "${courseId(opened)}" (see list_courses).`,
    );
}

export function listCourses(opened: OpenedCourse): ToolOutput {
  const m = opened.course.manifest;
  const course = {
    id: courseId(opened),
    title: m.title,
    summary: m.summary,
    language: m.language,
    model: m.model,
    commit: m.repository.commit ?? null,
    chapters: m.chapters.length,
    tutorials: m.tutorials.length,
  };
  return {
    text: `${course.id}: ${course.title} (${course.chapters} chapters, ${course.tutorials} tutorials, ${course.language})\n${course.summary}`,
    structured: { courses: [course] },
  };
}

export function readOutline(opened: OpenedCourse): ToolOutput {
  const m = opened.course.manifest;
  const lessons = [...m.chapters, ...m.tutorials].map((l) => ({
    slug: l.slug,
    kind: l.kind,
    title: l.title,
    citations: l.citations.length,
  }));
  return {
    text: outlineText(m.title, m.summary, lessons),
    structured: { title: m.title, lessons },
  };
}

export function readLesson(opened: OpenedCourse, slug: string): ToolOutput {
  const found = findLesson(opened.course, slug);
  if ("error" in found) throw new ToolError(found.error);
  const { lesson } = found;
  const entry = [...opened.course.manifest.chapters, ...opened.course.manifest.tutorials].find(
    (l) => l.slug === slug,
  );
  return {
    text: lesson.markdown,
    structured: {
      slug: lesson.slug,
      kind: lesson.kind,
      title: lesson.title,
      markdown: lesson.markdown,
      citations: (entry?.citations ?? []).map(citationKey),
    },
  };
}

export const MAX_SEARCH_HITS = 20;

export function search(opened: OpenedCourse, query: string, limit = 10): ToolOutput {
  const hits = opened.index.search(query, Math.min(Math.max(1, limit), MAX_SEARCH_HITS));
  const results = hits.map((h) => {
    const p = h.passage;
    if (p.kind === "declaration")
      return {
        kind: "declaration" as const,
        name: p.name,
        declaration: p.declKind,
        citation: citationKey(p.citation),
        ...(p.signature ? { signature: p.signature } : {}),
        ...(p.doc ? { doc: p.doc } : {}),
        score: round(h.score),
      };
    return {
      kind: "lesson" as const,
      lesson: p.lesson.slug,
      title: p.lesson.title,
      section: p.heading,
      citations: p.citations.map(citationKey),
      score: round(h.score),
    };
  });
  const text =
    results.length === 0
      ? noSearchHitsText(query)
      : results
          .map((r, i) =>
            r.kind === "declaration"
              ? `${i + 1}. ${r.declaration} ${r.name} — \`${r.citation}\`${r.doc ? ` — ${r.doc}` : ""}`
              : `${i + 1}. lesson ${r.lesson} › ${r.section || r.title}${r.citations.length ? ` — cites ${r.citations.map((c) => `\`${c}\``).join(", ")}` : ""}`,
          )
          .join("\n");
  return { text, structured: { query, results } };
}

export async function ask(
  opened: OpenedCourse,
  question: string,
  options: AskOptions,
): Promise<ToolOutput> {
  const answer = await askCourse(opened, question, options);
  const text = [
    answer.notice ? `> ${answer.notice}\n` : "",
    answer.markdown,
    ...answer.warnings.map((w) => `\n> ${w}`),
  ]
    .filter(Boolean)
    .join("\n");
  return {
    text,
    structured: {
      mode: answer.mode,
      model: answer.model,
      markdown: answer.markdown,
      citations: answer.citations.map(citationKey),
      unresolved: answer.unresolved,
      notice: answer.notice,
      warnings: answer.warnings,
    },
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
