/**
 * Structured output through a strict tool: the request offers the step's tool (with
 * `strict: true`, so its input follows the schema) and asks the model to call it, forced
 * only where the model allows forcing (request.ts). The input is validated with zod (and
 * optional checks against the code map); a missing call, a wrong tool or invalid input goes
 * back to the model as a correction, every tool call answered with its tool_result, a
 * bounded number of times; then the call fails clearly.
 * https://platform.claude.com/docs/en/build-with-claude/structured-outputs
 */
import { zodOutputFormat } from "@anthropic-ai/sdk/helpers/zod";
import type { Effort, PipelineStep } from "@fondation/shared";
import { z } from "zod";
import { completeAnswer } from "./answer.ts";
import type { ModelClient, ModelResponse } from "./client.ts";
import { followUp } from "./conversation.ts";
import { ModelError } from "./errors.ts";
import type { MessageParam, TextBlockParam, Tool } from "./request.ts";

export interface StructuredTool<T> {
  name: string;
  description: string;
  schema: z.ZodType<T>;
}

/**
 * The tool as the API takes it. The SDK's schema transform (the one its JSON-output helper
 * applies) keeps the supported subset of JSON Schema and moves the rest (minimum lengths,
 * item counts above 1…) into descriptions; zod still checks them on the answer.
 */
export function toolDefinition(tool: StructuredTool<unknown>): Tool {
  const { schema } = zodOutputFormat(tool.schema);
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
  effort?: Effort;
  /** Answers asked for in all, the first one included. */
  attempts?: number;
  /** Further checks on a value that passed the schema; each string is one problem. */
  check?: (value: T) => string[];
  signal?: AbortSignal;
}

export async function callStructured<T>(client: ModelClient, call: StructuredCall<T>): Promise<T> {
  const attempts = call.attempts ?? 3;
  const name = call.tool.name;
  let messages: MessageParam[] = [...call.messages];
  let lastProblem = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const response = await completeAnswer(
      client,
      {
        step: call.step,
        system: call.system,
        messages,
        tools: call.tools,
        requiredTool: name,
        maxTokens: call.maxTokens,
        ...(call.effort ? { effort: call.effort } : {}),
        ...(call.signal ? { signal: call.signal } : {}),
      },
      `Step "${call.step}"`,
    );
    const use = response.toolUses.find((u) => u.name === name);
    if (!use) {
      lastProblem = response.toolUses.length
        ? `called ${response.toolUses.map((u) => u.name).join(", ")} instead of ${name}`
        : `no call to the tool ${name}`;
      messages = followUp(messages, response, {
        toolReply: (u) => ({ content: `${u.name} is not the tool for this step.`, isError: true }),
        text: `Answer by calling the tool ${name}, once.`,
      });
      continue;
    }
    const problems = problemsOf(call, use.input);
    if (problems.length === 0) return call.tool.schema.parse(use.input);
    lastProblem = problems.join("\n");
    messages = followUp(messages, response, {
      toolReply: (u) => correction(u, use, name, lastProblem),
      text: `Call ${name} again with corrected input.`,
    });
  }
  throw new ModelError(
    "analysis_failed",
    `Step "${call.step}": the model's answer was still invalid after ${attempts} attempts (${firstLine(lastProblem)}). Run the same command again to retry, or try another --model.`,
    { retryable: true },
  );
}

function problemsOf<T>(call: StructuredCall<T>, input: unknown): string[] {
  const parsed = call.tool.schema.safeParse(input);
  if (!parsed.success) return [z.prettifyError(parsed.error)];
  return call.check?.(parsed.data) ?? [];
}

/** The tool_result of each call in an answer whose input was invalid. */
function correction(
  use: ModelResponse["toolUses"][number],
  chosen: ModelResponse["toolUses"][number],
  name: string,
  problem: string,
) {
  if (use.id === chosen.id) return { content: `The input is invalid:\n${problem}`, isError: true };
  if (use.name === name)
    return { content: `Only the first call to ${name} is read.`, isError: true };
  return { content: `${use.name} is not the tool for this step.`, isError: true };
}

function firstLine(text: string): string {
  const line = text.split("\n").find((l) => l.trim().length > 0) ?? text;
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
