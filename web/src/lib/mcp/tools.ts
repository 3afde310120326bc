/**
 * What the MCP tools answer over HTTP, apart from the protocol (server.ts registers them):
 * each takes the token's backend and the tool's arguments, and returns text for the agent
 * plus the same content as structured data. Same tool names and arguments as the stdio
 * server of the CLI (`fondation mcp`), here over the courses of the token's owner.
 */
import { noSearchHitsText, outlineText } from "@fondation/shared/core";
import { citationLabel } from "@/lib/citations.ts";
import type { QuestionState } from "./answer.ts";
import { type Backend, ToolError } from "./backend.ts";

export interface ToolOutput {
  text: string;
  structured: Record<string, unknown>;
}

export const MAX_SEARCH_HITS = 20;
const DEFAULT_SEARCH_HITS = 10;

/** The course an agent means: the one given, or the only one the token's owner has. */
export async function resolveCourse(backend: Backend, course: string | undefined) {
  if (course !== undefined) return course;
  const courses = await backend.listCourses();
  const [only] = courses;
  if (courses.length === 1 && only) return only.courseId;
  throw new ToolError(
    courses.length === 0
      ? "You have no complete course yet: request one in Fondation, then call list_courses."
      : `You have ${courses.length} courses: pass \`course\`, one of the ids from list_courses.`,
  );
}

export async function listCourses(backend: Backend): Promise<ToolOutput> {
  const courses = (await backend.listCourses()).map((c) => ({
    id: c.courseId,
    title: c.title,
    summary: c.summary,
    language: c.language,
    repository: c.repositoryName,
    commit: c.commit ?? null,
    lessons: c.lessonCount,
  }));
  const text =
    courses.length === 0
      ? "No complete course yet: request one in Fondation first."
      : courses
          .map(
            (c) =>
              `${c.id}: ${c.title} — ${c.repository} (${c.lessons} lessons, ${c.language})\n${c.summary}`,
          )
          .join("\n\n");
  return { text, structured: { courses } };
}

export async function readOutline(backend: Backend, course: string): Promise<ToolOutput> {
  const outline = await backend.outline(course);
  const lessons = outline.lessons.map((l) => ({
    slug: l.slug,
    kind: l.kind,
    title: l.title,
    citations: l.citations.length,
  }));
  return {
    text: outlineText(outline.title, outline.summary, lessons),
    structured: { title: outline.title, lessons },
  };
}

export async function readLesson(
  backend: Backend,
  course: string,
  slug: string,
): Promise<ToolOutput> {
  const { lesson, markdown } = await backend.lesson(course, slug);
  return {
    text: markdown,
    structured: {
      slug: lesson.slug,
      kind: lesson.kind,
      title: lesson.title,
      markdown,
      citations: lesson.citations.map(citationLabel),
    },
  };
}

export async function search(
  backend: Backend,
  course: string,
  query: string,
  limit = DEFAULT_SEARCH_HITS,
): Promise<ToolOutput> {
  const hits = (await backend.search(course, query)).slice(0, limit);
  const results = hits.map((h) => ({
    kind: "lesson" as const,
    lesson: h.slug,
    title: h.lessonTitle,
    section: h.heading,
    snippet: h.snippet,
  }));
  const text =
    results.length === 0
      ? noSearchHitsText(query)
      : results
          .map((r, i) => `${i + 1}. lesson ${r.lesson} › ${r.section || r.title} — ${r.snippet}`)
          .join("\n");
  return { text, structured: { query, results } };
}

/** The finished question as the agent reads it: the answer, then the lines it cites. */
export function answerOutput(state: QuestionState): ToolOutput {
  if (state.status !== "answered") {
    throw new ToolError(
      state.status === "failed"
        ? `The question could not be answered: ${state.error?.message ?? "the worker gave up"}. Ask again later.`
        : "The question was canceled before its answer was written.",
      state.status,
    );
  }
  const citations = state.citations.map((c) =>
    citationLabel({ path: c.path, startLine: c.start, endLine: c.end }),
  );
  const notice =
    state.writtenBy === "retrieval"
      ? "> Written without a model: the best-ranked passages of the course, not an answer.\n"
      : "";
  const sources = citations.length
    ? `\n\nSources: ${citations.map((c) => `\`${c}\``).join(", ")}`
    : "";
  return {
    text: `${notice}${state.answer}${sources}`,
    structured: {
      questionId: state._id,
      mode: state.writtenBy ?? null,
      markdown: state.answer,
      citations,
    },
  };
}
