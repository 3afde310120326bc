/**
 * The model pipeline: steps 1-6 on the Anthropic API, from a code map to a course draft.
 * The analyze command calls `buildCourseWithModel` when a key is present and --offline is
 * not given; the output writer turns the draft into the course folder.
 */
import { addUsage, ModelClient, type ModelClientOptions, UsageLedger } from "../llm/index.ts";
import { readRunUsage, runFingerprint, runUsageWriter } from "../output/checkpoints.ts";
import type { CourseBuilder, CourseDraft } from "../types.ts";
import { type CallSettings, DEFAULT_CALLS, RunContext } from "./context.ts";
import { writeLessons } from "./lessons.ts";
import { planCourse, reusedPlan } from "./plan.ts";
import { type PipelineTuning, tuningFor } from "./tuning.ts";

export { DEFAULT_TUNING, type PipelineTuning } from "./tuning.ts";

export interface ModelPipelineSettings {
  /** Budgets; by default sized to the model (tuning.ts). */
  tuning?: Partial<PipelineTuning>;
  calls?: Partial<CallSettings>;
  /** Client settings beyond the model (tests shorten retry delays). */
  client?: Partial<Omit<ModelClientOptions, "model" | "ledger">>;
}

/** A CourseBuilder with explicit settings (tests and benchmarks). */
export function createModelPipeline(settings: ModelPipelineSettings = {}): CourseBuilder {
  return async ({ map, reader, options, emit, signal, reuse }): Promise<CourseDraft> => {
    const fingerprint = runFingerprint(map, options);
    const ledger = new UsageLedger();
    // What earlier runs of this course spent, failed requests included (checkpoints.ts).
    const spent = options.resume ? await readRunUsage(options.out, fingerprint) : undefined;
    if (spent) ledger.restore(spent.total, spent.attempts);
    const client = new ModelClient({
      onWarning: (message) =>
        emit.emit({ kind: "log", level: "warn", message: `model API: ${message}` }),
      ...settings.client,
      model: options.model,
      ledger,
    });
    const ctx = new RunContext({
      map,
      reader,
      options,
      emitter: emit,
      client,
      tuning: { ...tuningFor(options.model), ...settings.tuning },
      calls: { ...DEFAULT_CALLS, ...settings.calls },
      fingerprint,
      // Without a usage file (a worker's fresh folder), checkpoints carry the earlier usage.
      countCheckpointUsage: spent === undefined,
      ...(signal ? { signal } : {}),
    });
    const usageFile = runUsageWriter(options.out, fingerprint);
    ledger.onRequest((request, total) => {
      usageFile.save(total, ledger.attempts);
      emit.emit({
        kind: "usage",
        total: addUsage(total, ctx.restored),
        attempts: ledger.attempts,
        request: {
          ...request.usage,
          step: request.step,
          model: request.model,
          attempt: request.attempt,
          failed: request.failed,
        },
      });
    });
    try {
      const plan = reuse?.plan ? reusedPlan(ctx, reuse.plan) : await planCourse(ctx);
      const { chapters, tutorials } = await writeLessons(ctx, plan, reuse);
      return {
        title: plan.order.title,
        summary: plan.relationships.summary,
        model: options.model,
        abstractions: plan.abstractions,
        relationships: plan.relationships.relationships,
        chapters,
        tutorials,
        usage: addUsage(ledger.total, ctx.restored),
      };
    } finally {
      await usageFile.flush();
    }
  };
}

/** Steps 1-6 with budgets sized to the model; reads ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL. */
export const buildCourseWithModel: CourseBuilder = createModelPipeline();
