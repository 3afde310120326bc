/**
 * Answers read by their stop reason, so that nothing truncated or refused is ever used as
 * if it were whole. https://platform.claude.com/docs/en/build-with-claude/handling-stop-reasons
 * - `max_tokens`, `model_context_window_exceeded`: the answer was cut. It is thrown away and
 *   asked for once more with a larger budget (thinking tokens count against max_tokens);
 *   cut again, the call fails with a sentence that says so.
 * - `refusal`: the model declined; the call fails with what was refused (stop_details),
 *   nothing of the answer is sent back.
 * - `pause_turn` only follows server tools, which no request here offers: it is treated as
 *   an incomplete answer, asked for once more.
 * Used by structured calls (structured.ts) and by the lessons of steps 4-6.
 */
import type { ModelClient, ModelResponse } from "./client.ts";
import { ModelError } from "./errors.ts";
import type { ModelRequest } from "./request.ts";

/** Budget multiplier for the one retry of a cut answer. */
const LARGER_BUDGET = 2;

/**
 * The answer to `request`, whole. `what` names it in messages ("chapter routing",
 * "step abstractions").
 */
export async function completeAnswer<S extends string>(
  client: ModelClient<S>,
  request: ModelRequest<S>,
  what: string,
): Promise<ModelResponse> {
  let current = request;
  for (let tries = 1; ; tries++) {
    const response = await client.complete(current);
    const reason = response.stopReason;
    if (reason === "refusal") throw refusalError(what, response);
    if (
      reason !== "max_tokens" &&
      reason !== "model_context_window_exceeded" &&
      reason !== "pause_turn"
    )
      return response;
    // The incomplete answer's tokens are already in the ledger; its text is dropped.
    if (tries > 1) {
      throw new ModelError(
        "analysis_failed",
        `${what}: the model's answer stopped before its end (${reason}) at ${current.maxTokens} output tokens, thinking included, even after one retry with a larger budget, so it was not used. Run the same command again to retry it, or try another --model.`,
        { retryable: false },
      );
    }
    current = {
      ...current,
      maxTokens: Math.min(current.maxTokens * LARGER_BUDGET, client.model.maxOutputTokens),
    };
  }
}

function refusalError(what: string, response: ModelResponse): ModelError {
  const details = response.stopDetails;
  const reason = [
    details?.category ? `category: ${details.category}` : "no category given",
    details?.explanation ?? "",
  ]
    .filter(Boolean)
    .join("; ");
  return new ModelError(
    "model_refused",
    `${what}: the model declined to write it (${reason}). What is finished is kept: run the same command again to retry only what is missing, or try another --model.`,
    { retryable: false },
  );
}
