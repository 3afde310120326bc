/**
 * Fault: a worker killed with SIGKILL mid-job. Mid-analysis (with resume from checkpoints)
 * is covered by worker/test/e2e.test.ts ("crash and resume", with the fake and the real
 * CLI). Here the worker dies while publishing, with a half-written course in Convex: the
 * lease expires, a second worker takes the job over, and the repository ends with exactly
 * one complete course.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, leftovers, startE2E } from "../support/e2e.ts";
import { expectCourses, expectSeqIntact, terminal } from "./helpers.ts";

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
}, 60_000);

afterAll(async () => {
  await e2e?.close();
});

describe("worker kill -9 mid-job", () => {
  it("while publishing: a second worker takes over; one course; seq intact", async () => {
    e2e.git.createRepo("crash-publish", { "a.ts": "export const a = 1;\n" });
    // Chapters of many parts, so publishing takes many mutations.
    const a = e2e.startWorker({
      id: "publish-a",
      leaseMs: 2_000,
      cliPath: e2e.fakeCli("happy", { FAKE_CLI_CHAPTER_CHARS: "4000000" }),
    });
    const jobId = await e2e.request(e2e.git.url("crash-publish"));
    await e2e.waitJob(jobId, (j) => j.status === "publishing", 60_000);
    a.child.kill("SIGKILL");
    await a.exited;
    const half = await e2e.job(jobId);
    expect(half.status).toBe("publishing");
    expect(half.courseId).toBeUndefined();

    const b = e2e.startWorker({ id: "publish-b", leaseMs: 2_000, cliPath: e2e.fakeCli("happy") });
    const job = await e2e.waitJob(jobId, terminal, 60_000);
    expect(job.error).toBeUndefined();
    expect(job).toMatchObject({ status: "succeeded", attempt: 2 });
    const events = await e2e.events(jobId);
    expectSeqIntact(events, job);
    const requeued = events.filter((e) => e.kind === "job.requeued");
    expect(requeued).toHaveLength(1);
    expect(requeued[0]?.message).toMatch(/lease expired/);
    expect(events.filter((e) => e.kind === "job.succeeded")).toHaveLength(1);
    expect(events.filter((e) => e.kind === "worker.publish.started")).toHaveLength(2);
    // The half-published course of attempt 1 is not shown; the repository has one course.
    await expectCourses(e2e, job, 1);
    await b.waitLog((l) => l.msg === "job ended");
    expect(leftovers(b)).toEqual([]);
    b.child.kill("SIGTERM");
    expect(await b.exited).toBe(0);
  }, 120_000);
});
