/**
 * Rules on what the conversation holds: non-empty content, tool calls and results in
 * pairs, thinking blocks sent back unchanged, at most 4 cache breakpoints.
 *
 * Read by the rule table (standin-rules.ts), which sets the order rules are checked in.
 */
import { DOC } from "./standin-docs.ts";
import { blocksOf, type MessagesBody } from "./standin-request.ts";
import { everyModel, type StandinRule } from "./standin-rule-types.ts";
import { conversationHash, signThinking } from "./standin-signatures.ts";

export const CONVERSATION_RULES: StandinRule[] = [
  {
    id: "empty-content",
    title: "every message needs content, except an optional final assistant message",
    url: DOC.validationErrors,
    messageSource: "observed",
    appliesTo: everyModel,
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
    appliesTo: everyModel,
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
    appliesTo: everyModel,
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
    appliesTo: everyModel,
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
    appliesTo: everyModel,
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
    appliesTo: everyModel,
    countTokens: true,
    check: ({ body }) => {
      const n = countBreakpoints(body);
      return n > 4
        ? `A maximum of 4 blocks with cache_control may be provided. Found ${n}.`
        : undefined;
    },
  },
];

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
