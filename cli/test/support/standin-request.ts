/**
 * The part of a Messages API request body the stand-in reads, as types, and the helper
 * that sees every message as content blocks.
 *
 * Read by the rules, the stand-in and the scripts that answer requests
 * (standin-course-scenario.ts, tests, benches through anthropic-standin.ts).
 */

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
