/**
 * A local stand-in for the Anthropic Messages API, for tests and benchmarks.
 *
 * It is strict the way the real API is, per model: every request is checked against the rule
 * table in ./standin-rules.ts (each rule with the URL of the documentation page it encodes)
 * and refused with a 400 `invalid_request_error` in the API's error shape when it breaks one.
 * It stays independent from the client: nothing here comes from cli/src or shared/.
 *
 * It listens on 127.0.0.1 (port 0 by default) and speaks the real protocol, so the real
 * `@anthropic-ai/sdk` can be pointed at it through `ANTHROPIC_BASE_URL` (or `baseURL`):
 * - `POST /v1/messages`, JSON or SSE streaming (`stream: true`) with the real events
 *   (message_start with the input usage, ping, content_block_start / _delta / _stop for
 *   thinking, text and tool_use blocks, message_delta with the stop reason, stop_details and
 *   the cumulative usage, message_stop) — https://platform.claude.com/docs/en/build-with-claude/streaming
 * - `POST /v1/messages/count_tokens` → `{"input_tokens": N}` with the same validation where
 *   it concerns the prompt — https://platform.claude.com/docs/en/build-with-claude/token-counting
 * - answers shaped like the current models': on adaptive-thinking models every answer starts
 *   with a thinking block (empty text at the default `display: "omitted"`, signed, its tokens
 *   counted in output_tokens); `max_tokens` is honoured (thinking included): a longer answer
 *   is cut there, mid-JSON for a tool call, with stop_reason `max_tokens`; an answer that
 *   would overflow the context window stops with `model_context_window_exceeded`;
 * - errors in Anthropic's format (`{"type":"error","error":{type,message},"request_id"}`)
 *   with a `request-id` header and `retry-after` / `retry-after-ms` when scripted;
 * - usage with `cache_creation_input_tokens` / `cache_read_input_tokens` derived from the
 *   `cache_control` markers (a prefix seen before is a cache read; an entry becomes readable
 *   once the request that wrote it has started streaming, as with the real API); prefixes
 *   shorter than the model's minimum cacheable length are not cached;
 * - latency: a first-token delay (fixed or per request) plus a delay per output token.
 *
 * Replies come from a queue (`enqueue`, consumed first, in order) and then from a script
 * (a function of the request). Refused requests consume neither. Every request is recorded
 * with its timing, usage and (when refused) the rule it broke; the highest number of
 * requests in flight at once is tracked.
 *
 * Used by cli/test (llm-*, pipeline-*, standin-rules), cli/bench and the worker's tests; run
 * it as a process with `node cli/test/support/anthropic-standin-server.ts --port N`.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type ContentBlock,
  conversationHash,
  DOC,
  genericModel,
  type MessagesBody,
  STANDIN_MODELS,
  type StandinModel,
  type StandinRule,
  signThinking,
  validateRequest,
} from "./standin-rules.ts";

export type { ContentBlock, MessagesBody, StandinModel } from "./standin-rules.ts";

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

/** Rough token count used everywhere in the stand-in: 4 characters per token. */
export function standinTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function tokensFor(model: StandinModel, text: string): number {
  return Math.ceil(text.length / model.charsPerToken);
}

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  409: "conflict_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

const DEFAULT_THINKING_TOKENS = 12;
const SUMMARY = "Considering the request and the material given.";

export async function startAnthropicStandin(options: StandinOptions = {}): Promise<Standin> {
  const queue: Array<StandinReply | StandinScript> = [];
  let script: StandinScript = options.script ?? (() => ({ type: "text", text: "ok" }));
  let requests: RecordedRequest[] = [];
  let tokenCounts: Standin["tokenCounts"] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let nextId = 1;
  let cache = new Set<string>();
  const t0 = Date.now();
  const served = new Set(options.models ?? Object.keys(STANDIN_MODELS));

  function modelSpec(id: string): StandinModel {
    const base = STANDIN_MODELS[id] ?? genericModel(id);
    return { ...base, ...options.modelSpecs?.[id] };
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        sendError(
          res,
          500,
          "api_error",
          `stand-in failure: ${String(error)}`,
          "req_standin_failure",
        );
      } else {
        res.destroy();
      }
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? "/", "http://standin").pathname;
    const route =
      path === "/v1/messages" ? "messages" : path === "/v1/messages/count_tokens" ? "count" : null;
    if (req.method !== "POST" || !route) {
      sendError(
        res,
        404,
        "not_found_error",
        `no route ${req.method} ${req.url}`,
        "req_standin_404",
      );
      return;
    }
    let body: MessagesBody;
    try {
      body = JSON.parse(raw) as MessagesBody;
    } catch {
      sendError(res, 400, "invalid_request_error", "body is not JSON", "req_standin_json");
      return;
    }
    if (route === "count") {
      countTokens(req, body, res);
      return;
    }
    const record: RecordedRequest = {
      id: nextId++,
      headers: req.headers,
      body,
      startedAt: Date.now() - t0,
      promptTokens: promptTokens(body, modelSpec(body.model)),
    };
    requests.push(record);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await answer(record, res);
    } finally {
      inFlight--;
      record.endedAt = Date.now() - t0;
    }
  }

  /** Auth, model and the rule table; a refusal message is sent and returned. */
  function refuse(
    headers: IncomingMessage["headers"],
    body: MessagesBody,
    res: ServerResponse,
    rid: string,
    endpoint: "messages" | "count_tokens",
  ): { rule?: StandinRule; message: string } | undefined {
    if (options.apiKey !== undefined && keyOf(headers) !== options.apiKey) {
      sendError(res, 401, "authentication_error", "invalid x-api-key", rid);
      return { message: "invalid x-api-key" };
    }
    if (!served.has(body.model)) {
      sendError(res, 404, "not_found_error", `model: ${body.model}`, rid);
      return { message: `model: ${body.model}` };
    }
    if (!Array.isArray(body.messages)) {
      sendError(res, 400, "invalid_request_error", "messages: Field required", rid);
      return { message: "messages: Field required" };
    }
    if (endpoint === "messages" && typeof body.max_tokens !== "number") {
      sendError(res, 400, "invalid_request_error", "max_tokens: Field required", rid);
      return { message: "max_tokens: Field required" };
    }
    const model = modelSpec(body.model);
    const broken = validateRequest({
      body,
      model,
      promptTokens: promptTokens(body, model),
      contextWindow: options.contextWindow ?? model.contextWindow,
      endpoint,
    });
    if (broken) {
      sendError(res, 400, "invalid_request_error", broken.message, rid);
      return broken;
    }
    return undefined;
  }

  function countTokens(req: IncomingMessage, body: MessagesBody, res: ServerResponse): void {
    const rid = `req_standin_count_${tokenCounts.length + 1}`;
    const refused = refuse(req.headers, body, res, rid, "count_tokens");
    if (refused) {
      tokenCounts.push({ body, rejected: refused.message });
      return;
    }
    const inputTokens = promptTokens(body, modelSpec(body.model));
    tokenCounts.push({ body, inputTokens });
    res.writeHead(200, { "content-type": "application/json", "request-id": rid });
    res.end(JSON.stringify({ input_tokens: inputTokens }));
  }

  async function answer(record: RecordedRequest, res: ServerResponse): Promise<void> {
    const { body } = record;
    const rid = requestId(record);
    const refused = refuse(record.headers, body, res, rid, "messages");
    if (refused) {
      record.reply = "error";
      if (refused.rule) {
        record.rejected = {
          rule: refused.rule.id,
          url: refused.rule.url,
          message: refused.message,
        };
        options.onRejected?.(record);
      }
      return;
    }
    const model = modelSpec(body.model);
    const next = queue.shift() ?? script;
    const reply = typeof next === "function" ? await next(record) : next;
    record.reply = reply.type;
    if (reply.type === "error") {
      await sleep(firstTokenDelay(record));
      sendError(res, reply.status, reply.errorType, reply.message, rid, reply);
      return;
    }
    const perToken = options.latency?.perOutputTokenMs ?? 0;
    const contextWindow = options.contextWindow ?? model.contextWindow;
    const planned = planAnswer(record, reply, model, contextWindow);
    const firstDelay = firstTokenDelay(record);
    record.plannedLatencyMs = firstDelay + perToken * planned.outputTokens;
    // The cache is looked up on arrival and written once the answer starts.
    const minCache = options.minCacheTokens ?? model.minCacheTokens;
    const usage = { ...cacheUsage(body, record.promptTokens, model, minCache), output_tokens: 0 };
    usage.output_tokens = planned.outputTokens;
    await sleep(firstDelay);
    for (const b of cacheable(body, model, minCache)) cache.add(b.hash);
    record.firstTokenAt = Date.now() - t0;
    record.usage = usage;
    record.stopReason = planned.stopReason ?? undefined;
    const message = {
      id: `msg_standin_${record.id}`,
      type: "message",
      role: "assistant",
      model: body.model,
      content: planned.blocks.map((b) => b.final),
      stop_reason: planned.stopReason,
      stop_sequence: null,
      stop_details: planned.stopDetails,
      usage: fullUsage(usage),
    };
    if (body.stream) {
      await streamMessage(res, rid, message, planned, reply, perToken, model);
    } else {
      await sleep(perToken * planned.outputTokens);
      res.writeHead(200, { "content-type": "application/json", "request-id": rid });
      res.end(JSON.stringify(message));
    }
  }

  function firstTokenDelay(record: RecordedRequest): number {
    const f = options.latency?.firstTokenMs ?? 0;
    return typeof f === "function" ? f(record) : f;
  }

  /**
   * Usage from the cache_control breakpoints. Prefix order is tools, system, messages (the
   * real API's order). The longest breakpoint prefix already cached is read; the part up
   * to the last breakpoint beyond it is written.
   */
  function cacheUsage(
    body: MessagesBody,
    total: number,
    model: StandinModel,
    minCache: number,
  ): StandinUsage {
    const breakpoints = cacheable(body, model, minCache);
    let read = 0;
    for (const b of breakpoints) if (cache.has(b.hash)) read = Math.max(read, b.tokens);
    const last = breakpoints.at(-1);
    const written = last && last.tokens > read ? last.tokens - read : 0;
    return {
      input_tokens: Math.max(0, total - read - written),
      output_tokens: 0,
      cache_creation_input_tokens: written,
      cache_read_input_tokens: read,
    };
  }

  function cacheable(body: MessagesBody, model: StandinModel, minCache: number) {
    return prefixBreakpoints(body, model).filter((b) => b.tokens >= minCache);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    get tokenCounts() {
      return tokenCounts;
    },
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    setScript: (s) => {
      script = s;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    model: modelSpec,
    reset: () => {
      requests = [];
      tokenCounts = [];
      maxInFlight = 0;
      cache = new Set();
      queue.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The standard error type for an HTTP status, for scripts that build errors. */
export function errorReply(
  status: number,
  message = `stand-in error ${status}`,
  retry: { retryAfterSeconds?: number; retryAfterMs?: number } = {},
): StandinReply {
  return {
    type: "error",
    status,
    errorType: ERROR_TYPES[status] ?? "api_error",
    message,
    ...retry,
  };
}

/** The key a request presents: `x-api-key`, or `Authorization: Bearer` (both accepted). */
export function presentedKey(request: StandinRequest): string | undefined {
  return keyOf(request.headers);
}

function keyOf(headers: StandinRequest["headers"]): string | undefined {
  const key = headers["x-api-key"];
  if (typeof key === "string") return key;
  const auth = headers.authorization;
  return typeof auth === "string" ? auth.replace(/^Bearer\s+/i, "") : undefined;
}

function requestId(record: RecordedRequest): string {
  return `req_standin_${record.id}`;
}

/** Errors in the API's shape, https://platform.claude.com/docs/en/api/errors */
function sendError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  rid: string,
  retry?: { retryAfterSeconds?: number; retryAfterMs?: number },
): void {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "request-id": rid,
    // The stand-in decides retries by status alone, like the real API without the header.
  };
  if (retry?.retryAfterSeconds !== undefined)
    headers["retry-after"] = String(retry.retryAfterSeconds);
  if (retry?.retryAfterMs !== undefined) headers["retry-after-ms"] = String(retry.retryAfterMs);
  res.writeHead(status, headers);
  res.end(
    JSON.stringify({
      type: "error",
      error: { type: type || ERROR_TYPES[status] || "api_error", message },
      request_id: rid,
    }),
  );
}

function fullUsage(usage: StandinUsage) {
  return {
    ...usage,
    cache_creation: {
      ephemeral_5m_input_tokens: usage.cache_creation_input_tokens,
      ephemeral_1h_input_tokens: 0,
    },
    service_tier: "standard",
  };
}

// ---------------------------------------------------------------------------------------
// The answer: blocks in order (thinking, text, tool calls), cut where the output budget ends.

interface PlannedBlock {
  /** The block as it appears in the final message. */
  final: Record<string, unknown>;
  /** For streaming: the text of the deltas (thinking, text or partial JSON). */
  streamed: string;
  tokens: number;
}

interface PlannedAnswer {
  blocks: PlannedBlock[];
  outputTokens: number;
  stopReason: string | null;
  stopDetails: unknown;
}

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

function planAnswer(
  record: RecordedRequest,
  reply: Exclude<StandinReply, { type: "error" }>,
  model: StandinModel,
  contextWindow: number,
): PlannedAnswer {
  const { body } = record;
  const wanted: Array<
    | { kind: "thinking"; text: string; tokens: number }
    | { kind: "text"; text: string }
    | { kind: "tool_use"; id: string; name: string; input: unknown }
  > = [];
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

  // The output budget: max_tokens, or what is left of the context window if that is less.
  const room = Math.max(0, contextWindow - record.promptTokens);
  const budget = Math.min(body.max_tokens, room);
  const budgetStop = body.max_tokens <= room ? "max_tokens" : "model_context_window_exceeded";
  const prefix = conversationHash(body.messages);
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
  let stopReason: string | null;
  let stopDetails: unknown = null;
  if (cut) stopReason = budgetStop;
  else if (reply.type === "text") stopReason = reply.stopReason ?? "end_turn";
  else if (reply.type === "tool_use" || reply.type === "tool_uses") stopReason = "tool_use";
  else if (reply.type === "refusal") {
    stopReason = "refusal";
    stopDetails = {
      type: "refusal",
      category: reply.category === undefined ? null : reply.category,
      explanation: reply.explanation === undefined ? null : reply.explanation,
    };
  } else if (reply.type === "pause_turn") stopReason = "pause_turn";
  else stopReason = null;
  return { blocks, outputTokens: used, stopReason, stopDetails };
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

async function streamMessage(
  res: ServerResponse,
  rid: string,
  message: Record<string, unknown> & { usage: ReturnType<typeof fullUsage> },
  planned: PlannedAnswer,
  reply: Exclude<StandinReply, { type: "error" }>,
  perTokenMs: number,
  model: StandinModel,
): Promise<void> {
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    "request-id": rid,
  });
  const send = (event: string, data: unknown) =>
    new Promise<void>((resolve) =>
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`, () => resolve()),
    );
  const { usage } = message;
  // message_start: the input usage, and a small output count (the final one is in message_delta).
  await send("message_start", {
    type: "message_start",
    message: {
      ...message,
      content: [],
      stop_reason: null,
      stop_details: null,
      usage: { ...usage, output_tokens: Math.min(1, usage.output_tokens) },
    },
  });
  await send("ping", { type: "ping" });
  for (const [index, block] of planned.blocks.entries()) {
    const final = block.final;
    if (final.type === "thinking") {
      await send("content_block_start", {
        type: "content_block_start",
        index,
        content_block: { type: "thinking", thinking: "", signature: "" },
      });
      await sleep(perTokenMs * block.tokens);
      for (const piece of chunks(block.streamed)) {
        await send("content_block_delta", {
          type: "content_block_delta",
          index,
          delta: { type: "thinking_delta", thinking: piece },
        });
      }
      await send("content_block_delta", {
        type: "content_block_delta",
        index,
        delta: { type: "signature_delta", signature: final.signature },
      });
    } else if (final.type === "text") {
      await send("content_block_start", {
        type: "content_block_start",
        index,
        content_block: { type: "text", text: "" },
      });
      for (const piece of chunks(block.streamed)) {
        await sleep(perTokenMs * tokensFor(model, piece));
        await send("content_block_delta", {
          type: "content_block_delta",
          index,
          delta: { type: "text_delta", text: piece },
        });
      }
      if (reply.type === "reset") {
        res.socket?.destroy();
        return;
      }
      if (reply.type === "stream_error") {
        await send("error", {
          type: "error",
          error: { type: reply.errorType, message: reply.message },
          request_id: rid,
        });
        res.end();
        return;
      }
    } else {
      await send("content_block_start", {
        type: "content_block_start",
        index,
        content_block: { type: "tool_use", id: final.id, name: final.name, input: {} },
      });
      for (const piece of chunks(block.streamed)) {
        await sleep(perTokenMs * tokensFor(model, piece));
        await send("content_block_delta", {
          type: "content_block_delta",
          index,
          delta: { type: "input_json_delta", partial_json: piece },
        });
      }
    }
    await send("content_block_stop", { type: "content_block_stop", index });
  }
  // message_delta: the stop reason and the cumulative usage.
  await send("message_delta", {
    type: "message_delta",
    delta: {
      stop_reason: message.stop_reason,
      stop_sequence: null,
      stop_details: message.stop_details,
    },
    usage: {
      input_tokens: usage.input_tokens,
      cache_creation_input_tokens: usage.cache_creation_input_tokens,
      cache_read_input_tokens: usage.cache_read_input_tokens,
      output_tokens: usage.output_tokens,
    },
  });
  await send("message_stop", { type: "message_stop" });
  res.end();
}

/** Split streamed text in pieces of about 64 characters (16 tokens). */
function chunks(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += 64) out.push(text.slice(i, i + 64));
  return out.length > 0 ? out : [""];
}

/** Serialised text of every prompt block, in cache-prefix order, with cache marks. */
function prefixBlocks(body: MessagesBody): Array<{ text: string; cached: boolean }> {
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

function prefixBreakpoints(
  body: MessagesBody,
  model: StandinModel,
): Array<{ hash: string; tokens: number }> {
  const hash = createHash("sha256");
  hash.update(body.model);
  let tokens = 0;
  const out: Array<{ hash: string; tokens: number }> = [];
  for (const block of prefixBlocks(body)) {
    hash.update(block.text);
    hash.update("\u0000");
    tokens += tokensFor(model, block.text);
    if (block.cached) out.push({ hash: hash.copy().digest("hex"), tokens });
  }
  return out;
}

function promptTokens(body: MessagesBody, model: StandinModel): number {
  return prefixBlocks(body).reduce((n, b) => n + tokensFor(model, b.text), 0);
}

/** All the prompt text of a request (system, messages, tool results), for scripts. */
export function requestText(body: MessagesBody): string {
  return prefixBlocks(body)
    .map((b) => b.text)
    .join("\n");
}

/** Where the stand-in's behaviour is documented, for tests that cite it. */
export const STANDIN_DOCS = DOC;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}
