/**
 * Whether the stand-in takes a request, in the API's order: the API key, the model, the
 * required fields, then the documented rules (standin-rules.ts). A refusal carries the
 * status and error to send, and the rule when a documented rule refused it.
 *
 * Read by the stand-in (anthropic-standin.ts) for both endpoints.
 */
import type { IncomingMessage } from "node:http";
import { keyOf } from "./standin-http.ts";
import type { StandinModel } from "./standin-models.ts";
import { promptTokens } from "./standin-prompt.ts";
import type { MessagesBody } from "./standin-request.ts";
import type { StandinRule } from "./standin-rule-types.ts";
import { validateRequest } from "./standin-rules.ts";

export interface Refusal {
  status: number;
  errorType: string;
  message: string;
  /** Set when a documented rule refused the request. */
  rule?: StandinRule;
}

/** What admission needs to know of the stand-in's setup. */
export interface AdmissionSettings {
  /** When set, the only key accepted. */
  apiKey?: string;
  served: Set<string>;
  model: (id: string) => StandinModel;
  /** The context window option; the model's when undefined. */
  contextWindow?: number;
}

/** Why the request is refused, or undefined when it is taken. */
export function refusalOf(
  headers: IncomingMessage["headers"],
  body: MessagesBody,
  endpoint: "messages" | "count_tokens",
  settings: AdmissionSettings,
): Refusal | undefined {
  if (settings.apiKey !== undefined && keyOf(headers) !== settings.apiKey)
    return { status: 401, errorType: "authentication_error", message: "invalid x-api-key" };
  if (!settings.served.has(body.model))
    return { status: 404, errorType: "not_found_error", message: `model: ${body.model}` };
  if (!Array.isArray(body.messages)) return invalid("messages: Field required");
  if (endpoint === "messages" && typeof body.max_tokens !== "number")
    return invalid("max_tokens: Field required");
  const model = settings.model(body.model);
  const broken = validateRequest({
    body,
    model,
    promptTokens: promptTokens(body, model),
    contextWindow: settings.contextWindow ?? model.contextWindow,
    endpoint,
  });
  return broken ? { ...invalid(broken.message), rule: broken.rule } : undefined;
}

function invalid(message: string): Refusal {
  return { status: 400, errorType: "invalid_request_error", message };
}
