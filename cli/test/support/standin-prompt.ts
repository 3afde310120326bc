/**
 * The prompt as the stand-in reads it: every block serialised in cache-prefix order
 * (tools, system, messages) with its cache mark, and the token counts derived from it.
 *
 * Read by the stand-in (prompt sizes, count_tokens), the prompt cache (standin-cache.ts),
 * the answer planner (output sizes) and scripts and benches (`requestText`,
 * `standinTokens`, `blockText`, re-exported by anthropic-standin.ts).
 */
import type { StandinModel } from "./standin-models.ts";
import type { ContentBlock, MessagesBody } from "./standin-request.ts";

/** Rough token count used everywhere in the stand-in: 4 characters per token. */
export function standinTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Tokens of a text with the model's tokenizer (characters per token). */
export function tokensFor(model: StandinModel, text: string): number {
  return Math.ceil(text.length / model.charsPerToken);
}

/** Serialised text of every prompt block, in cache-prefix order, with cache marks. */
export function prefixBlocks(body: MessagesBody): Array<{ text: string; cached: boolean }> {
  const blocks: Array<{ text: string; cached: boolean }> = [];
  for (const tool of body.tools ?? []) {
    blocks.push({
      text: JSON.stringify({
        name: tool.name,
        description: tool.description,
        input_schema: tool.input_schema,
      }),
      cached: Boolean(tool.cache_control),
    });
  }
  const system =
    typeof body.system === "string"
      ? [{ type: "text" as const, text: body.system }]
      : (body.system ?? []);
  for (const block of system) {
    blocks.push({
      text: block.text,
      cached: Boolean("cache_control" in block && block.cache_control),
    });
  }
  for (const message of body.messages ?? []) {
    const content =
      typeof message.content === "string"
        ? [{ type: "text" as const, text: message.content }]
        : message.content;
    for (const block of content) {
      blocks.push({
        text: `${message.role}:${blockText(block)}`,
        cached: Boolean(block.cache_control),
      });
    }
  }
  // Automatic caching: a top-level cache_control marks the last cacheable block.
  // https://platform.claude.com/docs/en/build-with-claude/prompt-caching
  const last = blocks.at(-1);
  if (body.cache_control && last) last.cached = true;
  return blocks;
}

/** Text of one content block, as counted for tokens. */
export function blockText(block: ContentBlock): string {
  if (block.type === "text") return block.text;
  if (block.type === "tool_use") return JSON.stringify(block.input);
  if (block.type === "thinking") return block.thinking;
  if (block.type === "redacted_thinking") return "";
  const c = block.content;
  return typeof c === "string" ? c : (c ?? []).map((p) => p.text).join("\n");
}

/** Input tokens of the whole request: every prompt block. */
export function promptTokens(body: MessagesBody, model: StandinModel): number {
  return prefixBlocks(body).reduce((n, b) => n + tokensFor(model, b.text), 0);
}

/** All the prompt text of a request (system, messages, tool results), for scripts. */
export function requestText(body: MessagesBody): string {
  return prefixBlocks(body)
    .map((b) => b.text)
    .join("\n");
}
