/**
 * Fault: the Convex backend goes away mid-job. The local backend (with its data file) is
 * killed and started again on the same port while a worker streams events; the worker's
 * ConvexClient reconnects and the job finishes with nothing lost and nothing doubled.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, leftovers, startE2E } from "../support/e2e.ts";
import { expectCourses, expectSeqIntact, terminal } from "./helpers.ts";

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E({ persistent: true });
}, 60_000);

afterAll(async () => {
  await e2e?.close();
});

const PACED = 150;

describe("local backend restarted mid-job with its data file", () => {
  for (const signal of ["SIGKILL", "SIGTERM"] as const) {
    it(`${signal}: the worker reconnects; one course; every event once, seq intact`, async () => {
      const repo = `restart-${signal.toLowerCase()}`;
      e2e.git.createRepo(repo, { "a.ts": "export const a = 1;\n" });
      const worker = e2e.startWorker({
        id: repo,
        // Long enough that the lease outlives the restart: the same attempt must finish.
        leaseMs: 20_000,
        cliPath: e2e.fakeCli("paced", {
          FAKE_CLI_COUNT: String(PACED),
          FAKE_CLI_EVERY_MS: "20",
        }),
      });
      const jobId = await e2e.request(e2e.git.url(repo));
      await e2e.waitJob(jobId, (j) => j.status === "analyzing", 30_000);
      // Some events are stored, more are on their way.
      await e2e.waitJob(jobId, (j) => j.eventCount > 20, 30_000);
      await e2e.restartBackend({ signal, downMs: 300 });

      const job = await e2e.waitJob(jobId, terminal, 60_000);
      expect(job.error).toBeUndefined();
      expect(job.status).toBe("succeeded");
      expect(job.attempt).toBe(1);
      const events = await e2e.events(jobId);
      expectSeqIntact(events, job);
      // Each CLI event reached the job once: none lost in the restart, none sent twice.
      const paced = events.filter((e) => /^paced \d+$/.test(e.message)).map((e) => e.message);
      expect(paced).toEqual(Array.from({ length: PACED }, (_, i) => `paced ${i}`));
      for (const kind of ["job.claimed", "job.succeeded", "cli.run.completed"]) {
        expect([kind, events.filter((e) => e.kind === kind).length]).toEqual([kind, 1]);
      }
      await expectCourses(e2e, job, 1);
      // The worker saw the backend go and come back.
      expect(worker.logs.some((l) => /disconnected|reconnect/i.test(String(l.msg)))).toBe(true);
      await worker.waitLog((l) => l.msg === "job ended");
      expect(leftovers(worker)).toEqual([]);
      worker.child.kill("SIGTERM");
      expect(await worker.exited).toBe(0);
    }, 120_000);
  }
});
