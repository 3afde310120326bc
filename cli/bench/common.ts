/** Shared by the benchmark scripts: scan a folder, run the pipeline against a stand-in. */
import { resolve } from "node:path";
import { buildCodeMap } from "../src/codemap/index.ts";
import type { StandinRequest } from "../test/support/anthropic-standin.ts";
import { taskOf } from "../test/support/requests.ts";

/** The medium repository both benches use unless a folder is given: the SDK's TypeScript sources. */
export const DEFAULT_REPO = resolve(import.meta.dirname, "../node_modules/@anthropic-ai/sdk/src");

export async function scan(dir: string) {
  const { map, reader } = await buildCodeMap(dir);
  return { map, reader };
}

/** What a request is, in the pipeline's dependency graph: `abstractions`, `chapter:<slug>`, … */
export function callKey(request: StandinRequest): string {
  const task = taskOf(request);
  if (!task) return "other";
  return task.slug ? `${task.kind}:${task.slug}` : task.kind;
}

export function fmt(n: number, digits = 1): string {
  return n.toLocaleString("en-US", {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}
