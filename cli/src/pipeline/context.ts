/**
 * Everything one model run shares: inputs, the client, the tools list, the cached prompt
 * prefix, checkpoints, events and the concurrency limit. The step modules (plan.ts,
 * lessons.ts) read it; index.ts builds it.
 */
import {
  type Effort,
  type PipelineStep,
  stepNumber,
  TOTAL_STEPS,
  type Usage,
  ZERO_USAGE,
} from "@fondation/shared";
import type { z } from "zod";
import {
  addUsage,
  type ModelClient,
  systemBlocks,
  type TextBlockParam,
  type Tool,
  toolDefinition,
} from "../llm/index.ts";
import {
  chapterCheckpointPath,
  readCheckpoint,
  stepCheckpointPath,
  writeCheckpoint,
} from "../output/checkpoints.ts";
import type { AnalyzeOptions, CodeMap, Emitter, SourceReader } from "../types.ts";
import { Limiter } from "./limiter.ts";
import { renderCodeMap } from "./mapview.ts";
import { instructions } from "./prompts.ts";
import { TOOLS } from "./schemas.ts";
import type { PipelineTuning } from "./tuning.ts";

/** How the pipeline's requests are made, beyond their budgets. */
export interface CallSettings {
  /** `output_config.effort` on models that take it (the API's default is higher, and dearer). */
  effort: Effort;
  /** Longest wait of the other lessons for the first one to write the prompt cache. */
  warmGateMs: number;
}

export const DEFAULT_CALLS: CallSettings = { effort: "medium", warmGateMs: 30_000 };

export class RunContext {
  readonly map: CodeMap;
  readonly reader: SourceReader;
  readonly options: AnalyzeOptions;
  readonly emitter: Emitter;
  readonly client: ModelClient;
  readonly tuning: PipelineTuning;
  readonly calls: CallSettings;
  readonly fingerprint: string;
  readonly signal: AbortSignal | undefined;
  readonly limiter: Limiter;
  /** The same tools on every request, so tools + system stay one cacheable prefix. */
  readonly tools: Tool[];
  private readonly baseSystem: TextBlockParam[];
  /** Usage restored from checkpoints of a previous run (when no usage file had it all). */
  restored: Usage = { ...ZERO_USAGE };
  private readonly countCheckpointUsage: boolean;

  constructor(init: {
    map: CodeMap;
    reader: SourceReader;
    options: AnalyzeOptions;
    emitter: Emitter;
    client: ModelClient;
    tuning: PipelineTuning;
    calls: CallSettings;
    fingerprint: string;
    countCheckpointUsage: boolean;
    signal?: AbortSignal;
  }) {
    this.countCheckpointUsage = init.countCheckpointUsage;
    this.map = init.map;
    this.reader = init.reader;
    this.options = init.options;
    this.emitter = init.emitter;
    this.client = init.client;
    this.tuning = init.tuning;
    this.calls = init.calls;
    this.fingerprint = init.fingerprint;
    this.signal = init.signal;
    this.limiter = new Limiter(init.options.concurrency);
    this.tools = Object.values(TOOLS).map((t) => toolDefinition(t));
    this.baseSystem = systemBlocks([
      { text: instructions(init.options.language) },
      { text: renderCodeMap(init.map, init.tuning.mapTokens), cache: true },
    ]);
  }

  /** System blocks: instructions + code map (cached), then the course plan (cached) if given. */
  system(plan?: string): TextBlockParam[] {
    return plan
      ? [...this.baseSystem, ...systemBlocks([{ text: plan, cache: true }])]
      : this.baseSystem;
  }

  log(level: "debug" | "info" | "warn" | "error", message: string): void {
    this.emitter.emit({ kind: "log", level, message });
  }

  stepStarted(step: PipelineStep): void {
    this.emitter.emit({ kind: "step.started", step, index: stepNumber(step), total: TOTAL_STEPS });
  }

  stepCompleted(step: PipelineStep, checkpoint: string, resumed: boolean): void {
    this.emitter.emit({
      kind: "step.completed",
      step,
      index: stepNumber(step),
      total: TOTAL_STEPS,
      checkpoint,
      resumed,
    });
  }

  /** A finished checkpoint from a previous run, when resuming. */
  async resumeStep<T extends { usage: Usage }>(
    step: PipelineStep,
    schema: z.ZodType<T>,
  ): Promise<T | undefined> {
    return this.resumeFile(stepCheckpointPath(step), schema);
  }

  async resumeLesson<T extends { usage: Usage }>(
    step: PipelineStep,
    slug: string,
    schema: z.ZodType<T>,
  ): Promise<T | undefined> {
    return this.resumeFile(chapterCheckpointPath(step, slug), schema);
  }

  private async resumeFile<T extends { usage: Usage }>(
    path: string,
    schema: z.ZodType<T>,
  ): Promise<T | undefined> {
    if (!this.options.resume) return undefined;
    const value = await readCheckpoint(this.options.out, path, this.fingerprint, schema);
    if (value && this.countCheckpointUsage) this.restored = addUsage(this.restored, value.usage);
    return value;
  }

  saveStep(step: PipelineStep, data: { usage: Usage } & Record<string, unknown>): Promise<string> {
    return writeCheckpoint(this.options.out, stepCheckpointPath(step), this.fingerprint, data);
  }

  saveLesson(
    step: PipelineStep,
    slug: string,
    data: { usage: Usage } & Record<string, unknown>,
  ): Promise<string> {
    return writeCheckpoint(
      this.options.out,
      chapterCheckpointPath(step, slug),
      this.fingerprint,
      data,
    );
  }
}

/** Usage of the requests a piece of work made: ledger totals after minus before. */
export function usageSince(before: Usage, after: Usage): Usage {
  return {
    inputTokens: after.inputTokens - before.inputTokens,
    outputTokens: after.outputTokens - before.outputTokens,
    cacheCreationInputTokens: after.cacheCreationInputTokens - before.cacheCreationInputTokens,
    cacheReadInputTokens: after.cacheReadInputTokens - before.cacheReadInputTokens,
    costUsd: after.costUsd - before.costUsd,
  };
}
