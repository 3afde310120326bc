/**
 * Checks a lesson before it is written: every Mermaid block parses and every citation (in
 * the citation list and in the text) points at real lines. The writer refuses a draft with
 * problems; the model pipeline can call `lessonProblems` to send a lesson back for repair.
 */
import type { CodeMap, LessonDraft } from "../types.ts";
import { citationProblems, citationsInMarkdown, mergeCitations } from "./citations.ts";
import { mermaidBlocks, mermaidError } from "./mermaid.ts";

export async function lessonProblems(lesson: LessonDraft, map: CodeMap): Promise<string[]> {
  const problems: string[] = [];
  for (const block of mermaidBlocks(lesson.markdown)) {
    const error = await mermaidError(block.source);
    if (error) problems.push(`the Mermaid diagram at line ${block.line} does not parse: ${error}`);
  }
  const citations = mergeCitations(lesson.citations, citationsInMarkdown(lesson.markdown));
  problems.push(...citationProblems(citations, map));
  if (lesson.markdown.trim() === "") problems.push("the lesson is empty");
  return problems;
}
