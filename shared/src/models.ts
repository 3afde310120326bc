/**
 * The models a course can be written with: what each costs and what each accepts. This is
 * the capability table the CLI builds every Messages API request from (cli/src/llm/request.ts),
 * so that a model's rules live here, once, and not in `if` branches of the pipeline.
 * Read by the CLI (requests, budgets, cost accounting, estimates) and the web app (the
 * request form). Each entry names the pages its figures and rules come from.
 */

export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Writing a prompt-cache entry with the default 5-minute TTL (1.25 × input). */
  cacheWritePerMTok: number;
  /** Reading from the prompt cache. */
  cacheReadPerMTok: number;
}

/** Levels of `output_config.effort`. */
export type Effort = "low" | "medium" | "high" | "xhigh" | "max";

export interface ModelCapabilities {
  /**
   * `adaptive`: thinking is always on and adaptive; a request may omit `thinking` (or send
   * `{type: "adaptive"}`), and is refused with a budget or `{type: "disabled"}`.
   * `manual`: off unless enabled with `budget_tokens` (we leave it off).
   */
  thinking: "adaptive" | "manual";
  /** `output_config.effort`: accepted levels and the API's default; absent: not accepted. */
  effort?: { levels: readonly Effort[]; apiDefault: Effort };
  /** Request settings the API answers 400 to on this model. */
  refuses: {
    /** `temperature`, `top_p`, `top_k`. */
    samplingParameters: boolean;
    /** `tool_choice` of type `tool` or `any`. */
    forcedToolChoice: boolean;
    /** A final assistant turn that the model would continue. */
    prefill: boolean;
  };
  /** JSON outputs (`output_config.format`) and strict tools (`strict: true`). */
  structuredOutputs: boolean;
  /** Shortest prefix a cache breakpoint can store, in tokens. */
  minCacheTokens: number;
  /**
   * Characters per token of this model's tokenizer on source code and English prose, for
   * estimates made without the token-counting endpoint (offline, no key).
   */
  charsPerToken: number;
}

export interface ModelInfo {
  id: string;
  label: string;
  /** Input window in tokens (prompt + max_tokens must fit). */
  contextWindow: number;
  /** Largest `max_tokens` the API accepts; thinking tokens count against it. */
  maxOutputTokens: number;
  price: ModelPrice;
  capabilities: ModelCapabilities;
  /** The documentation pages the entry was checked against. */
  docs: readonly string[];
}

const DOCS = "https://platform.claude.com/docs/en";
const PRICING = `${DOCS}/about-claude/pricing`;
const EFFORT_LEVELS = [
  "low",
  "medium",
  "high",
  "xhigh",
  "max",
] as const satisfies readonly Effort[];

export const MODELS = [
  {
    id: "claude-sonnet-5-5",
    label: "Claude Sonnet 5.5",
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    price: { inputPerMTok: 2, outputPerMTok: 10, cacheWritePerMTok: 2.5, cacheReadPerMTok: 0.1 },
    capabilities: {
      thinking: "adaptive",
      effort: { levels: EFFORT_LEVELS, apiDefault: "high" },
      refuses: { samplingParameters: true, forcedToolChoice: true, prefill: true },
      structuredOutputs: true,
      // Not stated on the pages we could read; 512, as documented for Opus 5.
      minCacheTokens: 512,
      charsPerToken: 3.5,
    },
    docs: [
      `${DOCS}/models/sonnet-5-5/migration-guide`,
      `${DOCS}/models/sonnet-5-5/whats-new-sonnet-5-5`,
      PRICING,
    ],
  },
  {
    id: "claude-opus-5-5",
    label: "Claude Opus 5.5",
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    price: { inputPerMTok: 4, outputPerMTok: 20, cacheWritePerMTok: 5, cacheReadPerMTok: 0.2 },
    capabilities: {
      thinking: "adaptive",
      effort: { levels: EFFORT_LEVELS, apiDefault: "medium" },
      refuses: { samplingParameters: true, forcedToolChoice: true, prefill: true },
      structuredOutputs: true,
      minCacheTokens: 512,
      charsPerToken: 3.5,
    },
    docs: [`${DOCS}/models/opus-5-5/whats-new-opus-5-5`, PRICING],
  },
  {
    id: "claude-haiku-4-5",
    label: "Claude Haiku 4.5",
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    price: { inputPerMTok: 1, outputPerMTok: 5, cacheWritePerMTok: 1.25, cacheReadPerMTok: 0.1 },
    capabilities: {
      thinking: "manual",
      refuses: { samplingParameters: false, forcedToolChoice: false, prefill: false },
      structuredOutputs: true,
      minCacheTokens: 4096,
      charsPerToken: 3.8,
    },
    docs: [`${DOCS}/about-claude/models/overview`, PRICING],
  },
] as const satisfies readonly ModelInfo[];

export type ModelId = (typeof MODELS)[number]["id"];
export const MODEL_IDS = MODELS.map((m) => m.id) as [ModelId, ...ModelId[]];
export const DEFAULT_MODEL: ModelId = "claude-sonnet-5-5";

export function findModel(id: string): ModelInfo | undefined {
  return (MODELS as readonly ModelInfo[]).find((m) => m.id === id);
}

/** Cost in USD of the given token counts at a model's prices. */
export function costUsd(
  price: ModelPrice,
  tokens: {
    inputTokens: number;
    outputTokens: number;
    cacheCreationInputTokens: number;
    cacheReadInputTokens: number;
  },
): number {
  const perToken = (perMTok: number, n: number) => (perMTok * n) / 1_000_000;
  return (
    perToken(price.inputPerMTok, tokens.inputTokens) +
    perToken(price.outputPerMTok, tokens.outputTokens) +
    perToken(price.cacheWritePerMTok, tokens.cacheCreationInputTokens) +
    perToken(price.cacheReadPerMTok, tokens.cacheReadInputTokens)
  );
}
