/**
 * Fault: the git host goes away mid-clone. The smart-HTTP server drops the connection or
 * stalls after the first bytes of the pack. The attempt fails retryable (clone_failed,
 * clone_timeout), the job is retried, and it ends succeeded once the host is back, or
 * failed with a clear message when it never comes back.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type E2E, leftovers, startE2E } from "../support/e2e.ts";
import { expectCourses, expectExplainedFailure, expectSeqIntact, terminal } from "./helpers.ts";

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
}, 60_000);

// A test that fails before its clean-up must not leave its worker taking the next ones' jobs.
afterEach(() => e2e?.killWorkers());

afterAll(async () => {
  await e2e?.close();
});

// Large enough that the pack is still streaming when the fault hits.
const BIG = {
  "big.txt": Array.from({ length: 20_000 }, (_, i) => `line ${i} ${i * 7919}`).join("\n"),
};

describe("the git host going away mid-clone", () => {
  it("connection dropped: retried, and succeeds once the host is back", async () => {
    e2e.git.createRepo("drop", { ...BIG, "a.ts": "export const a = 1;\n" });
    e2e.git.setFault("drop", { kind: "drop", afterBytes: 2_000 });
    const worker = e2e.startWorker({ id: "drop", cliPath: e2e.fakeCli("happy") });
    const jobId = await e2e.request(e2e.git.url("drop"));
    const first = await e2e.waitJob(jobId, (j) => j.error !== undefined, 60_000);
    expect(first.status).toBe("queued");
    expect(first.error).toMatchObject({ code: "clone_failed", retryable: true });
    expect(first.error?.message.length).toBeGreaterThan(30);
    e2e.git.setFault("drop", null); // the host is back
    const job = await e2e.waitJob(jobId, terminal, 60_000);
    expect(job).toMatchObject({ status: "succeeded", attempt: 2 });
    const events = await e2e.events(jobId);
    expectSeqIntact(events, job);
    // The user sees why there was a second attempt.
    const failure = events.find((e) => e.kind === "worker.failed");
    expect(failure?.level).toBe("error");
    expect(failure?.message).toBe(first.error?.message);
    const requeued = events.filter((e) => e.kind === "job.requeued");
    expect(requeued).toHaveLength(1);
    expect(requeued[0]?.message).toContain(first.error?.message);
    expect(requeued[0]?.message).toMatch(/Retrying in \d+ s/);
    await expectCourses(e2e, job, 1);
    await worker.waitLog((l) => l.msg === "job ended" && l.attempt === 2);
    expect(leftovers(worker)).toEqual([]);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 90_000);

  it("host stalls for good: each attempt times out, then the job fails saying so", async () => {
    e2e.git.createRepo("stall", { ...BIG, "a.ts": "export const a = 1;\n" });
    e2e.git.setFault("stall", { kind: "stall", afterBytes: 2_000 });
    const worker = e2e.startWorker({
      id: "stall",
      cliPath: e2e.fakeCli("happy"),
      env: { CLONE_TIMEOUT_MS: "1500" },
    });
    const jobId = await e2e.request(e2e.git.url("stall"));
    const job = await e2e.waitJob(jobId, terminal, 90_000);
    e2e.git.setFault("stall", null);
    const events = await e2e.events(jobId);
    expectSeqIntact(events, job);
    expectExplainedFailure(job, events, "clone_timeout");
    expect(job.attempt).toBe(job.maxAttempts);
    expect(job.error?.message).toContain(`gave up after ${job.maxAttempts} attempts`);
    expect(events.filter((e) => e.kind === "job.requeued")).toHaveLength(job.maxAttempts - 1);
    expect(events.filter((e) => e.kind === "cli.run.started")).toHaveLength(0);
    await expectCourses(e2e, job, 0);
    await worker.waitLog((l) => l.msg === "job ended" && l.attempt === job.maxAttempts);
    expect(leftovers(worker)).toEqual([]);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 120_000);
});
