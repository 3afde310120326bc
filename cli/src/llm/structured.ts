/**
 * Structured output through tool use: the model must call one tool whose input is
 * validated with zod (and optional checks against the code map). Invalid input goes back
 * to the model as an error tool_result with the validation message, a bounded number of
 * times; then the call fails clearly.
 */
import type { PipelineStep } from "@fondation/shared";
import { z } from "zod";
import type { MessageParam, ModelClient, TextBlockParam, Tool } from "./client.ts";
import { ModelError } from "./errors.ts";

export interface StructuredTool<T> {
  name: string;
  description: string;
  schema: z.ZodType<T>;
}

/** The JSON schema the API expects for a tool's input. */
export function toolDefinition(tool: StructuredTool<unknown>): Tool {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(tool.schema, { io: "input" }) as Record<
    string,
    unknown
  >;
  return {
    name: tool.name,
    description: tool.description,
    input_schema: schema as Tool["input_schema"],
  };
}

export interface StructuredCall<T> {
  step: PipelineStep;
  system: TextBlockParam[];
  messages: MessageParam[];
  /** Every tool the request offers (the same list on every request keeps the cache prefix). */
  tools: Tool[];
  tool: StructuredTool<T>;
  maxTokens: number;
  /** Model calls in all, the first one included. */
  attempts?: number;
  /** Further checks on a value that passed the schema; each string is one problem. */
  check?: (value: T) => string[];
  signal?: AbortSignal;
}

export async function callStructured<T>(client: ModelClient, call: StructuredCall<T>): Promise<T> {
  const attempts = call.attempts ?? 3;
  const messages: MessageParam[] = [...call.messages];
  let lastProblem = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const response = await client.complete({
      step: call.step,
      system: call.system,
      messages,
      tools: call.tools,
      toolChoice: { type: "tool", name: call.tool.name },
      maxTokens: call.maxTokens,
      ...(call.signal ? { signal: call.signal } : {}),
    });
    const use = response.toolUses.find((u) => u.name === call.tool.name);
    messages.push({ role: "assistant", content: response.content });
    if (!use) {
      lastProblem = `no call to the tool ${call.tool.name}`;
      messages.push({ role: "user", content: `Answer by calling the tool ${call.tool.name}.` });
      continue;
    }
    const parsed = call.tool.schema.safeParse(use.input);
    const problems = parsed.success
      ? (call.check?.(parsed.data) ?? [])
      : [z.prettifyError(parsed.error)];
    if (parsed.success && problems.length === 0) return parsed.data;
    lastProblem = problems.join("\n");
    messages.push({
      role: "user",
      content: [
        {
          type: "tool_result",
          tool_use_id: use.id,
          is_error: true,
          content: `The input is invalid:\n${lastProblem}\nCall ${call.tool.name} again with corrected input.`,
        },
      ],
    });
  }
  throw new ModelError(
    "analysis_failed",
    `Step "${call.step}": the model's answer was still invalid after ${attempts} attempts (${firstLine(lastProblem)}). Run again with --resume, or try another --model.`,
    { retryable: true },
  );
}

function firstLine(text: string): string {
  const line = text.split("\n").find((l) => l.trim().length > 0) ?? text;
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
