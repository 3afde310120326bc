/** Maintainer functions (internal): queue stats, requeue, fail a stuck job, purge old events. */
import { afterEach, expect, test, vi } from "vitest";
import { api, internal } from "../_generated/api";
import { claimedJob, errorData, jobRow, queuedJob, SECRET, setup } from "./harness.testkit.ts";

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

test("queueStats counts jobs per status and lapsed leases", async () => {
  vi.useFakeTimers();
  const { t, alice } = setup();
  await queuedJob(alice, "acme/a");
  await queuedJob(alice, "acme/b");
  const running = await claimedJob(t, t.withIdentity({ tokenIdentifier: "carol" }), "w", 5_000);
  await t.run(async (ctx) => {
    const row = await ctx.db.get(running.jobId);
    if (row?.expiryFunctionId) await ctx.scheduler.cancel(row.expiryFunctionId);
  });
  vi.advanceTimersByTime(6_000);
  const stats = await t.query(internal.maintenance.queueStats, {});
  expect(stats.counts).toMatchObject({ queued: 2, claimed: 1, succeeded: 0 });
  expect(stats.lapsedLeases).toBe(1);
  expect(stats.oldestQueuedRunAt).toBeTypeOf("number");
});

test("requeueJob puts a failed job back with fresh attempts; a running one's worker is fenced out", async () => {
  const { t, alice } = setup();
  const { fence, jobId } = await claimedJob(t, alice);
  await t.mutation(internal.maintenance.requeueJob, { jobId });
  expect(await t.mutation(api.workerApi.heartbeat, fence)).toMatchObject({
    ok: false,
    reason: "not_running",
  });
  const claim = await t.mutation(api.workerApi.claim, { secret: SECRET, jobId, workerId: "w2" });
  await t.mutation(api.workerApi.fail, {
    secret: SECRET,
    jobId,
    attempt: claim?.attempt ?? 0,
    workerId: "w2",
    code: "internal",
    message: "Boom.",
    retryable: false,
  });
  await t.mutation(internal.maintenance.requeueJob, { jobId, resetAttempts: true });
  expect(await jobRow(t, jobId)).toMatchObject({ status: "queued", active: true, attempt: 0 });
  await t.run(async (ctx) => ctx.db.patch(jobId, { status: "succeeded", active: false }));
  expect(await errorData(t.mutation(internal.maintenance.requeueJob, { jobId }))).toMatchObject({
    code: "conflict",
  });
});

test("requeueJob refuses when the repository already has another active job", async () => {
  const { t, alice } = setup();
  const { jobId, repositoryId } = await queuedJob(alice);
  await alice.mutation(api.jobs.cancel, { jobId });
  await alice.mutation(api.jobs.request, {
    repositoryId,
    options: { language: "en", model: "claude-sonnet-5-5" },
  });
  expect(await errorData(t.mutation(internal.maintenance.requeueJob, { jobId }))).toMatchObject({
    code: "conflict",
  });
});

test("failStuckJob fails an active job with an actionable message, and only an active one", async () => {
  const { t, alice } = setup();
  const { fence, jobId } = await claimedJob(t, alice);
  await t.mutation(internal.maintenance.failStuckJob, { jobId });
  const job = await alice.query(api.jobs.get, { jobId });
  expect(job).toMatchObject({ status: "failed", error: { code: "job_timeout", retryable: false } });
  expect(job.error?.message).toMatch(/Request the course again/);
  expect(await t.mutation(api.workerApi.heartbeat, fence)).toMatchObject({ ok: false });
  expect(await errorData(t.mutation(internal.maintenance.failStuckJob, { jobId }))).toMatchObject({
    code: "conflict",
  });
});

test("purgeOldEvents deletes the events of jobs finished long enough ago, in batches", async () => {
  vi.useFakeTimers();
  const { t, alice } = setup();
  const old = await claimedJob(t, alice);
  await t.mutation(api.workerApi.appendEvents, {
    ...old.fence,
    events: Array.from({ length: 150 }, () => ({
      ts: 1,
      kind: "log",
      level: "info" as const,
      message: "x",
    })),
  });
  await t.mutation(internal.maintenance.failStuckJob, { jobId: old.jobId });
  vi.advanceTimersByTime(10 * 86_400_000);
  const recent = await claimedJob(t, t.withIdentity({ tokenIdentifier: "carol" }));
  await t.mutation(internal.maintenance.failStuckJob, { jobId: recent.jobId });
  const count = (jobId: typeof old.jobId) =>
    t.run(
      async (ctx) =>
        (
          await ctx.db
            .query("jobEvents")
            .withIndex("by_job_seq", (q) => q.eq("jobId", jobId))
            .collect()
        ).length,
    );
  const recentBefore = await count(recent.jobId);
  expect(
    await errorData(t.mutation(internal.maintenance.purgeOldEvents, { olderThanDays: 0 })),
  ).toMatchObject({
    code: "invalid_argument",
  });
  expect(
    await t.mutation(internal.maintenance.purgeOldEvents, { olderThanDays: 7 }),
  ).toBeGreaterThan(150);
  expect(await count(old.jobId)).toBe(0);
  expect(await count(recent.jobId)).toBe(recentBefore);
});
