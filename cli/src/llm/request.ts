/**
 * The shape of a Messages API request, from the model's entry in the capability table
 * (shared/src/models.ts). The pipeline says what it wants (a tool to call, an effort, a
 * budget); this module says how the chosen model must be asked, so no step carries
 * model-specific branches. Pages: https://platform.claude.com/docs/en/models/sonnet-5-5/migration-guide,
 * https://platform.claude.com/docs/en/build-with-claude/structured-outputs,
 * https://platform.claude.com/docs/en/build-with-claude/effort.
 */
import type Anthropic from "@anthropic-ai/sdk";
import type { Effort, ModelInfo, PipelineStep } from "@fondation/shared";

export type MessageParam = Anthropic.MessageParam;
export type Tool = Anthropic.Tool;
export type TextBlockParam = Anthropic.TextBlockParam;

/** `S`: what the ledger records a request under (a pipeline step, or `ask` for a question). */
export interface ModelRequest<S extends string = PipelineStep> {
  step: S;
  system: TextBlockParam[];
  messages: MessageParam[];
  /** Output budget, thinking included; capped at the model's maximum. */
  maxTokens: number;
  /** Tools offered (the same list on every request keeps the cached prefix). */
  tools?: Tool[];
  /**
   * The tool the answer must call, if any. Forced where the model allows it, else offered
   * with `tool_choice: auto` and asked for in the prompt. Absent: no tool may be called.
   */
  requiredTool?: string;
  /** How hard the model thinks, on models that take `output_config.effort`. */
  effort?: Effort;
  signal?: AbortSignal;
  /** Called once when the answer starts streaming (the prompt cache is written by then). */
  onFirstToken?: () => void;
  /**
   * Text deltas as they stream. `attempt` numbers the HTTP attempts of this client: a retried
   * (or re-asked) answer streams again from its start under a new number, so a caller that
   * forwards deltas drops what it had when the number changes.
   */
  onText?: (delta: string, attempt: number) => void;
}

export type MessageParams = Anthropic.MessageCreateParamsNonStreaming;

/** The request body for `model`. Never sends what the model refuses. */
export function buildParams(model: ModelInfo, request: ModelRequest<string>): MessageParams {
  const caps = model.capabilities;
  const params: MessageParams = {
    model: model.id,
    max_tokens: Math.min(request.maxTokens, model.maxOutputTokens),
    system: request.system,
    messages: request.messages,
  };
  if (request.tools && request.tools.length > 0) {
    params.tools = caps.structuredOutputs
      ? request.tools.map((t) => ({ ...t, strict: true }))
      : request.tools;
    params.tool_choice = toolChoice(model, request.requiredTool);
  }
  if (request.effort && caps.effort?.levels.includes(request.effort))
    params.output_config = { effort: request.effort };
  // Adaptive thinking is the default on models that have it: `thinking` is left out, since
  // budgets and `disabled` are refused there. Models with manual thinking run without it.
  return params;
}

function toolChoice(model: ModelInfo, required: string | undefined): Anthropic.ToolChoice {
  if (required === undefined) return { type: "none" };
  if (!model.capabilities.refuses.forcedToolChoice) return { type: "tool", name: required };
  return { type: "auto" };
}
