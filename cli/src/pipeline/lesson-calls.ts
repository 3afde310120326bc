/**
 * The model requests of steps 4-6: each under the concurrency limit, chapters first, all
 * but the first behind the warm-cache gate, read by stop reason (completeAnswer). A failure
 * of one lesson's answer stays that lesson's; any other failure (auth, quota, the API down)
 * is fatal and stops the requests not yet sent. Made by lessons.ts, used by lesson-writers.ts.
 */
import { completeAnswer, type MessageParam, ModelError, type ModelResponse } from "../llm/index.ts";
import type { RunContext } from "./context.ts";
import { WarmGate } from "./limiter.ts";

/** Scheduling priority: chapters first (their reviews wait on them), then the rest. */
const PRIORITY = { chapters: 2, review: 1, tutorials: 1 } as const;

export type Call = (
  step: keyof typeof PRIORITY,
  messages: MessageParam[],
  /** Names the lesson in failure messages. */
  what: string,
) => Promise<ModelResponse>;

/** Failures that concern one lesson's answer, not the API or the run. */
export function isLessonFailure(error: unknown): boolean {
  return (
    error instanceof ModelError &&
    (error.code === "model_refused" || error.code === "analysis_failed")
  );
}

/** The run's failure when some lessons could not be written and the rest were. */
export function lessonsFailed(failures: unknown[], total: number): unknown {
  const [first] = failures;
  if (failures.length === 1 || !(first instanceof ModelError)) return first;
  return new ModelError(
    first.code,
    `${failures.length} of ${total} lessons could not be written; the first: ${first.message}`,
    { retryable: first.retryable, cause: first },
  );
}

export interface LessonCaller {
  call: Call;
  /** The fatal failure, once one happened. */
  fatal(): unknown;
}

/** The request function of one run's lessons, sharing the run's system prefix. */
export function lessonCaller(
  ctx: RunContext,
  system: ReturnType<RunContext["system"]>,
): LessonCaller {
  const gate = new WarmGate(ctx.calls.warmGateMs);
  let fatal: unknown;
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
  return { call, fatal: () => fatal };
}
