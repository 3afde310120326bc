/**
 * Models a course can be written with and what they cost, in USD per million tokens.
 * Read by the CLI (cost accounting, estimates) and the web app (the request form).
 * Prices: 5-minute cache writes; none of these models is on the SDK's deprecation list.
 */

export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Writing a prompt-cache entry (5-minute TTL). */
  cacheWritePerMTok: number;
  /** Reading from the prompt cache. */
  cacheReadPerMTok: number;
}

export interface ModelInfo {
  id: string;
  label: string;
  contextWindow: number;
  maxOutputTokens: number;
  price: ModelPrice;
}

export const MODELS = [
  {
    id: "claude-sonnet-5-5",
    label: "Claude Sonnet 5.5",
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    price: { inputPerMTok: 2, outputPerMTok: 10, cacheWritePerMTok: 2.5, cacheReadPerMTok: 0.2 },
  },
  {
    id: "claude-opus-5-5",
    label: "Claude Opus 5.5",
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    price: { inputPerMTok: 4, outputPerMTok: 20, cacheWritePerMTok: 5, cacheReadPerMTok: 0.4 },
  },
  {
    id: "claude-haiku-4-5",
    label: "Claude Haiku 4.5",
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    price: { inputPerMTok: 1, outputPerMTok: 5, cacheWritePerMTok: 1.25, cacheReadPerMTok: 0.1 },
  },
] as const satisfies readonly ModelInfo[];

export type ModelId = (typeof MODELS)[number]["id"];
export const MODEL_IDS = MODELS.map((m) => m.id) as [ModelId, ...ModelId[]];
export const DEFAULT_MODEL: ModelId = "claude-sonnet-5-5";

export function findModel(id: string): ModelInfo | undefined {
  return MODELS.find((m) => m.id === id);
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
