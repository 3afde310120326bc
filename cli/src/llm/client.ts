/**
 * The one place that talks to the Anthropic Messages API. Every request is shaped for its
 * model by the capability table (request.ts), streams (long chapters must not hit the
 * SDK's non-streaming timeout), is retried by one bounded policy (retry.ts; the SDK's own
 * retries are off), and every HTTP attempt goes to the usage ledger, tokens included even
 * when the stream broke after `message_start`: what the API billed is never lost.
 */
import Anthropic from "@anthropic-ai/sdk";
import { findModel, type ModelInfo, type PipelineStep, type Usage } from "@fondation/shared";
import { classifyModelError, ModelError } from "./errors.ts";
import { buildParams, type MessageParams, type ModelRequest } from "./request.ts";
import { DEFAULT_RETRY, type RetryPolicy, retryDelay, sleep } from "./retry.ts";
import { type SdkUsage, type UsageLedger, usageFromSdk } from "./usage.ts";

export type { MessageParam, ModelRequest, TextBlockParam, Tool } from "./request.ts";

export interface ModelClientOptions<S extends string = PipelineStep> {
  model: string;
  /** Defaults to ANTHROPIC_API_KEY (read by the SDK). */
  apiKey?: string;
  /** Defaults to ANTHROPIC_BASE_URL (read by the SDK), then the public API. */
  baseURL?: string;
  ledger: UsageLedger<S>;
  retry?: Partial<RetryPolicy>;
  /** Per-attempt timeout in ms. */
  timeoutMs?: number;
  /** Where the SDK's warnings and our retry notices go, instead of the console. */
  onWarning?: (message: string) => void;
}

export interface ModelResponse {
  /** Concatenated text blocks. */
  text: string;
  toolUses: Array<{ id: string; name: string; input: unknown }>;
  /** Content as returned (thinking blocks included), to send back unchanged in a follow-up. */
  content: Anthropic.ContentBlock[];
  stopReason: Anthropic.StopReason | null;
  stopDetails: Anthropic.RefusalStopDetails | null;
  usage: Usage;
  /** HTTP attempts this answer took (1 = no retry). */
  attempts: number;
}

export class ModelClient<S extends string = PipelineStep> {
  readonly model: ModelInfo;
  readonly ledger: UsageLedger<S>;
  readonly retry: RetryPolicy;
  private readonly sdk: Anthropic;
  private readonly warn: (message: string) => void;
  /** HTTP attempts made so far, numbering the text deltas of each (ModelRequest.onText). */
  private attempts = 0;

  constructor(options: ModelClientOptions<S>) {
    const model = findModel(options.model);
    if (!model)
      throw new ModelError("invalid_options", `Unknown model ${options.model}.`, {
        retryable: false,
      });
    this.model = model;
    this.ledger = options.ledger;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.warn = options.onWarning ?? (() => {});
    this.sdk = new Anthropic({
      ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
      ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}),
      maxRetries: 0,
      timeout: options.timeoutMs ?? 10 * 60_000,
      logger: sdkLogger(this.warn),
    });
  }

  /** One answer, retried under the policy; throws a ModelError when it cannot be had. */
  async complete(request: ModelRequest<S>): Promise<ModelResponse> {
    const params = buildParams(this.model, request);
    for (let attempt = 1; ; attempt++) {
      const spent: SdkUsage = { input_tokens: 0, output_tokens: 0 };
      try {
        const message = await this.attempt(params, request, spent);
        const usage = this.record(request, message.usage, attempt, false);
        return response(message, usage, attempt);
      } catch (error) {
        this.record(request, spent, attempt, true);
        if (request.signal?.aborted || error instanceof Anthropic.APIUserAbortError) throw error;
        const wait = retryDelay(error, attempt, this.retry);
        if (wait === undefined) throw classifyModelError(error, this.model.id, attempt);
        this.warn(
          `${request.step}: ${describe(error)}; attempt ${attempt + 1} of ${this.retry.maxAttempts} in ${(wait / 1000).toFixed(1)} s`,
        );
        await sleep(wait, request.signal);
      }
    }
  }

  /** Input tokens of a request as the API counts them (the token-counting endpoint). */
  async countTokens(
    request: Pick<ModelRequest<S>, "system" | "messages" | "tools">,
  ): Promise<number> {
    try {
      const counted = await this.sdk.messages.countTokens({
        model: this.model.id,
        system: request.system,
        messages: request.messages,
        ...(request.tools?.length ? { tools: request.tools } : {}),
      });
      return counted.input_tokens;
    } catch (error) {
      throw classifyModelError(error, this.model.id, 1);
    }
  }

  /** One HTTP attempt; `spent` holds what the stream reported so far if it breaks. */
  private async attempt(
    params: MessageParams,
    request: ModelRequest<S>,
    spent: SdkUsage,
  ): Promise<Anthropic.Message> {
    const stream = this.sdk.messages.stream(
      params,
      request.signal ? { signal: request.signal } : {},
    );
    const attempt = ++this.attempts;
    const onText = request.onText;
    if (onText) stream.on("text", (delta) => onText(delta, attempt));
    stream.on("streamEvent", (event) => {
      if (event.type === "message_start") {
        Object.assign(spent, event.message.usage);
        request.onFirstToken?.();
      } else if (event.type === "message_delta") {
        // Counts in message_delta are cumulative for the message.
        for (const [key, value] of Object.entries(event.usage)) {
          if (typeof value === "number") (spent as unknown as Record<string, number>)[key] = value;
        }
      }
    });
    return stream.finalMessage();
  }

  private record(request: ModelRequest<S>, sdk: SdkUsage, attempt: number, failed: boolean): Usage {
    const usage = usageFromSdk(sdk, this.model);
    this.ledger.add({ step: request.step, model: this.model.id, usage, attempt, failed });
    return usage;
  }
}

function response(message: Anthropic.Message, usage: Usage, attempts: number): ModelResponse {
  const text = message.content
    .filter((b): b is Anthropic.TextBlock => b.type === "text")
    .map((b) => b.text)
    .join("");
  const toolUses = message.content
    .filter((b): b is Anthropic.ToolUseBlock => b.type === "tool_use")
    .map((b) => ({ id: b.id, name: b.name, input: b.input }));
  return {
    text,
    toolUses,
    content: message.content,
    stopReason: message.stop_reason,
    stopDetails: message.stop_details ?? null,
    usage,
    attempts,
  };
}

function describe(error: unknown): string {
  if (error instanceof Anthropic.APIError && error.status !== undefined)
    return `the API answered ${error.status}`;
  return `the connection failed (${(error as Error)?.message ?? String(error)})`;
}

/** The SDK logs to the console by default; its warnings become pipeline log events. */
function sdkLogger(onWarning: (message: string) => void) {
  const seen = new Set<string>();
  const warn = (message: string, ...rest: unknown[]) => {
    const text = [message, ...rest.map(String)].join(" ");
    if (seen.has(text)) return;
    seen.add(text);
    onWarning(text);
  };
  const ignore = () => {};
  return { error: warn, warn, info: ignore, debug: ignore };
}
