/** Shared by the benchmark scripts: scan a folder, run the pipeline against a stand-in. */
import { resolve } from "node:path";
import { buildCodeMap } from "../src/codemap/index.ts";
import type { StandinRequest } from "../test/support/anthropic-standin.ts";

/** The medium repository both benches use unless a folder is given: the SDK's TypeScript sources. */
export const DEFAULT_REPO = resolve(import.meta.dirname, "../node_modules/@anthropic-ai/sdk/src");

export async function scan(dir: string) {
  const { map, reader } = await buildCodeMap(dir);
  return { map, reader };
}

/** What a request is, in the pipeline's dependency graph: `abstractions`, `chapter:<slug>`, … */
export function callKey(request: StandinRequest): string {
  const tool =
    request.body.tool_choice?.type === "tool" ? request.body.tool_choice.name : undefined;
  if (tool) return tool.replace("record_", "");
  const first = request.body.messages[0]?.content;
  const text = typeof first === "string" ? first : JSON.stringify(first);
  const m = /<task kind=\\?"(\w+)\\?" slug=\\?"([a-z0-9-]+)/.exec(text);
  return m ? `${m[1]}:${m[2]}` : "other";
}

export function fmt(n: number, digits = 1): string {
  return n.toLocaleString("en-US", {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}
