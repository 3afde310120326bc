/**
 * The runner (Worker + job attempts) against an in-memory queue with Convex's rules, a real
 * git smart-HTTP server and the fake CLI. The same flows run against the local Convex
 * backend in the end-to-end tests.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.ts";
import { makeRedactor } from "../src/redact.ts";
import type { JobOutcome, RunningJob, WorkerJobConfig } from "../src/runner/job.ts";
import { Worker } from "../src/runner/worker.ts";
import { blobBomb, deepTreeBomb, ObjectWriter, unsafePathRepo } from "./support/bombs.ts";
import { type GitHttpServer, startGitHttpServer } from "./support/git-http-server.ts";
import { jobFoldersIn } from "./support/jobFolders.ts";
import { type MemJob, MemoryQueue } from "./support/memoryBackend.ts";

const FAKE_CLI = fileURLToPath(new URL("./fixtures/fake-cli.mjs", import.meta.url));
let git: GitHttpServer;
let temp: string;
const workers: Worker[] = [];

beforeAll(async () => {
  git = await startGitHttpServer();
  git.createRepo("hello", { "src/index.ts": "export const x = 1;\n" });
  git.createRepo("stall", { "a.txt": "x".repeat(100_000) });
  const bare = (name: string) => {
    git.createEmptyRepo(name);
    return new ObjectWriter(join(git.root, "repos", `${name}.git`));
  };
  await blobBomb(bare("blob-bomb"), 64 * 1024 ** 2);
  deepTreeBomb(bare("deep-tree"), 3_000);
});
afterAll(async () => {
  await git.close();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.shutdown(0)));
  if (temp) rmSync(temp, { recursive: true, force: true });
});

function config(overrides: Partial<WorkerJobConfig> = {}): WorkerJobConfig {
  temp = mkdtempSync(join(tmpdir(), "worker-test-"));
  return {
    cliPath: FAKE_CLI,
    tempDir: join(temp, "jobs"),
    leaseMs: 3_000,
    jobTimeoutMs: 30_000,
    maxRepoBytes: 10_000_000,
    maxOutputBytes: 10_000_000,
    cloneTimeoutMs: 10_000,
    maxRepoObjects: 100_000,
    maxRepoFiles: 100_000,
    maxFileBytes: 10_000_000,
    maxPathDepth: 100,
    cloneMemoryBytes: 512 * 1024 ** 2,
    killGraceMs: 500,
    allowLocalGit: true,
    githubToken: undefined,
    githubTokenRepos: [],
    clerkSecretKey: undefined,
    clerkApiUrl: "http://127.0.0.1:1",
    anthropicApiKey: undefined,
    anthropicBaseUrl: undefined,
    ...overrides,
  };
}

async function startWorker(
  queue: MemoryQueue,
  scenario: string,
  options: {
    id?: string;
    slots?: number;
    cfg?: Partial<WorkerJobConfig>;
    env?: Record<string, string>;
  } = {},
) {
  const outcomes: { job: RunningJob; outcome: JobOutcome }[] = [];
  const worker = new Worker({
    backend: queue.backend(options.id ?? "w1"),
    logger: await createLogger({ level: "silent" }),
    redact: makeRedactor([]),
    config: config(options.cfg),
    maxConcurrentJobs: options.slots ?? 1,
    cliEnv: {
      FAKE_CLI_SCENARIO: scenario,
      FAKE_CLI_ARGS_FILE: join(temp, "args.json"),
      ...options.env,
    },
    batchIntervalMs: 50,
    onJobDone: (job, outcome) => outcomes.push({ job, outcome }),
  });
  workers.push(worker);
  worker.start();
  return { worker, outcomes };
}

async function until<T>(check: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const done = (job: MemJob) => ["succeeded", "failed", "canceled"].includes(job.status) || undefined;

function cliPid(): number {
  return JSON.parse(readFileSync(join(temp, "args.json"), "utf8")).pid;
}
function cliArgs(): string[] {
  return JSON.parse(readFileSync(join(temp, "args.json"), "utf8")).args;
}
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
function jobFolders(): string[] {
  return jobFoldersIn(join(temp, "jobs"));
}

describe("Worker", () => {
  it("claims, clones, runs the CLI, streams events in order and publishes", async () => {
    const queue = new MemoryQueue();
    const job = queue.add({ url: git.url("hello") });
    const { outcomes } = await startWorker(queue, "happy");
    await until(() => outcomes.length > 0);
    expect(job.status).toBe("succeeded");
    expect(job.attempt).toBe(1);
    expect(job.commit).toMatch(/^[0-9a-f]{40}$/);
    const course = queue.courses.get(job.courseId ?? "");
    expect(course?.complete).toBe(true);
    expect([...(course?.lessons.keys() ?? [])]).toEqual(["one", "two", "try-it"]);
    expect(job.events.map((e) => e.kind)).toEqual([
      "worker.clone.started",
      "worker.clone.completed",
      "cli.run.started",
      "cli.step.started",
      "cli.step.completed",
      "cli.step.started",
      "cli.step.completed",
      "cli.step.started",
      "cli.step.completed",
      "cli.run.completed",
      "worker.publish.started",
      "worker.sources.published",
    ]);
    // The cited file, read from the clone at the analysed commit, is published with the course.
    expect(Object.fromEntries(course?.files ?? [])).toEqual({
      "src/index.ts": { size: 20, lines: 1, parts: ["export const x = 1;\n"] },
    });
    expect([...(queue.checkpoints.get(job.jobId)?.keys() ?? [])].sort()).toEqual([
      "checkpoints/abstractions.json",
      "checkpoints/order.json",
      "checkpoints/relationships.json",
    ]);
    expect(cliArgs()).not.toContain("--resume");
    expect(outcomes[0]?.outcome.kind).toBe("succeeded");
    expect(jobFolders()).toEqual([]);
  });

  it("a commit that already has this course: the job ends up to date and the CLI never runs", async () => {
    const queue = new MemoryQueue();
    const first = queue.add({ url: git.url("hello") });
    const { outcomes } = await startWorker(queue, "happy");
    await until(() => done(first));
    const commit = first.commit ?? "";
    queue.coursesAtCommit.set(commit, first.courseId ?? "");
    rmSync(join(temp, "args.json")); // the fake CLI writes it on every run
    const again = queue.add({ url: git.url("hello") });
    await until(() => outcomes.length > 1);
    expect(outcomes[1]?.outcome).toEqual({
      kind: "succeeded",
      courseId: first.courseId,
      upToDate: true,
    });
    expect(again).toMatchObject({ status: "succeeded", upToDate: true, commit, offline: true });
    expect(existsSync(join(temp, "args.json"))).toBe(false);
    expect(again.events.map((e) => e.kind)).toEqual([
      "worker.clone.started",
      "worker.clone.completed",
    ]);
    const calls = queue.calls.filter((c) => c.jobId === again.jobId).map((c) => c.fn);
    expect(calls).not.toContain("beginPublish");
    expect(calls.filter((fn) => fn !== "heartbeat" && fn !== "claim").at(-1)).toBe("reportCommit");
    expect(queue.courses.size).toBe(1);
    expect(jobFolders()).toEqual([]);
  });

  it("arms a timer for a job whose runAt is in the future (no polling)", async () => {
    const queue = new MemoryQueue();
    const runAt = Date.now() + 400;
    const job = queue.add({ url: git.url("hello"), runAt });
    await startWorker(queue, "happy");
    await until(() => done(job));
    expect(job.status).toBe("succeeded");
    const claims = queue.calls.filter((c) => c.fn === "claim");
    expect(claims).toHaveLength(1); // claimed once, when due; never tried early
  });

  it("says at start whether it has a model key", async () => {
    const queue = new MemoryQueue();
    await startWorker(queue, "sleep", { id: "offline-one" });
    await startWorker(queue, "sleep", { id: "keyed", cfg: { anthropicApiKey: "sk-test-key" } });
    await until(() => queue.announced.length >= 2 || undefined);
    expect(queue.announced).toEqual([
      { workerId: "offline-one", offline: true },
      { workerId: "keyed", offline: false },
    ]);
  });

  it("cancel while analysing: CLI stopped, job canceled, folder removed", async () => {
    const queue = new MemoryQueue();
    const job = queue.add({ url: git.url("hello") });
    const { outcomes } = await startWorker(queue, "sleep");
    await until(() => job.events.some((e) => e.kind === "cli.run.started"));
    const pid = cliPid();
    queue.requestCancel(job.jobId);
    await until(() => outcomes.length > 0);
    expect(outcomes[0]?.outcome.kind).toBe("canceled");
    expect(job.status).toBe("canceled");
    expect(isAlive(pid)).toBe(false);
    expect(jobFolders()).toEqual([]);
    // The CLI's "interrupted" answer to our own stop is no error of the job's: not logged.
    expect(job.events.filter((e) => e.level === "error")).toEqual([]);
    expect(job.events.some((e) => e.kind === "cli.run.failed")).toBe(false);
  });

  it("cancel while cloning", async () => {
    const queue = new MemoryQueue();
    git.setFault("stall", { kind: "stall", afterBytes: 100 });
    const job = queue.add({ url: git.url("stall") });
    const { outcomes } = await startWorker(queue, "happy");
    await until(() => job.status === "cloning");
    queue.requestCancel(job.jobId);
    await until(() => outcomes.length > 0);
    git.setFault("stall", null);
    expect(job.status).toBe("canceled");
    expect(existsSync(join(temp, "args.json"))).toBe(false); // the CLI never started
    expect(jobFolders()).toEqual([]);
  });

  it("stops at once and writes nothing more when the lease is lost", async () => {
    const queue = new MemoryQueue();
    const job = queue.add({ url: git.url("hello") });
    const { outcomes } = await startWorker(queue, "slow-steps", {
      env: { FAKE_CLI_STEP_MS: "400" },
      cfg: { leaseMs: 1_000 },
    });
    await until(() => job.events.some((e) => e.kind === "cli.step.completed"));
    const pid = cliPid();
    queue.expire(job.jobId); // the lease moved on (e.g. the worker was paused past it)
    job.status = "claimed";
    job.attempt += 1;
    job.workerId = "someone-else";
    await until(() => outcomes.length > 0);
    expect(outcomes[0]?.outcome.kind).toBe("lost");
    expect(isAlive(pid)).toBe(false);
    const mine = queue.calls.filter((c) => c.workerId === "w1" && c.fn !== "claim");
    const firstRefused = mine.findIndex((c) => c.refused);
    expect(firstRefused).toBeGreaterThanOrEqual(0);
    // after the first refusal, nothing succeeded (at most calls already in flight, all refused)
    expect(mine.slice(firstRefused).every((c) => c.refused)).toBe(true);
    expect(mine.slice(firstRefused).length).toBeLessThanOrEqual(3);
    expect(jobFolders()).toEqual([]);
  });

  it("graceful shutdown hands a running job back without counting the attempt", async () => {
    const queue = new MemoryQueue();
    const job = queue.add({ url: git.url("hello") });
    const { worker, outcomes } = await startWorker(queue, "sleep");
    await until(() => job.events.some((e) => e.kind === "cli.run.started"));
    const pid = cliPid();
    await worker.shutdown(100);
    expect(outcomes[0]?.outcome.kind).toBe("released");
    expect(job.status).toBe("queued");
    expect(job.attempt).toBe(0);
    expect(isAlive(pid)).toBe(false);
    expect(jobFolders()).toEqual([]);
  });

  it("graceful shutdown lets a job finish within the grace period and claims nothing new", async () => {
    const queue = new MemoryQueue();
    const first = queue.add({ url: git.url("hello") });
    const { worker } = await startWorker(queue, "slow-steps", { env: { FAKE_CLI_STEP_MS: "50" } });
    await until(() => first.status === "analyzing");
    const second = queue.add({ url: git.url("hello") });
    await worker.shutdown(20_000);
    expect(first.status).toBe("succeeded");
    expect(second.status).toBe("queued");
  });

  it("a claim that lands during shutdown is handed straight back", async () => {
    const queue = new MemoryQueue();
    queue.claimDelayMs = 300;
    const job = queue.add({ url: git.url("hello") });
    const { worker, outcomes } = await startWorker(queue, "happy");
    await until(() => queue.calls.some((c) => c.fn === "claim"));
    await worker.shutdown(5_000);
    expect(outcomes.map((o) => o.outcome.kind)).toEqual(["released"]);
    expect(job).toMatchObject({ status: "queued", attempt: 0 });
    expect(jobFolders()).toEqual([]);
  });

  it("hands checkpoints back on a re-delivered attempt and resumes", async () => {
    const queue = new MemoryQueue();
    const job = queue.add({ url: git.url("hello") });
    queue.checkpoints.set(
      job.jobId,
      new Map([
        ["checkpoints/abstractions.json", { count: 2, parts: ['{"step":', '"from-attempt-1"}'] }],
        ["checkpoints/relationships.json", { count: 1, parts: ['{"step":"relationships"}'] }],
      ]),
    );
    job.attempt = 1; // one attempt already happened
    await startWorker(queue, "slow-steps", { env: { FAKE_CLI_STEP_MS: "10" } });
    await until(() => done(job));
    expect(job.status).toBe("succeeded");
    expect(cliArgs()).toContain("--resume");
    const completed = job.events.filter((e) => e.kind === "cli.step.completed");
    expect(completed.map((e) => (e.data as { resumed: boolean }).resumed)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    const saved = queue.calls.filter((c) => c.fn === "saveCheckpoint").length;
    expect(saved).toBe(4); // only the steps this attempt ran
    expect(job.events.some((e) => e.kind === "worker.checkpoints.restored")).toBe(true);
  });

  it("a missing repository fails at once with a clear message", async () => {
    const queue = new MemoryQueue();
    const job = queue.add({ url: git.url("does-not-exist") });
    await startWorker(queue, "happy");
    await until(() => done(job));
    expect(job.status).toBe("failed");
    expect(job.error).toMatchObject({ code: "repository_not_found", retryable: false });
    expect(job.events.at(-1)).toMatchObject({ kind: "worker.failed", level: "error" });
  });

  it("a CLI crash is retried, then fails once attempts are used up", async () => {
    const queue = new MemoryQueue();
    const job = queue.add({ url: git.url("hello"), maxAttempts: 2 });
    await startWorker(queue, "crash");
    await until(() => done(job));
    expect(job.status).toBe("failed");
    expect(job.attempt).toBe(2);
    expect(job.error).toMatchObject({ code: "analysis_failed", retryable: true });
  });

  it("a model auth error from the CLI is not retried", async () => {
    const queue = new MemoryQueue();
    const job = queue.add({ url: git.url("hello") });
    await startWorker(queue, "run-failed");
    await until(() => done(job));
    expect(job).toMatchObject({ status: "failed", attempt: 1 });
    expect(job.error).toMatchObject({ code: "model_auth", retryable: false });
  });

  it("the job's wall-clock limit stops a run and the job is retried", async () => {
    const queue = new MemoryQueue();
    queue.retryDelayMs = 60_000; // stays queued: no second attempt during the test
    const job = queue.add({ url: git.url("hello") });
    const { outcomes } = await startWorker(queue, "ignore-sigterm", {
      cfg: { jobTimeoutMs: 1_500 },
    });
    await until(() => outcomes.length > 0);
    expect(outcomes[0]?.outcome).toMatchObject({
      kind: "failed",
      code: "job_timeout",
      status: "queued",
    });
    expect(job.error?.message).toMatch(/will be retried, resuming from its checkpoints/);
    expect(jobFolders()).toEqual([]);
  });

  it("a course Convex refuses fails without a retry, saying why", async () => {
    const queue = new MemoryQueue();
    const job = queue.add({ url: git.url("hello") });
    await startWorker(queue, "happy", { env: { FAKE_CLI_TITLE_CHARS: "600" } });
    await until(() => done(job));
    expect(job.status).toBe("failed");
    expect(job.error).toMatchObject({ code: "analysis_failed", retryable: false });
    expect(job.error?.message).toMatch(/Convex refused the course/);
  });

  it("several workers share the queue; each job runs once", async () => {
    const queue = new MemoryQueue();
    const jobs = Array.from({ length: 6 }, () => queue.add({ url: git.url("hello") }));
    await startWorker(queue, "happy", { id: "a", slots: 2 });
    await startWorker(queue, "happy", { id: "b", slots: 2 });
    await until(() => jobs.every((j) => done(j)), 30_000);
    expect(jobs.every((j) => j.status === "succeeded" && j.attempt === 1)).toBe(true);
    const successfulClaims = queue.calls.filter((c) => c.fn === "claim");
    expect(new Set(successfulClaims.map((c) => c.workerId)).size).toBe(2);
  });
});

describe("Worker: issue 11, limits and what users see", () => {
  it("a blob bomb fails its job for good, and the same worker goes on with the next job", async () => {
    const queue = new MemoryQueue();
    const bomb = queue.add({ url: git.url("blob-bomb") });
    const next = queue.add({ url: git.url("hello"), runAt: Date.now() + 1 });
    const { outcomes } = await startWorker(queue, "happy", {
      cfg: { maxFileBytes: 8 * 1024 ** 2 },
    });
    // Both attempts ended, their folders removed (a job reads succeeded before its cleanup).
    await until(() => done(bomb) && done(next) && outcomes.length === 2, 60_000);
    expect(bomb).toMatchObject({ status: "failed", attempt: 1 });
    expect(bomb.error).toMatchObject({ code: "repository_too_large", retryable: false });
    expect(bomb.error?.message).toMatch(/^The repository is too large: it holds a file of 64 MiB/);
    expect(next.status).toBe("succeeded");
    expect(jobFolders()).toEqual([]);
  });

  it("a clone over its memory cap is killed, not the worker: permanent failure, next job runs", async () => {
    const queue = new MemoryQueue();
    const bomb = queue.add({ url: git.url("blob-bomb") });
    const next = queue.add({ url: git.url("hello"), runAt: Date.now() + 1 });
    await startWorker(queue, "happy", {
      cfg: { maxFileBytes: 1024 ** 3, maxRepoBytes: 1024 ** 3, cloneMemoryBytes: 160 * 1024 ** 2 },
    });
    await until(() => done(bomb) && done(next), 60_000);
    expect(bomb).toMatchObject({ status: "failed", attempt: 1 });
    expect(bomb.error).toMatchObject({ code: "repository_too_large", retryable: false });
    expect(bomb.error?.message).toMatch(/needed more than the 160 MiB of memory/);
    expect(next.status).toBe("succeeded");
  });

  it("cancel while cloning a 3,000-level tree: the clone process is killed, the job canceled", async () => {
    const queue = new MemoryQueue();
    const job = queue.add({ url: git.url("deep-tree") });
    const { worker, outcomes } = await startWorker(queue, "happy", {
      cfg: { maxPathDepth: 10_000 },
    });
    const pid = await until(() => worker.jobs()[0]?.clonePid);
    queue.requestCancel(job.jobId);
    await until(() => outcomes.length > 0);
    expect(job.status).toBe("canceled");
    expect(isAlive(pid)).toBe(false);
    expect(jobFolders()).toEqual([]);
  });

  it("no event or failure names the worker's temp folder", async () => {
    const queue = new MemoryQueue();
    const job = queue.add({ url: git.url("hello"), maxAttempts: 1 });
    await startWorker(queue, "crash-with-paths");
    await until(() => done(job));
    expect(job.error).toMatchObject({ code: "analysis_failed" });
    const seen = JSON.stringify({ events: job.events, error: job.error });
    expect(seen).not.toContain(temp);
    expect(seen).not.toContain(tmpdir());
    expect(job.events.find((e) => e.kind === "cli.log")?.message).toBe(
      "could not parse src/index.ts",
    );
    expect(job.error?.message).toContain("open '<output>/course.json'");
    const started = job.events.find((e) => e.kind === "cli.run.started");
    expect(started?.data).not.toHaveProperty("outDir");
  });

  it("only attempts that will be retried say so; the last one does not", async () => {
    const queue = new MemoryQueue();
    queue.retryDelayMs = 10;
    git.setFault("stall", { kind: "stall", afterBytes: 100 });
    const job = queue.add({ url: git.url("stall"), maxAttempts: 2 });
    await startWorker(queue, "happy", { cfg: { cloneTimeoutMs: 1_000 } });
    await until(() => done(job), 60_000);
    git.setFault("stall", null);
    expect(job).toMatchObject({ status: "failed", attempt: 2 });
    expect(job.error).toMatchObject({ code: "clone_timeout", retryable: true });
    expect(job.error?.message).not.toMatch(/retried/);
    const failed = job.events.filter((e) => e.kind === "worker.failed").map((e) => e.message);
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatch(/The job will be retried\.$/);
    expect(failed[1]).not.toMatch(/retried/);
  });

  it("an unsafe tree path fails at once, without a retry", async () => {
    const queue = new MemoryQueue();
    git.createEmptyRepo("unsafe");
    unsafePathRepo(new ObjectWriter(join(git.root, "repos", "unsafe.git")), ".git");
    const job = queue.add({ url: git.url("unsafe") });
    await startWorker(queue, "happy");
    await until(() => done(job));
    expect(job).toMatchObject({ status: "failed", attempt: 1 });
    expect(job.error).toMatchObject({ code: "clone_failed", retryable: false });
  });
});
