/**
 * Benchmark of failures: the real CLI (a subprocess, as the worker runs it) against the
 * strict stand-in, once per adversarial case, then the same command again with the fault
 * gone. For each case it prints the exit code, the failure message, the HTTP attempts, the
 * tokens the usage events counted against what the stand-in billed, whether a truncated or
 * refused lesson reached a checkpoint, and what the rerun billed again of work already
 * finished (must be nothing). Prints figures; asserts nothing (the tests assert).
 *   node cli/bench/adversarial.ts [--dir <repo>] [--model claude-sonnet-5-5] [--only <case>]
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type CliEvent, DEFAULT_MODEL, parseCliEvent } from "@fondation/shared";
import { runCli } from "../test/helpers/cli.ts";
import {
  errorReply,
  type StandinReply,
  type StandinRequest,
  startAnthropicStandin,
} from "../test/support/anthropic-standin.ts";
import { tempOut } from "../test/support/pipeline-harness.ts";
import { billedTokens, taskOf, usageTokens } from "../test/support/requests.ts";
import { courseScenario } from "../test/support/standin-course-scenario.ts";
import { callKey, DEFAULT_REPO } from "./common.ts";

const { values } = parseArgs({
  options: {
    dir: { type: "string", default: DEFAULT_REPO },
    model: { type: "string", default: DEFAULT_MODEL },
    only: { type: "string" },
    chapters: { type: "string", default: "4" },
  },
});

type Fault = (
  request: StandinRequest,
  seen: number,
) => StandinReply | undefined | Promise<StandinReply | undefined>;

const isChapter = (r: StandinRequest, n: number, seen: number) =>
  taskOf(r)?.kind === "chapter" && seen === n;
/** Waits the API asks for in storms: short, so the bench measures attempts, not sleep. */
const quick = { retryAfterMs: 50 };

const CASES: Record<string, Fault> = {
  "max_tokens mid-JSON": (r) =>
    taskOf(r)?.kind === "abstractions"
      ? {
          type: "tool_use",
          name: "record_abstractions",
          input: {
            abstractions: Array.from({ length: 4000 }, (_, i) => ({
              id: `a${i}`,
              name: "x",
              description: "y".repeat(20),
              files: ["z"],
            })),
          },
        }
      : undefined,
  refusal: (r, seen) =>
    isChapter(r, 1, seen)
      ? { type: "refusal", category: "general_harms", explanation: "scripted refusal" }
      : undefined,
  "wrong tool": (r, seen) =>
    taskOf(r)?.kind === "abstractions" && seen === 1
      ? { type: "tool_use", name: "record_order", input: {} }
      : undefined,
  "parallel calls": (r, seen) => {
    if (taskOf(r)?.kind !== "abstractions" || seen !== 1) return undefined;
    const right = courseScenario(r);
    if (right.type !== "tool_use") return undefined;
    return {
      type: "tool_uses",
      calls: [
        { name: right.name, input: { abstractions: [] } },
        { name: right.name, input: right.input },
      ],
    };
  },
  "429 storm": () => errorReply(429, "rate limited", quick),
  "529 storm": () => errorReply(529, "Overloaded", quick),
  "reset mid-stream": (r, seen) => (isChapter(r, 1, seen) ? { type: "reset" } : undefined),
  "400": (r, seen) =>
    isChapter(r, 1, seen)
      ? errorReply(400, "messages.0.content: scripted invalid request")
      : undefined,
  "401": () => errorReply(401, "invalid x-api-key"),
  "404": () => errorReply(404, `model: ${values.model}`),
  "413": (r, seen) =>
    isChapter(r, 1, seen)
      ? errorReply(413, "Request exceeds the maximum allowed number of bytes.")
      : undefined,
  "30 s answer": async (r, seen) => {
    if (!isChapter(r, 1, seen)) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    return courseScenario(r);
  },
};

function events(stdout: string): CliEvent[] {
  return stdout
    .split("\n")
    .map((l) => parseCliEvent(l))
    .flatMap((p) => (p.ok ? [p.event] : []));
}

/** Tokens the run says it spent: run.completed's usage, else the last usage event's total. */
function counted(all: CliEvent[]): number {
  const completed = all.find((e) => e.kind === "run.completed");
  const last = all.filter((e) => e.kind === "usage").at(-1);
  const t =
    completed?.kind === "run.completed"
      ? completed.usage
      : last?.kind === "usage"
        ? last.total
        : undefined;
  return usageTokens(t);
}

/** Call keys (as callKey names them) that a checkpoint of `out` holds. */
function checkpointed(out: string): Set<string> {
  const keys = new Set<string>();
  const dir = join(out, "checkpoints");
  if (!existsSync(dir)) return keys;
  for (const step of ["abstractions", "relationships", "order"])
    if (readdirSync(dir).some((f) => f.endsWith(`-${step}.json`))) keys.add(step);
  const lessons = [
    ["04-chapters", "chapter"],
    ["05-review", "review"],
    ["06-tutorials", "tutorial"],
  ] as const;
  for (const [folder, kind] of lessons) {
    const sub = join(dir, folder);
    if (!existsSync(sub)) continue;
    for (const f of readdirSync(sub)) keys.add(`${kind}:${f.replace(/\.json$/, "")}`);
  }
  return keys;
}

function checkpointText(out: string): string {
  const dir = join(out, "checkpoints");
  if (!existsSync(dir)) return "";
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), "utf8"))
    .join("\n");
}

const rows: string[] = [];
for (const [name, fault] of Object.entries(CASES)) {
  if (values.only && values.only !== name) continue;
  const seenBy = new Map<string, number>();
  const standin = await startAnthropicStandin({
    script: async (request) => {
      const key = taskOf(request)?.kind ?? "other";
      const seen = (seenBy.get(key) ?? 0) + 1;
      seenBy.set(key, seen);
      return (await fault(request, seen)) ?? courseScenario(request);
    },
  });
  const out = await tempOut("fondation-adversarial-");
  const args = [
    "analyze",
    values.dir,
    "--json",
    "--out",
    out,
    "--model",
    values.model,
    "--max-chapters",
    values.chapters,
  ];
  const env = { ANTHROPIC_API_KEY: "sk-bench", ANTHROPIC_BASE_URL: standin.url };
  const t0 = performance.now();
  const first = await runCli(args, env);
  const seconds = (performance.now() - t0) / 1000;
  const all = events(first.stdout);
  const failed = all.find((e) => e.kind === "run.failed");
  const firstBilled = billedTokens(standin.requests);
  const attempts = standin.requests.length;
  const refused400 = standin.requests.filter((r) => r.rejected).length;
  const done = checkpointed(out);
  const leaked = /scripted refusal|"a3999"/.test(checkpointText(out));

  standin.reset();
  standin.setScript(courseScenario);
  const again = await runCli(args, env);
  const rebilled = standin.requests.filter((r) => done.has(callKey(r))).length;
  const totalCounted = counted(events(again.stdout));
  await standin.close();

  const message = failed?.kind === "run.failed" ? `${failed.code}: ${failed.message}` : "—";
  rows.push(
    `| ${name} | ${first.code} | ${message.replace(/\|/g, "/").slice(0, 160)} | ${attempts} (${refused400} refused by a rule) | ${counted(all)} / ${firstBilled} | ${leaked ? "YES" : "no"} | ${again.code}; ${standin.requests.length} requests, ${rebilled} of finished work; usage ${totalCounted} / ${firstBilled + billedTokens(standin.requests)} | ${seconds.toFixed(1)} s |`,
  );
  process.stderr.write(`${name}: exit ${first.code}, rerun exit ${again.code}\n`);
}

console.log(
  `Adversarial cases, model ${values.model}, repository ${values.dir}, --max-chapters ${values.chapters}`,
);
console.log(
  "| case | exit | message | HTTP attempts | tokens counted / billed | truncated or refused text kept | rerun: exit; requests; re-billed; usage counted / billed (both runs) | first run |",
);
console.log("|---|---|---|---|---|---|---|---|");
for (const row of rows) console.log(row);
