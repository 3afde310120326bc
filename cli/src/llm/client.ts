/**
 * The one place that talks to the Anthropic Messages API. Every request streams (long
 * chapters must not hit the SDK's non-streaming timeout), is retried when it fails in a
 * transient way, and is added to the usage ledger.
 *
 * Retries happen at two levels: the SDK retries HTTP errors (429, 5xx, 529) with backoff and
 * honours `retry-after`; this client retries failures the SDK cannot see, once the stream
 * has started (a reset socket, an `overloaded_error` event mid-stream).
 */
import Anthropic from "@anthropic-ai/sdk";
import type { PipelineStep, Usage } from "@fondation/shared";
import { classifyModelError, isTransient } from "./errors.ts";
import { type UsageLedger, usageFromSdk } from "./usage.ts";

export type MessageParam = Anthropic.MessageParam;
export type Tool = Anthropic.Tool;
export type TextBlockParam = Anthropic.TextBlockParam;

export interface ModelClientOptions {
  model: string;
  /** Defaults to ANTHROPIC_API_KEY (read by the SDK). */
  apiKey?: string;
  /** Defaults to ANTHROPIC_BASE_URL (read by the SDK), then the public API. */
  baseURL?: string;
  ledger: UsageLedger;
  /** HTTP-level retries done by the SDK. */
  maxRetries?: number;
  /** Retries of a request whose stream broke after it started. */
  streamRetries?: number;
  /** First backoff delay for stream retries; doubles each time, with jitter. */
  retryBaseMs?: number;
  /** Per-request timeout in ms. */
  timeoutMs?: number;
  /** Where the SDK's own warnings go (e.g. a deprecated model), instead of the console. */
  onWarning?: (message: string) => void;
}

export interface ModelRequest {
  step: PipelineStep;
  system: TextBlockParam[];
  messages: MessageParam[];
  maxTokens: number;
  tools?: Tool[];
  toolChoice?: Anthropic.ToolChoice;
  temperature?: number;
  signal?: AbortSignal;
  /** Called once when the answer starts streaming (the prompt cache is written by then). */
  onFirstToken?: () => void;
}

export interface ModelResponse {
  /** Concatenated text blocks. */
  text: string;
  toolUses: Array<{ id: string; name: string; input: unknown }>;
  /** Content as returned, to send back in a follow-up turn. */
  content: Anthropic.ContentBlock[];
  stopReason: string | null;
  usage: Usage;
}

export class ModelClient {
  readonly model: string;
  readonly ledger: UsageLedger;
  private readonly sdk: Anthropic;
  private readonly streamRetries: number;
  private readonly retryBaseMs: number;

  constructor(options: ModelClientOptions) {
    this.model = options.model;
    this.ledger = options.ledger;
    this.streamRetries = options.streamRetries ?? 3;
    this.retryBaseMs = options.retryBaseMs ?? 1_000;
    this.sdk = new Anthropic({
      ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
      ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}),
      maxRetries: options.maxRetries ?? 4,
      timeout: options.timeoutMs ?? 10 * 60_000,
      logger: sdkLogger(options.onWarning),
    });
  }

  async complete(request: ModelRequest): Promise<ModelResponse> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(request);
      } catch (error) {
        if (attempt < this.streamRetries && isTransient(error) && !request.signal?.aborted) {
          await sleep(backoff(this.retryBaseMs, attempt), request.signal);
          continue;
        }
        throw classifyModelError(error, this.model);
      }
    }
  }

  private async once(request: ModelRequest): Promise<ModelResponse> {
    const stream = this.sdk.messages.stream(
      {
        model: this.model,
        max_tokens: request.maxTokens,
        system: request.system,
        messages: request.messages,
        ...(request.tools ? { tools: request.tools } : {}),
        ...(request.toolChoice ? { tool_choice: request.toolChoice } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      },
      request.signal ? { signal: request.signal } : {},
    );
    let started = false;
    stream.on("streamEvent", (event) => {
      if (!started && event.type === "message_start") {
        started = true;
        request.onFirstToken?.();
      }
    });
    const message = await stream.finalMessage();
    const usage = usageFromSdk(message.usage, this.model);
    this.ledger.add({ step: request.step, model: this.model, usage });
    const text = message.content
      .filter((b): b is Anthropic.TextBlock => b.type === "text")
      .map((b) => b.text)
      .join("");
    const toolUses = message.content
      .filter((b): b is Anthropic.ToolUseBlock => b.type === "tool_use")
      .map((b) => ({ id: b.id, name: b.name, input: b.input }));
    return { text, toolUses, content: message.content, stopReason: message.stop_reason, usage };
  }
}

/** The SDK logs to the console by default; its warnings become pipeline log events. */
function sdkLogger(onWarning?: (message: string) => void) {
  const seen = new Set<string>();
  const warn = (message: string, ...rest: unknown[]) => {
    const text = [message, ...rest.map(String)].join(" ");
    if (seen.has(text)) return;
    seen.add(text);
    onWarning?.(text);
  };
  const ignore = () => {};
  return { error: warn, warn, info: ignore, debug: ignore };
}

function backoff(baseMs: number, attempt: number): number {
  const jitter = 0.75 + Math.random() * 0.25;
  return Math.min(baseMs * 2 ** attempt, 30_000) * jitter;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
