/**
 * What the stand-in knows of each model: limits, thinking modes, effort levels, and which
 * request features it accepts, from the models' documentation pages.
 *
 * Read by the rule table (standin-rules*.ts), the stand-in (anthropic-standin.ts) and
 * standin-rules.test.ts; edited when a model's documentation changes.
 */
import { DOC } from "./standin-docs.ts";

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
