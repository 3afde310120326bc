/**
 * Issue 14: a worker stopped by SIGTERM (a deploy) or SIGINT (Ctrl-C) during a job hands
 * the job back — queued again now, its attempt not counted — removes the job's folder, and
 * exits 0. It once died of the signal instead, after a CLI had run: execa's exit hook
 * re-raises a signal nobody else listens to, and the worker's handlers were `once`.
 */
import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, fns, leftovers, startE2E } from "./support/e2e.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
}, 60_000);
afterAll(async () => {
  await e2e?.close();
});

describe("a worker stopped during a job", () => {
  it.each(["SIGTERM", "SIGINT"] as const)(
    "%s: hands the job back uncounted, removes its folder, exits 0",
    async (signal) => {
      e2e.git.createRepo(`stop-${signal}`, { "a.ts": "export const a = 1;\n" });
      const worker = e2e.startWorker({ id: `stop-${signal}`, cliPath: e2e.fakeCli("sleep") });
      const jobId = await e2e.request(e2e.git.url(`stop-${signal}`));
      await e2e.waitJob(jobId, (j) => j.status === "analyzing", 30_000);
      expect(leftovers(worker)).toHaveLength(1);
      worker.child.kill(signal);
      expect(await worker.exited).toBe(0);
      const job = await e2e.job(jobId);
      expect(job).toMatchObject({ status: "queued", attempt: 0 });
      expect(job.runAt).toBeLessThanOrEqual(Date.now());
      expect((await e2e.events(jobId)).map((e) => e.kind)).toContain("job.released");
      expect(leftovers(worker)).toEqual([]);
      // Its own owner folder too: nothing of it is left under TEMP_DIR.
      expect(readdirSync(worker.tempDir)).toEqual([]);
      await e2e.user.mutation(fns.cancel, { jobId }); // not for the next case's worker
    },
  );
});
