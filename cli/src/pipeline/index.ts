/**
 * The model pipeline: steps 1-6 on the Anthropic API, from a code map to a course draft.
 * The analyze command calls `buildCourseWithModel` when a key is present and --offline is
 * not given; the output writer turns the draft into the course folder.
 */
import { addUsage, ModelClient, type ModelClientOptions, UsageLedger } from "../llm/index.ts";
import { runFingerprint } from "../output/checkpoints.ts";
import type { CourseBuilder, CourseDraft } from "../types.ts";
import { RunContext } from "./context.ts";
import { writeLessons } from "./lessons.ts";
import { planCourse } from "./plan.ts";
import { DEFAULT_TUNING, type PipelineTuning } from "./tuning.ts";

export { DEFAULT_TUNING, type PipelineTuning } from "./tuning.ts";

export interface ModelPipelineSettings {
  tuning?: Partial<PipelineTuning>;
  /** Client settings beyond the model (tests shorten retry delays). */
  client?: Partial<Omit<ModelClientOptions, "model" | "ledger">>;
}

/** A CourseBuilder with explicit settings (tests and benchmarks). */
export function createModelPipeline(settings: ModelPipelineSettings = {}): CourseBuilder {
  return async ({ map, reader, options, emit, signal }): Promise<CourseDraft> => {
    const ledger = new UsageLedger();
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
      tuning: { ...DEFAULT_TUNING, ...settings.tuning },
      fingerprint: runFingerprint(map, options),
      ...(signal ? { signal } : {}),
    });
    ledger.onRequest((request, total) => {
      emit.emit({
        kind: "usage",
        total: addUsage(total, ctx.restored),
        request: { ...request.usage, step: request.step, model: request.model },
      });
    });
    const plan = await planCourse(ctx);
    const { chapters, tutorials } = await writeLessons(ctx, plan);
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
  };
}

/** Steps 1-6 with the default budgets; reads ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL. */
export const buildCourseWithModel: CourseBuilder = createModelPipeline();
