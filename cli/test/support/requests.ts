/**
 * What a recorded stand-in request asks for, read from the prompt's task tag
 * (cli/src/pipeline/prompts.ts) rather than from `tool_choice`, which is `auto` on models
 * that refuse forcing a tool: `abstractions`, `relationships`, `order`, `chapter`, `review`,
 * `tutorial`, with the lesson's slug when it has one.
 */
import type { Usage } from "@fondation/shared";
import type { RecordedRequest, StandinRequest } from "./anthropic-standin.ts";

export const STRUCTURED_TASKS = ["abstractions", "relationships", "order"] as const;

export function taskOf(request: StandinRequest): { kind: string; slug?: string } | undefined {
  const first = request.body.messages[0]?.content;
  const text = typeof first === "string" ? first : JSON.stringify(first);
  const m = /<task kind=\\?"(\w+)\\?"(?: slug=\\?"([a-z0-9-]+))?/.exec(text);
  if (!m?.[1]) return undefined;
  return m[2] ? { kind: m[1], slug: m[2] } : { kind: m[1] };
}

export function isTask(request: StandinRequest, kind: string): boolean {
  return taskOf(request)?.kind === kind;
}

/** The structured step (1-3) a request is for, if it is one. */
export function structuredTask(request: StandinRequest): string | undefined {
  const kind = taskOf(request)?.kind;
  return (STRUCTURED_TASKS as readonly string[]).includes(kind ?? "") ? kind : undefined;
}

/** Every token the stand-in billed for these requests, whatever became of them. */
export function billedTokens(requests: RecordedRequest[]): number {
  return requests.reduce(
    (n, r) =>
      n +
      (r.usage?.input_tokens ?? 0) +
      (r.usage?.cache_creation_input_tokens ?? 0) +
      (r.usage?.cache_read_input_tokens ?? 0) +
      (r.usage?.output_tokens ?? 0),
    0,
  );
}

/** The same sum for a usage the CLI reports, to compare with `billedTokens`. */
export function usageTokens(usage: Omit<Usage, "costUsd"> | undefined): number {
  if (!usage) return 0;
  return (
    usage.inputTokens +
    usage.outputTokens +
    usage.cacheCreationInputTokens +
    usage.cacheReadInputTokens
  );
}
