/**
 * A cost estimate for a new course: the token counts of the repository's last course,
 * priced for the model now chosen. There is none for a repository without a course.
 */
import { costUsd, type ModelPrice, type Usage } from "@fondation/shared";

export function estimateFromUsage(
  usage: Usage,
  price: ModelPrice,
): { tokens: number; costUsd: number } {
  return {
    tokens:
      usage.inputTokens +
      usage.outputTokens +
      usage.cacheCreationInputTokens +
      usage.cacheReadInputTokens,
    costUsd: costUsd(price, usage),
  };
}
