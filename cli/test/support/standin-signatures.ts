/**
 * Thinking signatures: the stand-in signs the thinking blocks it writes, binding them to the
 * model and to the conversation before them, and checks them when they come back
 * (docs: thinking blocks are tied to the model and the conversation that produced them).
 *
 * Written by the answer planner (standin-answer.ts); checked by the `thinking-signature`
 * rule (standin-rules-conversation.ts).
 */
import { createHmac } from "node:crypto";
import { blocksOf, type MessageParam } from "./standin-request.ts";

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
