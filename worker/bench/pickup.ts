/**
 * Pickup latency: job inserted → claimed (Convex `_creationTime` → `startedAt`, both server
 * clock), over N jobs, for the subscription-driven worker and, in the same run, for a 5 s
 * polling loop (the old design) claiming from the same backend. The repositories do not
 * exist, so each job ends right after its claim and a slot is always free.
 * Usage: node worker/bench/pickup.ts [--jobs 200] [--every 150] [--poll-ms 5000]
 */
import { parseArgs } from "node:util";
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { startE2E } from "../test/support/e2e.ts";

const { values } = parseArgs({
  options: {
    jobs: { type: "string", default: "200" },
    every: { type: "string", default: "150" },
    "poll-ms": { type: "string", default: "5000" },
  },
});
const N = Number(values.jobs);
const EVERY = Number(values.every);
const POLL_MS = Number(values["poll-ms"]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};
const summary = (xs: number[]) =>
  `median ${pct(xs, 50).toFixed(0)} ms, p95 ${pct(xs, 95).toFixed(0)} ms, p99 ${pct(xs, 99).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms (n=${xs.length})`;

const e2e = await startE2E();
try {
  // Repositories that do not exist: each claimed job fails at once (404), so every job
  // finds a free slot and the figure is pickup alone, not queueing behind running jobs.
  const repos = Array.from({ length: N }, (_, i) => `missing-${i}`);

  // 1. The worker: subscription + claim, MAX_CONCURRENT_JOBS high enough that a slot is free.
  const worker = e2e.startWorker({
    id: "bench-sub",
    env: { MAX_CONCURRENT_JOBS: "4", LOG_LEVEL: "info" },
  });
  await worker.healthPort;
  await sleep(1_000); // connected and subscribed
  const subIds: string[] = [];
  for (const r of repos) {
    subIds.push(await e2e.request(e2e.git.url(r)));
    await sleep(EVERY);
  }
  const sub: number[] = [];
  for (const id of subIds) {
    const job = (await e2e.waitJob(id, (j) => j.status !== "queued", 60_000)) as unknown as {
      _creationTime: number;
      startedAt: number;
    };
    sub.push(job.startedAt - job._creationTime);
  }
  for (const id of subIds)
    await e2e.waitJob(id, (j) => ["succeeded", "failed"].includes(j.status), 120_000);
  worker.child.kill("SIGTERM");
  await worker.exited;

  // 2. The old design: a loop that polls the queue every POLL_MS and claims what it finds.
  const http = new ConvexHttpClient(e2e.convexUrl);
  const claimable = makeFunctionReference<"query">("workerApi:claimable");
  const claim = makeFunctionReference<"mutation">("workerApi:claim");
  const fail = makeFunctionReference<"mutation">("workerApi:fail");
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const rows = (await http.query(claimable, { secret: e2e.secret, limit: 50 })) as {
        jobId: string;
      }[];
      for (const row of rows) {
        const c = (await http.mutation(claim, {
          secret: e2e.secret,
          jobId: row.jobId,
          workerId: "poller",
          leaseMs: 60_000,
        })) as { jobId: string; attempt: number } | null;
        if (c) {
          await http.mutation(fail, {
            secret: e2e.secret,
            jobId: c.jobId,
            attempt: c.attempt,
            workerId: "poller",
            code: "internal",
            message: "benchmark: claimed by the polling loop",
            retryable: false,
          });
        }
      }
      await sleep(POLL_MS);
    }
  })();
  const pollIds: string[] = [];
  for (const r of repos) {
    pollIds.push(await e2e.request(e2e.git.url(r)));
    await sleep(EVERY);
  }
  const poll: number[] = [];
  for (const id of pollIds) {
    const job = (await e2e.waitJob(id, (j) => j.status !== "queued", POLL_MS * 3)) as unknown as {
      _creationTime: number;
      startedAt: number;
    };
    poll.push(job.startedAt - job._creationTime);
  }
  polling = false;
  await poller;

  process.stdout.write(
    `pickup latency, ${N} jobs, one every ${EVERY} ms, local backend:\n` +
      `  subscription worker: ${summary(sub)}\n` +
      `  ${POLL_MS} ms polling loop: ${summary(poll)}\n`,
  );
} finally {
  await e2e.close();
}
