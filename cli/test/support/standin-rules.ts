/**
 * What the Anthropic Messages API accepts, per model, as the stand-in enforces it.
 *
 * Every rule names the documentation page it encodes (`url`), so that the stand-in is
 * written from the documentation and not from the client's assumptions. This file must stay
 * independent from the client: it imports nothing from cli/src or shared/.
 *
 * Messages: each rule says where its text comes from (`messageSource`): quoted from the docs
 * word for word, the live API's text as others captured it (the docs state the rule but not
 * the wording), or, when no text was found, the stand-in's own wording in the API's style
 * (`<path>: <what is wrong>`). Clients must not match on messages; tests of the stand-in do.
 */
import { createHmac } from "node:crypto";

const DOCS = "https://platform.claude.com/docs/en";
export const DOC = {
  modelsOverview: `${DOCS}/about-claude/models/overview`,
  sonnet55: `${DOCS}/models/sonnet-5-5/overview`,
  sonnet55WhatsNew: `${DOCS}/models/sonnet-5-5/whats-new-sonnet-5-5`,
  sonnet55Migration: `${DOCS}/models/sonnet-5-5/migration-guide`,
  opus55: `${DOCS}/models/opus-5-5/overview`,
  opus55WhatsNew: `${DOCS}/models/opus-5-5/whats-new-opus-5-5`,
  opus55Migration: `${DOCS}/models/opus-5-5/migration-guide`,
  haiku45: `${DOCS}/models/haiku-4-5/overview`,
  thinking: `${DOCS}/build-with-claude/thinking`,
  thinkingTroubleshooting: `${DOCS}/build-with-claude/thinking-troubleshooting`,
  extendedThinking: `${DOCS}/build-with-claude/extended-thinking`,
  prefillNotSupported: `${DOCS}/api/errors#prefill-not-supported`,
  validationErrors: `${DOCS}/api/errors#common-validation-errors`,
  strictToolUse: `${DOCS}/agents-and-tools/tool-use/strict-tool-use`,
  effort: `${DOCS}/build-with-claude/effort`,
  handleToolCalls: `${DOCS}/agents-and-tools/tool-use/handle-tool-calls`,
  messages: `${DOCS}/build-with-claude/working-with-messages`,
  promptCaching: `${DOCS}/build-with-claude/prompt-caching`,
  structuredOutputs: `${DOCS}/build-with-claude/structured-outputs`,
  contextWindows: `${DOCS}/build-with-claude/context-windows`,
  stopReasons: `${DOCS}/build-with-claude/handling-stop-reasons`,
  streaming: `${DOCS}/build-with-claude/streaming`,
  tokenCounting: `${DOCS}/build-with-claude/token-counting`,
  errors: `${DOCS}/api/errors`,
} as const;

/** What the stand-in knows of one model. */
export interface StandinModel {
  id: string;
  /** The model's documentation page (limits, thinking, effort). */
  page: string;
  contextWindow: number;
  maxOutputTokens: number;
  /** Shortest prefix that can be cached, in tokens (prompt caching page). */
  minCacheTokens: number;
  /** The stand-in's tokenizer: characters per token. */
  charsPerToken: number;
  /**
   * Thinking: `adaptive` models start every answer with a thinking block unless the request
   * asks otherwise; `manual` models think only with `thinking: {type: "enabled"}`.
   */
  thinking: {
    mode: "adaptive" | "manual";
    /** Accepted values of `thinking.type` (others: 400). */
    accepted: string[];
    /** Default of `thinking.display`. */
    display: "omitted" | "summarized";
  };
  /** Accepted `output_config.effort` values and the default; undefined: not supported. */
  effort?: { levels: string[]; default: string };
  /** `tool_choice` of type `tool` or `any`. */
  forcedToolChoice: boolean;
  /** `temperature`, `top_p`, `top_k`. */
  samplingParameters: boolean;
  /** A last message with role `assistant` (prefill). */
  prefill: boolean;
}

const EFFORT_LEVELS = ["low", "medium", "high", "xhigh", "max"];

export const STANDIN_MODELS: Record<string, StandinModel> = {
  "claude-sonnet-5-5": {
    id: "claude-sonnet-5-5",
    page: DOC.sonnet55,
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    minCacheTokens: 512,
    charsPerToken: 4,
    thinking: { mode: "adaptive", accepted: ["adaptive", "between_tools"], display: "omitted" },
    effort: { levels: EFFORT_LEVELS, default: "high" },
    forcedToolChoice: false,
    samplingParameters: false,
    prefill: false,
  },
  "claude-opus-5-5": {
    id: "claude-opus-5-5",
    page: DOC.opus55,
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    // Documented for Opus 5 (512); assumed unchanged on Opus 5.5.
    minCacheTokens: 512,
    charsPerToken: 4,
    thinking: { mode: "adaptive", accepted: ["adaptive"], display: "omitted" },
    effort: { levels: EFFORT_LEVELS, default: "medium" },
    forcedToolChoice: false,
    samplingParameters: false,
    prefill: false,
  },
  "claude-haiku-4-5": {
    id: "claude-haiku-4-5",
    page: DOC.haiku45,
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    minCacheTokens: 4096,
    charsPerToken: 4,
    thinking: { mode: "manual", accepted: ["enabled", "disabled"], display: "summarized" },
    effort: undefined,
    forcedToolChoice: true,
    samplingParameters: true,
    prefill: true,
  },
};

/** A model the stand-in serves but has no documented rules for: permissive, legacy-like. */
export function genericModel(id: string): StandinModel {
  return { ...(STANDIN_MODELS["claude-haiku-4-5"] as StandinModel), id, page: DOC.modelsOverview };
}

// ---------------------------------------------------------------------------------------
// Request shape (the part the rules read)

export type ContentBlock =
  | { type: "text"; text: string; cache_control?: unknown }
  | { type: "tool_use"; id: string; name: string; input: unknown; cache_control?: unknown }
  | {
      type: "tool_result";
      tool_use_id: string;
      content?: string | Array<{ type: "text"; text: string }>;
      is_error?: boolean;
      cache_control?: unknown;
    }
  | { type: "thinking"; thinking: string; signature: string; cache_control?: unknown }
  | { type: "redacted_thinking"; data: string; cache_control?: unknown };

export interface MessageParam {
  role: "user" | "assistant";
  content: string | ContentBlock[];
}

export interface ToolParam {
  name: string;
  description?: string;
  input_schema: unknown;
  strict?: boolean;
  cache_control?: unknown;
}

/** The part of a Messages API request body the stand-in looks at. */
export interface MessagesBody {
  model: string;
  max_tokens: number;
  stream?: boolean;
  system?: string | Array<{ type: "text"; text: string; cache_control?: unknown }>;
  messages: MessageParam[];
  tools?: ToolParam[];
  tool_choice?: { type: string; name?: string; disable_parallel_tool_use?: boolean };
  thinking?: { type: string; budget_tokens?: number; display?: string };
  output_config?: { effort?: string | null; format?: { type: string; schema?: unknown } | null };
  temperature?: number;
  top_p?: number;
  top_k?: number;
  cache_control?: unknown;
  [key: string]: unknown;
}

export function blocksOf(message: MessageParam): ContentBlock[] {
  return typeof message.content === "string"
    ? [{ type: "text", text: message.content }]
    : message.content;
}

// ---------------------------------------------------------------------------------------
// Thinking signatures: the stand-in signs the thinking blocks it writes, binding them to the
// model and to the conversation before them, and checks them when they come back
// (docs: thinking blocks are tied to the model and the conversation that produced them).

const SIGNING_KEY = "fondation-standin-thinking";

export function conversationHash(messages: MessageParam[]): string {
  const h = createHmac("sha256", SIGNING_KEY);
  for (const m of messages) {
    h.update(m.role);
    for (const b of blocksOf(m)) {
      // Thinking blocks are not part of the prefix they are bound to.
      if (b.type === "thinking" || b.type === "redacted_thinking") continue;
      if (b.type === "text") h.update(`text\u0000${b.text}`);
      else if (b.type === "tool_use")
        h.update(`tool_use\u0000${b.id}\u0000${b.name}\u0000${JSON.stringify(b.input)}`);
      else {
        const c =
          typeof b.content === "string"
            ? b.content
            : (b.content ?? []).map((p) => p.text).join("\n");
        h.update(`tool_result\u0000${b.tool_use_id}\u0000${c}\u0000${b.is_error === true}`);
      }
      h.update("\u0001");
    }
  }
  return h.digest("hex");
}

export function signThinking(model: string, thinking: string, prefix: string): string {
  const mac = createHmac("sha256", SIGNING_KEY)
    .update(`${model}\u0000${prefix}\u0000${thinking}`)
    .digest("base64");
  return `standin.${Buffer.from(model).toString("base64url")}.${mac}`;
}

// ---------------------------------------------------------------------------------------
// The rules

export interface RuleContext {
  body: MessagesBody;
  model: StandinModel;
  /** Prompt size in tokens as the stand-in counts it. */
  promptTokens: number;
  /** The context window in force (the option, or the model's). */
  contextWindow: number;
  /** Which endpoint: the count_tokens endpoint skips the rules that concern the output. */
  endpoint: "messages" | "count_tokens";
}

export interface StandinRule {
  id: string;
  /** What the rule says, in a sentence. */
  title: string;
  /** The documentation page this rule encodes. */
  url: string;
  /**
   * Where the message text comes from: `docs` quoted on the page; `observed` the live API's
   * text as captured by third parties (the page documents the rule, not the wording);
   * `api-style` the stand-in's own wording in the API's style (no text found).
   */
  messageSource: "docs" | "observed" | "api-style";
  /** The models it applies to. */
  appliesTo: (model: StandinModel) => boolean;
  /** Also checked on POST /v1/messages/count_tokens. */
  countTokens: boolean;
  /** The error message, or undefined when the request passes. */
  check: (ctx: RuleContext) => string | undefined;
}

const all = () => true;

const THINKING_HINT =
  'Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.';

export const RULES: StandinRule[] = [
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
    appliesTo: all,
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
  {
    id: "max-tokens",
    title: "max_tokens may not exceed the model's max output tokens",
    url: DOC.modelsOverview,
    messageSource: "observed",
    appliesTo: all,
    countTokens: false,
    check: ({ body, model }) =>
      body.max_tokens > model.maxOutputTokens
        ? `max_tokens: ${body.max_tokens} > ${model.maxOutputTokens}, which is the maximum allowed number of output tokens for ${model.id}`
        : undefined,
  },
  {
    id: "empty-content",
    title: "every message needs content, except an optional final assistant message",
    url: DOC.validationErrors,
    messageSource: "observed",
    appliesTo: all,
    countTokens: true,
    check: ({ body }) => {
      for (const [i, m] of body.messages.entries()) {
        const last = i === body.messages.length - 1 && m.role === "assistant";
        const empty =
          (typeof m.content === "string" && m.content.length === 0) ||
          (Array.isArray(m.content) && m.content.length === 0);
        if (empty && !last)
          return `messages.${i}: all messages must have non-empty content except for the optional final assistant message`;
      }
      return undefined;
    },
  },
  {
    id: "empty-text-block",
    title: "text content blocks must be non-empty",
    url: DOC.validationErrors,
    messageSource: "observed",
    appliesTo: all,
    countTokens: true,
    check: ({ body }) => {
      const empty = (b: { type: string; text?: string }) => b.type === "text" && !b.text;
      if (Array.isArray(body.system) && body.system.some(empty))
        return "system: text content blocks must be non-empty";
      for (const m of body.messages)
        if (Array.isArray(m.content) && m.content.some(empty))
          return "messages: text content blocks must be non-empty";
      return undefined;
    },
  },
  {
    id: "tool-use-without-result",
    title:
      "every tool_use needs its tool_result in the immediately following user message, results first",
    url: DOC.handleToolCalls,
    messageSource: "observed",
    appliesTo: all,
    countTokens: true,
    check: ({ body }) => {
      for (const [i, m] of body.messages.entries()) {
        if (m.role !== "assistant") continue;
        const uses = blocksOf(m).filter((b) => b.type === "tool_use");
        if (uses.length === 0) continue;
        const next = body.messages[i + 1];
        if (!next) continue; // the last assistant turn (prefill): the model continues it
        const nextBlocks = next.role === "user" ? blocksOf(next) : [];
        const results = new Set(
          nextBlocks.flatMap((b) => (b.type === "tool_result" ? [b.tool_use_id] : [])),
        );
        const missing = uses.filter((u) => !results.has(u.id)).map((u) => u.id);
        if (missing.length > 0)
          return `messages.${i + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
        const leading = nextBlocks.findIndex((b) => b.type !== "tool_result");
        const lastResult = nextBlocks.findLastIndex((b) => b.type === "tool_result");
        if (leading !== -1 && leading < lastResult)
          return `messages.${i + 1}: Did not find ${results.size} tool_result block(s) at the beginning of this message. Messages following tool_use blocks must begin with a matching number of tool_result blocks.`;
      }
      return undefined;
    },
  },
  {
    id: "tool-result-without-use",
    title: "a tool_result must answer a tool_use of the previous assistant message",
    url: DOC.handleToolCalls,
    messageSource: "observed",
    appliesTo: all,
    countTokens: true,
    check: ({ body }) => {
      for (const [i, m] of body.messages.entries()) {
        if (m.role !== "user" || typeof m.content === "string") continue;
        const prev = body.messages[i - 1];
        const ids = new Set(
          prev?.role === "assistant"
            ? blocksOf(prev).flatMap((b) => (b.type === "tool_use" ? [b.id] : []))
            : [],
        );
        for (const [j, b] of m.content.entries()) {
          if (b.type === "tool_result" && !ids.has(b.tool_use_id))
            return `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${b.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
        }
      }
      return undefined;
    },
  },
  {
    id: "thinking-signature",
    title:
      "thinking blocks sent back must be unchanged, from this model and this conversation (checked by signature)",
    url: DOC.thinkingTroubleshooting,
    messageSource: "observed",
    appliesTo: all,
    countTokens: true,
    check: ({ body, model }) => {
      for (const [i, m] of body.messages.entries()) {
        if (m.role !== "assistant" || typeof m.content === "string") continue;
        const prefix = conversationHash(body.messages.slice(0, i));
        for (const [j, b] of m.content.entries()) {
          if (b.type !== "thinking") continue;
          if (signThinking(model.id, b.thinking, prefix) !== b.signature)
            return `messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`;
        }
      }
      return undefined;
    },
  },
  {
    id: "cache-breakpoints",
    title: "at most 4 cache_control breakpoints (tools, system, messages, top level)",
    url: DOC.promptCaching,
    messageSource: "observed",
    appliesTo: all,
    countTokens: true,
    check: ({ body }) => {
      const n = countBreakpoints(body);
      return n > 4
        ? `A maximum of 4 blocks with cache_control may be provided. Found ${n}.`
        : undefined;
    },
  },
  {
    id: "json-schema-output",
    title: "output_config.format json_schema must stay within the supported JSON Schema subset",
    url: `${DOC.structuredOutputs}#json-schema-limitations`,
    messageSource: "observed",
    appliesTo: all,
    countTokens: true,
    check: ({ body }) => {
      const format = body.output_config?.format;
      if (!format) return undefined;
      if (format.type !== "json_schema")
        return `output_config.format.type: Input should be 'json_schema'`;
      return schemaProblem(format.schema, "output_config.format.schema");
    },
  },
  {
    id: "strict-tool-schema",
    title: "strict tools' input_schema must stay within the supported JSON Schema subset",
    url: `${DOC.structuredOutputs}#json-schema-limitations`,
    messageSource: "observed",
    appliesTo: all,
    countTokens: true,
    check: ({ body }) => {
      for (const [i, tool] of (body.tools ?? []).entries()) {
        if (tool.strict !== true) continue;
        const problem = schemaProblem(tool.input_schema, `tools.${i}.custom.input_schema`);
        if (problem) return problem;
      }
      return undefined;
    },
  },
  {
    id: "strict-tool-count",
    title: "at most 20 strict tools",
    url: DOC.strictToolUse,
    messageSource: "observed",
    appliesTo: all,
    countTokens: true,
    check: ({ body }) => {
      const n = (body.tools ?? []).filter((t) => t.strict === true).length;
      return n > 20
        ? `Too many strict tools (${n}). The maximum number of strict tools supported is 20. Try reducing the number of tools marked as strict.`
        : undefined;
    },
  },
  {
    id: "strict-optional-params",
    title: "at most 24 optional parameters over all strict schemas and the output format",
    url: `${DOC.structuredOutputs}#json-schema-limitations`,
    messageSource: "observed",
    appliesTo: all,
    countTokens: true,
    check: ({ body }) => {
      const n = strictSchemas(body).reduce<number>((sum, s) => sum + optionalParams(s), 0);
      return n > 24
        ? `Schemas contains too many optional parameters (${n}), which would make grammar compilation inefficient. Reduce the number of optional parameters in your tool schemas (limit: 24).`
        : undefined;
    },
  },
  {
    id: "context-window",
    title: "the prompt must fit in the context window",
    url: DOC.contextWindows,
    messageSource: "observed",
    appliesTo: all,
    countTokens: false,
    check: ({ promptTokens, contextWindow }) =>
      promptTokens > contextWindow
        ? `prompt is too long: ${promptTokens} tokens > ${contextWindow} maximum`
        : undefined,
  },
];

function strictSchemas(body: MessagesBody): unknown[] {
  const out: unknown[] = (body.tools ?? [])
    .filter((t) => t.strict === true)
    .map((t) => t.input_schema);
  if (body.output_config?.format?.schema) out.push(body.output_config.format.schema);
  return out;
}

function optionalParams(schema: unknown): number {
  if (typeof schema !== "object" || schema === null) return 0;
  const s = schema as Record<string, unknown>;
  let n = 0;
  if (s.properties && typeof s.properties === "object") {
    const required = new Set(Array.isArray(s.required) ? s.required : []);
    for (const [k, v] of Object.entries(s.properties)) {
      if (!required.has(k)) n++;
      n += optionalParams(v);
    }
  }
  if (s.items) n += optionalParams(s.items);
  for (const key of ["anyOf", "allOf"])
    if (Array.isArray(s[key])) for (const v of s[key] as unknown[]) n += optionalParams(v);
  for (const key of ["$defs", "definitions"])
    if (s[key] && typeof s[key] === "object")
      for (const v of Object.values(s[key] as object)) n += optionalParams(v);
  return n;
}

export function findRule(id: string): StandinRule {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no stand-in rule ${id}`);
  return rule;
}

/** The first rule the request breaks, with its message; undefined when it is accepted. */
export function validateRequest(
  ctx: RuleContext,
): { rule: StandinRule; message: string } | undefined {
  for (const rule of RULES) {
    if (!rule.appliesTo(ctx.model)) continue;
    if (ctx.endpoint === "count_tokens" && !rule.countTokens) continue;
    const message = rule.check(ctx);
    if (message !== undefined) return { rule, message };
  }
  return undefined;
}

function countBreakpoints(body: MessagesBody): number {
  let n = body.cache_control ? 1 : 0;
  for (const t of body.tools ?? []) if (t.cache_control) n++;
  if (Array.isArray(body.system)) for (const b of body.system) if (b.cache_control) n++;
  for (const m of body.messages) {
    if (typeof m.content === "string") continue;
    for (const b of m.content) if (b.cache_control) n++;
  }
  return n;
}

// ---------------------------------------------------------------------------------------
// The supported JSON Schema subset (structured outputs page, "JSON Schema limitations"), as
// the SDK's own transform (lib/transform-json-schema.ts) also encodes it: every object sets
// `additionalProperties: false`; numeric, string-length and array-size constraints other
// than `minItems` 0 or 1 are refused; `oneOf` is refused (use `anyOf`); enums hold only
// primitives; string formats from a fixed list.

const SUPPORTED_KEYWORDS = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "minItems",
  "enum",
  "const",
  "anyOf",
  "allOf",
  "$ref",
  "$defs",
  "definitions",
  "description",
  "title",
  "default",
  "format",
  "pattern",
  "$schema",
]);
const SUPPORTED_FORMATS = new Set([
  "date-time",
  "time",
  "date",
  "duration",
  "email",
  "hostname",
  "uri",
  "ipv4",
  "ipv6",
  "uuid",
]);

function schemaProblem(schema: unknown, path: string): string | undefined {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema))
    return `${path}: schema must be an object`;
  const s = schema as Record<string, unknown>;
  const types = Array.isArray(s.type) ? s.type : [s.type];
  const unsupported = Object.keys(s).filter((k) => !SUPPORTED_KEYWORDS.has(k));
  if (unsupported.length > 0) {
    const t = typeof s.type === "string" ? s.type : "schema";
    return `${path}: For '${t}' type, properties ${unsupported.sort().join(", ")} are not supported`;
  }
  if (types.includes("object")) {
    if (s.additionalProperties !== false)
      return `${path}: For 'object' type, 'additionalProperties' must be explicitly set to false`;
  }
  if (s.minItems !== undefined && s.minItems !== 0 && s.minItems !== 1)
    return `${path}: For 'array' type, 'minItems' values other than 0 or 1 are not supported`;
  if (s.format !== undefined && !SUPPORTED_FORMATS.has(String(s.format)))
    return `${path}: For 'string' type, format '${String(s.format)}' is not supported`;
  if (typeof s.pattern === "string" && /\(\?[=!<]|\\[bB1-9]/.test(s.pattern))
    return `${path}: For 'string' type, the regex pattern uses a feature that is not supported (backreferences, lookaround, word boundaries)`;
  if (Array.isArray(s.enum) && s.enum.some((v) => typeof v === "object" && v !== null))
    return `${path}: enum values must be strings, numbers, booleans or null`;
  const children: Array<[unknown, string]> = [];
  if (s.properties && typeof s.properties === "object")
    for (const [k, v] of Object.entries(s.properties))
      children.push([v, `${path}.properties.${k}`]);
  if (s.items !== undefined) children.push([s.items, `${path}.items`]);
  for (const key of ["anyOf", "allOf"] as const)
    if (Array.isArray(s[key]))
      for (const [i, v] of (s[key] as unknown[]).entries())
        children.push([v, `${path}.${key}.${i}`]);
  for (const key of ["$defs", "definitions"] as const)
    if (s[key] && typeof s[key] === "object")
      for (const [k, v] of Object.entries(s[key] as object))
        children.push([v, `${path}.${key}.${k}`]);
  for (const [child, childPath] of children) {
    const problem = schemaProblem(child, childPath);
    if (problem) return problem;
  }
  return undefined;
}
