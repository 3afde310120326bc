/**
 * Issue 14: a worker whose disk is full. The fault is injected where the disk is written —
 * the CLI's write fails with ENOSPC, as Node reports it — and the free space the worker
 * sees is injected too. The worker hands the job back without counting the attempt, says
 * it is not ready, claims nothing until there is room, and a job that does use up its
 * attempts ends with a message that says it failed, not that it will be retried.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.ts";
import { makeRedactor } from "../src/redact.ts";
import { isDiskFull } from "../src/runner/diskSpace.ts";
import type { JobOutcome } from "../src/runner/job.ts";
import { Worker } from "../src/runner/worker.ts";
import { type GitHttpServer, startGitHttpServer } from "./support/git-http-server.ts";
import { jobConfig } from "./support/jobConfig.ts";
import { MemoryQueue } from "./support/memoryBackend.ts";

const FAKE_CLI = fileURLToPath(new URL("./fixtures/fake-cli.mjs", import.meta.url));
const MB = 1024 ** 2;
let temp = "";
let git: GitHttpServer | undefined;
const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.shutdown(0)));
  await git?.close();
  if (temp) rmSync(temp, { recursive: true, force: true });
});

async function until<T>(what: string, check: () => T | undefined | false, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function setup(scenarioFor: (workerId: string) => string) {
  temp = mkdtempSync(join(tmpdir(), "disk-full-"));
  git = await startGitHttpServer();
  git.createRepo("hello", { "src/index.ts": "export const x = 1;\n" });
  const queue = new MemoryQueue();
  queue.retryDelayMs = 0;
  const logger = await createLogger({ level: "silent" });
  const start = async (id: string, free: { bytes: number }) => {
    const outcomes: JobOutcome[] = [];
    const worker = new Worker({
      backend: queue.backend(id),
      logger,
      redact: makeRedactor([]),
      config: jobConfig(join(temp, id), FAKE_CLI),
      cliEnv: { FAKE_CLI_SCENARIO: scenarioFor(id) },
      maxConcurrentJobs: 1,
      batchIntervalMs: 20,
      disk: { freeBytes: async () => free.bytes, minFreeBytes: 100 * MB, checkEveryMs: 20 },
      onJobDone: (_job, outcome) => outcomes.push(outcome),
    });
    workers.push(worker);
    worker.start();
    return { worker, outcomes };
  };
  return { queue, start, url: git.url("hello") };
}

describe("a worker whose disk is full", () => {
  it("hands the job back uncounted, is not ready and claims nothing until there is room; another worker runs the job", async () => {
    const { queue, start, url } = await setup((id) => (id === "full" ? "enospc" : "happy"));
    const free = { bytes: 1 * MB };
    const full = await start("full", free);
    const job = queue.add({ url });
    await until("the hand-back", () => full.outcomes.length === 1);
    expect(full.outcomes[0]).toEqual({ kind: "released", diskFull: true });
    expect(job).toMatchObject({ status: "queued", attempt: 0 });
    expect(job.events.map((e) => e.kind)).toContain("worker.disk_full");
    expect(full.worker.unreadyReason).toMatch(/disk is full/);

    // The job is due and the full worker is idle, yet it does not claim it again.
    const claims = () => queue.calls.filter((c) => c.fn === "claim" && c.workerId === "full");
    expect(claims()).toHaveLength(1);
    const other = await start("other", { bytes: 10_000 * MB });
    await until("the other worker's course", () => other.outcomes.length === 1);
    expect(job.attempt).toBe(1); // the full disk's attempt never counted
    expect(claims()).toHaveLength(1);
    expect(other.outcomes).toEqual([{ kind: "succeeded", courseId: expect.any(String) }]);

    // Room again: ready, and claiming. The other worker is stopped first, or it could take
    // the next job before the full one asks for it.
    await other.worker.shutdown(0);
    free.bytes = 200 * MB;
    await until("ready again", () => full.worker.unreadyReason === null);
    queue.add({ url: `${url}?2` });
    await until("a claim once there is room", () => claims().length === 2);
  });

  it("a job that fills the disk again on the same worker counts, and its last message says it failed", async () => {
    const { queue, start, url } = await setup(() => "enospc");
    // The disk is back to roomy once the job's folder is gone: the job itself filled it.
    const { outcomes } = await start("only", { bytes: 10_000 * MB });
    const job = queue.add({ url });
    await until("the job to end", () => outcomes.length === 4, 30_000);
    expect(job.status).toBe("failed");
    expect(outcomes[0]).toEqual({ kind: "released", diskFull: true });
    expect(outcomes.slice(1).map((o) => o.kind)).toEqual(["failed", "failed", "failed"]);
    expect(job.attempt).toBe(job.maxAttempts);
    expect(job.error?.message).toMatch(/ran out of disk space/);
    expect(job.error?.message).not.toMatch(/retried|retry/i);
    const failedEvents = job.events.filter((e) => e.kind === "worker.failed");
    expect(failedEvents.at(-1)?.message).not.toMatch(/retried|retry/i);
    expect(failedEvents.at(-1)?.message).toMatch(/attempt 3 of 3: the job has failed\.$/);
    // The earlier attempts said a retry would come; it did.
    expect(failedEvents[0]?.message).toMatch(/will be retried/);
  });
});

describe("isDiskFull", () => {
  it("knows ENOSPC and EDQUOT by code, by cause, and in a child's words", () => {
    expect(isDiskFull(Object.assign(new Error("write failed"), { code: "ENOSPC" }))).toBe(true);
    expect(isDiskFull(new Error("x", { cause: { code: "EDQUOT" } }))).toBe(true);
    expect(isDiskFull(new Error("Last output: Error: ENOSPC: no space left on device"))).toBe(true);
    expect(isDiskFull(new Error("The clone stopped: no space left on device."))).toBe(true);
    expect(isDiskFull(new Error("EACCES: permission denied"))).toBe(false);
    expect(isDiskFull(undefined)).toBe(false);
  });
});
