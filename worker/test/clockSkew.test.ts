/**
 * Issue 14, "jobs that wait on nothing": a worker whose clock is off from the server's
 * claims a backed-off job within a second of its runAt — not 2 s late, and not stuck in
 * the queue after a claim refused as too early. The real convex/ functions on the local
 * backend; the worker runs in this process with a skewed clock injected (no fake timers).
 * The gap is the server's: the claim's `job.claimed` event time minus the job's runAt.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.ts";
import { makeRedactor } from "../src/redact.ts";
import type { WorkerBackend } from "../src/runner/backend.ts";
import { createConvexBackend } from "../src/runner/convexBackend.ts";
import { Worker } from "../src/runner/worker.ts";
import { type E2E, fns, startE2E } from "./support/e2e.ts";
import { jobConfig } from "./support/jobConfig.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
}, 60_000);
afterAll(async () => {
  await e2e?.close();
});

/** [case, skew of the worker's clock, whether it learns the server's time before claiming] */
const SKEWS: [string, number, boolean][] = [
  ["2 s ahead", 2_000, true],
  ["2 s behind", -2_000, true],
  ["10 min ahead", 10 * 60_000, true],
  ["10 min behind", -10 * 60_000, true],
  // Only the refusal of its too-early claim tells it when the job is due.
  ["2 s ahead, knowing nothing of the server's clock", 2_000, false],
];

describe("a worker whose clock is off from the server's", () => {
  it.each(SKEWS)(
    "%s claims a backed-off job within a second of its runAt",
    async (name, skew, told) => {
      const id = `skew-${skew < 0 ? "behind" : "ahead"}-${Math.abs(skew)}-${told ? "told" : "untold"}`;
      const tempDir = join(e2e.root, id);
      mkdirSync(tempDir, { recursive: true });
      const convex = createConvexBackend({ url: e2e.convexUrl, secret: e2e.secret, workerId: id });
      const backend: WorkerBackend = told
        ? convex
        : {
            ...convex,
            announce: async (offline) => {
              await convex.announce(offline);
              return undefined;
            },
            claim: async (jobId, leaseMs) => {
              const answer = await convex.claim(jobId, leaseMs);
              if (answer && !("notDue" in answer)) delete answer.serverTime;
              return answer;
            },
          };
      const worker = new Worker({
        backend,
        logger: await createLogger({ level: "silent" }),
        redact: makeRedactor([]),
        // Every attempt crashes, retryably: attempt 1 ends with a backoff of 2.5–5 s.
        config: jobConfig(tempDir, e2e.fakeCli("crash")),
        maxConcurrentJobs: 1,
        batchIntervalMs: 50,
        clock: () => Date.now() + skew,
      });
      worker.start();
      let jobId: string | undefined;
      try {
        // One repository per case: a request for a repository with an active job returns that job.
        e2e.git.createRepo(id, { "src/index.ts": "export const x = 1;\n" });
        jobId = await e2e.request(e2e.git.url(id));
        const job = await e2e.waitJob(
          jobId,
          (j) => j.attempt >= 2 || j.status === "failed",
          20_000,
        );
        expect(job.attempt, name).toBe(2);
        const claims = (await e2e.events(jobId)).filter((e) => e.kind === "job.claimed");
        const second = claims.find((e) => e.message.startsWith("Attempt 2 "));
        expect(second, "the second claim's event").toBeDefined();
        const gap = (second?.ts ?? 0) - job.runAt;
        expect(gap, `${name}: claimed ${gap} ms after runAt`).toBeGreaterThanOrEqual(0);
        expect(gap, `${name}: claimed ${gap} ms after runAt`).toBeLessThan(1_000);
      } finally {
        await worker.shutdown(0);
        // Its next attempts must not keep the next case's worker busy.
        if (jobId) await e2e.user.mutation(fns.cancel, { jobId }).catch(() => {});
      }
    },
    40_000,
  );
});
