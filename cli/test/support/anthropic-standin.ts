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
 * it as a process with `node cli/test/support/anthropic-standin-server.ts --port N`. This
 * file is the server and its state, and the one import path for users: it re-exports the
 * shapes (standin-types.ts) and helpers for scripts. The parts: standin-admission.ts (auth,
 * model, fields, the rule table of standin-rules.ts), standin-answer.ts (the answer's
 * blocks and stop reason), standin-stream.ts (SSE), standin-cache.ts (prompt cache),
 * standin-prompt.ts (token counts), standin-http.ts (errors and bodies).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { refusalOf } from "./standin-admission.ts";
import { type AnswerReply, answerMessage, planAnswer } from "./standin-answer.ts";
import { PromptCache } from "./standin-cache.ts";
import { DOC } from "./standin-docs.ts";
import { readBody, sendError, sendJson } from "./standin-http.ts";
import { firstTokenDelay, sleep } from "./standin-latency.ts";
import { genericModel, STANDIN_MODELS, type StandinModel } from "./standin-models.ts";
import { promptTokens } from "./standin-prompt.ts";
import type { MessagesBody } from "./standin-request.ts";
import { streamMessage } from "./standin-stream.ts";
import type {
  RecordedRequest,
  Standin,
  StandinOptions,
  StandinReply,
  StandinScript,
} from "./standin-types.ts";

export { errorReply, presentedKey } from "./standin-http.ts";
export type { StandinModel } from "./standin-models.ts";
export { blockText, requestText, standinTokens } from "./standin-prompt.ts";
export type { ContentBlock, MessagesBody } from "./standin-request.ts";
export type {
  RecordedRequest,
  Standin,
  StandinLatency,
  StandinOptions,
  StandinReply,
  StandinRequest,
  StandinScript,
  StandinToolCall,
  StandinUsage,
} from "./standin-types.ts";

/** Where the stand-in's behaviour is documented, for tests that cite it. */
export const STANDIN_DOCS = DOC;

export async function startAnthropicStandin(options: StandinOptions = {}): Promise<Standin> {
  const queue: Array<StandinReply | StandinScript> = [];
  let script: StandinScript = options.script ?? (() => ({ type: "text", text: "ok" }));
  let requests: RecordedRequest[] = [];
  let tokenCounts: Standin["tokenCounts"] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let nextId = 1;
  const cache = new PromptCache();
  const t0 = Date.now();
  const served = new Set(options.models ?? Object.keys(STANDIN_MODELS));

  function modelSpec(id: string): StandinModel {
    const base = STANDIN_MODELS[id] ?? genericModel(id);
    return { ...base, ...options.modelSpecs?.[id] };
  }

  const admission = {
    apiKey: options.apiKey,
    served,
    model: modelSpec,
    contextWindow: options.contextWindow,
  };

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

  function countTokens(req: IncomingMessage, body: MessagesBody, res: ServerResponse): void {
    const rid = `req_standin_count_${tokenCounts.length + 1}`;
    const refused = refusalOf(req.headers, body, "count_tokens", admission);
    if (refused) {
      sendError(res, refused.status, refused.errorType, refused.message, rid);
      tokenCounts.push({ body, rejected: refused.message });
      return;
    }
    const inputTokens = promptTokens(body, modelSpec(body.model));
    tokenCounts.push({ body, inputTokens });
    sendJson(res, rid, { input_tokens: inputTokens });
  }

  async function answer(record: RecordedRequest, res: ServerResponse): Promise<void> {
    const rid = `req_standin_${record.id}`;
    if (refused(record, res, rid)) return;
    const next = queue.shift() ?? script;
    const reply = typeof next === "function" ? await next(record) : next;
    record.reply = reply.type;
    if (reply.type === "error") {
      await sleep(firstTokenDelay(options.latency, record));
      sendError(res, reply.status, reply.errorType, reply.message, rid, reply);
      return;
    }
    await sendAnswer(record, reply, res, rid);
  }

  /** Send the refusal, if any, and record it (with the rule a documented rule refused it by). */
  function refused(record: RecordedRequest, res: ServerResponse, rid: string): boolean {
    const refusal = refusalOf(record.headers, record.body, "messages", admission);
    if (!refusal) return false;
    sendError(res, refusal.status, refusal.errorType, refusal.message, rid);
    record.reply = "error";
    if (refusal.rule) {
      record.rejected = { rule: refusal.rule.id, url: refusal.rule.url, message: refusal.message };
      options.onRejected?.(record);
    }
    return true;
  }

  /** The answer after its latency, with the cache looked up on arrival and written at the start. */
  async function sendAnswer(
    record: RecordedRequest,
    reply: AnswerReply,
    res: ServerResponse,
    rid: string,
  ): Promise<void> {
    const { body } = record;
    const model = modelSpec(body.model);
    const perToken = options.latency?.perOutputTokenMs ?? 0;
    const contextWindow = options.contextWindow ?? model.contextWindow;
    const planned = planAnswer(record, reply, model, contextWindow);
    const firstDelay = firstTokenDelay(options.latency, record);
    record.plannedLatencyMs = firstDelay + perToken * planned.outputTokens;
    // The cache is looked up on arrival and written once the answer starts.
    const minCache = options.minCacheTokens ?? model.minCacheTokens;
    const usage = { ...cache.usage(body, record.promptTokens, model, minCache), output_tokens: 0 };
    usage.output_tokens = planned.outputTokens;
    await sleep(firstDelay);
    cache.write(body, model, minCache);
    record.firstTokenAt = Date.now() - t0;
    record.usage = usage;
    record.stopReason = planned.stopReason ?? undefined;
    const message = answerMessage(record, planned, usage);
    if (body.stream) {
      const hold = options.holdBeforeStop;
      await streamMessage(res, rid, message, planned, reply, perToken, model, () =>
        hold ? hold(record) : Promise.resolve(),
      );
    } else {
      await sleep(perToken * planned.outputTokens);
      sendJson(res, rid, message);
    }
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
      cache.clear();
      queue.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
