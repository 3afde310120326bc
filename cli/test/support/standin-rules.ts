/**
 * What the Anthropic Messages API accepts, per model, as the stand-in enforces it: the rule
 * table, in the order the rules are checked, and the check itself.
 *
 * Every rule names the documentation page it encodes (`url`), so that the stand-in is
 * written from the documentation and not from the client's assumptions. The rules, like
 * every standin-* file, must stay independent from the client: they import nothing from
 * cli/src or shared/.
 *
 * Messages: each rule says where its text comes from (`messageSource`): quoted from the docs
 * word for word, the live API's text as others captured it (the docs state the rule but not
 * the wording), or, when no text was found, the stand-in's own wording in the API's style
 * (`<path>: <what is wrong>`). Clients must not match on messages; tests of the stand-in do.
 *
 * The rules live by topic in standin-rules-{settings,thinking,conversation,structured}.ts;
 * this table is read by the stand-in's admission (standin-admission.ts) and by
 * standin-rules.test.ts.
 */
import type { RuleContext, StandinRule } from "./standin-rule-types.ts";
import { CONVERSATION_RULES } from "./standin-rules-conversation.ts";
import {
  CONTEXT_WINDOW_RULE,
  EFFORT_RULES,
  FEATURE_RULES,
  MAX_TOKENS_RULE,
} from "./standin-rules-settings.ts";
import { STRUCTURED_OUTPUT_RULES } from "./standin-rules-structured.ts";
import { THINKING_RULES } from "./standin-rules-thinking.ts";

/** Checked in this order: a request breaking several rules is refused for the first. */
export const RULES: StandinRule[] = [
  ...FEATURE_RULES,
  ...THINKING_RULES,
  ...EFFORT_RULES,
  MAX_TOKENS_RULE,
  ...CONVERSATION_RULES,
  ...STRUCTURED_OUTPUT_RULES,
  CONTEXT_WINDOW_RULE,
];

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
