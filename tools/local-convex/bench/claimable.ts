/**
 * The workers' claimable query (convex/workerApi.ts → lib/fairQueue.ts) with thousands of
 * finished jobs: how often a job write re-runs it now that read sets are index ranges
 * (src/read-set.ts), and what one run costs. In-process server with the real convex/
 * functions; jobs are written directly (no worker), each write followed by the flush that
 * re-runs the live queries it touches.
 * Usage: node tools/local-convex/bench/claimable.ts [--finished 5000] [--running 8]
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { DEFAULT_MODEL } from "../../../shared/src/models.ts";
import { startLocalConvex } from "../src/index.ts";

const { values } = parseArgs({
  options: {
    finished: { type: "string", default: "5000" },
    running: { type: "string", default: "8" },
  },
});
const FINISHED = Number(values.finished);
const RUNNING = Number(values.running);
const SECRET = "bench-claimable-secret-0123456789";
process.env.WORKER_SECRET = SECRET;

// biome-ignore lint/suspicious/noExplicitAny: convex-test's ctx, untyped here.
type Ctx = { db: any };
const claimable = makeFunctionReference<"query">("workerApi:claimable");
const server = await startLocalConvex({
  functionsDir: fileURLToPath(new URL("../../../convex", import.meta.url)),
  crons: false,
});
const { backend } = server;
const write = async (fn: (ctx: Ctx) => Promise<unknown>) => {
  const result = await backend.engine.t.run(fn as never);
  await backend.syncLock.run(() => backend.flush());
  return result;
};
const runs = () => backend.subscriptions.runCounts.get("workerApi:claimable") ?? 0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

try {
  const now = Date.now();
  const job = (ownerId: string, repositoryId: string, i: number, status: string) => ({
    ownerId,
    repositoryId,
    options: { language: "en", model: DEFAULT_MODEL },
    status,
    active: status !== "succeeded",
    attempt: status === "queued" ? 0 : 1,
    maxAttempts: 3,
    runAt: now + i,
    cancelRequested: false,
    eventCount: 0,
    eventsTruncated: false,
    updatedAt: now,
    ...(status === "queued" ? {} : { claimedAt: now + i, startedAt: now + i, workerId: "w" }),
    ...(status === "succeeded" ? { finishedAt: now + i + 1 } : {}),
  });
  const { ownerId, repositoryId, running } = (await write(async (ctx) => {
    const ownerId = await ctx.db.insert("users", { tokenIdentifier: "bench|u", updatedAt: now });
    const repositoryId = await ctx.db.insert("repositories", {
      ownerId,
      key: "url:bench",
      source: "url",
      url: "https://example.test/bench.git",
      host: "example.test",
      name: "bench",
      private: false,
      createdAt: now,
      updatedAt: now,
    });
    for (let i = 0; i < FINISHED; i++) {
      await ctx.db.insert("jobs", job(ownerId, repositoryId, i, "succeeded"));
    }
    const running: string[] = [];
    for (let i = 0; i < RUNNING; i++) {
      running.push(
        await ctx.db.insert("jobs", job(ownerId, repositoryId, FINISHED + i, "analyzing")),
      );
    }
    return { ownerId, repositoryId, running };
  })) as { ownerId: string; repositoryId: string; running: string[] };

  const client = new ConvexClient(server.url, { logger: false });
  let rows: unknown[] | undefined;
  client.onUpdate(claimable, { secret: SECRET, limit: 20 }, (r) => {
    rows = r as unknown[];
  });
  while (rows === undefined) await new Promise((r) => setTimeout(r, 10));

  // Jobs finish in claim order: only the most recently claimed one is the queue's cursor.
  const before = runs();
  for (const id of running) {
    await write((ctx) => ctx.db.patch(id, { status: "succeeded", finishedAt: Date.now() }));
  }
  const finishRuns = runs() - before;

  // A queued job is in the claimable range: it re-runs the query.
  const beforeQueued = runs();
  const queuedFlush: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await write((ctx) =>
      ctx.db.insert("jobs", job(ownerId, repositoryId, FINISHED + RUNNING + i, "queued")),
    );
    queuedFlush.push(performance.now() - t);
  }
  const queuedRuns = runs() - beforeQueued;

  const http = new ConvexHttpClient(server.url);
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await http.query(claimable, { secret: SECRET, limit: 20 });
    times.push(performance.now() - t);
  }
  await client.close();
  process.stdout.write(
    `claimable query with ${FINISHED} finished jobs (load ${(await import("node:os")).loadavg()[0]?.toFixed(2)}):\n` +
      `  ${RUNNING} running jobs finish: ${finishRuns} re-run(s) (per-table read sets: ${RUNNING})\n` +
      `  5 jobs queued: ${queuedRuns} re-runs, write + re-run + push median ${median(queuedFlush).toFixed(1)} ms\n` +
      `  one claimable query over HTTP: median ${median(times).toFixed(1)} ms\n`,
  );
} finally {
  await server.stop();
}
