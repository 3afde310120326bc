/**
 * One parallel step of steps 4-6 (chapters, review, tutorials): its lesson events, the
 * lessons it holds (written now or restored), and its step checkpoint once all are done.
 * Made and read by lessons.ts.
 */
import { type PipelineStep, type Usage, ZERO_USAGE } from "@fondation/shared";
import { addUsage } from "../llm/index.ts";
import { stepCheckpointPath } from "../output/checkpoints.ts";
import type { LessonDraft } from "../types.ts";
import type { RunContext } from "./context.ts";

/** A lesson to write: its slug, title, abstraction and place in its step. */
export interface LessonSpec {
  slug: string;
  title: string;
  abstraction?: string;
  index: number;
  total: number;
}

/** Tracks one parallel step: its events, its lessons, and its step checkpoint. */
export class ParallelStep {
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

  completed(spec: LessonSpec, lesson: LessonDraft, usage: Usage, checkpoint?: string): void {
    this.lessons.set(spec.slug, lesson);
    this.usage = addUsage(this.usage, usage);
    this.done++;
    this.ctx.emitter.emit({
      kind: "chapter.completed",
      step: this.step,
      ...this.ids(spec),
      done: this.done,
      ...(checkpoint ? { checkpoint } : {}),
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
