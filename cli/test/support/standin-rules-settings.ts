/**
 * Rules on the request's settings: features some models do not take (forced tool choice,
 * sampling parameters, prefill), the effort parameter, and the sizes (max_tokens, the
 * context window).
 *
 * Read by the rule table (standin-rules.ts), which sets the order rules are checked in.
 */
import { DOC } from "./standin-docs.ts";
import { everyModel, type StandinRule } from "./standin-rule-types.ts";

/** Features the current models dropped: each applies to the models without the feature. */
export const FEATURE_RULES: StandinRule[] = [
  {
    id: "forced-tool-choice",
    title: "tool_choice of type tool or any (forced tool use) is refused; use auto or none",
    url: `${DOC.sonnet55WhatsNew}#forced-tool-use-is-not-supported`,
    messageSource: "api-style",
    appliesTo: (m) => !m.forcedToolChoice,
    countTokens: true,
    check: ({ body }) =>
      body.tool_choice?.type === "tool" || body.tool_choice?.type === "any"
        ? `tool_choice.type: "${body.tool_choice.type}" (forced tool use) is not supported for this model. Use "auto" or "none".`
        : undefined,
  },
  {
    id: "sampling-parameters",
    title: "temperature, top_p and top_k set to non-default values are refused",
    url: DOC.sonnet55Migration,
    messageSource: "observed",
    appliesTo: (m) => !m.samplingParameters,
    countTokens: false,
    check: ({ body }) => {
      // Defaults: temperature 1, top_p 1 (no nucleus cut), top_k unset.
      if (body.temperature != null && body.temperature !== 1)
        return "temperature is deprecated for this model";
      if (body.top_p != null && body.top_p !== 1) return "top_p is deprecated for this model";
      if (body.top_k != null) return "top_k is deprecated for this model";
      return undefined;
    },
  },
  {
    id: "prefill",
    title: "a conversation ending with an assistant message (prefill) is refused",
    url: DOC.prefillNotSupported,
    messageSource: "observed",
    appliesTo: (m) => !m.prefill,
    countTokens: false,
    check: ({ body }) =>
      body.messages.at(-1)?.role === "assistant"
        ? "This model does not support assistant message prefill. The conversation must end with a user message."
        : undefined,
  },
];

export const EFFORT_RULES: StandinRule[] = [
  {
    id: "effort-unsupported",
    title: "output_config.effort on a model without the effort parameter is refused",
    url: DOC.effort,
    messageSource: "api-style",
    appliesTo: (m) => m.effort === undefined,
    countTokens: true,
    check: ({ body }) =>
      body.output_config?.effort != null
        ? "output_config.effort: This model does not support the effort parameter."
        : undefined,
  },
  {
    id: "effort-value",
    title: "output_config.effort must be low, medium, high, xhigh or max",
    url: DOC.effort,
    messageSource: "api-style",
    appliesTo: (m) => m.effort !== undefined,
    countTokens: true,
    check: ({ body, model }) => {
      const effort = body.output_config?.effort;
      if (effort == null || model.effort?.levels.includes(effort)) return undefined;
      return `output_config.effort: Input should be ${model.effort?.levels.map((l) => `'${l}'`).join(", ")}`;
    },
  },
];

export const MAX_TOKENS_RULE: StandinRule = {
  id: "max-tokens",
  title: "max_tokens may not exceed the model's max output tokens",
  url: DOC.modelsOverview,
  messageSource: "observed",
  appliesTo: everyModel,
  countTokens: false,
  check: ({ body, model }) =>
    body.max_tokens > model.maxOutputTokens
      ? `max_tokens: ${body.max_tokens} > ${model.maxOutputTokens}, which is the maximum allowed number of output tokens for ${model.id}`
      : undefined,
};

export const CONTEXT_WINDOW_RULE: StandinRule = {
  id: "context-window",
  title: "the prompt must fit in the context window",
  url: DOC.contextWindows,
  messageSource: "observed",
  appliesTo: everyModel,
  countTokens: false,
  check: ({ promptTokens, contextWindow }) =>
    promptTokens > contextWindow
      ? `prompt is too long: ${promptTokens} tokens > ${contextWindow} maximum`
      : undefined,
};
