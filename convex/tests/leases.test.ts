/** Lease expiry and re-delivery (fake timers), the sweep, and the retry backoff. */
import {
  DEFAULT_MAX_ATTEMPTS,
  RETRY_BACKOFF_BASE_MS,
  RETRY_BACKOFF_CAP_MS,
} from "@fondation/shared/core";
import { afterEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../_generated/api";
import { backoffMs } from "../lib/backoff.ts";
import { claimedJob, jobRow, queuedJob, SECRET, setup } from "./harness.testkit.ts";

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe("backoff", () => {
  test("grows exponentially and is capped", () => {
    const top = () => 0.999999;
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 100].map((a) => backoffMs(a, top));
    for (let i = 1; i < delays.length; i++)
      expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1] ?? 0);
    expect(delays[0]).toBe(RETRY_BACKOFF_BASE_MS);
    expect(delays[1]).toBe(2 * RETRY_BACKOFF_BASE_MS);
    expect(delays[2]).toBe(4 * RETRY_BACKOFF_BASE_MS);
    expect(Math.max(...delays)).toBe(RETRY_BACKOFF_CAP_MS);
    expect(delays.at(-1)).toBe(RETRY_BACKOFF_CAP_MS);
  });

  test("jitter stays between half and all of the nominal delay", () => {
    expect(backoffMs(3, () => 0)).toBe(2 * RETRY_BACKOFF_BASE_MS);
    expect(backoffMs(50, () => 0)).toBe(RETRY_BACKOFF_CAP_MS / 2);
    const spread = new Set(Array.from({ length: 50 }, () => backoffMs(2)));
    expect(spread.size).toBeGreaterThan(1);
    for (const d of spread) {
      expect(d).toBeGreaterThanOrEqual(RETRY_BACKOFF_BASE_MS);
      expect(d).toBeLessThanOrEqual(2 * RETRY_BACKOFF_BASE_MS);
    }
  });
});

describe("lease expiry", () => {
  test("the scheduled expiry re-queues a silent job with backoff, and another worker gets it", async () => {
    vi.useFakeTimers();
    const { t, alice } = setup();
    const { fence, jobId } = await claimedJob(t, alice, "w1", 10_000);
    vi.advanceTimersByTime(9_000);
    await t.finishInProgressScheduledFunctions();
    expect((await jobRow(t, jobId))?.status).toBe("claimed");
    vi.advanceTimersByTime(1_500);
    await t.finishInProgressScheduledFunctions();
    const row = await jobRow(t, jobId);
    expect(row).toMatchObject({
      status: "queued",
      attempt: 1,
      error: { code: "lease_expired", retryable: true },
    });
    expect(row?.workerId).toBeUndefined();
    expect(row?.runAt).toBeGreaterThan(Date.now());
    // Re-delivery: once the backoff passed, a second worker claims attempt 2.
    vi.setSystemTime(row?.runAt ?? 0);
    const second = await t.mutation(api.workerApi.claim, { secret: SECRET, jobId, workerId: "w2" });
    expect(second).toMatchObject({ attempt: 2, workerId: "w2" });
    // The first worker, back from a pause, is fenced out of everything.
    expect(await t.mutation(api.workerApi.heartbeat, fence)).toMatchObject({
      ok: false,
      reason: "stale_attempt",
    });
    expect(
      await t.mutation(api.workerApi.appendEvents, {
        ...fence,
        events: [{ ts: 1, kind: "log", level: "info", message: "late" }],
      }),
    ).toMatchObject({ ok: false, reason: "stale_attempt" });
  });

  test("a heartbeat re-arms the timer: the lease does not expire at the first deadline", async () => {
    vi.useFakeTimers();
    const { t, alice } = setup();
    const { fence, jobId } = await claimedJob(t, alice, "w1", 10_000);
    vi.advanceTimersByTime(6_000);
    await t.mutation(api.workerApi.heartbeat, { ...fence, leaseMs: 10_000 });
    vi.advanceTimersByTime(6_000); // past the first deadline, before the renewed one
    await t.finishInProgressScheduledFunctions();
    expect((await jobRow(t, jobId))?.status).toBe("claimed");
    vi.advanceTimersByTime(5_000);
    await t.finishInProgressScheduledFunctions();
    expect((await jobRow(t, jobId))?.status).toBe("queued");
  });

  test("every attempt expiring → failed with lease_expired", async () => {
    vi.useFakeTimers();
    const { t, alice } = setup();
    const { jobId } = await queuedJob(alice);
    for (let attempt = 1; attempt <= DEFAULT_MAX_ATTEMPTS; attempt++) {
      vi.setSystemTime(Math.max(Date.now(), (await jobRow(t, jobId))?.runAt ?? 0));
      const claim = await t.mutation(api.workerApi.claim, {
        secret: SECRET,
        jobId,
        workerId: `w${attempt}`,
        leaseMs: 5_000,
      });
      expect(claim?.attempt).toBe(attempt);
      await t.finishAllScheduledFunctions(vi.runAllTimers);
    }
    const job = await alice.query(api.jobs.get, { jobId });
    expect(job).toMatchObject({ status: "failed", error: { code: "lease_expired" } });
    expect(job.error?.message).toMatch(/gave up after 3 attempts/);
  });

  test("a lease that lapses after a cancel request ends canceled", async () => {
    vi.useFakeTimers();
    const { t, alice } = setup();
    const { jobId } = await claimedJob(t, alice, "w1", 5_000);
    await alice.mutation(api.jobs.cancel, { jobId });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect((await jobRow(t, jobId))?.status).toBe("canceled");
  });

  test("the sweep expires lapsed leases the timers missed, and nothing else", async () => {
    vi.useFakeTimers();
    const { t, alice } = setup();
    const lapsed = await claimedJob(t, alice, "w1", 5_000);
    const other = await claimedJob(t, t.withIdentity({ tokenIdentifier: "carol" }), "w2", 60_000);
    // Simulate a lost timer.
    await t.run(async (ctx) => {
      const row = await ctx.db.get(lapsed.jobId);
      if (row?.expiryFunctionId) await ctx.scheduler.cancel(row.expiryFunctionId);
    });
    vi.advanceTimersByTime(6_000);
    expect(await t.mutation(internal.leases.sweep, {})).toBe(1);
    expect((await jobRow(t, lapsed.jobId))?.status).toBe("queued");
    expect((await jobRow(t, other.jobId))?.status).toBe("claimed");
    expect(await t.mutation(internal.leases.sweep, {})).toBe(0);
  });

  test("a stale expiry timer (older attempt) changes nothing", async () => {
    const { t, alice } = setup();
    const { jobId } = await claimedJob(t, alice);
    expect(await t.mutation(internal.leases.expire, { jobId, attempt: 7 })).toBeNull();
    // The current attempt's lease has not lapsed yet either.
    expect(await t.mutation(internal.leases.expire, { jobId, attempt: 1 })).toBeNull();
    expect((await jobRow(t, jobId))?.status).toBe("claimed");
  });
});
