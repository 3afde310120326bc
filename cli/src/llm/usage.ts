/**
 * Usage accounting: tokens of each HTTP attempt and of the whole run, and their cost from
 * the price table in @fondation/shared. The client adds every attempt to a ledger, failed
 * ones too (their input was billed); the pipeline reads the totals for `usage` events, the
 * course manifest and the run's usage file (which carries them across --resume).
 */
import {
  costUsd,
  type ModelInfo,
  type PipelineStep,
  type Usage,
  ZERO_USAGE,
} from "@fondation/shared";

export interface SdkUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

export function usageFromSdk(usage: SdkUsage, model: ModelInfo): Usage {
  const tokens = {
    inputTokens: usage.input_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    cacheCreationInputTokens: usage.cache_creation_input_tokens ?? 0,
    cacheReadInputTokens: usage.cache_read_input_tokens ?? 0,
  };
  return { ...tokens, costUsd: costUsd(model.price, tokens) };
}

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheCreationInputTokens: a.cacheCreationInputTokens + b.cacheCreationInputTokens,
    cacheReadInputTokens: a.cacheReadInputTokens + b.cacheReadInputTokens,
    costUsd: a.costUsd + b.costUsd,
  };
}

/** One HTTP attempt of a model request. */
export interface RequestUsage<S extends string = PipelineStep> {
  step: S;
  model: string;
  usage: Usage;
  /** 1 for the first attempt of a request, 2 for its first retry… */
  attempt: number;
  /** The attempt ended in an error (its tokens, if any, were still billed). */
  failed: boolean;
}

/** Running totals of a run; listeners hear about each attempt as it ends. */
export class UsageLedger<S extends string = PipelineStep> {
  total: Usage = { ...ZERO_USAGE };
  /** HTTP attempts in all, retries and failures included. */
  attempts = 0;
  readonly requests: RequestUsage<S>[] = [];
  private readonly listeners: Array<(request: RequestUsage<S>, total: Usage) => void> = [];

  /** Start from what earlier runs of the same course spent (a resumed run). */
  restore(total: Usage, attempts: number): void {
    this.total = { ...total };
    this.attempts = attempts;
  }

  onRequest(listener: (request: RequestUsage<S>, total: Usage) => void): void {
    this.listeners.push(listener);
  }

  add(request: RequestUsage<S>): void {
    this.requests.push(request);
    this.attempts++;
    this.total = addUsage(this.total, request.usage);
    for (const listener of this.listeners) listener(request, this.total);
  }
}
