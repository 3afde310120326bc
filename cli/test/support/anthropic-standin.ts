/**
 * A local stand-in for the Anthropic Messages API, for tests and benchmarks.
 *
 * It listens on 127.0.0.1 (port 0 by default) and speaks the real protocol, so the real
 * `@anthropic-ai/sdk` can be pointed at it through `ANTHROPIC_BASE_URL` (or `baseURL`):
 * - `POST /v1/messages`, JSON or SSE streaming (`stream: true`) with the real `event:` lines
 *   (message_start, content_block_start, content_block_delta with text_delta or
 *   input_json_delta, content_block_stop, message_delta with usage, message_stop);
 * - errors in Anthropic's format (`{"type":"error","error":{type,message}}`) with the right
 *   status codes and `retry-after` / `retry-after-ms` headers;
 * - usage with `cache_creation_input_tokens` / `cache_read_input_tokens` derived from the
 *   `cache_control` markers (a prefix seen before is a cache read; an entry becomes
 *   readable once the request that wrote it has started streaming, as with the real API);
 * - latency: a first-token delay (fixed or per request) plus a delay per output token.
 *
 * Replies come from a queue (`enqueue`, consumed first, in order) and then from a script
 * (a function of the request). Every request is recorded with its timing and usage, and
 * the highest number of requests in flight at once is tracked.
 *
 * Used by cli/test (llm-*, pipeline-*), cli/bench, and later the worker's tests; run it as
 * a process with `node cli/test/support/anthropic-standin-server.ts --port N --scenario course`.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** The part of a Messages API request body the stand-in looks at. */
export interface MessagesBody {
  model: string;
  max_tokens: number;
  stream?: boolean;
  system?: string | Array<{ type: "text"; text: string; cache_control?: unknown }>;
  messages: Array<{ role: "user" | "assistant"; content: string | ContentBlock[] }>;
  tools?: Array<{
    name: string;
    description?: string;
    input_schema: unknown;
    cache_control?: unknown;
  }>;
  tool_choice?: { type: string; name?: string };
  [key: string]: unknown;
}

export type ContentBlock =
  | { type: "text"; text: string; cache_control?: unknown }
  | { type: "tool_use"; id: string; name: string; input: unknown; cache_control?: unknown }
  | {
      type: "tool_result";
      tool_use_id: string;
      content?: string | Array<{ type: "text"; text: string }>;
      is_error?: boolean;
      cache_control?: unknown;
    };

export interface StandinRequest {
  /** 1-based, in arrival order. */
  id: number;
  headers: Record<string, string | string[] | undefined>;
  body: MessagesBody;
}

export type StandinReply =
  /** A text answer. */
  | { type: "text"; text: string; stopReason?: "end_turn" | "max_tokens" }
  /** A tool call (structured output), optionally after some text. */
  | { type: "tool_use"; name: string; input: unknown; text?: string }
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
  reply?: StandinReply["type"];
  usage?: StandinUsage;
  /** Input tokens of the whole request as the stand-in counts them (chars / 4). */
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
  /** When set, other models get a 404 not_found_error. */
  models?: string[];
  /** Prompts larger than this (in tokens) get a 400 "prompt is too long". */
  contextWindow?: number;
  /** Shortest prefix that can be cached (the real API: 1024 tokens for Sonnet). */
  minCacheTokens?: number;
  port?: number;
}

export interface Standin {
  /** Base URL for the SDK (`ANTHROPIC_BASE_URL`), e.g. http://127.0.0.1:41234 */
  url: string;
  requests: RecordedRequest[];
  /** Queue replies (or reply functions); they are used before the script, in order. */
  enqueue(...replies: Array<StandinReply | StandinScript>): void;
  setScript(script: StandinScript): void;
  /** Highest number of /v1/messages requests in flight at the same time. */
  readonly maxInFlight: number;
  /** Forget recorded requests, the in-flight maximum and the prompt cache. */
  reset(): void;
  close(): Promise<void>;
}

/** Rough token count used everywhere in the stand-in: 4 characters per token. */
export function standinTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

export async function startAnthropicStandin(options: StandinOptions = {}): Promise<Standin> {
  const queue: Array<StandinReply | StandinScript> = [];
  let script: StandinScript = options.script ?? (() => ({ type: "text", text: "ok" }));
  let requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let nextId = 1;
  let cache = new Set<string>();
  const t0 = Date.now();
  const minCacheTokens = options.minCacheTokens ?? 1024;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        sendError(res, 500, "api_error", `stand-in failure: ${String(error)}`);
      } else {
        res.destroy();
      }
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    if (req.method !== "POST" || !req.url?.startsWith("/v1/messages")) {
      sendError(res, 404, "not_found_error", `no route ${req.method} ${req.url}`);
      return;
    }
    let body: MessagesBody;
    try {
      body = JSON.parse(raw) as MessagesBody;
    } catch {
      sendError(res, 400, "invalid_request_error", "body is not JSON");
      return;
    }
    const record: RecordedRequest = {
      id: nextId++,
      headers: req.headers,
      body,
      startedAt: Date.now() - t0,
      promptTokens: promptTokens(body),
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

  async function answer(record: RecordedRequest, res: ServerResponse): Promise<void> {
    const { body } = record;
    if (options.apiKey !== undefined && presentedKey(record) !== options.apiKey) {
      record.reply = "error";
      sendError(res, 401, "authentication_error", "invalid x-api-key");
      return;
    }
    if (options.models && !options.models.includes(body.model)) {
      record.reply = "error";
      sendError(res, 404, "not_found_error", `model: ${body.model}`);
      return;
    }
    if (options.contextWindow !== undefined && record.promptTokens > options.contextWindow) {
      record.reply = "error";
      sendError(
        res,
        400,
        "invalid_request_error",
        `prompt is too long: ${record.promptTokens} tokens > ${options.contextWindow} maximum`,
      );
      return;
    }
    const next = queue.shift() ?? script;
    const reply = typeof next === "function" ? await next(record) : next;
    record.reply = reply.type;
    if (reply.type === "error") {
      await sleep(firstTokenDelay(record));
      sendError(res, reply.status, reply.errorType, reply.message, reply);
      return;
    }
    const outputText =
      reply.type === "text"
        ? reply.text
        : reply.type === "tool_use"
          ? (reply.text ?? "") + JSON.stringify(reply.input)
          : "partial";
    const perToken = options.latency?.perOutputTokenMs ?? 0;
    const outputTokens = standinTokens(outputText);
    const firstDelay = firstTokenDelay(record);
    record.plannedLatencyMs = firstDelay + perToken * outputTokens;
    // The cache is looked up on arrival and written once the answer starts.
    const usage = { ...cacheUsage(body, record.promptTokens), output_tokens: outputTokens };
    await sleep(firstDelay);
    for (const b of cacheable(body)) cache.add(b.hash);
    record.firstTokenAt = Date.now() - t0;
    record.usage = usage;
    const message = messageFor(record, reply, usage);
    if (body.stream) {
      await streamMessage(res, message, reply, perToken);
    } else {
      await sleep(perToken * outputTokens);
      res.writeHead(200, { "content-type": "application/json", "request-id": requestId(record) });
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
  function cacheUsage(body: MessagesBody, total: number): StandinUsage {
    const breakpoints = cacheable(body);
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

  function cacheable(body: MessagesBody) {
    return prefixBreakpoints(body).filter((b) => b.tokens >= minCacheTokens);
  }

  function sendError(
    res: ServerResponse,
    status: number,
    type: string,
    message: string,
    retry?: { retryAfterSeconds?: number; retryAfterMs?: number },
  ): void {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "request-id": `req_standin_error_${status}`,
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
      }),
    );
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
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
    reset: () => {
      requests = [];
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
  const key = request.headers["x-api-key"];
  if (typeof key === "string") return key;
  const auth = request.headers.authorization;
  return typeof auth === "string" ? auth.replace(/^Bearer\s+/i, "") : undefined;
}

function requestId(record: RecordedRequest): string {
  return `req_standin_${record.id}`;
}

function messageFor(record: RecordedRequest, reply: StandinReply, usage: StandinUsage) {
  const content: unknown[] = [];
  if (reply.type === "text") content.push({ type: "text", text: reply.text });
  if (reply.type === "tool_use") {
    if (reply.text) content.push({ type: "text", text: reply.text });
    content.push({
      type: "tool_use",
      id: `toolu_standin_${record.id}`,
      name: reply.name,
      input: reply.input,
    });
  }
  return {
    id: `msg_standin_${record.id}`,
    type: "message",
    role: "assistant",
    model: record.body.model,
    content,
    stop_reason:
      reply.type === "tool_use"
        ? "tool_use"
        : reply.type === "text"
          ? (reply.stopReason ?? "end_turn")
          : null,
    stop_sequence: null,
    usage,
  };
}

async function streamMessage(
  res: ServerResponse,
  message: ReturnType<typeof messageFor>,
  reply: StandinReply,
  perTokenMs: number,
): Promise<void> {
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    "request-id": message.id.replace("msg_", "req_"),
  });
  const send = (event: string, data: unknown) =>
    new Promise<void>((resolve) =>
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`, () => resolve()),
    );
  const { usage } = message;
  await send("message_start", {
    type: "message_start",
    message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } },
  });
  if (reply.type === "reset" || reply.type === "stream_error") {
    await send("content_block_start", {
      type: "content_block_start",
      index: 0,
      content_block: { type: "text", text: "" },
    });
    await send("content_block_delta", {
      type: "content_block_delta",
      index: 0,
      delta: { type: "text_delta", text: "partial" },
    });
    if (reply.type === "reset") {
      res.socket?.destroy();
      return;
    }
    await send("error", {
      type: "error",
      error: { type: reply.errorType, message: reply.message },
    });
    res.end();
    return;
  }
  let index = 0;
  for (const block of message.content as Array<Record<string, unknown>>) {
    if (block.type === "text") {
      await send("content_block_start", {
        type: "content_block_start",
        index,
        content_block: { type: "text", text: "" },
      });
      for (const piece of chunks(String(block.text))) {
        await sleep(perTokenMs * standinTokens(piece));
        await send("content_block_delta", {
          type: "content_block_delta",
          index,
          delta: { type: "text_delta", text: piece },
        });
      }
    } else {
      await send("content_block_start", {
        type: "content_block_start",
        index,
        content_block: { type: "tool_use", id: block.id, name: block.name, input: {} },
      });
      for (const piece of chunks(JSON.stringify(block.input))) {
        await sleep(perTokenMs * standinTokens(piece));
        await send("content_block_delta", {
          type: "content_block_delta",
          index,
          delta: { type: "input_json_delta", partial_json: piece },
        });
      }
    }
    await send("content_block_stop", { type: "content_block_stop", index });
    index++;
  }
  await send("message_delta", {
    type: "message_delta",
    delta: { stop_reason: message.stop_reason, stop_sequence: null },
    usage: { output_tokens: usage.output_tokens },
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
  for (const message of body.messages) {
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
  return blocks;
}

/** Text of one content block, as counted for tokens. */
export function blockText(block: ContentBlock): string {
  if (block.type === "text") return block.text;
  if (block.type === "tool_use") return JSON.stringify(block.input);
  const c = block.content;
  return typeof c === "string" ? c : (c ?? []).map((p) => p.text).join("\n");
}

function prefixBreakpoints(body: MessagesBody): Array<{ hash: string; tokens: number }> {
  const hash = createHash("sha256");
  hash.update(body.model);
  let tokens = 0;
  const out: Array<{ hash: string; tokens: number }> = [];
  for (const block of prefixBlocks(body)) {
    hash.update(block.text);
    hash.update("\u0000");
    tokens += standinTokens(block.text);
    if (block.cached) out.push({ hash: hash.copy().digest("hex"), tokens });
  }
  return out;
}

function promptTokens(body: MessagesBody): number {
  return prefixBlocks(body).reduce((n, b) => n + standinTokens(b.text), 0);
}

/** All the prompt text of a request (system, messages, tool results), for scripts. */
export function requestText(body: MessagesBody): string {
  return prefixBlocks(body)
    .map((b) => b.text)
    .join("\n");
}

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
