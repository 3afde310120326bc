/**
 * The next turn of a conversation after an answer, built so the API accepts it:
 * - the answer goes back unchanged, thinking blocks included (they are tied to the model
 *   and the conversation that produced them), less empty text blocks, which are refused;
 *   an answer with nothing else left is not sent back at all (no empty assistant turn);
 * - the user turn answers every `tool_use` of the answer with a `tool_result`, first, as
 *   the API requires of the very next message, then says what it has to say.
 * https://platform.claude.com/docs/en/agents-and-tools/tool-use/handle-tool-calls
 * https://platform.claude.com/docs/en/api/errors (empty content, prefill)
 */
import type Anthropic from "@anthropic-ai/sdk";
import type { ModelResponse } from "./client.ts";
import type { MessageParam } from "./request.ts";

export interface ToolReply {
  content: string;
  isError: boolean;
}

export function followUp(
  messages: MessageParam[],
  response: ModelResponse,
  next: {
    /** What each tool call of the answer gets back. */
    toolReply?: (use: ModelResponse["toolUses"][number]) => ToolReply;
    text: string;
  },
): MessageParam[] {
  const kept = response.content.filter((b) => !(b.type === "text" && b.text.trim() === ""));
  const spoke = kept.some((b) => b.type !== "thinking" && b.type !== "redacted_thinking");
  const results: Anthropic.ToolResultBlockParam[] = response.toolUses.map((use) => {
    const reply = next.toolReply?.(use) ?? { content: "Not run.", isError: true };
    return {
      type: "tool_result",
      tool_use_id: use.id,
      content: reply.content,
      ...(reply.isError ? { is_error: true } : {}),
    };
  });
  const user: Anthropic.ContentBlockParam[] = [...results, { type: "text", text: next.text }];
  if (spoke) {
    return [
      ...messages,
      { role: "assistant", content: kept as Anthropic.ContentBlockParam[] },
      { role: "user", content: user },
    ];
  }
  // Nothing to send back: the correction joins the last user turn.
  const last = messages.at(-1);
  const before = messages.slice(0, -1);
  if (last?.role !== "user") return [...messages, { role: "user", content: user }];
  const lastContent: Anthropic.ContentBlockParam[] =
    typeof last.content === "string" ? [{ type: "text", text: last.content }] : last.content;
  return [
    ...before,
    { role: "user", content: [...lastContent, { type: "text", text: next.text }] },
  ];
}
