/**
 * The stand-in's public shapes: requests as scripts see them, the replies a script or the
 * queue gives, what is recorded of each request, the options and the handle.
 *
 * Written with the stand-in (anthropic-standin.ts, which re-exports them all); read by
 * every test, bench and scenario that drives the stand-in.
 */
import type { StandinModel } from "./standin-models.ts";
import type { MessagesBody } from "./standin-request.ts";

export interface StandinRequest {
  /** 1-based, in arrival order. */
  id: number;
  headers: Record<string, string | string[] | undefined>;
  body: MessagesBody;
}

/** One tool call of an answer. */
export interface StandinToolCall {
  name: string;
  input: unknown;
}

/** Fields every answer may set. */
interface AnswerOptions {
  /**
   * The thinking block's text when `display` returns it (`summarized`); at the default
   * `omitted` the block's text is empty. Default: a short sentence.
   */
  thinking?: string;
  /** Tokens the thinking takes (counted in output_tokens and against max_tokens). Default 12. */
  thinkingTokens?: number;
}

export type StandinReply =
  /** A text answer (stopReason forces a stop reason, e.g. a scripted truncation). */
  | ({
      type: "text";
      text: string;
      stopReason?: "end_turn" | "max_tokens" | "stop_sequence" | "model_context_window_exceeded";
    } & AnswerOptions)
  /** A tool call, optionally after some text, optionally with more calls (parallel calls). */
  | ({
      type: "tool_use";
      name: string;
      input: unknown;
      text?: string;
      more?: StandinToolCall[];
    } & AnswerOptions)
  /** Several tool calls in one answer (parallel tool use), optionally after some text. */
  | ({ type: "tool_uses"; calls: StandinToolCall[]; text?: string } & AnswerOptions)
  /** A refusal: stop_reason "refusal" with stop_details, after optional partial text. */
  | ({
      type: "refusal";
      text?: string;
      category?: "cyber" | "bio" | "frontier_llm" | "reasoning_extraction" | "general_harms" | null;
      explanation?: string | null;
    } & AnswerOptions)
  /** A paused turn (stop_reason "pause_turn"): send the content back to continue. */
  | ({ type: "pause_turn"; text?: string } & AnswerOptions)
  /** An HTTP error in Anthropic's format. */
  | {
      type: "error";
      status: number;
      errorType: string;
      message: string;
      retryAfterSeconds?: number;
      retryAfterMs?: number;
    }
  /** Start streaming, then destroy the socket (a connection reset mid-stream). */
  | { type: "reset" }
  /** Start streaming, then send an SSE `error` event (e.g. overloaded_error mid-stream). */
  | { type: "stream_error"; errorType: string; message: string };

export type StandinScript = (request: StandinRequest) => StandinReply | Promise<StandinReply>;

export interface StandinUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export interface RecordedRequest extends StandinRequest {
  /** ms since the stand-in started. */
  startedAt: number;
  firstTokenAt?: number;
  endedAt?: number;
  /** The latency the stand-in applied (first token + streaming), in ms. */
  plannedLatencyMs?: number;
  /** The reply kind; "error" also for requests the rules refused (see `rejected`). */
  reply?: StandinReply["type"];
  /** Set when a documented rule refused the request (a 400). */
  rejected?: { rule: string; url: string; message: string };
  /** The answer's stop reason, when one was sent. */
  stopReason?: string;
  usage?: StandinUsage;
  /** Input tokens of the whole request as the stand-in counts it (chars / 4). */
  promptTokens: number;
}

export interface StandinLatency {
  /** Delay before the first byte of the answer, fixed or per request. */
  firstTokenMs?: number | ((request: StandinRequest) => number);
  /** Delay per output token while streaming (and added to the JSON answer's delay). */
  perOutputTokenMs?: number;
}

export interface StandinOptions {
  script?: StandinScript;
  latency?: StandinLatency;
  /**
   * A streamed answer waits for this after its last content block, before message_delta:
   * a test holds the end of the stream until it has seen what the client streamed on (the
   * way a slow model keeps the end of its answer), instead of hoping the reads fall apart.
   */
  holdBeforeStop?: (request: RecordedRequest) => Promise<void>;
  /** When set, requests presenting another key (x-api-key or Bearer) get a 401. */
  apiKey?: string;
  /**
   * The models served; others get a 404 not_found_error. Default: the models of the rule
   * table (claude-sonnet-5-5, claude-opus-5-5, claude-haiku-4-5). A model outside the table
   * is served with permissive legacy rules.
   */
  models?: string[];
  /** Prompts larger than this (in tokens) get a 400 "prompt is too long". Default: the model's. */
  contextWindow?: number;
  /** Shortest prefix that can be cached. Default: the model's documented minimum. */
  minCacheTokens?: number;
  /** Override or add model descriptions (limits, thinking, refused settings). */
  modelSpecs?: Record<string, Partial<StandinModel>>;
  /** Called for each request a documented rule refuses (e.g. to log it). */
  onRejected?: (request: RecordedRequest) => void;
  port?: number;
}

export interface Standin {
  /** Base URL for the SDK (`ANTHROPIC_BASE_URL`), e.g. http://127.0.0.1:41234 */
  url: string;
  /** The /v1/messages requests, refused ones included. */
  requests: RecordedRequest[];
  /** The /v1/messages/count_tokens requests, with the count or the refusal. */
  tokenCounts: Array<{ body: MessagesBody; inputTokens?: number; rejected?: string }>;
  /** Queue replies (or reply functions); they are used before the script, in order. */
  enqueue(...replies: Array<StandinReply | StandinScript>): void;
  setScript(script: StandinScript): void;
  /** Highest number of /v1/messages requests in flight at the same time. */
  readonly maxInFlight: number;
  /** The model description the stand-in applies to a model id. */
  model(id: string): StandinModel;
  /** Forget recorded requests, the in-flight maximum, the queue and the prompt cache. */
  reset(): void;
  close(): Promise<void>;
}
