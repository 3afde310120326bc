/**
 * Steps 4-6, in parallel under --concurrency: each chapter (4) is reviewed (5) as soon as
 * it is written; tutorials (6) need only the plan, so they run alongside. Every request is
 * the cached prefix (instructions, code map, course plan) plus its own packed files.
 * Each lesson is a node: prepare (select and pack files), call, validate (meta-talk,
 * citations, diagrams; ask again once), store (checkpoint + event).
 */
import { type PipelineStep, type Usage, ZERO_USAGE } from "@fondation/shared";
import {
  addUsage,
  completeAnswer,
  followUp,
  type MessageParam,
  ModelError,
  type ModelResponse,
} from "../llm/index.ts";
import { chapterCheckpointPath, stepCheckpointPath } from "../output/checkpoints.ts";
import type { LessonDraft } from "../types.ts";
import { resolveExcerpts } from "./citations.ts";
import type { RunContext } from "./context.ts";
import { dropBrokenDiagrams, relationshipDiagram } from "./diagrams.ts";
import { WarmGate } from "./limiter.ts";
import { importNeighbours, packFiles } from "./mapview.ts";
import { stripMetaTalk } from "./metatalk.ts";
import { type CoursePlan, planBlock } from "./plan.ts";
import { chapterTask, reviewTask, tutorialTask } from "./prompts.ts";
import { lessonCheckpoint, lessonsStepCheckpoint } from "./schemas.ts";

interface LessonSpec {
  slug: string;
  title: string;
  abstraction?: string;
  index: number;
  total: number;
}

/** Scheduling priority: chapters first (their reviews wait on them), then the rest. */
const PRIORITY = { chapters: 2, review: 1, tutorials: 1 } as const;

/** Tracks one parallel step: its events, its lessons, and its step checkpoint. */
class ParallelStep {
  private done = 0;
  private usage: Usage = { ...ZERO_USAGE };
  readonly lessons = new Map<string, LessonDraft>();
  private readonly ctx: RunContext;
  readonly step: PipelineStep;
  constructor(ctx: RunContext, step: PipelineStep) {
    this.ctx = ctx;
    this.step = step;
  }

  started(spec: LessonSpec): void {
    this.ctx.emitter.emit({ kind: "chapter.started", step: this.step, ...this.ids(spec) });
  }

  completed(spec: LessonSpec, lesson: LessonDraft, usage: Usage, checkpoint: string): void {
    this.lessons.set(spec.slug, lesson);
    this.usage = addUsage(this.usage, usage);
    this.done++;
    this.ctx.emitter.emit({
      kind: "chapter.completed",
      step: this.step,
      ...this.ids(spec),
      done: this.done,
      checkpoint,
    });
  }

  /** Write the step checkpoint (lessons in the given order) and announce it. */
  async finish(order: string[], resumed: boolean): Promise<LessonDraft[]> {
    const lessons = order
      .map((slug) => this.lessons.get(slug))
      .filter((l): l is LessonDraft => l !== undefined);
    const path = resumed
      ? stepCheckpointPath(this.step)
      : await this.ctx.saveStep(this.step, { lessons, usage: this.usage });
    this.ctx.stepCompleted(this.step, path, resumed);
    return lessons;
  }

  private ids(spec: LessonSpec) {
    return { slug: spec.slug, title: spec.title, index: spec.index, total: spec.total };
  }
}

export async function writeLessons(
  ctx: RunContext,
  plan: CoursePlan,
): Promise<{ chapters: LessonDraft[]; tutorials: LessonDraft[] }> {
  const system = ctx.system(planBlock(plan));
  const chapterSpecs: LessonSpec[] = plan.order.chapters.map((c, i, all) => ({
    slug: c.abstraction,
    title: c.title,
    abstraction: c.abstraction,
    index: i + 1,
    total: all.length,
  }));
  const tutorialSpecs = tutorialSlugs(plan, chapterSpecs);
  const steps = {
    chapters: new ParallelStep(ctx, "chapters"),
    review: new ParallelStep(ctx, "review"),
    tutorials: new ParallelStep(ctx, "tutorials"),
  };
  for (const s of Object.values(steps)) ctx.stepStarted(s.step);
  const gate = new WarmGate(ctx.calls.warmGateMs);
  /** A failure that stops every lesson not yet sent (auth, quota, the API down…). */
  let fatal: unknown;

  /** One model request for a lesson, under the limit; all but the first wait for a warm cache. */
  const call: Call = async (step, messages, what) => {
    const warmed = await gate.enter();
    try {
      return await ctx.limiter.run(() => {
        if (fatal !== undefined) throw fatal;
        return completeAnswer(
          ctx.client,
          {
            step,
            system,
            messages,
            tools: ctx.tools,
            maxTokens: ctx.tuning.maxOutputTokens,
            effort: ctx.calls.effort,
            ...(warmed ? { onFirstToken: warmed } : {}),
            ...(ctx.signal ? { signal: ctx.signal } : {}),
          },
          what,
        ).catch((error: unknown) => {
          if (!isLessonFailure(error)) fatal ??= error;
          throw error;
        });
      }, PRIORITY[step]);
    } finally {
      warmed?.();
    }
  };

  /** Restore a lesson from its checkpoint or produce it, then record it. */
  const node = async (
    tracker: ParallelStep,
    spec: LessonSpec,
    produce: () => Promise<{ lesson: LessonDraft; usage: Usage }>,
  ): Promise<LessonDraft> => {
    const restored = await ctx.resumeLesson(tracker.step, spec.slug, lessonCheckpoint);
    if (restored) {
      tracker.completed(
        spec,
        restored.lesson,
        restored.usage,
        chapterCheckpointPath(tracker.step, spec.slug),
      );
      return restored.lesson;
    }
    tracker.started(spec);
    const result = await produce();
    const path = await ctx.saveLesson(tracker.step, spec.slug, result);
    tracker.completed(spec, result.lesson, result.usage, path);
    return result.lesson;
  };

  const resumedSteps = {
    chapters: await ctx.resumeStep("chapters", lessonsStepCheckpoint),
    review: await ctx.resumeStep("review", lessonsStepCheckpoint),
    tutorials: await ctx.resumeStep("tutorials", lessonsStepCheckpoint),
  };
  for (const [name, value] of Object.entries(resumedSteps)) {
    for (const lesson of value?.lessons ?? [])
      steps[name as keyof typeof steps].lessons.set(lesson.slug, lesson);
  }

  const chapterJobs = chapterSpecs.map(async (spec) => {
    const draft =
      steps.chapters.lessons.get(spec.slug) ??
      (await node(steps.chapters, spec, () => writeChapter(ctx, plan, spec, call)));
    return (
      steps.review.lessons.get(spec.slug) ??
      (await node(steps.review, spec, () => reviewChapter(ctx, draft, call)))
    );
  });
  const tutorialJobs = tutorialSpecs.map(
    async (spec) =>
      steps.tutorials.lessons.get(spec.slug) ??
      (await node(steps.tutorials, spec, () => writeTutorial(ctx, plan, spec, call))),
  );

  // A fatal failure skips the requests not yet sent; one lesson's failure (refused, cut
  // twice, empty) lets the others finish. Either way what finished is checkpointed, so the
  // next run pays only for what is missing.
  const settled = await Promise.allSettled([...chapterJobs, ...tutorialJobs]);
  const failures = settled.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
  if (fatal !== undefined) throw fatal;
  if (failures.length > 0) throw lessonsFailed(failures, settled.length);
  const chapterOrder = chapterSpecs.map((c) => c.slug);
  await steps.chapters.finish(chapterOrder, resumedSteps.chapters !== undefined);
  const chapters = await steps.review.finish(chapterOrder, resumedSteps.review !== undefined);
  const tutorials = await steps.tutorials.finish(
    tutorialSpecs.map((t) => t.slug),
    resumedSteps.tutorials !== undefined,
  );
  return { chapters, tutorials };
}

type Call = (
  step: keyof typeof PRIORITY,
  messages: MessageParam[],
  /** Names the lesson in failure messages. */
  what: string,
) => Promise<ModelResponse>;

/** Failures that concern one lesson's answer, not the API or the run. */
function isLessonFailure(error: unknown): boolean {
  return (
    error instanceof ModelError &&
    (error.code === "model_refused" || error.code === "analysis_failed")
  );
}

/** The run's failure when some lessons could not be written and the rest were. */
function lessonsFailed(failures: unknown[], total: number): unknown {
  const [first] = failures;
  if (failures.length === 1 || !(first instanceof ModelError)) return first;
  return new ModelError(
    first.code,
    `${failures.length} of ${total} lessons could not be written; the first: ${first.message}`,
    { retryable: first.retryable, cause: first },
  );
}

/** Chapter: the abstraction's files first, then their import neighbours, to the budget. */
async function writeChapter(
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
async function reviewChapter(
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

async function writeTutorial(
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

interface Polished {
  ok: boolean;
  markdown: string;
  citations: LessonDraft["citations"];
  problems: string[];
}

/** Strip meta-talk, check and fill excerpts, drop broken diagrams. */
async function polish(ctx: RunContext, text: string, final: boolean): Promise<Polished> {
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
async function polishWithRetry(
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
function ensureDiagram(markdown: string, source: string): string {
  if (/^```mermaid/m.test(markdown)) return markdown;
  const diagram = /^```mermaid[\s\S]*?^```/m.exec(source)?.[0];
  return diagram ? `${markdown.trimEnd()}\n\n${diagram}\n` : markdown;
}

function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/, "");
}

function tutorialSlugs(
  plan: CoursePlan,
  chapters: LessonSpec[],
): Array<LessonSpec & { goal: string; chapters: string[] }> {
  const used = new Set(chapters.map((c) => c.slug));
  return plan.order.tutorials.map((t, i, all) => {
    let slug = `tutorial-${slugify(t.title) || String(i + 1)}`;
    while (used.has(slug)) slug = `${slug}-${i + 1}`;
    used.add(slug);
    return {
      slug,
      title: t.title,
      goal: t.goal,
      chapters: t.chapters,
      index: i + 1,
      total: all.length,
    };
  });
}
