/**
 * Benchmark: refresh after a one-file change (`analyze --update`) against a full rebuild of
 * the same tree, offline and on the strict stand-in with latency (a first-token delay of
 * 1-3 s per request plus 15 ms per output token, both times --scale). The repository is a
 * copy of a real third-party source tree in a temp git work tree; each run is the real CLI
 * in its own process, so both sides pay the same start-up. Prints figures; asserts nothing.
 *   node cli/bench/refresh.ts [--dir <src folder>] [--scale 0.2] [--concurrency 4] [--offline-only] [--runs 5]
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { courseManifestSchema } from "@fondation/shared";
import { type RecordedRequest, startAnthropicStandin } from "../test/support/anthropic-standin.ts";
import { courseScenario } from "../test/support/standin-course-scenario.ts";
import { callKey, DEFAULT_REPO, fmt } from "./common.ts";

const { values } = parseArgs({
  options: {
    dir: { type: "string", default: DEFAULT_REPO },
    scale: { type: "string", default: "0.2" },
    concurrency: { type: "string", default: "4" },
    // Skips the stand-in part (a minute at --scale 1) when only the offline figures matter.
    "offline-only": { type: "boolean", default: false },
    // Offline runs per side, alternated, the median reported (one run is noisy on a busy machine).
    runs: { type: "string", default: "5" },
  },
});
const scale = Number(values.scale);
const BIN = join(import.meta.dirname, "../bin/fondation.js");

const work = mkdtempSync(join(tmpdir(), "fondation-refresh-bench-"));
const repo = join(work, "repo");
cpSync(values.dir, repo, { recursive: true, dereference: true });
const git = (...args: string[]) => execFileSync("git", ["-C", repo, ...args], { encoding: "utf8" });
const commit = () => {
  git("add", "-A");
  git("-c", "user.email=b@example.com", "-c", "user.name=bench", "commit", "-qm", "bench");
};
git("init", "-q");
commit();

function cli(args: string[], env: Record<string, string | undefined>): Promise<number> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "analyze", repo, "--json", ...args], {
      env: childEnv,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(performance.now() - t0)
        : reject(new Error(`analyze exited ${code}: ${stderr.slice(-500)}`)),
    );
  });
}

const manifestOf = (out: string) =>
  courseManifestSchema.parse(JSON.parse(readFileSync(join(out, "course.json"), "utf8")));

/** One file the course stands on changes: a line added near its top (its lines all move). */
function changeOneFile(out: string): string {
  const m = manifestOf(out);
  const cited = new Set(
    [...m.chapters, ...m.tutorials].flatMap((l) => l.citations.map((c) => c.path)),
  );
  const owned = m.abstractions
    .flatMap((a) => a.files)
    .filter((f) => cited.has(f))
    .sort();
  const file = owned[Math.floor(owned.length / 2)] as string;
  const text = readFileSync(join(repo, file), "utf8");
  const at = text.indexOf("\n") + 1;
  writeFileSync(
    join(repo, file),
    `${text.slice(0, at)}// changed for the refresh benchmark\n${text.slice(at)}`,
  );
  commit();
  return file;
}

/** Input tokens billed (uncached, cache writes and cache reads), whatever became of the request. */
function inputTokens(requests: RecordedRequest[]): number {
  return requests.reduce(
    (n, r) =>
      n +
      (r.usage?.input_tokens ?? 0) +
      (r.usage?.cache_creation_input_tokens ?? 0) +
      (r.usage?.cache_read_input_tokens ?? 0),
    0,
  );
}

interface Side {
  requests: number;
  tokens: number;
  wall: number;
}

/** The run of median wall time. */
function median(sides: Side[]): Side {
  return [...sides].sort((a, b) => a.wall - b.wall)[Math.floor(sides.length / 2)] as Side;
}

async function mode(name: "offline" | "stand-in") {
  git("reset", "-q", "--hard", "HEAD");
  const base = join(work, `${name}-base`);
  const full = join(work, `${name}-full`);
  const updated = join(work, `${name}-update`);
  let requests: RecordedRequest[] = [];
  let env: Record<string, string | undefined> = { ANTHROPIC_API_KEY: undefined };
  let close = async () => {};
  if (name === "stand-in") {
    const firstTokenMs = (r: { body: RecordedRequest["body"] }) => {
      const h = createHash("sha256")
        .update(callKey(r as RecordedRequest))
        .digest()
        .readUInt32BE(0);
      return scale * (1000 + (h % 2000));
    };
    const standin = await startAnthropicStandin({
      script: courseScenario,
      latency: { firstTokenMs, perOutputTokenMs: 15 * scale },
    });
    env = { ANTHROPIC_API_KEY: "sk-bench", ANTHROPIC_BASE_URL: standin.url };
    requests = standin.requests;
    close = () => standin.close();
  }
  const flags =
    name === "offline" ? ["--offline"] : ["--concurrency", values.concurrency as string];
  try {
    await cli(["--out", base, ...flags], env);
    const file = changeOneFile(base);
    const measure = async (args: string[]): Promise<Side> => {
      const before = requests.length;
      const wall = await cli(args, env);
      const mine = requests.slice(before);
      return { requests: mine.length, tokens: inputTokens(mine), wall };
    };
    // The stand-in's latency dwarfs the noise (and each run is a minute): one run each there.
    const runs = name === "offline" ? Math.max(1, Number(values.runs)) : 1;
    const rebuilds: Side[] = [];
    const refreshes: Side[] = [];
    for (let i = 0; i < runs; i++) {
      rmSync(full, { recursive: true, force: true });
      rmSync(updated, { recursive: true, force: true });
      rebuilds.push(await measure(["--out", full, ...flags]));
      refreshes.push(await measure(["--out", updated, "--update", base, ...flags]));
    }
    const rebuild = median(rebuilds);
    const refresh = median(refreshes);
    const spread = (sides: Side[]) => {
      const walls = sides.map((x) => x.wall / 1000);
      return `${fmt(Math.min(...walls), 2)}–${fmt(Math.max(...walls), 2)} s`;
    };
    const m = manifestOf(updated);
    const lessons = m.chapters.length + m.tutorials.length;
    const rewritten = (m.update?.lessons ?? []).filter((l) => l.status !== "kept");
    const runsNote =
      runs > 1
        ? `; ${runs} runs per side: full ${spread(rebuilds)}, --update ${spread(refreshes)}`
        : "";
    return { name, file, lessons, rewritten, rebuild, refresh, runsNote };
  } finally {
    await close();
  }
}

// The machine's load goes with the figures: on a shared machine they move with it.
const loadBefore = loadavg()[0] as number;
const results = [await mode("offline")];
if (!values["offline-only"]) results.push(await mode("stand-in"));
console.log(
  `repository: ${values.dir} (copied to a git work tree); stand-in latency scale ${scale}; offline: median of ${values.runs} runs per side; load average ${fmt(loadBefore, 1)} before, ${fmt(loadavg()[0] as number, 1)} after`,
);
for (const r of results) {
  console.log(
    `\n${r.name}: ${r.lessons} lessons; changed ${r.file}; --update rewrote ${r.rewritten.length}: ${r.rewritten.map((l) => `${l.slug} (${l.reason})`).join(", ") || "none"}${r.runsNote}`,
  );
  console.log("                     full rebuild    --update     ratio");
  const row = (label: string, a: number, b: number, digits = 0) =>
    console.log(
      `${label.padEnd(20)} ${fmt(a, digits).padStart(12)} ${fmt(b, digits).padStart(11)} ${(b === 0 ? "∞" : `${fmt(a / b, 1)}×`).padStart(9)}`,
    );
  row("model requests", r.rebuild.requests, r.refresh.requests);
  row("billed input tokens", r.rebuild.tokens, r.refresh.tokens);
  row("wall time (s)", r.rebuild.wall / 1000, r.refresh.wall / 1000, 2);
}
rmSync(work, { recursive: true, force: true });
