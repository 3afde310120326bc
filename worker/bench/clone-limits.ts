/**
 * The hostile repositories of issue 11 at full size, against the clone the worker runs (a
 * separate, memory-capped process), with the worker's default limits:
 *
 * - blob bomb: a ~1 MB repository holding one 1 GiB blob of zeros: outcome and peak
 *   resident memory of the clone process (a) with the defaults, (b) with MAX_FILE_BYTES
 *   lifted so that only the memory watchdog (CLONE_MEMORY_MB) stands, (c) `--baseline`:
 *   every limit lifted and a 16 GiB cap, i.e. what the clone costs when nothing stops it
 *   (needs ~5 GiB free);
 * - file-count bomb: 1,000 × 1,000 empty files from 3 objects;
 * - deep tree: 3,000 nested folders; then cancel latency on it with the depth and path
 *   limits lifted (the clone busy in checkout, as today's worker was for 220 s): cancel →
 *   clone rejected, and → clone process gone; and the same through the runner (Worker with
 *   an in-memory queue): cancel requested → job canceled.
 *
 * Usage: node worker/bench/clone-limits.ts [--baseline] [--rounds 5]
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.ts";
import { cloneIsolated } from "../src/git/cloneProcess.ts";
import { createLogger } from "../src/logger.ts";
import { makeRedactor } from "../src/redact.ts";
import type { WorkerJobConfig } from "../src/runner/job.ts";
import { Worker } from "../src/runner/worker.ts";
import { blobBomb, deepTreeBomb, fileCountBomb, ObjectWriter } from "../test/support/bombs.ts";
import { startGitHttpServer } from "../test/support/git-http-server.ts";
import { MemoryQueue } from "../test/support/memoryBackend.ts";

const { values } = parseArgs({
  options: {
    baseline: { type: "boolean", default: false },
    rounds: { type: "string", default: "5" },
  },
});
const rounds = Number(values.rounds);
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const defaults = loadConfig({ CONVEX_URL: "http://127.0.0.1:1", WORKER_SECRET: "x".repeat(16) });
const limits = {
  maxObjects: defaults.maxRepoObjects,
  maxFiles: defaults.maxRepoFiles,
  maxFileBytes: defaults.maxFileBytes,
  maxDepth: defaults.maxPathDepth,
};
const root = mkdtempSync(join(tmpdir(), "clone-limits-bench-"));
const server = await startGitHttpServer();
const mib = (bytes: number) => `${Math.round(bytes / MiB)} MiB`;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function bare(name: string): ObjectWriter {
  server.createEmptyRepo(name);
  return new ObjectWriter(join(server.root, "repos", `${name}.git`));
}
function repoBytes(name: string): number {
  const out = execFileSync("du", ["-sb", join(server.root, "repos", `${name}.git`)]).toString();
  return Number.parseInt(out, 10);
}

let n = 0;
async function run(name: string, over: Record<string, unknown>, memoryBytes: number) {
  const dir = join(root, `c${++n}`, "repo");
  const t0 = Date.now();
  const rssBefore = process.memoryUsage().rss;
  try {
    const result = await cloneIsolated({
      url: server.url(name),
      dir,
      maxBytes: (over.maxBytes as number) ?? defaults.maxRepoBytes,
      limits: { ...limits, ...over },
      timeoutMs: 600_000,
      allowLocal: true,
      memoryBytes,
    });
    return { outcome: "cloned", peak: result.peakRssBytes, ms: Date.now() - t0, rssBefore };
  } catch (error) {
    const e = error as { code?: string; message: string; peakRssBytes?: number };
    return { outcome: `${e.code}: ${e.message}`, peak: undefined, ms: Date.now() - t0, rssBefore };
  } finally {
    rmSync(join(root, `c${n}`), { recursive: true, force: true });
  }
}

/** Peak VmHWM of a pid cannot be read after it is killed: poll it while the clone runs. */
async function runWatched(name: string, over: Record<string, unknown>, memoryBytes: number) {
  let pid = 0;
  let peak = 0;
  const dir = join(root, `c${++n}`, "repo");
  const t0 = Date.now();
  const watch = setInterval(() => {
    if (!pid) return;
    try {
      const status = readFileSync(`/proc/${pid}/status`, "latin1");
      const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
      if (hwm) peak = Math.max(peak, Number(hwm) * 1024);
    } catch {
      // gone
    }
  }, 10);
  let outcome = "cloned";
  try {
    await cloneIsolated({
      url: server.url(name),
      dir,
      maxBytes: (over.maxBytes as number) ?? defaults.maxRepoBytes,
      limits: { ...limits, ...over },
      timeoutMs: 600_000,
      allowLocal: true,
      memoryBytes,
      onStart: (p) => {
        pid = p;
      },
    });
  } catch (error) {
    const e = error as { code?: string; message: string };
    outcome = `${e.code}: ${e.message}`;
  } finally {
    clearInterval(watch);
    rmSync(join(root, `c${n}`), { recursive: true, force: true });
  }
  return { outcome, peak, ms: Date.now() - t0 };
}

const lines: string[] = [];
const say = (line: string) => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};
try {
  say(
    `defaults: MAX_REPO_BYTES ${mib(defaults.maxRepoBytes)}, MAX_FILE_BYTES ${mib(defaults.maxFileBytes)}, MAX_REPO_FILES ${defaults.maxRepoFiles}, MAX_PATH_DEPTH ${defaults.maxPathDepth}, CLONE_MEMORY_MB ${mib(defaults.cloneMemoryBytes)}`,
  );

  // Blob bomb.
  await blobBomb(bare("blob"), GiB);
  execFileSync("git", ["-C", join(server.root, "repos", "blob.git"), "repack", "-adq"]);
  execFileSync("git", ["-C", join(server.root, "repos", "blob.git"), "prune-packed"]);
  say(`\nblob bomb: 1 GiB blob of zeros, repository ${mib(repoBytes("blob"))} on the server`);
  const a = await runWatched("blob", {}, defaults.cloneMemoryBytes);
  say(`  (a) defaults: ${a.outcome.slice(0, 120)}; clone process peak ${mib(a.peak)}; ${a.ms} ms`);
  const b = await runWatched(
    "blob",
    { maxFileBytes: 2 * GiB, maxBytes: 4 * GiB },
    defaults.cloneMemoryBytes,
  );
  say(
    `  (b) MAX_FILE_BYTES lifted, CLONE_MEMORY_MB ${mib(defaults.cloneMemoryBytes)}: ${b.outcome.slice(0, 120)}; peak ${mib(b.peak)}; ${b.ms} ms`,
  );
  if (values.baseline) {
    const c = await runWatched("blob", { maxFileBytes: 2 * GiB, maxBytes: 4 * GiB }, 16 * GiB);
    say(
      `  (c) baseline, nothing stops it: ${c.outcome.slice(0, 120)}; peak ${mib(c.peak)}; ${c.ms} ms`,
    );
  }
  say(`  this process (the worker's side): RSS ${mib(process.memoryUsage().rss)}`);

  // File-count bomb.
  fileCountBomb(bare("files"), 1_000, 2);
  say(
    `\nfile-count bomb: 1,000,000 empty files, repository ${Math.round(repoBytes("files") / 1024)} KiB`,
  );
  const f = await runWatched("files", {}, defaults.cloneMemoryBytes);
  say(`  defaults: ${f.outcome.slice(0, 120)}; peak ${mib(f.peak)}; ${f.ms} ms`);

  // Deep tree.
  deepTreeBomb(bare("deep"), 3_000);
  say(`\ndeep tree: 3,000 nested folders, repository ${Math.round(repoBytes("deep") / 1024)} KiB`);
  const d = await run("deep", {}, defaults.cloneMemoryBytes);
  say(`  defaults: ${d.outcome.slice(0, 120)}; ${d.ms} ms`);

  const lifted = { maxDepth: 10_000, maxPathChars: 100_000 };
  const rejected: number[] = [];
  const gone: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const dir = join(root, `cancel${i}`, "repo");
    const controller = new AbortController();
    let pid = 0;
    const settled = cloneIsolated({
      url: server.url("deep"),
      dir,
      maxBytes: defaults.maxRepoBytes,
      limits: { ...limits, ...lifted },
      timeoutMs: 600_000,
      allowLocal: true,
      memoryBytes: defaults.cloneMemoryBytes,
      signal: controller.signal,
      onStart: (p) => {
        pid = p;
      },
    }).catch(() => Date.now());
    const packs = join(dir, ".git", "objects", "pack");
    while (!(existsSync(packs) && readdirSync(packs).some((x) => x.endsWith(".idx")))) {
      await sleep(5);
    }
    await sleep(500); // well into the tree walk and checkout
    const t0 = Date.now();
    controller.abort();
    let goneAt = 0;
    const poll = (async () => {
      while (alive(pid)) await sleep(1);
      goneAt = Date.now();
    })();
    const rejectedAt = (await settled) as number;
    await poll;
    rejected.push(rejectedAt - t0);
    gone.push(goneAt - t0);
    rmSync(join(root, `cancel${i}`), { recursive: true, force: true });
  }
  say(
    `  cancel during checkout (limits lifted), ${rounds} rounds: clone rejected median ${median(rejected)} ms, max ${Math.max(...rejected)} ms; process gone median ${median(gone)} ms, max ${Math.max(...gone)} ms`,
  );

  // Through the runner: cancel requested → job canceled.
  const temp = join(root, "runner");
  const config: WorkerJobConfig = {
    cliPath: "/bin/false",
    tempDir: temp,
    leaseMs: 30_000,
    jobTimeoutMs: 600_000,
    maxRepoBytes: defaults.maxRepoBytes,
    maxOutputBytes: defaults.maxOutputBytes,
    cloneTimeoutMs: 600_000,
    maxRepoObjects: defaults.maxRepoObjects,
    maxRepoFiles: defaults.maxRepoFiles,
    maxFileBytes: defaults.maxFileBytes,
    maxPathDepth: 10_000,
    cloneMemoryBytes: defaults.cloneMemoryBytes,
    killGraceMs: 1_500,
    allowLocalGit: true,
    githubToken: undefined,
    githubTokenRepos: [],
    clerkSecretKey: undefined,
    clerkApiUrl: "http://127.0.0.1:1",
    anthropicApiKey: undefined,
    anthropicBaseUrl: undefined,
  };
  const queue = new MemoryQueue();
  const worker = new Worker({
    backend: queue.backend("bench"),
    logger: await createLogger({ level: "silent" }),
    redact: makeRedactor([]),
    config,
    maxConcurrentJobs: 1,
    batchIntervalMs: 50,
  });
  worker.start();
  const canceled: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const job = queue.add({ url: server.url("deep") });
    let pid = 0;
    while (!pid) {
      pid = worker.jobs()[0]?.clonePid ?? 0;
      await sleep(5);
    }
    await sleep(300); // the clone process is fetching
    const t0 = Date.now();
    queue.requestCancel(job.jobId);
    while (!["canceled", "failed"].includes(job.status)) await sleep(1);
    if (job.status === "canceled") canceled.push(Date.now() - t0);
    while (alive(pid)) await sleep(5);
  }
  await worker.shutdown(0);
  say(
    `  runner, cancel requested during the clone → job canceled (the clone killed), ${canceled.length} rounds: median ${median(canceled)} ms, max ${Math.max(...canceled)} ms (README: within 2 s)`,
  );
} finally {
  await server.close();
  rmSync(root, { recursive: true, force: true });
}
