/**
 * Token estimates for packing prompts to a budget. About 4 characters per token, the usual
 * rule of thumb for code and English prose; budgets keep a margin for the error.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Cut text to about `tokens` tokens, on a line boundary when one is near. */
export function truncateToTokens(text: string, tokens: number): string {
  const limit = Math.max(0, tokens * 4);
  if (text.length <= limit) return text;
  const cut = text.lastIndexOf("\n", limit);
  return text.slice(0, cut > limit / 2 ? cut : limit);
}
