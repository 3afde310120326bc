/**
 * What is stored when the library's answer is complete. The reader saw the model's text as it
 * streamed; the library then checks it (a citation that does not resolve loses its code span
 * and is flagged, a broken diagram is dropped). An answer is append-only in Convex, so the
 * checked text replaces nothing: when it still extends what was streamed, its rest is
 * appended; otherwise a closing note names the citations that did not resolve. Only checked
 * citations are ever stored as the answer's citations.
 */
import type { AskAnswer } from "@fondation/cli/ask";
import type { AnswerCitation, AnswerUsage } from "./backend.ts";

/** convex/lib/questionRules.ts: MAX_ANSWER_CHARS, MAX_CITATIONS. */
export const MAX_ANSWER_CHARS = 20_000;
const MAX_CITATIONS = 50;

/** The whole answer text to hold, given the `streamed` prefix already sent. */
export function finalText(answer: AskAnswer, streamed: string): string {
  const checked = `${answer.notice ? `> ${answer.notice}\n\n` : ""}${answer.markdown}`;
  let text: string;
  if (checked.startsWith(streamed)) text = checked;
  else {
    const bad = answer.unresolved.map((u) => `- ${u.citation}: ${u.reason}`).join("\n");
    text = bad ? `${streamed}\n\n---\nNot found in the repository:\n${bad}\n` : streamed;
  }
  return text.slice(0, MAX_ANSWER_CHARS);
}

export function finishArgs(answer: AskAnswer): {
  citations: AnswerCitation[];
  writtenBy: "model" | "retrieval";
  usage?: AnswerUsage;
} {
  const citations = answer.citations
    .filter((c) => c.path.length <= 500 && c.startLine >= 1 && c.endLine >= c.startLine)
    .slice(0, MAX_CITATIONS)
    .map((c) => ({ path: c.path, start: c.startLine, end: c.endLine }));
  const u = answer.usage;
  return {
    citations,
    writtenBy: answer.mode === "model" ? "model" : "retrieval",
    ...(u
      ? {
          usage: {
            inputTokens: u.inputTokens + u.cacheCreationInputTokens + u.cacheReadInputTokens,
            outputTokens: u.outputTokens,
            costUsd: u.costUsd,
          },
        }
      : {}),
  };
}
