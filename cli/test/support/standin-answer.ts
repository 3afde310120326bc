/**
 * The answer to a request: its blocks in order (thinking, text, tool calls), cut where the
 * output budget ends, its stop reason, and the message the API would return.
 *
 * Read by the stand-in (anthropic-standin.ts), which sends the message as JSON or hands it
 * to the SSE writer (standin-stream.ts) with the planned blocks.
 */
import type { StandinModel } from "./standin-models.ts";
import { tokensFor } from "./standin-prompt.ts";
import type { MessagesBody } from "./standin-request.ts";
import { conversationHash, signThinking } from "./standin-signatures.ts";
import type {
  RecordedRequest,
  StandinReply,
  StandinToolCall,
  StandinUsage,
} from "./standin-types.ts";

/** A reply that makes an answer (an HTTP error is sent without one). */
export type AnswerReply = Exclude<StandinReply, { type: "error" }>;

export interface PlannedBlock {
  /** The block as it appears in the final message. */
  final: Record<string, unknown>;
  /** For streaming: the text of the deltas (thinking, text or partial JSON). */
  streamed: string;
  tokens: number;
}

export interface PlannedAnswer {
  blocks: PlannedBlock[];
  outputTokens: number;
  stopReason: string | null;
  stopDetails: unknown;
}

/** A block the reply asks for, before the output budget cuts it. */
type WantedBlock =
  | { kind: "thinking"; text: string; tokens: number }
  | { kind: "text"; text: string }
  | { kind: "tool_use"; id: string; name: string; input: unknown };

const DEFAULT_THINKING_TOKENS = 12;
const SUMMARY = "Considering the request and the material given.";

/**
 * Whether this answer starts with a thinking block: always on adaptive models (except
 * Sonnet 5.5's `between_tools`, which thinks only between tool calls), and on manual models
 * when the request enables thinking.
 * https://platform.claude.com/docs/en/models/sonnet-5-5/whats-new-sonnet-5-5#turn-off-up-front-thinking
 */
function thinks(body: MessagesBody, model: StandinModel): boolean {
  const type = body.thinking?.type;
  if (model.thinking.mode === "manual") return type === "enabled";
  if (type === "between_tools") {
    const last = body.messages.at(-1);
    return (
      !!last &&
      typeof last.content !== "string" &&
      last.content.some((b) => b.type === "tool_result")
    );
  }
  return true;
}

export function planAnswer(
  record: RecordedRequest,
  reply: AnswerReply,
  model: StandinModel,
  contextWindow: number,
): PlannedAnswer {
  const { body } = record;
  // The output budget: max_tokens, or what is left of the context window if that is less.
  const room = Math.max(0, contextWindow - record.promptTokens);
  const budget = Math.min(body.max_tokens, room);
  const budgetStop = body.max_tokens <= room ? "max_tokens" : "model_context_window_exceeded";
  const { blocks, used, cut } = cutToBudget(
    wantedBlocks(record, reply, model),
    budget,
    model,
    conversationHash(body.messages),
  );
  const { stopReason, stopDetails } = cut
    ? { stopReason: budgetStop, stopDetails: null }
    : stopOf(reply);
  return { blocks, outputTokens: used, stopReason, stopDetails };
}

/** The blocks the reply asks for, in the answer's order, thinking first when the model thinks. */
function wantedBlocks(
  record: RecordedRequest,
  reply: AnswerReply,
  model: StandinModel,
): WantedBlock[] {
  const { body } = record;
  const wanted: WantedBlock[] = [];
  const withAnswer = reply.type !== "reset" && reply.type !== "stream_error";
  if (withAnswer && thinks(body, model)) {
    const display = body.thinking?.display ?? model.thinking.display;
    const text = display === "summarized" ? (reply.thinking ?? SUMMARY) : "";
    wanted.push({
      kind: "thinking",
      text,
      tokens: reply.thinkingTokens ?? DEFAULT_THINKING_TOKENS,
    });
  }
  let calls: StandinToolCall[] = [];
  if (reply.type === "text") wanted.push({ kind: "text", text: reply.text });
  if (reply.type === "tool_use" || reply.type === "tool_uses") {
    if (reply.text) wanted.push({ kind: "text", text: reply.text });
    calls =
      reply.type === "tool_use"
        ? [{ name: reply.name, input: reply.input }, ...(reply.more ?? [])]
        : reply.calls;
    for (const [i, c] of calls.entries())
      wanted.push({ kind: "tool_use", id: toolUseId(record, i), ...c });
  }
  if ((reply.type === "refusal" || reply.type === "pause_turn") && reply.text)
    wanted.push({ kind: "text", text: reply.text });
  if (reply.type === "reset" || reply.type === "stream_error")
    wanted.push({ kind: "text", text: "partial" });
  return wanted;
}

/**
 * The wanted blocks while the budget lasts: the block that crosses it is cut (text at the
 * token where it ends, a tool call mid-JSON) and the ones after it are dropped.
 */
function cutToBudget(
  wanted: WantedBlock[],
  budget: number,
  model: StandinModel,
  prefix: string,
): { blocks: PlannedBlock[]; used: number; cut: boolean } {
  const blocks: PlannedBlock[] = [];
  let used = 0;
  let cut = false;
  for (const w of wanted) {
    const left = budget - used;
    if (left <= 0) {
      cut = true;
      break;
    }
    if (w.kind === "thinking") {
      const tokens = Math.min(w.tokens, left);
      cut = tokens < w.tokens;
      const signature = signThinking(model.id, w.text, prefix);
      blocks.push({
        final: { type: "thinking", thinking: w.text, signature },
        streamed: w.text,
        tokens,
      });
      used += tokens;
    } else {
      const full = w.kind === "text" ? w.text : JSON.stringify(w.input);
      const need = tokensFor(model, full);
      const text = need > left ? full.slice(0, left * model.charsPerToken) : full;
      cut = need > left;
      const tokens = Math.min(need, left);
      used += tokens;
      blocks.push(
        w.kind === "text"
          ? { final: { type: "text", text }, streamed: text, tokens }
          : {
              // A tool call cut mid-JSON: the stream carries the partial JSON; the JSON
              // answer can only hold an object, so its input is what parses (or {}).
              final: {
                type: "tool_use",
                id: w.id,
                name: w.name,
                input: cut ? parseOrEmpty(text) : w.input,
              },
              streamed: text,
              tokens,
            },
      );
    }
    if (cut) break;
  }
  return { blocks, used, cut };
}

/** The stop reason (and details) of an answer the budget did not cut. */
function stopOf(reply: AnswerReply): { stopReason: string | null; stopDetails: unknown } {
  if (reply.type === "text")
    return { stopReason: reply.stopReason ?? "end_turn", stopDetails: null };
  if (reply.type === "tool_use" || reply.type === "tool_uses")
    return { stopReason: "tool_use", stopDetails: null };
  if (reply.type === "refusal")
    return {
      stopReason: "refusal",
      stopDetails: {
        type: "refusal",
        category: reply.category === undefined ? null : reply.category,
        explanation: reply.explanation === undefined ? null : reply.explanation,
      },
    };
  if (reply.type === "pause_turn") return { stopReason: "pause_turn", stopDetails: null };
  return { stopReason: null, stopDetails: null };
}

function parseOrEmpty(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return {};
  }
}

function toolUseId(record: RecordedRequest, index: number): string {
  return index === 0 ? `toolu_standin_${record.id}` : `toolu_standin_${record.id}_${index + 1}`;
}

/** Usage as the API reports it: the counts, the cache writes by lifetime, the tier. */
export type ReportedUsage = ReturnType<typeof reportedUsage>;

function reportedUsage(usage: StandinUsage) {
  return {
    ...usage,
    cache_creation: {
      ephemeral_5m_input_tokens: usage.cache_creation_input_tokens,
      ephemeral_1h_input_tokens: 0,
    },
    service_tier: "standard",
  };
}

/** The message the API returns for this answer (the JSON answer; the stream's last state). */
export function answerMessage(
  record: RecordedRequest,
  planned: PlannedAnswer,
  usage: StandinUsage,
) {
  return {
    id: `msg_standin_${record.id}`,
    type: "message",
    role: "assistant",
    model: record.body.model,
    content: planned.blocks.map((b) => b.final),
    stop_reason: planned.stopReason,
    stop_sequence: null,
    stop_details: planned.stopDetails,
    usage: reportedUsage(usage),
  };
}

export type AnswerMessage = ReturnType<typeof answerMessage>;
