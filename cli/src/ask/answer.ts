/**
 * What a question gets back, offline or from a model: markdown with inline `path:start-end`
 * citations, the citations that resolved, the ones that did not (removed from the text and
 * listed), and the context the answer was drawn from. The worker stores it as it is.
 */
import type { Citation, CourseLanguage, Usage } from "@fondation/shared";
import { citationKey, citationProblems, citationsInMarkdown } from "../output/citations.ts";
import type { CodeMap } from "../types.ts";
import type { AskContext } from "./context.ts";

export interface AskAnswer {
  question: string;
  /** `offline`: assembled from the ranked passages, no model wrote it. */
  mode: "offline" | "model";
  model: string | null;
  language: CourseLanguage;
  /** Said first when no model wrote the answer (in the course's language). */
  notice: string | null;
  markdown: string;
  /** Citations of `markdown`, every one resolving in the repository. */
  citations: Citation[];
  /** Citations met on the way that do not resolve (stale lesson ranges, a model's mistakes), with why; none is left as a citation in `markdown`. */
  unresolved: { citation: string; reason: string }[];
  /** Where the answer's material came from: the excerpts and lesson sections of the context. */
  sources: { citation: string; label: string }[];
  lessons: { slug: string; heading: string }[];
  /** Characters of context the answer was drawn from. */
  contextChars: number;
  usage: Usage | null;
  warnings: string[];
}

/**
 * Checks every `path:start-end` of `markdown` with the lessons' validator; one that does not
 * resolve loses its code span (so no reader links it) and gets `flag` after it.
 */
export function validateCitations(
  markdown: string,
  map: CodeMap,
  flag: string,
): { markdown: string; citations: Citation[]; unresolved: AskAnswer["unresolved"] } {
  const unresolved = new Map<string, string>();
  const citations = new Map<string, Citation>();
  for (const c of citationsInMarkdown(markdown)) {
    const problem = citationProblems([c], map)[0];
    if (problem) unresolved.set(citationKey(c), problem);
    else citations.set(citationKey(c), c);
  }
  let text = markdown;
  for (const c of citationsInMarkdown(markdown)) {
    if (!unresolved.has(citationKey(c))) continue;
    const written = c.startLine === c.endLine ? [`${c.path}:${c.startLine}`] : [];
    for (const form of [citationKey(c), ...written])
      text = text.split(`\`${form}\``).join(`${form} (${flag})`);
  }
  return {
    markdown: text,
    citations: [...citations.values()],
    unresolved: [...unresolved].map(([citation, reason]) => ({ citation, reason })),
  };
}

export function contextSources(ctx: AskContext) {
  return {
    sources: ctx.excerpts.map((e) => ({ citation: citationKey(e.citation), label: e.label })),
    lessons: ctx.notes.map((n) => ({ slug: n.slug, heading: n.heading })),
    contextChars: ctx.chars,
  };
}
