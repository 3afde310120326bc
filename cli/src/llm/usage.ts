/**
 * Usage accounting: tokens of each request and of the whole run, and their cost from the
 * price table in @fondation/shared. The client adds each finished request to a ledger; the
 * pipeline reads the totals for `usage` events and the course manifest.
 */
import { costUsd, findModel, type PipelineStep, type Usage, ZERO_USAGE } from "@fondation/shared";

export interface SdkUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

export function usageFromSdk(usage: SdkUsage, model: string): Usage {
  const tokens = {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    cacheCreationInputTokens: usage.cache_creation_input_tokens ?? 0,
    cacheReadInputTokens: usage.cache_read_input_tokens ?? 0,
  };
  const price = findModel(model)?.price;
  return { ...tokens, costUsd: price ? costUsd(price, tokens) : 0 };
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

export interface RequestUsage {
  step: PipelineStep;
  model: string;
  usage: Usage;
}

/** Running totals of a run; listeners hear about each request as it finishes. */
export class UsageLedger {
  total: Usage = { ...ZERO_USAGE };
  readonly requests: RequestUsage[] = [];
  private readonly listeners: Array<(request: RequestUsage, total: Usage) => void> = [];

  /** Start from totals restored from a checkpoint (a resumed run). */
  restore(total: Usage): void {
    this.total = { ...total };
  }

  onRequest(listener: (request: RequestUsage, total: Usage) => void): void {
    this.listeners.push(listener);
  }

  add(request: RequestUsage): void {
    this.requests.push(request);
    this.total = addUsage(this.total, request.usage);
    for (const listener of this.listeners) listener(request, this.total);
  }
}
