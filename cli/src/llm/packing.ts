/**
 * Packing prompts to a token budget: items are taken in priority order while they fit;
 * an item too large for what is left is cut when a useful part still fits, else dropped.
 */
import type { TextBlockParam } from "./client.ts";
import { estimateTokens, truncateToTokens } from "./tokens.ts";

export interface PackItem {
  key: string;
  text: string;
  /** Higher goes first. */
  priority: number;
}

export interface Packed {
  included: PackItem[];
  /** Keys cut to fit. */
  truncated: string[];
  dropped: string[];
  tokens: number;
}

/** Smallest part of an item worth sending when the whole does not fit. */
const MIN_USEFUL_TOKENS = 200;

export function packToBudget(items: PackItem[], budgetTokens: number): Packed {
  const sorted = [...items].sort((a, b) => b.priority - a.priority);
  const packed: Packed = { included: [], truncated: [], dropped: [], tokens: 0 };
  for (const item of sorted) {
    const left = budgetTokens - packed.tokens;
    const size = estimateTokens(item.text);
    if (size <= left) {
      packed.included.push(item);
      packed.tokens += size;
    } else if (left >= MIN_USEFUL_TOKENS) {
      const text = truncateToTokens(item.text, left);
      packed.included.push({ ...item, text });
      packed.truncated.push(item.key);
      packed.tokens += estimateTokens(text);
    } else {
      packed.dropped.push(item.key);
    }
  }
  return packed;
}

/**
 * System blocks for a request. `cache: true` puts a cache_control breakpoint after that
 * block: everything up to it is the shared prefix parallel requests read from the cache.
 */
export function systemBlocks(parts: Array<{ text: string; cache?: boolean }>): TextBlockParam[] {
  return parts.map((p) =>
    p.cache
      ? { type: "text", text: p.text, cache_control: { type: "ephemeral" } }
      : { type: "text", text: p.text },
  );
}
