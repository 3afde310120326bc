/**
 * A lesson answer made fit to keep: meta-talk stripped, excerpts checked against the code
 * map and filled with the real lines, broken diagrams dropped; on problems the model is
 * asked once more with the list, then only what is valid is kept. Used by lesson-writers.ts.
 */
import { type Usage, ZERO_USAGE } from "@fondation/shared";
import { addUsage, followUp, type MessageParam, ModelError } from "../llm/index.ts";
import type { LessonDraft } from "../types.ts";
import { resolveExcerpts } from "./citations.ts";
import type { RunContext } from "./context.ts";
import { dropBrokenDiagrams } from "./diagrams.ts";
import type { Call } from "./lesson-calls.ts";
import { stripMetaTalk } from "./metatalk.ts";
import type { LessonSpec } from "./parallel-step.ts";

interface Polished {
  ok: boolean;
  markdown: string;
  citations: LessonDraft["citations"];
  problems: string[];
}

/** Strip meta-talk, check and fill excerpts, drop broken diagrams. */
export async function polish(ctx: RunContext, text: string, final: boolean): Promise<Polished> {
  const meta = stripMetaTalk(text);
  const excerpts = await resolveExcerpts(meta.markdown, ctx.map, ctx.reader, {
    dropInvalid: final,
  });
  const diagrams = await dropBrokenDiagrams(excerpts.markdown);
  const problems = [
    ...excerpts.problems.map((p) => `the excerpt ${p.cited} is invalid: ${p.reason}`),
    ...diagrams.problems.map((p) => `a mermaid diagram is invalid: ${p}`),
    ...meta.remaining.map((p) => `remove this remark about the answer itself: "${p.slice(0, 80)}"`),
  ];
  if (!/^# \S/m.test(diagrams.markdown))
    problems.push("the answer must start with a level-1 heading");
  const ok = diagrams.markdown.trim().length > 0 && /^# \S/m.test(diagrams.markdown);
  return { ok, markdown: diagrams.markdown, citations: excerpts.citations, problems };
}

/** Call, validate; on problems ask again once with the list; then keep what is valid. */
export async function polishWithRetry(
  ctx: RunContext,
  step: "chapters" | "tutorials",
  spec: LessonSpec,
  messages: MessageParam[],
  call: Call,
  fallbackDiagram?: string,
): Promise<{ lesson: LessonDraft; usage: Usage }> {
  let usage: Usage = { ...ZERO_USAGE };
  const what = `The ${step === "chapters" ? "chapter" : "tutorial"} "${spec.title}"`;
  let response = await call(step, messages, what);
  usage = addUsage(usage, response.usage);
  let result = await polish(ctx, response.text, false);
  if (result.problems.length > 0) {
    ctx.log(
      "info",
      `${spec.slug}: asking again (${result.problems.length} problem(s): ${result.problems[0]})`,
    );
    response = await call(
      step,
      followUp(messages, response, {
        text: `Problems:\n${result.problems.map((p) => `- ${p}`).join("\n")}\nWrite the whole ${step === "chapters" ? "chapter" : "tutorial"} again with these fixed.`,
      }),
      what,
    );
    usage = addUsage(usage, response.usage);
  }
  result = await polish(ctx, response.text, true);
  if (!result.ok) {
    throw new ModelError(
      "analysis_failed",
      `${what}: the model's answer was empty once cleaned. Run the same command again to retry this lesson.`,
      { retryable: true },
    );
  }
  const dropped = result.problems.filter((p) => p.startsWith("the excerpt"));
  if (dropped.length > 0)
    ctx.log("warn", `${spec.slug}: dropped ${dropped.length} invalid excerpt(s)`);
  const markdown = fallbackDiagram
    ? ensureDiagram(result.markdown, fallbackDiagram)
    : result.markdown;
  return {
    lesson: {
      slug: spec.slug,
      title: spec.title,
      ...(spec.abstraction ? { abstraction: spec.abstraction } : {}),
      markdown,
      citations: result.citations,
    },
    usage,
  };
}

/** Keep at least one diagram: append the compiled one (or the draft's) when none is left. */
export function ensureDiagram(markdown: string, source: string): string {
  if (/^```mermaid/m.test(markdown)) return markdown;
  const diagram = /^```mermaid[\s\S]*?^```/m.exec(source)?.[0];
  return diagram ? `${markdown.trimEnd()}\n\n${diagram}\n` : markdown;
}
