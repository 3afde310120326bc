/**
 * Steps 4-6, in parallel under --concurrency: each chapter (4) is reviewed (5) as soon as
 * it is written; tutorials (6) need only the plan, so they run alongside. Every request is
 * the cached prefix (instructions, code map, course plan) plus its own packed files.
 * Each lesson is a node: restored from its checkpoint, or prepared, asked for and polished
 * (lesson-writers.ts), then stored (checkpoint + event). Called by index.ts after the plan.
 */
import { type Usage, ZERO_USAGE } from "@fondation/shared";
import { chapterCheckpointPath } from "../output/checkpoints.ts";
import type { LessonDraft, Reuse } from "../types.ts";
import type { RunContext } from "./context.ts";
import { lessonCaller, lessonsFailed } from "./lesson-calls.ts";
import { reviewChapter, writeChapter, writeTutorial } from "./lesson-writers.ts";
import { type LessonSpec, ParallelStep } from "./parallel-step.ts";
import { type CoursePlan, planBlock } from "./plan.ts";
import { lessonCheckpoint, lessonsStepCheckpoint } from "./schemas.ts";

type Steps = Record<"chapters" | "review" | "tutorials", ParallelStep>;

export async function writeLessons(
  ctx: RunContext,
  plan: CoursePlan,
  reuse?: Reuse,
): Promise<{ chapters: LessonDraft[]; tutorials: LessonDraft[] }> {
  const chapterSpecs: LessonSpec[] = plan.order.chapters.map((c, i, all) => ({
    slug: c.abstraction,
    title: c.title,
    abstraction: c.abstraction,
    index: i + 1,
    total: all.length,
  }));
  const tutorialSpecs = tutorialSlugs(plan, chapterSpecs);
  const steps: Steps = {
    chapters: new ParallelStep(ctx, "chapters"),
    review: new ParallelStep(ctx, "review"),
    tutorials: new ParallelStep(ctx, "tutorials"),
  };
  for (const s of Object.values(steps)) ctx.stepStarted(s.step);
  const { call, fatal } = lessonCaller(ctx, ctx.system(planBlock(plan)));
  const resumedSteps = await restoreFinishedSteps(ctx, steps);
  const node = lessonNode(ctx);

  // A refresh keeps the lessons whose files did not change (cli/src/update): announced as
  // done, with no request and no checkpoint.
  const keep = (spec: LessonSpec, tracker: ParallelStep[]) => {
    const abstraction = plan.abstractions.find((a) => a.id === spec.abstraction);
    const kept = reuse?.lesson(spec.slug, abstraction);
    if (kept) for (const t of tracker) t.completed(spec, kept, ZERO_USAGE);
    return kept;
  };
  const chapterJobs = chapterSpecs.map(async (spec) => {
    const kept = keep(spec, [steps.chapters, steps.review]);
    if (kept) return kept;
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
      keep(spec, [steps.tutorials]) ??
      steps.tutorials.lessons.get(spec.slug) ??
      (await node(steps.tutorials, spec, () => writeTutorial(ctx, plan, spec, call))),
  );

  // A fatal failure skips the requests not yet sent; one lesson's failure (refused, cut
  // twice, empty) lets the others finish. Either way what finished is checkpointed, so the
  // next run pays only for what is missing.
  const settled = await Promise.allSettled([...chapterJobs, ...tutorialJobs]);
  const failures = settled.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
  if (fatal() !== undefined) throw fatal();
  if (failures.length > 0) throw lessonsFailed(failures, settled.length);
  const chapterOrder = chapterSpecs.map((c) => c.slug);
  await steps.chapters.finish(chapterOrder, resumedSteps.has("chapters"));
  const chapters = await steps.review.finish(chapterOrder, resumedSteps.has("review"));
  const tutorials = await steps.tutorials.finish(
    tutorialSpecs.map((t) => t.slug),
    resumedSteps.has("tutorials"),
  );
  return { chapters, tutorials };
}

/** Whole steps finished by an earlier run: their lessons are taken as they are. */
async function restoreFinishedSteps(ctx: RunContext, steps: Steps): Promise<Set<keyof Steps>> {
  const resumed = new Set<keyof Steps>();
  for (const name of Object.keys(steps) as Array<keyof Steps>) {
    const value = await ctx.resumeStep(name, lessonsStepCheckpoint);
    if (!value) continue;
    resumed.add(name);
    for (const lesson of value.lessons) steps[name].lessons.set(lesson.slug, lesson);
  }
  return resumed;
}

/** Restore a lesson from its checkpoint or produce it, then record it. */
function lessonNode(ctx: RunContext) {
  return async (
    tracker: ParallelStep,
    spec: LessonSpec,
    produce: () => Promise<{ lesson: LessonDraft; usage: Usage }>,
  ): Promise<LessonDraft> => {
    const restored = await ctx.resumeLesson(tracker.step, spec.slug, lessonCheckpoint);
    if (restored) {
      const path = chapterCheckpointPath(tracker.step, spec.slug);
      tracker.completed(spec, restored.lesson, restored.usage, path);
      return restored.lesson;
    }
    tracker.started(spec);
    const result = await produce();
    const path = await ctx.saveLesson(tracker.step, spec.slug, result);
    tracker.completed(spec, result.lesson, result.usage, path);
    return result.lesson;
  };
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
