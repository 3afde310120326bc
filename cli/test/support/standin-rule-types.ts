/**
 * What a rule of the stand-in's table is: the request it reads (`RuleContext`), and the
 * rule itself with the documentation page it encodes.
 *
 * Read by the rule files (standin-rules-*.ts), the table (standin-rules.ts) and the
 * stand-in (anthropic-standin.ts, which reports the rule a request broke).
 */
import type { StandinModel } from "./standin-models.ts";
import type { MessagesBody } from "./standin-request.ts";

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

/** `appliesTo` of the rules every model follows. */
export const everyModel = (): boolean => true;
