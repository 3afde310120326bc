/**
 * What each lesson of steps 4-6 is made of: the files it is shown (its abstraction's, then
 * their import neighbours, to the budget), its task, and how its answer is polished.
 * Called by lessons.ts for every lesson not restored from a checkpoint.
 */
import { type Usage, ZERO_USAGE } from "@fondation/shared";
import type { MessageParam, ModelResponse } from "../llm/index.ts";
import type { LessonDraft } from "../types.ts";
import type { RunContext } from "./context.ts";
import { relationshipDiagram } from "./diagrams.ts";
import { type Call, isLessonFailure } from "./lesson-calls.ts";
import { importNeighbours, packFiles } from "./mapview.ts";
import type { LessonSpec } from "./parallel-step.ts";
import type { CoursePlan } from "./plan.ts";
import { ensureDiagram, polish, polishWithRetry } from "./polish.ts";
import { chapterTask, reviewTask, tutorialTask } from "./prompts.ts";

/** Chapter: the abstraction's files first, then their import neighbours, to the budget. */
export async function writeChapter(
  ctx: RunContext,
  plan: CoursePlan,
  spec: LessonSpec,
  call: Call,
): Promise<{ lesson: LessonDraft; usage: Usage }> {
  const abstraction = plan.abstractions.find((a) => a.id === spec.abstraction);
  const own = abstraction?.files ?? [];
  const { imports, importers } = importNeighbours(ctx.map, own);
  const files = await packFiles(ctx.map, ctx.reader, {
    paths: [
      ...own.map((path) => ({ path, priority: 100 })),
      ...imports.map((path) => ({ path, priority: 50 })),
      ...importers.map((path) => ({ path, priority: 40 })),
    ],
    budgetTokens: ctx.tuning.chapterFileTokens,
  });
  if (files.dropped.length > 0 || files.truncated.length > 0) {
    ctx.log(
      "debug",
      `chapter ${spec.slug}: ${files.truncated.length} file(s) cut and ${files.dropped.length} left out to fit the budget`,
    );
  }
  const order = plan.order.chapters;
  const task = chapterTask({
    slug: spec.slug,
    title: spec.title,
    abstraction: spec.abstraction ?? spec.slug,
    index: spec.index,
    total: spec.total,
    ...(order[spec.index - 2] ? { prev: order[spec.index - 2]?.title } : {}),
    ...(order[spec.index] ? { next: order[spec.index]?.title } : {}),
  });
  const messages: MessageParam[] = [
    { role: "user", content: `<files>\n${files.text}\n</files>\n${task}` },
  ];
  const fallbackDiagram = relationshipDiagram(
    spec.slug,
    plan.abstractions,
    plan.relationships.relationships,
  );
  return polishWithRetry(ctx, "chapters", spec, messages, call, fallbackDiagram);
}

/** Review: the draft and the source lines it cites (with a little context). */
export async function reviewChapter(
  ctx: RunContext,
  draft: LessonDraft,
  call: Call,
): Promise<{ lesson: LessonDraft; usage: Usage }> {
  const sources: string[] = [];
  let budget = ctx.tuning.reviewSourceTokens * 4;
  for (const c of draft.citations) {
    const file = ctx.map.files.find((f) => f.path === c.path);
    if (!file) continue;
    const start = Math.max(1, c.startLine - 5);
    const end = Math.min(file.lines, c.endLine + 5);
    const lines = await ctx.reader.lines(c.path, start, end);
    const text = `<file path="${c.path}" lines="${start}-${end}" total="${file.lines}">\n${lines.map((l, i) => `${start + i}| ${l}`).join("\n")}\n</file>`;
    if (text.length > budget) break;
    budget -= text.length;
    sources.push(text);
  }
  const messages: MessageParam[] = [
    {
      role: "user",
      content: `<files>\n${sources.join("\n")}\n</files>\n<draft>\n${draft.markdown}\n</draft>\n${reviewTask(draft.slug)}`,
    },
  ];
  let response: ModelResponse;
  try {
    response = await call("review", messages, `The review of "${draft.title}"`);
  } catch (error) {
    // The review only polishes: a refused or cut review keeps the first draft.
    if (!isLessonFailure(error)) throw error;
    ctx.log("warn", `${(error as Error).message.split(". ")[0]}; keeping the first draft`);
    return { lesson: draft, usage: ZERO_USAGE };
  }
  const polished = await polish(ctx, response.text, true);
  // A review that lost the chapter (empty, or far shorter) is not used.
  if (!polished.ok || polished.markdown.length < draft.markdown.length * 0.5) {
    ctx.log("warn", `review of ${draft.slug} was not usable; keeping the first draft`);
    return { lesson: draft, usage: response.usage };
  }
  return {
    lesson: {
      ...draft,
      markdown: ensureDiagram(polished.markdown, draft.markdown),
      citations: polished.citations,
    },
    usage: response.usage,
  };
}

export async function writeTutorial(
  ctx: RunContext,
  plan: CoursePlan,
  spec: LessonSpec & { goal: string; chapters: string[] },
  call: Call,
): Promise<{ lesson: LessonDraft; usage: Usage }> {
  const own = plan.abstractions.filter((a) => spec.chapters.includes(a.id)).flatMap((a) => a.files);
  const files = await packFiles(ctx.map, ctx.reader, {
    paths: own.map((path) => ({ path, priority: 100 })),
    budgetTokens: ctx.tuning.tutorialFileTokens,
  });
  const messages: MessageParam[] = [
    { role: "user", content: `<files>\n${files.text}\n</files>\n${tutorialTask(spec)}` },
  ];
  return polishWithRetry(ctx, "tutorials", spec, messages, call);
}
