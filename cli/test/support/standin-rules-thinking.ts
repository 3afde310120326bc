/**
 * Rules on `thinking`: which types each model takes (adaptive, enabled with a budget,
 * disabled, Sonnet 5.5's between_tools) and with what.
 *
 * Read by the rule table (standin-rules.ts), which sets the order rules are checked in.
 */
import { DOC } from "./standin-docs.ts";
import { everyModel, type StandinRule } from "./standin-rule-types.ts";

const THINKING_HINT =
  'Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.';

export const THINKING_RULES: StandinRule[] = [
  {
    id: "thinking-enabled",
    title: 'thinking: {type: "enabled", budget_tokens} (manual budget) is refused',
    url: `${DOC.opus55WhatsNew}#thinking-cant-be-disabled`,
    messageSource: "docs",
    appliesTo: (m) => !m.thinking.accepted.includes("enabled"),
    countTokens: true,
    check: ({ body }) =>
      body.thinking?.type === "enabled"
        ? `"thinking.type.enabled" is not supported for this model. ${THINKING_HINT}`
        : undefined,
  },
  {
    id: "thinking-disabled",
    title:
      'thinking: {type: "disabled"} is refused (Sonnet 5.5: the message points to between_tools)',
    url: `${DOC.opus55WhatsNew}#thinking-cant-be-disabled`,
    messageSource: "docs",
    appliesTo: (m) => !m.thinking.accepted.includes("disabled"),
    countTokens: true,
    check: ({ body, model }) =>
      body.thinking?.type === "disabled"
        ? model.thinking.accepted.includes("between_tools")
          ? `"thinking.type.disabled" is not supported for this model. Use "thinking.type.between_tools" to turn off up-front thinking, or ${THINKING_HINT.replace("Use ", "")}`
          : `"thinking.type.disabled" is not supported for this model. ${THINKING_HINT}`
        : undefined,
  },
  {
    id: "thinking-between-tools",
    title:
      'thinking: {type: "between_tools"} only on Sonnet 5.5, at effort low, medium or high, with no other field',
    url: `${DOC.sonnet55WhatsNew}#turn-off-up-front-thinking`,
    messageSource: "api-style",
    appliesTo: everyModel,
    countTokens: true,
    check: ({ body, model }) => {
      if (body.thinking?.type !== "between_tools") return undefined;
      if (!model.thinking.accepted.includes("between_tools"))
        return `"thinking.type.between_tools" is not supported for this model. ${THINKING_HINT}`;
      const extra = Object.keys(body.thinking).filter((k) => k !== "type");
      if (extra.length > 0)
        return `thinking.between_tools.${extra[0]}: Extra inputs are not permitted`;
      const effort = body.output_config?.effort ?? model.effort?.default;
      if (effort === "xhigh" || effort === "max")
        return `"thinking.type.between_tools" is not supported with "output_config.effort": "${effort}". Use "low", "medium" or "high".`;
      return undefined;
    },
  },
  {
    id: "thinking-adaptive",
    title: "thinking: {type: adaptive} is refused on models with extended thinking only",
    url: DOC.thinkingTroubleshooting,
    messageSource: "observed",
    appliesTo: (m) => !m.thinking.accepted.includes("adaptive"),
    countTokens: true,
    check: ({ body }) =>
      body.thinking?.type === "adaptive"
        ? "adaptive thinking is not supported on this model"
        : undefined,
  },
  {
    id: "thinking-budget",
    title: "a thinking budget must be at least 1024 tokens and less than max_tokens",
    url: DOC.extendedThinking,
    messageSource: "api-style",
    appliesTo: (m) => m.thinking.accepted.includes("enabled"),
    countTokens: false,
    check: ({ body }) => {
      if (body.thinking?.type !== "enabled") return undefined;
      const budget = body.thinking.budget_tokens ?? 0;
      if (budget < 1024)
        return "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024";
      if (budget >= body.max_tokens)
        return "`max_tokens` must be greater than `thinking.budget_tokens`.";
      return undefined;
    },
  },
  {
    id: "thinking-forced-tool",
    title: "extended thinking together with a forced tool choice is refused",
    url: DOC.extendedThinking,
    messageSource: "observed",
    appliesTo: (m) => m.forcedToolChoice && m.thinking.accepted.includes("enabled"),
    countTokens: true,
    check: ({ body }) =>
      body.thinking?.type === "enabled" &&
      (body.tool_choice?.type === "tool" || body.tool_choice?.type === "any")
        ? "Thinking may not be enabled when tool_choice forces tool use."
        : undefined,
  },
];
