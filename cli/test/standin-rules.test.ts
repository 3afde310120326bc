/**
 * The Anthropic stand-in encodes the documentation: one row per documented rule, per model
 * where it applies, each with its doc URL. Every row sends raw HTTP requests (fetch, not the
 * client) and shows both sides: the request the API refuses gets a 400 invalid_request_error
 * in the API's error shape with the rule's message, and the corrected request gets a 200.
 * Then the answers' shape (streaming as current models do it), count_tokens, the SDK parsing
 * the stream, and the course scenario without forced tool choice.
 */
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type MessagesBody,
  type Standin,
  type StandinReply,
  startAnthropicStandin,
} from "./support/anthropic-standin.ts";
import { courseScenario } from "./support/standin-course-scenario.ts";
import { DOC } from "./support/standin-docs.ts";
import { STANDIN_MODELS } from "./support/standin-models.ts";
import { findRule, RULES } from "./support/standin-rules.ts";

const SONNET = "claude-sonnet-5-5";
const OPUS = "claude-opus-5-5";
const HAIKU = "claude-haiku-4-5";
const ALL = [SONNET, OPUS, HAIKU];
const FIVE_FIVE = [SONNET, OPUS];

let standin: Standin;

beforeAll(async () => {
  standin = await startAnthropicStandin();
});
afterAll(async () => {
  await standin.close();
});
beforeEach(() => standin.reset());

type Body = Omit<MessagesBody, "model"> & { model?: string };

async function post(body: Body, path = "/v1/messages") {
  const res = await fetch(`${standin.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "anthropic-version": "2023-06-01" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    requestId: res.headers.get("request-id"),
    text,
    json: safeJson(text),
  };
}

function safeJson(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const hello = [{ role: "user" as const, content: "Hello" }];
const tool = { name: "record", description: "Record it", input_schema: { type: "object" } };

function strictTool(schema: unknown, name = "record") {
  return { name, input_schema: schema, strict: true };
}

const goodSchema = {
  type: "object",
  properties: {
    title: { type: "string", description: "A title" },
    tags: { type: "array", items: { type: "string" }, minItems: 1 },
    level: { type: "string", enum: ["low", "high"] },
    when: { type: "string", format: "date" },
  },
  required: ["title", "tags", "level", "when"],
  additionalProperties: false,
};

function toolLoop(result: unknown[]) {
  return [
    { role: "user" as const, content: "Look it up" },
    {
      role: "assistant" as const,
      content: [
        { type: "tool_use", id: "toolu_a", name: "record", input: {} },
        { type: "tool_use", id: "toolu_b", name: "record", input: {} },
      ],
    },
    { role: "user" as const, content: result },
  ];
}
const resultA = { type: "tool_result", tool_use_id: "toolu_a", content: "done" };
const resultB = { type: "tool_result", tool_use_id: "toolu_b", content: "done" };

function system(n: number, cached: number) {
  return Array.from({ length: n }, (_, i) => ({
    type: "text" as const,
    text: `Part ${i}`,
    ...(i < cached ? { cache_control: { type: "ephemeral" } } : {}),
  }));
}

function optionalProps(n: number) {
  return {
    type: "object",
    properties: Object.fromEntries(
      Array.from({ length: n }, (_, i) => [`p${i}`, { type: "string" }]),
    ),
    additionalProperties: false,
  };
}

interface Row {
  rule: string;
  /** What this row shows, when the rule has several rows. */
  case?: string;
  /** Models on which the API refuses `rejected`. */
  models: string[];
  rejected: Body;
  accepted: Body;
  message: string | RegExp;
  /** Models on which the same `rejected` request is accepted (the rule does not apply). */
  acceptedOn?: string[];
}

const ROWS: Row[] = [
  {
    rule: "forced-tool-choice",
    case: "type tool",
    models: FIVE_FIVE,
    rejected: {
      max_tokens: 256,
      messages: hello,
      tools: [tool],
      tool_choice: { type: "tool", name: "record" },
    },
    accepted: { max_tokens: 256, messages: hello, tools: [tool], tool_choice: { type: "auto" } },
    message:
      'tool_choice.type: "tool" (forced tool use) is not supported for this model. Use "auto" or "none".',
    acceptedOn: [HAIKU],
  },
  {
    rule: "forced-tool-choice",
    case: "type any",
    models: FIVE_FIVE,
    rejected: { max_tokens: 256, messages: hello, tools: [tool], tool_choice: { type: "any" } },
    accepted: { max_tokens: 256, messages: hello, tools: [tool], tool_choice: { type: "none" } },
    message: /"any" \(forced tool use\) is not supported/,
    acceptedOn: [HAIKU],
  },
  {
    rule: "sampling-parameters",
    case: "temperature",
    models: FIVE_FIVE,
    rejected: { max_tokens: 256, messages: hello, temperature: 0.2 },
    accepted: { max_tokens: 256, messages: hello, temperature: 1 },
    message: "temperature is deprecated for this model",
    acceptedOn: [HAIKU],
  },
  {
    rule: "sampling-parameters",
    case: "top_p",
    models: FIVE_FIVE,
    rejected: { max_tokens: 256, messages: hello, top_p: 0.9 },
    accepted: { max_tokens: 256, messages: hello },
    message: "top_p is deprecated for this model",
    acceptedOn: [HAIKU],
  },
  {
    rule: "sampling-parameters",
    case: "top_k",
    models: FIVE_FIVE,
    rejected: { max_tokens: 256, messages: hello, top_k: 5 },
    accepted: { max_tokens: 256, messages: hello },
    message: "top_k is deprecated for this model",
    acceptedOn: [HAIKU],
  },
  {
    rule: "prefill",
    models: FIVE_FIVE,
    rejected: { max_tokens: 256, messages: [...hello, { role: "assistant", content: "{" }] },
    accepted: { max_tokens: 256, messages: hello },
    message:
      "This model does not support assistant message prefill. The conversation must end with a user message.",
    acceptedOn: [HAIKU],
  },
  {
    rule: "thinking-enabled",
    models: FIVE_FIVE,
    rejected: {
      max_tokens: 4096,
      messages: hello,
      thinking: { type: "enabled", budget_tokens: 2048 },
    },
    accepted: { max_tokens: 4096, messages: hello, thinking: { type: "adaptive" } },
    message:
      '"thinking.type.enabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.',
    acceptedOn: [HAIKU],
  },
  {
    rule: "thinking-disabled",
    case: "Opus 5.5: always on",
    models: [OPUS],
    rejected: { max_tokens: 256, messages: hello, thinking: { type: "disabled" } },
    accepted: { max_tokens: 256, messages: hello },
    message:
      '"thinking.type.disabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.',
    acceptedOn: [HAIKU],
  },
  {
    rule: "thinking-disabled",
    case: "Sonnet 5.5: the message points to between_tools",
    models: [SONNET],
    rejected: { max_tokens: 256, messages: hello, thinking: { type: "disabled" } },
    accepted: { max_tokens: 256, messages: hello, thinking: { type: "between_tools" } },
    message:
      /^"thinking\.type\.disabled" is not supported for this model\. Use "thinking\.type\.between_tools"/,
  },
  {
    rule: "thinking-between-tools",
    case: "only Sonnet 5.5",
    models: [OPUS, HAIKU],
    rejected: { max_tokens: 256, messages: hello, thinking: { type: "between_tools" } },
    accepted: { max_tokens: 256, messages: hello },
    message: /^"thinking\.type\.between_tools" is not supported for this model\./,
    acceptedOn: [SONNET],
  },
  {
    rule: "thinking-between-tools",
    case: "not at effort xhigh or max",
    models: [SONNET],
    rejected: {
      max_tokens: 256,
      messages: hello,
      thinking: { type: "between_tools" },
      output_config: { effort: "xhigh" },
    },
    accepted: {
      max_tokens: 256,
      messages: hello,
      thinking: { type: "between_tools" },
      output_config: { effort: "high" },
    },
    message: /between_tools" is not supported with "output_config\.effort": "xhigh"/,
  },
  {
    rule: "thinking-between-tools",
    case: "no other field",
    models: [SONNET],
    rejected: {
      max_tokens: 256,
      messages: hello,
      thinking: { type: "between_tools", display: "summarized" },
    },
    accepted: {
      max_tokens: 256,
      messages: hello,
      thinking: { type: "adaptive", display: "summarized" },
    },
    message: "thinking.between_tools.display: Extra inputs are not permitted",
  },
  {
    rule: "thinking-adaptive",
    models: [HAIKU],
    rejected: { max_tokens: 256, messages: hello, thinking: { type: "adaptive" } },
    accepted: {
      max_tokens: 2048,
      messages: hello,
      thinking: { type: "enabled", budget_tokens: 1024 },
    },
    message: "adaptive thinking is not supported on this model",
    acceptedOn: FIVE_FIVE,
  },
  {
    rule: "thinking-budget",
    case: "at least 1024",
    models: [HAIKU],
    rejected: {
      max_tokens: 2048,
      messages: hello,
      thinking: { type: "enabled", budget_tokens: 512 },
    },
    accepted: {
      max_tokens: 2048,
      messages: hello,
      thinking: { type: "enabled", budget_tokens: 1024 },
    },
    message: "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024",
  },
  {
    rule: "thinking-budget",
    case: "less than max_tokens",
    models: [HAIKU],
    rejected: {
      max_tokens: 2048,
      messages: hello,
      thinking: { type: "enabled", budget_tokens: 2048 },
    },
    accepted: {
      max_tokens: 2049,
      messages: hello,
      thinking: { type: "enabled", budget_tokens: 2048 },
    },
    message: "`max_tokens` must be greater than `thinking.budget_tokens`.",
  },
  {
    rule: "thinking-forced-tool",
    models: [HAIKU],
    rejected: {
      max_tokens: 2048,
      messages: hello,
      tools: [tool],
      tool_choice: { type: "tool", name: "record" },
      thinking: { type: "enabled", budget_tokens: 1024 },
    },
    accepted: {
      max_tokens: 2048,
      messages: hello,
      tools: [tool],
      tool_choice: { type: "auto" },
      thinking: { type: "enabled", budget_tokens: 1024 },
    },
    message: "Thinking may not be enabled when tool_choice forces tool use.",
  },
  {
    rule: "effort-unsupported",
    models: [HAIKU],
    rejected: { max_tokens: 256, messages: hello, output_config: { effort: "low" } },
    accepted: { max_tokens: 256, messages: hello },
    message: "output_config.effort: This model does not support the effort parameter.",
    acceptedOn: FIVE_FIVE,
  },
  {
    rule: "effort-value",
    models: FIVE_FIVE,
    rejected: { max_tokens: 256, messages: hello, output_config: { effort: "extreme" } },
    accepted: { max_tokens: 256, messages: hello, output_config: { effort: "max" } },
    message: "output_config.effort: Input should be 'low', 'medium', 'high', 'xhigh', 'max'",
  },
  ...ALL.map(
    (model): Row => ({
      rule: "max-tokens",
      case: model,
      models: [model],
      rejected: { max_tokens: (STANDIN_MODELS[model]?.maxOutputTokens ?? 0) + 1, messages: hello },
      accepted: { max_tokens: STANDIN_MODELS[model]?.maxOutputTokens ?? 0, messages: hello },
      message: `max_tokens: ${(STANDIN_MODELS[model]?.maxOutputTokens ?? 0) + 1} > ${STANDIN_MODELS[model]?.maxOutputTokens}, which is the maximum allowed number of output tokens for ${model}`,
    }),
  ),
  {
    rule: "empty-content",
    case: "an empty assistant turn",
    models: ALL,
    rejected: {
      max_tokens: 256,
      messages: [...hello, { role: "assistant", content: [] }, { role: "user", content: "Go on" }],
    },
    accepted: {
      max_tokens: 256,
      messages: [
        ...hello,
        { role: "assistant", content: "Hi" },
        { role: "user", content: "Go on" },
      ],
    },
    message:
      "messages.1: all messages must have non-empty content except for the optional final assistant message",
  },
  {
    rule: "empty-content",
    case: "an empty user turn",
    models: ALL,
    rejected: { max_tokens: 256, messages: [{ role: "user", content: "" }] },
    accepted: { max_tokens: 256, messages: hello },
    message:
      "messages.0: all messages must have non-empty content except for the optional final assistant message",
  },
  {
    rule: "empty-text-block",
    models: ALL,
    rejected: {
      max_tokens: 256,
      messages: [
        ...hello,
        { role: "assistant", content: [{ type: "text", text: "" }] },
        { role: "user", content: "Go on" },
      ],
    },
    accepted: {
      max_tokens: 256,
      messages: [
        ...hello,
        { role: "assistant", content: [{ type: "text", text: "Hi" }] },
        { role: "user", content: "Go on" },
      ],
    },
    message: "messages: text content blocks must be non-empty",
  },
  {
    rule: "tool-use-without-result",
    case: "a parallel call without its result",
    models: ALL,
    rejected: { max_tokens: 256, tools: [tool], messages: toolLoop([resultA]) as Body["messages"] },
    accepted: {
      max_tokens: 256,
      tools: [tool],
      messages: toolLoop([resultA, resultB]) as Body["messages"],
    },
    message:
      "messages.2: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_b. Each `tool_use` block must have a corresponding `tool_result` block in the next message.",
  },
  {
    rule: "tool-use-without-result",
    case: "the next turn is plain text",
    models: ALL,
    rejected: {
      max_tokens: 256,
      tools: [tool],
      messages: toolLoop([{ type: "text", text: "never mind" }]) as Body["messages"],
    },
    accepted: {
      max_tokens: 256,
      tools: [tool],
      messages: toolLoop([
        resultA,
        resultB,
        { type: "text", text: "never mind" },
      ]) as Body["messages"],
    },
    message:
      /^messages\.2: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_a, toolu_b\./,
  },
  {
    rule: "tool-use-without-result",
    case: "results come first",
    models: ALL,
    rejected: {
      max_tokens: 256,
      tools: [tool],
      messages: toolLoop([resultA, { type: "text", text: "and" }, resultB]) as Body["messages"],
    },
    accepted: {
      max_tokens: 256,
      tools: [tool],
      messages: toolLoop([resultA, resultB, { type: "text", text: "and" }]) as Body["messages"],
    },
    message:
      "messages.2: Did not find 2 tool_result block(s) at the beginning of this message. Messages following tool_use blocks must begin with a matching number of tool_result blocks.",
  },
  {
    rule: "tool-result-without-use",
    models: ALL,
    rejected: {
      max_tokens: 256,
      tools: [tool],
      messages: toolLoop([
        resultA,
        resultB,
        { type: "tool_result", tool_use_id: "toolu_z", content: "?" },
      ]) as Body["messages"],
    },
    accepted: {
      max_tokens: 256,
      tools: [tool],
      messages: toolLoop([resultA, resultB]) as Body["messages"],
    },
    message:
      "messages.2.content.2: unexpected `tool_use_id` found in `tool_result` blocks: toolu_z. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.",
  },
  {
    rule: "cache-breakpoints",
    models: ALL,
    rejected: { max_tokens: 256, system: system(5, 5), messages: hello },
    accepted: { max_tokens: 256, system: system(5, 4), messages: hello },
    message: "A maximum of 4 blocks with cache_control may be provided. Found 5.",
  },
  {
    rule: "cache-breakpoints",
    case: "the top-level (automatic) breakpoint counts",
    models: ALL,
    rejected: {
      max_tokens: 256,
      system: system(4, 4),
      messages: hello,
      cache_control: { type: "ephemeral" },
    },
    accepted: {
      max_tokens: 256,
      system: system(4, 3),
      messages: hello,
      cache_control: { type: "ephemeral" },
    },
    message: "A maximum of 4 blocks with cache_control may be provided. Found 5.",
  },
  {
    rule: "json-schema-output",
    case: "objects need additionalProperties: false",
    models: ALL,
    rejected: {
      max_tokens: 256,
      messages: hello,
      output_config: {
        format: { type: "json_schema", schema: { ...goodSchema, additionalProperties: true } },
      },
    },
    accepted: {
      max_tokens: 256,
      messages: hello,
      output_config: { format: { type: "json_schema", schema: goodSchema } },
    },
    message:
      "output_config.format.schema: For 'object' type, 'additionalProperties' must be explicitly set to false",
  },
  {
    rule: "json-schema-output",
    case: "numerical constraints",
    models: ALL,
    rejected: {
      max_tokens: 256,
      messages: hello,
      output_config: {
        format: {
          type: "json_schema",
          schema: {
            ...goodSchema,
            properties: {
              ...goodSchema.properties,
              n: { type: "integer", minimum: 1, maximum: 5 },
            },
          },
        },
      },
    },
    accepted: {
      max_tokens: 256,
      messages: hello,
      output_config: {
        format: {
          type: "json_schema",
          schema: {
            ...goodSchema,
            properties: { ...goodSchema.properties, n: { type: "integer" } },
          },
        },
      },
    },
    message:
      "output_config.format.schema.properties.n: For 'integer' type, properties maximum, minimum are not supported",
  },
  {
    rule: "json-schema-output",
    case: "minItems other than 0 or 1",
    models: ALL,
    rejected: {
      max_tokens: 256,
      messages: hello,
      output_config: {
        format: {
          type: "json_schema",
          schema: {
            ...goodSchema,
            properties: {
              ...goodSchema.properties,
              tags: { type: "array", items: { type: "string" }, minItems: 2 },
            },
          },
        },
      },
    },
    accepted: {
      max_tokens: 256,
      messages: hello,
      output_config: { format: { type: "json_schema", schema: goodSchema } },
    },
    message:
      "output_config.format.schema.properties.tags: For 'array' type, 'minItems' values other than 0 or 1 are not supported",
  },
  {
    rule: "strict-tool-schema",
    case: "string length",
    models: ALL,
    rejected: {
      max_tokens: 256,
      messages: hello,
      tools: [
        strictTool({
          ...goodSchema,
          properties: {
            ...goodSchema.properties,
            title: { type: "string", minLength: 1, maxLength: 80 },
          },
        }),
      ],
    },
    accepted: { max_tokens: 256, messages: hello, tools: [strictTool(goodSchema)] },
    message:
      "tools.0.custom.input_schema.properties.title: For 'string' type, properties maxLength, minLength are not supported",
  },
  {
    rule: "strict-tool-schema",
    case: "only strict tools are checked",
    models: ALL,
    rejected: { max_tokens: 256, messages: hello, tools: [strictTool({ type: "object" })] },
    accepted: {
      max_tokens: 256,
      messages: hello,
      tools: [{ ...tool, input_schema: { type: "object" } }],
    },
    message:
      "tools.0.custom.input_schema: For 'object' type, 'additionalProperties' must be explicitly set to false",
  },
  {
    rule: "strict-tool-count",
    models: ALL,
    rejected: {
      max_tokens: 256,
      messages: hello,
      tools: Array.from({ length: 21 }, (_, i) => strictTool(goodSchema, `t${i}`)),
    },
    accepted: {
      max_tokens: 256,
      messages: hello,
      tools: Array.from({ length: 20 }, (_, i) => strictTool(goodSchema, `t${i}`)),
    },
    message:
      "Too many strict tools (21). The maximum number of strict tools supported is 20. Try reducing the number of tools marked as strict.",
  },
  {
    rule: "strict-optional-params",
    models: ALL,
    rejected: { max_tokens: 256, messages: hello, tools: [strictTool(optionalProps(25))] },
    accepted: { max_tokens: 256, messages: hello, tools: [strictTool(optionalProps(24))] },
    message:
      "Schemas contains too many optional parameters (25), which would make grammar compilation inefficient. Reduce the number of optional parameters in your tool schemas (limit: 24).",
  },
];

/** A prompt of exactly `tokens` tokens as the stand-in counts them (4 characters a token). */
function promptOf(tokens: number): Body["messages"] {
  // "user:" prefix (5 chars) counts with the text: 4 * tokens chars in all.
  return [{ role: "user", content: "x".repeat(tokens * 4 - 5) }];
}

for (const model of ALL) {
  const window = STANDIN_MODELS[model]?.contextWindow ?? 0;
  ROWS.push({
    rule: "context-window",
    case: model,
    models: [model],
    rejected: { max_tokens: 256, messages: promptOf(window + 1) },
    accepted: { max_tokens: 256, messages: promptOf(window - 1000) },
    message: `prompt is too long: ${window + 1} tokens > ${window} maximum`,
  });
}

describe("the stand-in refuses what the API refuses and accepts what it accepts", () => {
  it("every rule of the table has a doc URL and at least one row", () => {
    for (const rule of RULES) {
      expect(rule.url, rule.id).toMatch(/^https:\/\/platform\.claude\.com\/docs\/en\//);
      if (rule.id !== "thinking-signature")
        expect(
          ROWS.some((r) => r.rule === rule.id),
          rule.id,
        ).toBe(true);
    }
  });

  for (const row of ROWS) {
    const url = findRule(row.rule).url;
    for (const model of row.models) {
      it(`${row.rule}${row.case ? ` (${row.case})` : ""} on ${model} — ${url}`, async () => {
        const refused = await post({ ...row.rejected, model });
        expect(refused.status).toBe(400);
        expect(refused.requestId).toMatch(/^req_/);
        expect(refused.json).toMatchObject({
          type: "error",
          error: { type: "invalid_request_error" },
          request_id: refused.requestId,
        });
        const message = (refused.json.error as { message: string }).message;
        if (typeof row.message === "string") expect(message).toBe(row.message);
        else expect(message).toMatch(row.message);
        expect(standin.requests.at(-1)?.rejected).toMatchObject({ rule: row.rule, url });

        const ok = await post({ ...row.accepted, model });
        expect(ok.status, ok.text.slice(0, 300)).toBe(200);
        expect(ok.json).toMatchObject({ type: "message", role: "assistant", model });
      });
    }
    for (const model of row.acceptedOn ?? []) {
      it(`${row.rule}${row.case ? ` (${row.case})` : ""} does not apply on ${model} — ${url}`, async () => {
        const ok = await post({ ...row.rejected, model });
        expect(ok.status, ok.text.slice(0, 300)).toBe(200);
      });
    }
  }

  const signatureUrl = findRule("thinking-signature").url;
  for (const model of ALL) {
    it(`thinking-signature on ${model}: a thinking block sent back altered is refused — ${signatureUrl}`, async () => {
      const thinking = model === HAIKU ? { type: "enabled", budget_tokens: 1024 } : undefined;
      const first = {
        max_tokens: 2048,
        tools: [tool],
        messages: [{ role: "user" as const, content: "Look it up" }],
        ...(thinking ? { thinking } : {}),
      };
      standin.enqueue({ type: "tool_use", name: "record", input: { q: 1 } });
      const answer = await post({ ...first, model });
      const content = answer.json.content as Array<Record<string, unknown>>;
      expect(content[0]?.type).toBe("thinking");
      const loop = (blocks: unknown[]) => ({
        ...first,
        model,
        messages: [
          ...first.messages,
          { role: "assistant", content: blocks },
          {
            role: "user",
            content: [{ type: "tool_result", tool_use_id: content[1]?.id, content: "ok" }],
          },
        ] as Body["messages"],
      });
      const altered = [
        { ...content[0], thinking: `${String(content[0]?.thinking)} (edited)` },
        content[1],
      ];
      const refused = await post(loop(altered));
      expect(refused.status).toBe(400);
      expect((refused.json.error as { message: string }).message).toBe(
        "messages.1.content.0: Invalid `signature` in `thinking` block",
      );
      expect((await post(loop(content))).status).toBe(200);
    });
  }

  it(`thinking-signature: a thinking block is tied to the model that wrote it — ${signatureUrl}`, async () => {
    standin.enqueue({ type: "tool_use", name: "record", input: {} });
    const first = { max_tokens: 256, tools: [tool], messages: hello };
    const answer = await post({ ...first, model: SONNET });
    const content = answer.json.content as Array<{ type: string; id?: string }>;
    const messages = [
      ...hello,
      { role: "assistant", content },
      {
        role: "user",
        content: [{ type: "tool_result", tool_use_id: content[1]?.id, content: "ok" }],
      },
    ] as Body["messages"];
    expect((await post({ ...first, model: OPUS, messages })).status).toBe(400);
    expect((await post({ ...first, model: SONNET, messages })).status).toBe(200);
  });

  it("unknown models get a 404 not_found_error; the three documented ones are served", async () => {
    const res = await post({ model: "claude-nonexistent", max_tokens: 10, messages: hello });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ type: "error", error: { type: "not_found_error" } });
    for (const model of ALL)
      expect((await post({ model, max_tokens: 10, messages: hello })).status).toBe(200);
  });

  it("the limits default to the model's documented values", () => {
    expect(standin.model(SONNET)).toMatchObject({
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
    });
    expect(standin.model(OPUS)).toMatchObject({
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
    });
    expect(standin.model(HAIKU)).toMatchObject({ contextWindow: 200_000, maxOutputTokens: 64_000 });
  });
});

describe(`count_tokens — ${DOC.tokenCounting}`, () => {
  it("returns {input_tokens} counted with the stand-in's tokenizer, without max_tokens", async () => {
    const res = await post(
      { model: SONNET, messages: promptOf(1000) } as Body,
      "/v1/messages/count_tokens",
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ input_tokens: 1000 });
    expect(standin.requests).toHaveLength(0);
    expect(standin.tokenCounts).toHaveLength(1);
  });

  it("applies the rules on the prompt (forced tool choice, tool pairing) but not the output ones", async () => {
    const forced = await post(
      { model: SONNET, messages: hello, tools: [tool], tool_choice: { type: "any" } } as Body,
      "/v1/messages/count_tokens",
    );
    expect(forced.status).toBe(400);
    expect(forced.json).toMatchObject({ error: { type: "invalid_request_error" } });
    const unpaired = await post(
      { model: HAIKU, tools: [tool], messages: toolLoop([resultA]) } as Body,
      "/v1/messages/count_tokens",
    );
    expect(unpaired.status).toBe(400);
    // A prompt larger than the window is still counted.
    const big = await post(
      { model: HAIKU, messages: promptOf(200_001) } as Body,
      "/v1/messages/count_tokens",
    );
    expect(big.json).toEqual({ input_tokens: 200_001 });
  });
});

// ---------------------------------------------------------------------------------------
// Answers, streamed like current models

interface Sse {
  event: string;
  data: Record<string, unknown>;
}

async function stream(body: Body, reply?: StandinReply): Promise<Sse[]> {
  if (reply) standin.enqueue(reply);
  const res = await fetch(`${standin.url}/v1/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...body, stream: true }),
  });
  expect(res.status).toBe(200);
  const text = await res.text();
  return text
    .split("\n\n")
    .filter((chunk) => chunk.trim())
    .map((chunk) => {
      const event = /^event: (.*)$/m.exec(chunk)?.[1] ?? "";
      const data = JSON.parse(/^data: (.*)$/m.exec(chunk)?.[1] ?? "{}") as Record<string, unknown>;
      return { event, data };
    });
}

function blockStarts(events: Sse[]) {
  return events
    .filter((e) => e.event === "content_block_start")
    .map((e) => e.data.content_block as Record<string, unknown>);
}
function deltas(events: Sse[], type: string) {
  return events
    .filter((e) => e.event === "content_block_delta")
    .map((e) => e.data.delta as Record<string, unknown>)
    .filter((d) => d.type === type);
}
function messageDelta(events: Sse[]) {
  return events.find((e) => e.event === "message_delta")?.data as {
    delta: { stop_reason: string; stop_details: unknown };
    usage: Record<string, number>;
  };
}
function messageStart(events: Sse[]) {
  const message = events[0]?.data.message as { usage: Record<string, number> } | undefined;
  return message?.usage ?? {};
}

describe(`streaming — ${DOC.streaming}`, () => {
  for (const model of FIVE_FIVE) {
    it(`${model}: every answer starts with one thinking block, empty at the default display — ${DOC.opus55WhatsNew}`, async () => {
      const events = await stream(
        { model, max_tokens: 500, messages: hello },
        { type: "text", text: "Hi there." },
      );
      expect(events.map((e) => e.event)).toEqual([
        "message_start",
        "ping",
        "content_block_start",
        "content_block_delta",
        "content_block_delta",
        "content_block_stop",
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
      ]);
      expect(blockStarts(events)[0]).toEqual({ type: "thinking", thinking: "", signature: "" });
      expect(deltas(events, "thinking_delta")).toEqual([{ type: "thinking_delta", thinking: "" }]);
      expect(deltas(events, "signature_delta")[0]?.signature).toMatch(/^standin\./);
      // Thinking tokens count in output_tokens: 12 for the thinking, 3 for the text.
      expect(messageDelta(events).usage.output_tokens).toBe(12 + 3);
      expect(messageDelta(events).delta.stop_reason).toBe("end_turn");
    });
  }

  it("display: summarized returns the thinking text", async () => {
    const events = await stream(
      {
        model: SONNET,
        max_tokens: 500,
        messages: hello,
        thinking: { type: "adaptive", display: "summarized" },
      },
      { type: "text", text: "Hi.", thinking: "Greeting back." },
    );
    expect(deltas(events, "thinking_delta")).toEqual([
      { type: "thinking_delta", thinking: "Greeting back." },
    ]);
  });

  it("claude-haiku-4-5 answers without a thinking block unless thinking is enabled", async () => {
    const plain = await stream(
      { model: HAIKU, max_tokens: 500, messages: hello },
      { type: "text", text: "Hi." },
    );
    expect(blockStarts(plain).map((b) => b.type)).toEqual(["text"]);
    expect(messageDelta(plain).usage.output_tokens).toBe(1);
    const thinking = await stream(
      {
        model: HAIKU,
        max_tokens: 2048,
        messages: hello,
        thinking: { type: "enabled", budget_tokens: 1024 },
      },
      { type: "text", text: "Hi." },
    );
    expect(blockStarts(thinking).map((b) => b.type)).toEqual(["thinking", "text"]);
  });

  it(`Sonnet 5.5 between_tools: no up-front thinking, a thinking block between tool calls — ${DOC.sonnet55WhatsNew}`, async () => {
    const body = {
      model: SONNET,
      max_tokens: 500,
      tools: [tool],
      thinking: { type: "between_tools" },
    };
    const first = await stream(
      { ...body, messages: hello },
      { type: "tool_use", name: "record", input: {} },
    );
    const starts = blockStarts(first);
    expect(starts.map((b) => b.type)).toEqual(["tool_use"]);
    const after = await stream(
      {
        ...body,
        messages: [
          ...hello,
          {
            role: "assistant",
            content: [{ type: "tool_use", id: String(starts[0]?.id), name: "record", input: {} }],
          },
          {
            role: "user",
            content: [{ type: "tool_result", tool_use_id: String(starts[0]?.id), content: "ok" }],
          },
        ],
      },
      { type: "text", text: "Done." },
    );
    expect(blockStarts(after).map((b) => b.type)).toEqual(["thinking", "text"]);
  });

  it("a text block before a tool call, and parallel tool calls with distinct ids", async () => {
    const events = await stream(
      { model: SONNET, max_tokens: 500, messages: hello, tools: [tool] },
      {
        type: "tool_uses",
        text: "Two lookups.",
        calls: [
          { name: "record", input: { a: 1 } },
          { name: "record", input: { b: 2 } },
        ],
      },
    );
    const starts = blockStarts(events);
    expect(starts.map((b) => b.type)).toEqual(["thinking", "text", "tool_use", "tool_use"]);
    expect(starts[2]?.id).not.toBe(starts[3]?.id);
    expect(deltas(events, "input_json_delta").map((d) => d.partial_json)).toEqual([
      '{"a":1}',
      '{"b":2}',
    ]);
    expect(messageDelta(events).delta.stop_reason).toBe("tool_use");
  });

  it(`refusal: stop_reason refusal with stop_details — ${DOC.stopReasons}`, async () => {
    const events = await stream(
      { model: OPUS, max_tokens: 500, messages: hello },
      { type: "refusal", category: "cyber", explanation: "Declined." },
    );
    expect(messageDelta(events).delta).toEqual({
      stop_reason: "refusal",
      stop_sequence: null,
      stop_details: { type: "refusal", category: "cyber", explanation: "Declined." },
    });
    expect(blockStarts(events).map((b) => b.type)).toEqual(["thinking"]);
  });

  it(`pause_turn — ${DOC.stopReasons}`, async () => {
    const events = await stream(
      { model: SONNET, max_tokens: 500, messages: hello },
      { type: "pause_turn", text: "Working" },
    );
    expect(messageDelta(events).delta.stop_reason).toBe("pause_turn");
  });

  it(`max_tokens counts the thinking and cuts a tool call mid-JSON — ${DOC.stopReasons}`, async () => {
    const input = { items: Array.from({ length: 20 }, (_, i) => `item number ${i}`) };
    const events = await stream(
      { model: SONNET, max_tokens: 30, messages: hello, tools: [tool] },
      { type: "tool_use", name: "record", input },
    );
    const json = deltas(events, "input_json_delta")
      .map((d) => d.partial_json)
      .join("");
    expect(json).toBe(JSON.stringify(input).slice(0, (30 - 12) * 4));
    expect(() => JSON.parse(json)).toThrow();
    expect(messageDelta(events).delta.stop_reason).toBe("max_tokens");
    expect(messageDelta(events).usage.output_tokens).toBe(30);
    // The JSON answer has the same cut, with the input that parses ({}).
    standin.enqueue({ type: "tool_use", name: "record", input });
    const plain = await post({ model: SONNET, max_tokens: 30, messages: hello, tools: [tool] });
    expect(plain.json).toMatchObject({
      stop_reason: "max_tokens",
      content: [{ type: "thinking" }, { type: "tool_use", name: "record", input: {} }],
      usage: { output_tokens: 30 },
    });
  });

  it("max_tokens smaller than the thinking leaves only a thinking block", async () => {
    const events = await stream(
      { model: OPUS, max_tokens: 8, messages: hello },
      { type: "text", text: "Never shown.", thinkingTokens: 50 },
    );
    expect(blockStarts(events).map((b) => b.type)).toEqual(["thinking"]);
    expect(messageDelta(events).delta.stop_reason).toBe("max_tokens");
    expect(messageDelta(events).usage.output_tokens).toBe(8);
  });

  it(`an answer that fills the context window stops with model_context_window_exceeded — ${DOC.contextWindows}`, async () => {
    const small = await startAnthropicStandin({ contextWindow: 120 });
    try {
      small.enqueue({ type: "text", text: "y".repeat(400) });
      const res = await fetch(`${small.url}/v1/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: HAIKU, max_tokens: 1000, messages: promptOf(100) }),
      });
      const body = (await res.json()) as { stop_reason: string; usage: { output_tokens: number } };
      expect(body.stop_reason).toBe("model_context_window_exceeded");
      expect(body.usage.output_tokens).toBe(20);
    } finally {
      await small.close();
    }
  });

  it(`usage: cache writes then reads in message_start and message_delta, from the model's minimum — ${DOC.promptCaching}`, async () => {
    // 600 tokens: cacheable on Sonnet 5.5 (512), not on Haiku 4.5 (4096).
    const body = (model: string) => ({
      model,
      max_tokens: 100,
      system: [
        { type: "text" as const, text: "s".repeat(2400), cache_control: { type: "ephemeral" } },
      ],
      messages: hello,
    });
    const write = await stream(body(SONNET), { type: "text", text: "One." });
    expect(messageStart(write)).toMatchObject({
      input_tokens: 3,
      cache_creation_input_tokens: 600,
      cache_read_input_tokens: 0,
      output_tokens: 1,
    });
    expect(messageDelta(write).usage).toEqual({
      input_tokens: 3,
      cache_creation_input_tokens: 600,
      cache_read_input_tokens: 0,
      output_tokens: 12 + 1,
    });
    const read = await stream(body(SONNET), { type: "text", text: "Two." });
    expect(messageStart(read)).toMatchObject({
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 600,
    });
    expect(messageDelta(read).usage).toMatchObject({
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 600,
    });
    const haiku = await stream(body(HAIKU), { type: "text", text: "Three." });
    expect(messageStart(haiku)).toMatchObject({
      input_tokens: 603,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
  });

  it("the JSON answer holds the same content as the stream", async () => {
    const reply: StandinReply = {
      type: "tool_use",
      name: "record",
      input: { a: 1 },
      text: "Recording.",
    };
    const events = await stream(
      { model: SONNET, max_tokens: 500, messages: hello, tools: [tool] },
      reply,
    );
    standin.enqueue(reply);
    const plain = await post({ model: SONNET, max_tokens: 500, messages: hello, tools: [tool] });
    expect((plain.json.content as Array<{ type: string }>).map((b) => b.type)).toEqual(
      blockStarts(events).map((b) => b.type),
    );
    expect(plain.json).toMatchObject({
      stop_reason: "tool_use",
      stop_details: null,
      content: [
        { type: "thinking", thinking: "" },
        { type: "text", text: "Recording." },
        { input: { a: 1 } },
      ],
      usage: { output_tokens: messageDelta(events).usage.output_tokens },
    });
  });
});

describe("the real SDK parses the stand-in's stream", () => {
  it("messages.stream(...).finalMessage() gives the thinking, text and tool_use blocks", async () => {
    const client = new Anthropic({ apiKey: "test", baseURL: standin.url, maxRetries: 0 });
    standin.enqueue({
      type: "tool_use",
      name: "record",
      input: { items: ["a", "b"] },
      text: "Recording.",
    });
    const message = await client.messages
      .stream({
        model: SONNET,
        max_tokens: 500,
        messages: [{ role: "user", content: "Record two items" }],
        tools: [{ name: "record", input_schema: { type: "object" } }],
        tool_choice: { type: "auto" },
      })
      .finalMessage();
    expect(message.content.map((b) => b.type)).toEqual(["thinking", "text", "tool_use"]);
    expect(message.content[2]).toMatchObject({
      type: "tool_use",
      name: "record",
      input: { items: ["a", "b"] },
    });
    expect(message.content[0]).toMatchObject({ type: "thinking", thinking: "" });
    expect(message.stop_reason).toBe("tool_use");
    expect(message.usage.output_tokens).toBeGreaterThan(12);
  });
});

describe("the course scenario answers structured steps without forced tool choice", () => {
  const steps = [
    ["abstractions", "record_abstractions"],
    ["relationships", "record_relationships"],
    ["order", "record_order"],
  ] as const;
  const tools = steps.map(([, name]) => ({
    name,
    input_schema: { type: "object" },
    strict: false,
  }));

  for (const [kind, name] of steps) {
    it(`reads <task kind="${kind}"/> and calls ${name}, again after an is_error result`, () => {
      const task = `<abstractions>\n[{"id":"core","name":"Core"},{"id":"cli","name":"Cli"}]\n</abstractions>\n<task kind="${kind}"/>\nCall ${name}.`;
      const body: MessagesBody = {
        model: SONNET,
        max_tokens: 1000,
        tools,
        tool_choice: { type: "auto" },
        messages: [{ role: "user", content: task }],
      };
      const first = courseScenario({ id: 2, headers: {}, body });
      expect(first).toMatchObject({ type: "tool_use", name });
      // Even request ids on the 5.5 models: a short text before the call.
      expect(first.type === "tool_use" && first.text).toBeTruthy();
      const odd = courseScenario({ id: 3, headers: {}, body });
      expect(odd.type === "tool_use" && odd.text).toBeFalsy();
      const retry = courseScenario({
        id: 4,
        headers: {},
        body: {
          ...body,
          messages: [
            ...body.messages,
            { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name, input: {} }] },
            {
              role: "user",
              content: [
                {
                  type: "tool_result",
                  tool_use_id: "toolu_1",
                  content: "missing field",
                  is_error: true,
                },
              ],
            },
          ],
        },
      });
      expect(retry).toMatchObject({ type: "tool_use", name });
    });
  }

  it("haiku-4-5 gets no text before the call", () => {
    const body: MessagesBody = {
      model: HAIKU,
      max_tokens: 1000,
      tools,
      tool_choice: { type: "tool", name: "record_order" },
      messages: [{ role: "user", content: '<task kind="order"/>\nCall record_order.' }],
    };
    const reply = courseScenario({ id: 2, headers: {}, body });
    expect(reply).toMatchObject({ type: "tool_use", name: "record_order" });
    expect(reply.type === "tool_use" && reply.text).toBeFalsy();
  });
});
