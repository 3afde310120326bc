/**
 * Benchmark: wall time of a full model run against the stand-in with realistic latency
 * (1-3 s to the first token, then ~15 ms per output token, scaled down by --scale), in
 * parallel (--concurrency) and sequentially (concurrency 1), in the same process, plus the
 * lower bound from the recorded per-call latencies and the dependency structure:
 *   steps 1-3 in sequence, then max(longest chain chapter→review or tutorial,
 *   total lesson work / concurrency).
 * Prints figures; asserts nothing.
 *   node cli/bench/pipeline-parallel.ts [--dir <repo>] [--scale 0.1] [--concurrency 8]
 */
import { createHash } from "node:crypto";
import { parseArgs } from "node:util";
import { type RecordedRequest, startAnthropicStandin } from "../test/support/anthropic-standin.ts";
import { runPipeline, tempOut } from "../test/support/pipeline-harness.ts";
import { courseScenario } from "../test/support/standin-course-scenario.ts";
import { callKey, DEFAULT_REPO, fmt, scan } from "./common.ts";

const { values } = parseArgs({
  options: {
    dir: { type: "string", default: DEFAULT_REPO },
    scale: { type: "string", default: "0.1" },
    concurrency: { type: "string", default: "8" },
    chapters: { type: "string", default: "8" },
  },
});
const scale = Number(values.scale);
const concurrency = Number(values.concurrency);
const { map, reader } = await scan(values.dir);

/** 1-3 s to the first token, fixed per call (so both runs see the same latencies). */
const firstTokenMs = (r: { body: RecordedRequest["body"] }) => {
  const key = callKey(r as RecordedRequest);
  const h = createHash("sha256").update(key).digest().readUInt32BE(0);
  return scale * (1000 + (h % 2000));
};
const perOutputTokenMs = 15 * scale;

async function timedRun(c: number) {
  const standin = await startAnthropicStandin({
    script: courseScenario,
    latency: { firstTokenMs, perOutputTokenMs },
  });
  const t0 = performance.now();
  const run = await runPipeline({
    map,
    reader,
    out: await tempOut("fondation-bench-"),
    baseURL: standin.url,
    concurrency: c,
    maxChapters: Number(values.chapters),
  });
  const wall = performance.now() - t0;
  await standin.close();
  if (run.error) throw run.error;
  return { wall, requests: standin.requests, maxInFlight: standin.maxInFlight };
}

function lowerBound(requests: RecordedRequest[], c: number) {
  const latency = new Map<string, number>();
  for (const r of requests) {
    const key = callKey(r);
    latency.set(key, (latency.get(key) ?? 0) + ((r.endedAt ?? 0) - r.startedAt));
  }
  const get = (k: string) => latency.get(k) ?? 0;
  const plan = get("abstractions") + get("relationships") + get("order");
  let chain = 0;
  let work = 0;
  for (const [key, ms] of latency) {
    if (key.startsWith("chapter:")) chain = Math.max(chain, ms + get(`review:${key.slice(8)}`));
    if (key.startsWith("tutorial:")) chain = Math.max(chain, ms);
    if (/^(chapter|review|tutorial):/.test(key)) work += ms;
  }
  return { plan, chain, work, bound: plan + Math.max(chain, work / c) };
}

const parallel = await timedRun(concurrency);
const sequential = await timedRun(1);
const lb = lowerBound(parallel.requests, concurrency);

console.log(
  `repository: ${map.name} (${map.files.length} files kept, ${fmt(map.totals.tokensKept / 1000)}k tokens)`,
);
console.log(
  `latency: first token 1000-3000 ms + 15 ms/output token, scaled by ${scale} (×${fmt(1 / scale, 0)} faster than real)`,
);
console.log(
  `model calls: ${parallel.requests.length} (parallel run), ${sequential.requests.length} (sequential run)`,
);
console.log(
  `parallel   (concurrency ${concurrency}): ${fmt(parallel.wall / 1000, 2)} s, max in flight ${parallel.maxInFlight}`,
);
console.log(`sequential (concurrency 1): ${fmt(sequential.wall / 1000, 2)} s`);
console.log(`speed-up: ${fmt(sequential.wall / parallel.wall, 2)}× (target ≥ 3×)`);
console.log(
  `lower bound: ${fmt(lb.bound / 1000, 2)} s = steps 1-3 ${fmt(lb.plan / 1000, 2)} s + max(longest chain ${fmt(lb.chain / 1000, 2)} s, lesson work / ${concurrency} = ${fmt(lb.work / concurrency / 1000, 2)} s)`,
);
console.log(`parallel / lower bound: ${fmt(parallel.wall / lb.bound, 2)} (target ≤ 1.3)`);
console.log(
  `unscaled estimate: parallel ${fmt(parallel.wall / scale / 1000, 0)} s, sequential ${fmt(sequential.wall / scale / 1000, 0)} s`,
);
