/**
 * Event latency: a CLI event line (its `ts`) → visible to a subscribed client (the
 * jobEvents tail subscription fires), p50/p95; and appendEvents mutations per job at
 * several event rates (bounded whatever the rate).
 * Usage: node worker/bench/events.ts
 */
import type { ConvexClient } from "convex/browser";
import { fns, startE2E } from "../test/support/e2e.ts";

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};

const e2e = await startE2E();
try {
  const runs = [
    { name: "50 events/s for 10 s", count: 500, every: 20 },
    { name: "500 events as fast as possible", count: 500, every: 0 },
    { name: "3,000 events as fast as possible", count: 3_000, every: 0 },
  ];
  const lines: string[] = [];
  for (const [i, run] of runs.entries()) {
    const repo = `events-${i}`;
    e2e.git.createRepo(repo, { "a.ts": "export const a = 1;\n" });
    const worker = e2e.startWorker({
      id: `events-${i}`,
      cliPath: e2e.fakeCli("paced", {
        FAKE_CLI_COUNT: String(run.count),
        FAKE_CLI_EVERY_MS: String(run.every),
      }),
      env: { LOG_LEVEL: "info" },
    });
    await worker.healthPort;
    const jobId = await e2e.request(e2e.git.url(repo));
    const latencies: number[] = [];
    const seen = new Set<number>();
    const client: ConvexClient = e2e.user;
    const unsubscribe = client.onUpdate(
      fns.tail,
      { jobId, limit: 500 },
      (result: { events: { seq: number; ts: number; kind: string }[] }) => {
        const now = Date.now();
        for (const e of result.events) {
          if (seen.has(e.seq)) continue;
          seen.add(e.seq);
          if (e.kind === "cli.log") latencies.push(now - e.ts);
        }
      },
    );
    await e2e.waitJob(jobId, (j) => ["succeeded", "failed"].includes(j.status), 120_000);
    const published = await worker.waitLog((l) => l.msg === "course published");
    unsubscribe();
    worker.child.kill("SIGTERM");
    await worker.exited;
    lines.push(
      `  ${run.name}: seen ${latencies.length} live; p50 ${pct(latencies, 50)} ms, p95 ${pct(latencies, 95)} ms, max ${Math.max(...latencies)} ms; appendEvents mutations: ${published.eventFlushes}`,
    );
  }
  process.stdout.write(
    `CLI event → visible to a subscribed client (local backend):\n${lines.join("\n")}\n`,
  );
} finally {
  await e2e.close();
}
