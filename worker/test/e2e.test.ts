/**
 * End to end: local Convex backend (the real convex/ functions) + git smart-HTTP server +
 * worker processes with the real ConvexClient + the CLI (real, offline; or the fake one
 * where a test needs to control timing).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, leftovers, startE2E } from "./support/e2e.ts";

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
  e2e.git.createRepo("hello", {
    "README.md": "# Hello\n\nA tiny project.\n",
    "src/math.ts":
      "/** Adds two numbers. */\nexport function add(a: number, b: number) {\n  return a + b;\n}\n",
    "src/main.ts": 'import { add } from "./math.ts";\nconsole.log(add(1, 2));\n',
  });
}, 60_000);

afterAll(async () => {
  await e2e?.close();
});

function seqIntact(events: { seq: number }[]) {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
}

describe("worker end to end", () => {
  it("happy path: request → claim → clone → analyse (real CLI, offline) → published", async () => {
    const worker = e2e.startWorker({ id: "happy" });
    const jobId = await e2e.request(e2e.git.url("hello"));
    const job = await e2e.waitJob(jobId, (j) => ["succeeded", "failed"].includes(j.status), 60_000);
    expect(job.error).toBeUndefined();
    expect(job.status).toBe("succeeded");
    expect(job.attempt).toBe(1);
    expect(job.commit).toMatch(/^[0-9a-f]{40}$/);
    const events = await e2e.events(jobId);
    seqIntact(events);
    const kinds = events.map((e) => e.kind);
    const order = [
      "worker.clone.started",
      "worker.clone.completed",
      "cli.run.started",
      "cli.run.completed",
      "worker.publish.started",
    ];
    expect(order.map((k) => kinds.indexOf(k))).toEqual(
      [...order.map((k) => kinds.indexOf(k))].sort((a, b) => a - b),
    );
    expect(order.every((k) => kinds.includes(k))).toBe(true);
    const course = await e2e.user.query((await import("./support/e2e.ts")).fns.course, {
      courseId: job.courseId,
    });
    expect(course).toBeTruthy();
    await worker.waitLog((l) => l.msg === "job ended");
    expect(leftovers(worker)).toEqual([]);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 90_000);
});
