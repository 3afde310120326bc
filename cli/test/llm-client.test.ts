/** The model client on the real SDK, against the local stand-in (ANTHROPIC_BASE_URL). */
import { findModel } from "@fondation/shared";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  callStructured,
  ModelClient,
  ModelError,
  systemBlocks,
  toolDefinition,
  UsageLedger,
} from "../src/llm/index.ts";
import {
  errorReply,
  presentedKey,
  type Standin,
  type StandinRequest,
  startAnthropicStandin,
} from "./support/anthropic-standin.ts";

const MODEL = "claude-haiku-4-5";
let standin: Standin;

beforeAll(async () => {
  standin = await startAnthropicStandin({
    apiKey: "sk-test-key",
    models: [MODEL, "claude-sonnet-5-5"],
    contextWindow: 50_000,
    minCacheTokens: 100,
  });
  vi.stubEnv("ANTHROPIC_BASE_URL", standin.url);
  vi.stubEnv("ANTHROPIC_API_KEY", "sk-test-key");
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await standin.close();
});
beforeEach(() => standin.reset());

function client(options: Partial<ConstructorParameters<typeof ModelClient>[0]> = {}) {
  return new ModelClient({ model: MODEL, ledger: new UsageLedger(), retryBaseMs: 5, ...options });
}

const bigPrefix = `The code map.\n${"src/file.ts exports parse, format and check\n".repeat(60)}`;
const ask = (c: ModelClient, text = "Say hello.") =>
  c.complete({
    step: "chapters",
    system: systemBlocks([{ text: "You write courses." }, { text: bigPrefix, cache: true }]),
    messages: [{ role: "user", content: text }],
    maxTokens: 500,
  });

describe("model client", () => {
  it("streams a Messages API request with the key, the model and the cache mark", async () => {
    standin.enqueue({ type: "text", text: "Hello there." });
    const answer = await ask(client());
    expect(answer.text).toBe("Hello there.");
    const [request] = standin.requests;
    expect(presentedKey(request as StandinRequest)).toBe("sk-test-key");
    expect(request?.headers["anthropic-version"]).toBeTruthy();
    expect(request?.body).toMatchObject({ model: MODEL, max_tokens: 500, stream: true });
    expect(request?.body.system).toEqual([
      { type: "text", text: "You write courses." },
      { type: "text", text: bigPrefix, cache_control: { type: "ephemeral" } },
    ]);
  });

  it("accounts tokens and cost per request and in total, cache writes then reads", async () => {
    const c = client();
    const first = await ask(c, "first");
    const second = await ask(c, "second");
    expect(first.usage.cacheCreationInputTokens).toBeGreaterThan(0);
    expect(first.usage.cacheReadInputTokens).toBe(0);
    expect(second.usage.cacheReadInputTokens).toBe(first.usage.cacheCreationInputTokens);
    expect(second.usage.cacheCreationInputTokens).toBe(0);
    const price = findModel(MODEL)?.price;
    expect(price).toBeDefined();
    const expected =
      ((price?.inputPerMTok ?? 0) * second.usage.inputTokens +
        (price?.outputPerMTok ?? 0) * second.usage.outputTokens +
        (price?.cacheReadPerMTok ?? 0) * second.usage.cacheReadInputTokens) /
      1e6;
    expect(second.usage.costUsd).toBeCloseTo(expected, 12);
    expect(c.ledger.requests).toHaveLength(2);
    expect(c.ledger.total.inputTokens).toBe(first.usage.inputTokens + second.usage.inputTokens);
    expect(c.ledger.total.costUsd).toBeCloseTo(first.usage.costUsd + second.usage.costUsd, 12);
  });

  it("retries 429 and 529 (honouring retry-after) and then succeeds", async () => {
    standin.enqueue(
      errorReply(429, "slow down", { retryAfterMs: 5 }),
      errorReply(529, "overloaded", { retryAfterMs: 5 }),
      { type: "text", text: "finally" },
    );
    const answer = await ask(client());
    expect(answer.text).toBe("finally");
    expect(standin.requests.map((r) => r.reply)).toEqual(["error", "error", "text"]);
  });

  it("retries a connection reset and an overloaded error in the middle of the stream", async () => {
    standin.enqueue(
      { type: "reset" },
      { type: "stream_error", errorType: "overloaded_error", message: "busy" },
      {
        type: "text",
        text: "recovered",
      },
    );
    const c = client();
    const answer = await ask(c);
    expect(answer.text).toBe("recovered");
    expect(standin.requests.map((r) => r.reply)).toEqual(["reset", "stream_error", "text"]);
    // Only the request that finished is billed.
    expect(c.ledger.requests).toHaveLength(1);
  });

  it("gives up on a transient error after the retries with a retryable model error", async () => {
    standin.setScript(() => errorReply(529, "overloaded", { retryAfterMs: 1 }));
    const error = await ask(client({ maxRetries: 1, streamRetries: 0 })).catch((e: unknown) => e);
    standin.setScript(() => ({ type: "text", text: "ok" }));
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ code: "model_unavailable", retryable: true, status: 529 });
    expect(standin.requests).toHaveLength(2);
  });

  it("fails at once and clearly on a bad key, an unknown model and a prompt too long", async () => {
    const auth = await ask(client({ apiKey: "sk-wrong" })).catch((e: unknown) => e);
    expect(auth).toMatchObject({ code: "model_auth", retryable: false });
    expect((auth as Error).message).toMatch(/ANTHROPIC_API_KEY/);
    expect((auth as Error).message).not.toMatch(/sk-wrong/);

    const unknown = await ask(client({ model: "claude-nonexistent" })).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: "invalid_options", retryable: false });
    expect((unknown as Error).message).toMatch(/claude-nonexistent.*--model/);

    const tooLong = await ask(client(), "x".repeat(240_000)).catch((e: unknown) => e);
    expect(tooLong).toMatchObject({ code: "analysis_failed", retryable: false });
    expect((tooLong as Error).message).toMatch(/prompt is too long/);
    // One request each: permanent errors are not retried.
    expect(standin.requests).toHaveLength(3);
  });
});

describe("structured output", () => {
  const tool = {
    name: "record_items",
    description: "Record the items.",
    schema: z.object({
      items: z.array(z.object({ id: z.string().regex(/^[a-z]+$/), size: z.number().int() })).min(1),
    }),
  };
  const call = (c: ModelClient) =>
    callStructured(c, {
      step: "abstractions",
      system: systemBlocks([{ text: "List items." }]),
      messages: [{ role: "user", content: "Items please." }],
      tools: [toolDefinition(tool)],
      tool,
      maxTokens: 1000,
      check: (value) =>
        value.items.filter((i) => i.id === "forbidden").map((i) => `item ${i.id} is not allowed`),
    });

  it("sends the tool with a JSON schema and forces it", async () => {
    standin.enqueue({
      type: "tool_use",
      name: "record_items",
      input: { items: [{ id: "a", size: 1 }] },
    });
    expect(await call(client())).toEqual({ items: [{ id: "a", size: 1 }] });
    const body = standin.requests[0]?.body;
    expect(body?.tool_choice).toEqual({ type: "tool", name: "record_items" });
    expect(body?.tools?.[0]).toMatchObject({
      name: "record_items",
      input_schema: { type: "object" },
    });
    expect(JSON.stringify(body?.tools?.[0]?.input_schema)).toContain('"items"');
  });

  it("sends invalid output back with the validation error, then accepts a valid one", async () => {
    standin.enqueue(
      { type: "tool_use", name: "record_items", input: { items: [{ id: "Bad Id", size: 1.5 }] } },
      { type: "tool_use", name: "record_items", input: { items: [{ id: "forbidden", size: 1 }] } },
      { type: "tool_use", name: "record_items", input: { items: [{ id: "good", size: 2 }] } },
    );
    expect(await call(client())).toEqual({ items: [{ id: "good", size: 2 }] });
    expect(standin.requests).toHaveLength(3);
    const retry = standin.requests[1]?.body.messages ?? [];
    expect(retry).toHaveLength(3);
    expect(retry[1]?.role).toBe("assistant");
    const feedback = JSON.stringify(retry[2]?.content);
    expect(feedback).toContain('"is_error":true');
    expect(feedback).toContain("items[0].id");
    expect(JSON.stringify(standin.requests[2]?.body.messages[4]?.content)).toContain(
      "item forbidden is not allowed",
    );
  });

  it("fails clearly when the output stays invalid", async () => {
    standin.setScript(() => ({ type: "tool_use", name: "record_items", input: { items: [] } }));
    const error = await call(client()).catch((e: unknown) => e);
    standin.setScript(() => ({ type: "text", text: "ok" }));
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ code: "analysis_failed" });
    expect((error as Error).message).toMatch(/abstractions.*invalid after 3 attempts/);
    expect(standin.requests).toHaveLength(3);
  });
});
