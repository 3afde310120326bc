/**
 * The model client on the real SDK against the strict stand-in, for every model of the
 * capability table: requests the documentation says the API accepts (the stand-in refuses
 * the rest with a 400, recorded as `rejected`), stop reasons, the one retry layer, usage.
 */
import { MODELS, type ModelInfo } from "@fondation/shared";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  callStructured,
  completeAnswer,
  ModelClient,
  type ModelClientOptions,
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

let standin: Standin;

beforeAll(async () => {
  standin = await startAnthropicStandin({ apiKey: "sk-test-key", minCacheTokens: 100 });
  vi.stubEnv("ANTHROPIC_BASE_URL", standin.url);
  vi.stubEnv("ANTHROPIC_API_KEY", "sk-test-key");
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await standin.close();
});
beforeEach(() => standin.reset());

function client(model: ModelInfo, options: Partial<ModelClientOptions> = {}) {
  return new ModelClient({
    model: model.id,
    ledger: new UsageLedger(),
    retry: { baseDelayMs: 2, maxAttempts: 4 },
    ...options,
  });
}

const bigPrefix = `The code map.\n${"src/file.ts exports parse, format and check\n".repeat(60)}`;
const textRequest = (text = "Say hello.", maxTokens = 500) => ({
  step: "chapters" as const,
  system: systemBlocks([{ text: "You write courses." }, { text: bigPrefix, cache: true }]),
  messages: [{ role: "user" as const, content: text }],
  maxTokens,
  effort: "medium" as const,
});

const tool = {
  name: "record_items",
  description: "Record the items.",
  schema: z.object({
    items: z
      .array(
        z.object({
          id: z
            .string()
            .regex(/^[a-z]+$/)
            .describe("lowercase letters"),
          size: z.number().int(),
        }),
      )
      .min(1),
  }),
};
const structured = (c: ModelClient, maxTokens = 1000) =>
  callStructured(c, {
    step: "abstractions",
    system: systemBlocks([{ text: "List items." }]),
    messages: [{ role: "user", content: "Items please." }],
    tools: [toolDefinition(tool)],
    tool,
    maxTokens,
    effort: "medium",
    check: (value) =>
      value.items.filter((i) => i.id === "forbidden").map((i) => `item ${i.id} is not allowed`),
  });

/** Every request the stand-in saw was one the documented rules accept. */
function expectNoneRejected() {
  expect(standin.requests.map((r) => r.rejected?.message ?? null)).toEqual(
    standin.requests.map(() => null),
  );
}

describe.each(MODELS.map((m) => [m.id, m as ModelInfo] as const))(
  "model client on %s",
  (_, model) => {
    const adaptive = model.capabilities.thinking === "adaptive";

    it("sends a request the model accepts: key, cache mark, budget, effort only where taken", async () => {
      standin.enqueue({ type: "text", text: "Hello there." });
      const answer = await client(model).complete(textRequest("hi", 10_000_000));
      expect(answer.text).toBe("Hello there.");
      expectNoneRejected();
      const [request] = standin.requests;
      expect(presentedKey(request as StandinRequest)).toBe("sk-test-key");
      const body = request?.body ?? ({} as StandinRequest["body"]);
      expect(body).toMatchObject({ model: model.id, stream: true });
      expect(body.max_tokens).toBe(model.maxOutputTokens);
      for (const refused of ["temperature", "top_p", "top_k", "thinking"])
        expect(body).not.toHaveProperty(refused);
      if (model.capabilities.effort) expect(body.output_config).toEqual({ effort: "medium" });
      else expect(body).not.toHaveProperty("output_config");
      // Adaptive models think first; the text is still what the client returns.
      expect(answer.content[0]?.type).toBe(adaptive ? "thinking" : "text");
    });

    it("accounts tokens and cost per request and in total, cache writes then reads", async () => {
      const c = client(model);
      const first = await c.complete(textRequest("first"));
      const second = await c.complete(textRequest("second"));
      expect(first.usage.cacheCreationInputTokens).toBeGreaterThan(0);
      expect(second.usage.cacheReadInputTokens).toBe(first.usage.cacheCreationInputTokens);
      expect(second.usage.cacheCreationInputTokens).toBe(0);
      const p = model.price;
      const expected =
        (p.inputPerMTok * second.usage.inputTokens +
          p.outputPerMTok * second.usage.outputTokens +
          p.cacheReadPerMTok * second.usage.cacheReadInputTokens) /
        1e6;
      expect(second.usage.costUsd).toBeCloseTo(expected, 12);
      expect(c.ledger.total.costUsd).toBeCloseTo(first.usage.costUsd + second.usage.costUsd, 12);
      expect(c.ledger.attempts).toBe(2);
    });

    it("structured output: a strict tool, forced only where the model allows it", async () => {
      standin.enqueue({
        type: "tool_use",
        name: "record_items",
        input: { items: [{ id: "a", size: 1 }] },
        text: "Here are the items.",
      });
      expect(await structured(client(model))).toEqual({ items: [{ id: "a", size: 1 }] });
      expectNoneRejected();
      const body = standin.requests[0]?.body;
      expect(body?.tool_choice).toEqual(
        model.capabilities.refuses.forcedToolChoice
          ? { type: "auto" }
          : { type: "tool", name: "record_items" },
      );
      expect(body?.tools?.[0]).toMatchObject({ name: "record_items", strict: true });
      const schema = JSON.stringify(body?.tools?.[0]?.input_schema);
      expect(schema).toContain('"additionalProperties":false');
      expect(schema).not.toMatch(/"pattern"|"minLength"/);
    });

    it("a wrong tool and parallel calls: every tool_use gets its tool_result, then the right call", async () => {
      standin.enqueue(
        { type: "tool_use", name: "other_tool", input: {} },
        {
          type: "tool_uses",
          calls: [
            { name: "record_items", input: { items: [{ id: "Bad", size: 1 }] } },
            { name: "record_items", input: { items: [{ id: "b", size: 2 }] } },
          ],
        },
        { type: "tool_use", name: "record_items", input: { items: [{ id: "good", size: 2 }] } },
      );
      expect(await structured(client(model))).toEqual({ items: [{ id: "good", size: 2 }] });
      expect(standin.requests).toHaveLength(3);
      expectNoneRejected();
      const last = standin.requests[2]?.body.messages.at(-1);
      const results = JSON.stringify(last?.content);
      expect(results.match(/"type":"tool_result"/g)).toHaveLength(2);
      expect(results).toContain("items[0].id");
    });

    it("sends invalid output back with the validation error, then fails clearly if it stays invalid", async () => {
      standin.setScript(() => ({
        type: "tool_use",
        name: "record_items",
        input: { items: [{ id: "forbidden", size: 1 }] },
      }));
      const error = await structured(client(model)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelError);
      expect(error).toMatchObject({ code: "analysis_failed" });
      expect((error as Error).message).toMatch(/abstractions.*invalid after 3 attempts.*forbidden/);
      expect(standin.requests).toHaveLength(3);
      expectNoneRejected();
    });

    it("an answer cut at max_tokens is never used: asked again once with a larger budget", async () => {
      const items = Array.from({ length: 40 }, (_, i) => ({
        id: "x".repeat(1 + (i % 5)),
        size: i,
      }));
      standin.setScript(() => ({ type: "tool_use", name: "record_items", input: { items } }));
      const cut = await structured(client(model), 60).catch((e: unknown) => e);
      expect(cut).toMatchObject({ code: "analysis_failed" });
      expect((cut as Error).message).toMatch(
        /stopped before its end \(max_tokens\) at 120 output tokens/,
      );
      expect(standin.requests.map((r) => [r.body.max_tokens, r.stopReason])).toEqual([
        [60, "max_tokens"],
        [120, "max_tokens"],
      ]);
      standin.reset();
      // About 50 tokens (plus a few of thinking on adaptive models): cut at 40, whole at 80.
      const whole = "A lesson that needs more room than the first budget gives it. ".repeat(3);
      standin.enqueue({ type: "text", text: whole }, { type: "text", text: whole });
      const answer = await completeAnswer(client(model), textRequest("long", 40), "chapter x");
      expect(answer.text).toBe(whole);
      expect(answer.stopReason).toBe("end_turn");
      expect(standin.requests.map((r) => [r.body.max_tokens, r.stopReason])).toEqual([
        [40, "max_tokens"],
        [80, "end_turn"],
      ]);
    });

    it("a refusal fails clearly with what was refused, and nothing is sent back", async () => {
      standin.enqueue({ type: "refusal", category: "cyber", explanation: "exploit development" });
      const error = await structured(client(model)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "model_refused", retryable: false });
      expect((error as Error).message).toMatch(/declined.*category: cyber; exploit development/);
      expect(standin.requests).toHaveLength(1);
    });
  },
);

const DEFAULT = MODELS[0] as ModelInfo;

describe("one bounded retry layer", () => {
  it("retries 429 and 529 honouring retry-after, and counts every attempt", async () => {
    standin.enqueue(
      errorReply(429, "slow down", { retryAfterMs: 5 }),
      errorReply(529, "overloaded", { retryAfterMs: 5 }),
      { type: "text", text: "finally" },
    );
    const c = client(DEFAULT);
    const answer = await c.complete(textRequest());
    expect(answer).toMatchObject({ text: "finally", attempts: 3 });
    expect(standin.requests.map((r) => r.reply)).toEqual(["error", "error", "text"]);
    expect(c.ledger.requests.map((r) => [r.attempt, r.failed])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
  });

  it("a reset and an overloaded error mid-stream: retried, and their billed input is counted", async () => {
    standin.enqueue(
      { type: "reset" },
      { type: "stream_error", errorType: "overloaded_error", message: "busy" },
      { type: "text", text: "recovered" },
    );
    const c = client(DEFAULT);
    const answer = await c.complete(textRequest());
    expect(answer.text).toBe("recovered");
    const [reset, streamError] = c.ledger.requests;
    // message_start was sent before each break: its input tokens were billed and are kept.
    expect(reset?.usage.inputTokens).toBeGreaterThan(0);
    expect(streamError?.usage.inputTokens).toBeGreaterThan(0);
    const sum = c.ledger.requests.reduce(
      (n, r) =>
        n + r.usage.inputTokens + r.usage.cacheReadInputTokens + r.usage.cacheCreationInputTokens,
      0,
    );
    expect(
      c.ledger.total.inputTokens +
        c.ledger.total.cacheReadInputTokens +
        c.ledger.total.cacheCreationInputTokens,
    ).toBe(sum);
  });

  it("streams text deltas out, numbered by attempt, so a retry's text replaces the broken one's", async () => {
    standin.enqueue(
      { type: "stream_error", errorType: "overloaded_error", message: "busy" },
      { type: "text", text: "recovered after a retry" },
    );
    const c = client(DEFAULT);
    const seen: Array<[string, number]> = [];
    const answer = await c.complete({ ...textRequest(), onText: (d, a) => seen.push([d, a]) });
    const attempts = [...new Set(seen.map(([, a]) => a))];
    expect(attempts).toHaveLength(2);
    const last = seen.filter(([, a]) => a === attempts[1]).map(([d]) => d);
    expect(last.join("")).toBe(answer.text);
    expect(
      seen
        .filter(([, a]) => a === attempts[0])
        .map(([d]) => d)
        .join(""),
    ).toBe("partial");
  });

  it("a storm outlasting the policy: exactly maxAttempts HTTP requests, then a retryable error", async () => {
    standin.setScript(() => errorReply(529, "overloaded", { retryAfterMs: 1 }));
    const error = await client(DEFAULT)
      .complete(textRequest())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "model_unavailable", retryable: true, status: 529 });
    expect((error as Error).message).toMatch(/after 4 attempts.*run the same command again/i);
    expect(standin.requests).toHaveLength(4);
  });

  it("fails at once and clearly on a bad key, a model the API lacks, a refused request, a 413", async () => {
    const auth = await client(DEFAULT, { apiKey: "sk-wrong" })
      .complete(textRequest())
      .catch((e: unknown) => e);
    expect(auth).toMatchObject({ code: "model_auth", retryable: false });
    expect((auth as Error).message).toMatch(/ANTHROPIC_API_KEY/);
    expect((auth as Error).message).not.toMatch(/sk-wrong/);

    const narrow = await startAnthropicStandin({ models: ["claude-haiku-4-5"] });
    const unknown = await client(DEFAULT, { baseURL: narrow.url, apiKey: "k" })
      .complete(textRequest())
      .catch((e: unknown) => e);
    await narrow.close();
    expect(unknown).toMatchObject({ code: "invalid_options", retryable: false });
    expect((unknown as Error).message).toMatch(/claude-sonnet-5-5.*--model/);

    standin.enqueue(
      errorReply(400, "messages.0: something the API refused"),
      errorReply(413, "Request exceeds the maximum allowed number of bytes."),
    );
    for (const status of [400, 413]) {
      const refused = await client(DEFAULT)
        .complete(textRequest())
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: "model_request", retryable: false, status });
      expect((refused as Error).message).toMatch(
        status === 400 ? /something the API refused/ : /maximum allowed number of bytes/,
      );
    }
    // One HTTP request each: permanent errors are not retried.
    expect(standin.requests).toHaveLength(3);
  });
});

describe("token counting", () => {
  it("counts a request's input tokens with the API's endpoint", async () => {
    const c = client(DEFAULT);
    const counted = await c.countTokens(textRequest());
    expect(counted).toBeGreaterThan(500);
    expect(standin.tokenCounts).toHaveLength(1);
    expect(standin.tokenCounts[0]?.inputTokens).toBe(counted);
    expect(standin.requests).toHaveLength(0);
  });
});
