/**
 * Fault: the model API is overloaded (a storm of 529s from the Anthropic stand-in, the real
 * CLI pointed at it). A short storm is absorbed by the CLI's retries; a storm that outlasts
 * them (8 HTTP attempts per request) fails the attempt as a retryable model_unavailable, Convex requeues it with backoff,
 * and once attempts run out the job fails with a message that says what to do.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  errorReply,
  type Standin,
  startAnthropicStandin,
} from "../../../cli/test/support/anthropic-standin.ts";
import { courseScenario } from "../../../cli/test/support/standin-course-scenario.ts";
import { type E2E, leftovers, startE2E } from "../support/e2e.ts";
import { expectCourses, expectExplainedFailure, expectSeqIntact, terminal } from "./helpers.ts";

let e2e: E2E;
let standin: Standin;

beforeAll(async () => {
  e2e = await startE2E();
  standin = await startAnthropicStandin({ script: courseScenario });
}, 60_000);

// A test that fails before its clean-up must not leave its worker taking the next ones' jobs.
afterEach(() => e2e?.killWorkers());

afterAll(async () => {
  await standin?.close();
  await e2e?.close();
});

const FILES = {
  "README.md": "# Storm\n\nA tiny project.\n",
  "src/math.ts": "/** Adds. */\nexport function add(a: number, b: number) {\n  return a + b;\n}\n",
  "src/main.ts": 'import { add } from "./math.ts";\nconsole.log(add(1, 2));\n',
};
// retry-after-ms keeps the waits short: the CLI honours what the API asks for.
const overloaded = () => errorReply(529, "Overloaded", { retryAfterMs: 1 });

describe("a storm of 529s from the model API", () => {
  it("a short storm is retried inside the attempt and the course is published", async () => {
    const STORM = 7; // within the CLI's one retry layer (8 HTTP attempts per request)
    let seen = 0;
    standin.reset();
    standin.setScript((request) => (++seen <= STORM ? overloaded() : courseScenario(request)));
    e2e.git.createRepo("storm-short", FILES);
    const worker = e2e.startWorker({ id: "storm-short", env: modelEnv() });
    const jobId = await e2e.request(e2e.git.url("storm-short"));
    const job = await e2e.waitJob(jobId, terminal, 90_000);
    expect(job.error).toBeUndefined();
    expect(job).toMatchObject({ status: "succeeded", attempt: 1 });
    expect(standin.requests.filter((r) => r.reply === "error")).toHaveLength(STORM);
    const events = await e2e.events(jobId);
    expectSeqIntact(events, job);
    expect(events.some((e) => e.kind === "job.requeued")).toBe(false);
    await expectCourses(e2e, job, 1);
    await worker.waitLog((l) => l.msg === "job ended");
    expect(leftovers(worker)).toEqual([]);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 120_000);

  it("a storm that outlasts the retries: requeued with backoff, then failed with a clear message", async () => {
    standin.reset();
    standin.setScript(overloaded);
    e2e.git.createRepo("storm-long", FILES);
    const worker = e2e.startWorker({ id: "storm-long", env: modelEnv() });
    const jobId = await e2e.request(e2e.git.url("storm-long"));
    const first = await e2e.waitJob(jobId, (j) => j.error !== undefined, 90_000);
    // The first failure is retryable: back in the queue, later, with the reason shown.
    expect(first.error).toMatchObject({ code: "model_unavailable", retryable: true });
    const job = await e2e.waitJob(jobId, terminal, 150_000);
    const events = await e2e.events(jobId);
    expectSeqIntact(events, job);
    expectExplainedFailure(job, events, "model_unavailable");
    expect(job.attempt).toBe(job.maxAttempts);
    expect(job.error?.retryable).toBe(true);
    expect(job.error?.message).toMatch(/unavailable.*Try again later/);
    expect(job.error?.message).toContain(`gave up after ${job.maxAttempts} attempts`);
    const requeued = events.filter((e) => e.kind === "job.requeued");
    expect(requeued).toHaveLength(job.maxAttempts - 1);
    for (const e of requeued)
      expect(e.message).toMatch(/failed \(.*unavailable.*\)\. Retrying in \d+ s\./);
    expect(events.filter((e) => e.kind === "job.claimed")).toHaveLength(job.maxAttempts);
    // Every answer was a 529: nothing was published.
    expect(standin.requests.every((r) => r.reply === "error")).toBe(true);
    await expectCourses(e2e, job, 0);
    expect(JSON.stringify(events)).not.toContain("test-key");
    await worker.waitLog((l) => l.msg === "job ended" && l.attempt === job.maxAttempts);
    expect(leftovers(worker)).toEqual([]);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 200_000);
});

function modelEnv() {
  return { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: standin.url };
}
