/** The job state machine: every transition, and the illegal ones. */
import { DEFAULT_MAX_ATTEMPTS, RETRY_BACKOFF_BASE_MS } from "@fondation/shared/core";
import { afterEach, describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import {
  claimedJob,
  errorData,
  jobRow,
  OPTIONS,
  queuedJob,
  SECRET,
  setup,
} from "./harness.testkit.ts";

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe("request", () => {
  test("creates a queued job, claimable now, and dedupes while it is active", async () => {
    const { t, alice } = setup();
    const { repositoryId, jobId } = await queuedJob(alice);
    const job = await alice.query(api.jobs.get, { jobId });
    expect(job).toMatchObject({
      status: "queued",
      attempt: 0,
      maxAttempts: DEFAULT_MAX_ATTEMPTS,
      options: OPTIONS,
    });
    const again = await alice.mutation(api.jobs.request, {
      repositoryId,
      options: { language: "fr", model: "claude-haiku-4-5" },
    });
    expect(again).toEqual({ jobId, created: false });
    const head = await t.query(api.workerApi.claimable, { secret: SECRET });
    expect(head).toEqual([{ jobId, runAt: job.runAt, attempt: 0 }]);
  });

  test("an unknown language or model is refused and writes nothing", async () => {
    const { t, alice } = setup();
    const { repositoryId } = await queuedJob(alice, "acme/other").then(async (r) => {
      await alice.mutation(api.jobs.cancel, { jobId: r.jobId });
      return r;
    });
    const before = await t.run(async (ctx) => (await ctx.db.query("jobs").collect()).length);
    await expect(
      alice.mutation(api.jobs.request, {
        repositoryId,
        options: { language: "xx", model: "claude-sonnet-5-5" } as never,
      }),
    ).rejects.toThrow(/"xx"/);
    await expect(
      alice.mutation(api.jobs.request, {
        repositoryId,
        options: { language: "en", model: "gpt-9" } as never,
      }),
    ).rejects.toThrow(/"gpt-9"/);
    const after = await t.run(async (ctx) => (await ctx.db.query("jobs").collect()).length);
    expect(after).toBe(before);
  });
});

describe("claimable and claim", () => {
  test("claimable is ordered by runAt and returns it", async () => {
    const { t, alice } = setup();
    const first = await queuedJob(alice, "acme/one");
    const second = await queuedJob(alice, "acme/two");
    await t.run(async (ctx) => {
      await ctx.db.patch(first.jobId, { runAt: Date.now() + 60_000 });
    });
    const head = await t.query(api.workerApi.claimable, { secret: SECRET, limit: 5 });
    expect(head.map((h) => h.jobId)).toEqual([second.jobId, first.jobId]);
    expect(head[1]?.runAt).toBeGreaterThan(head[0]?.runAt ?? 0);
  });

  test("claim counts an attempt, grants a lease and gives clone info", async () => {
    const { t, alice } = setup();
    const { claim, jobId } = await claimedJob(t, alice, "w1", 30_000);
    expect(claim).toMatchObject({
      jobId,
      attempt: 1,
      workerId: "w1",
      options: OPTIONS,
      repository: {
        url: "https://github.com/acme/widgets.git",
        name: "acme/widgets",
        private: false,
      },
      owner: { tokenIdentifier: "https://clerk.test|alice" },
      checkpoints: [],
    });
    const row = await jobRow(t, jobId);
    expect(row).toMatchObject({
      status: "claimed",
      workerId: "w1",
      leaseExpiresAt: claim.leaseExpiresAt,
    });
    expect(row?.expiryFunctionId).toBeDefined();
    expect(await t.query(api.workerApi.claimable, { secret: SECRET })).toEqual([]);
  });

  test("a second claim loses the race and returns null", async () => {
    const { t, alice } = setup();
    const { jobId } = await queuedJob(alice);
    const results = await Promise.all([
      t.mutation(api.workerApi.claim, { secret: SECRET, jobId, workerId: "w1" }),
      t.mutation(api.workerApi.claim, { secret: SECRET, jobId, workerId: "w2" }),
    ]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect((await jobRow(t, jobId))?.attempt).toBe(1);
  });

  test("claim of a canceled job returns null; of one not yet due, its runAt and the server's time", async () => {
    const { t, alice } = setup();
    const canceled = await queuedJob(alice, "acme/one");
    await alice.mutation(api.jobs.cancel, { jobId: canceled.jobId });
    expect(
      await t.mutation(api.workerApi.claim, {
        secret: SECRET,
        jobId: canceled.jobId,
        workerId: "w",
      }),
    ).toBeNull();
    const later = await queuedJob(alice, "acme/two");
    const runAt = Date.now() + 10_000;
    await t.run(async (ctx) => ctx.db.patch(later.jobId, { runAt }));
    const before = Date.now();
    const answer = await t.mutation(api.workerApi.claim, {
      secret: SECRET,
      jobId: later.jobId,
      workerId: "w",
    });
    // The worker re-arms its timer from this, whatever its own clock says.
    expect(answer).toEqual({ notDue: true, runAt, serverTime: expect.any(Number) });
    const serverTime = answer && "notDue" in answer ? answer.serverTime : 0;
    expect(serverTime).toBeGreaterThanOrEqual(before);
    // Not bounded by the test's own clock afterwards: a transaction's time is never
    // behind the last commit, which can run a millisecond ahead of Date.now().
    expect(serverTime).toBeLessThan(runAt);
    expect((await jobRow(t, later.jobId))?.attempt).toBe(0);
  });

  test("an out-of-range lease or an empty workerId is refused with a clear error", async () => {
    const { t, alice } = setup();
    const { jobId } = await queuedJob(alice);
    expect(
      await errorData(
        t.mutation(api.workerApi.claim, { secret: SECRET, jobId, workerId: "w", leaseMs: 5 }),
      ),
    ).toMatchObject({ code: "invalid_argument", message: expect.stringMatching(/leaseMs/) });
    expect(
      await errorData(t.mutation(api.workerApi.claim, { secret: SECRET, jobId, workerId: "" })),
    ).toMatchObject({ code: "invalid_argument" });
    expect((await jobRow(t, jobId))?.status).toBe("queued");
  });
});

describe("heartbeat", () => {
  test("renews the lease, moves the status forward and records progress", async () => {
    vi.useFakeTimers();
    const { t, alice } = setup();
    const { fence, claim, jobId } = await claimedJob(t, alice, "w1", 10_000);
    vi.advanceTimersByTime(5_000);
    const progress = {
      step: 2,
      totalSteps: 6,
      chaptersDone: 1,
      chaptersTotal: 8,
      message: "Relating abstractions",
    };
    const beat = await t.mutation(api.workerApi.heartbeat, {
      ...fence,
      leaseMs: 10_000,
      status: "analyzing",
      progress,
      commit: "0123abcd",
    });
    expect(beat).toMatchObject({ ok: true, cancelRequested: false });
    const renewedUntil = beat.ok ? beat.leaseExpiresAt : 0;
    expect(renewedUntil - claim.leaseExpiresAt).toBeGreaterThan(4_900);
    expect((await jobRow(t, jobId))?.leaseExpiresAt).toBe(renewedUntil);
    const job = await alice.query(api.jobs.get, { jobId });
    expect(job).toMatchObject({ status: "analyzing", progress, commit: "0123abcd" });
    // Only one expiry timer stays pending: the renewal canceled the claim's.
    const pending = await t.run(async (ctx) =>
      (await ctx.db.system.query("_scheduled_functions").collect()).filter(
        (f) => f.state.kind === "pending",
      ),
    );
    expect(pending).toHaveLength(1);
    // A late status from before the current one is ignored, not an error.
    await t.mutation(api.workerApi.heartbeat, { ...fence, status: "cloning" });
    expect((await jobRow(t, jobId))?.status).toBe("analyzing");
  });

  test("is refused once the lease expired, for another worker, and for a stale attempt", async () => {
    vi.useFakeTimers();
    const { t, alice } = setup();
    const { fence, jobId } = await claimedJob(t, alice, "w1", 10_000);
    expect(await t.mutation(api.workerApi.heartbeat, { ...fence, workerId: "w2" })).toMatchObject({
      ok: false,
      reason: "lease_lost",
    });
    expect(await t.mutation(api.workerApi.heartbeat, { ...fence, attempt: 2 })).toMatchObject({
      ok: false,
      reason: "stale_attempt",
    });
    vi.advanceTimersByTime(10_001);
    // Refused even before the expiry function has run.
    expect(await t.mutation(api.workerApi.heartbeat, fence)).toMatchObject({
      ok: false,
      reason: "lease_expired",
    });
    await t.finishInProgressScheduledFunctions();
    expect((await jobRow(t, jobId))?.status).toBe("queued");
    expect(await t.mutation(api.workerApi.heartbeat, fence)).toMatchObject({
      ok: false,
      reason: "not_running",
    });
  });

  test("bad progress is refused and nothing changes", async () => {
    const { t, alice } = setup();
    const { fence, jobId } = await claimedJob(t, alice);
    const before = await jobRow(t, jobId);
    const bad = { step: -1, totalSteps: 6, chaptersDone: 0, chaptersTotal: 0, message: "x" };
    expect(
      await errorData(t.mutation(api.workerApi.heartbeat, { ...fence, progress: bad })),
    ).toMatchObject({
      code: "invalid_argument",
    });
    expect(
      await errorData(t.mutation(api.workerApi.heartbeat, { ...fence, commit: "not a sha" })),
    ).toMatchObject({
      code: "invalid_argument",
    });
    expect(await jobRow(t, jobId)).toEqual(before);
  });
});

describe("fail", () => {
  test("retryable with attempts left → queued after a backoff, then re-claimable at attempt 2", async () => {
    vi.useFakeTimers();
    const { t, alice } = setup();
    const { fence, jobId } = await claimedJob(t, alice);
    const now = Date.now();
    const result = await t.mutation(api.workerApi.fail, {
      ...fence,
      code: "model_unavailable",
      message: "The model is overloaded.",
      retryable: true,
    });
    expect(result).toMatchObject({ ok: true, status: "queued" });
    const runAt = result.ok && result.status === "queued" ? (result.runAt ?? 0) : 0;
    expect(runAt - now).toBeGreaterThanOrEqual(RETRY_BACKOFF_BASE_MS / 2);
    expect(runAt - now).toBeLessThanOrEqual(RETRY_BACKOFF_BASE_MS);
    const row = await jobRow(t, jobId);
    expect(row).toMatchObject({
      status: "queued",
      attempt: 1,
      error: { code: "model_unavailable" },
    });
    expect(row?.workerId).toBeUndefined();
    expect(
      await t.mutation(api.workerApi.claim, { secret: SECRET, jobId, workerId: "w2" }),
    ).toMatchObject({ notDue: true, runAt });
    vi.setSystemTime(runAt);
    const again = await t.mutation(api.workerApi.claim, { secret: SECRET, jobId, workerId: "w2" });
    expect(again).toMatchObject({ attempt: 2, serverTime: runAt });
    // The first attempt is fenced out for good.
    expect(await t.mutation(api.workerApi.heartbeat, fence)).toMatchObject({
      ok: false,
      reason: "stale_attempt",
    });
  });

  test("non-retryable → failed at once with its code and message", async () => {
    const { t, alice } = setup();
    const { fence, jobId } = await claimedJob(t, alice);
    const message = "The repository does not exist or is private. Check the URL.";
    expect(
      await t.mutation(api.workerApi.fail, {
        ...fence,
        code: "repository_not_found",
        message,
        retryable: false,
      }),
    ).toEqual({ ok: true, status: "failed" });
    const job = await alice.query(api.jobs.get, { jobId });
    expect(job).toMatchObject({
      status: "failed",
      error: { code: "repository_not_found", message, retryable: false },
    });
    expect(job.finishedAt).toBeDefined();
    expect(await alice.query(api.jobs.active, {})).toEqual([]);
  });

  test("attempts exhausted → failed, saying so", async () => {
    vi.useFakeTimers();
    const { t, alice } = setup();
    const { jobId } = await queuedJob(alice);
    let last: unknown;
    for (let attempt = 1; attempt <= DEFAULT_MAX_ATTEMPTS; attempt++) {
      vi.setSystemTime((await jobRow(t, jobId))?.runAt ?? 0);
      const claim = await t.mutation(api.workerApi.claim, { secret: SECRET, jobId, workerId: "w" });
      expect(claim?.attempt).toBe(attempt);
      last = await t.mutation(api.workerApi.fail, {
        secret: SECRET,
        jobId,
        attempt,
        workerId: "w",
        code: "clone_timeout",
        message: "Cloning took too long.",
        retryable: true,
      });
    }
    expect(last).toEqual({ ok: true, status: "failed" });
    const row = await jobRow(t, jobId);
    expect(row).toMatchObject({ status: "failed", active: false, attempt: DEFAULT_MAX_ATTEMPTS });
    expect(row?.error?.message).toMatch(/gave up after 3 attempts/);
  });

  test("an empty message is refused", async () => {
    const { t, alice } = setup();
    const { fence, jobId } = await claimedJob(t, alice);
    expect(
      await errorData(
        t.mutation(api.workerApi.fail, {
          ...fence,
          code: "internal",
          message: " ",
          retryable: false,
        }),
      ),
    ).toMatchObject({ code: "invalid_argument" });
    expect((await jobRow(t, jobId))?.status).toBe("claimed");
  });
});

describe("release", () => {
  test("hands the job back now without counting the attempt", async () => {
    const { t, alice } = setup();
    const { fence, jobId } = await claimedJob(t, alice);
    expect(await t.mutation(api.workerApi.release, fence)).toEqual({ ok: true, status: "queued" });
    const row = await jobRow(t, jobId);
    expect(row).toMatchObject({ status: "queued", attempt: 0 });
    expect(row?.leaseExpiresAt).toBeUndefined();
    const again = await t.mutation(api.workerApi.claim, { secret: SECRET, jobId, workerId: "w2" });
    expect(again?.attempt).toBe(1);
    // The releasing worker's fence (attempt 1, w1) no longer matches the new lease.
    expect(await t.mutation(api.workerApi.heartbeat, fence)).toMatchObject({
      ok: false,
      reason: "lease_lost",
    });
  });
});

describe("cancel", () => {
  test("a queued job is canceled at once", async () => {
    const { alice } = setup();
    const { jobId } = await queuedJob(alice);
    expect(await alice.mutation(api.jobs.cancel, { jobId })).toEqual({
      status: "canceled",
      cancelRequested: false,
    });
    expect((await alice.query(api.jobs.get, { jobId })).status).toBe("canceled");
  });

  test("a running job gets cancelRequested, seen by watchRunning and heartbeat, then confirmed", async () => {
    const { t, alice } = setup();
    const { fence, jobId } = await claimedJob(t, alice, "w1");
    expect(
      await t.query(api.workerApi.watchRunning, { secret: SECRET, workerId: "w1" }),
    ).toMatchObject([{ jobId, cancelRequested: false, status: "claimed" }]);
    expect(await alice.mutation(api.jobs.cancel, { jobId })).toEqual({
      status: "claimed",
      cancelRequested: true,
    });
    expect(
      await t.query(api.workerApi.watchRunning, { secret: SECRET, workerId: "w1" }),
    ).toMatchObject([{ jobId, cancelRequested: true }]);
    expect(await t.mutation(api.workerApi.heartbeat, fence)).toMatchObject({
      ok: true,
      cancelRequested: true,
    });
    expect(await t.mutation(api.workerApi.confirmCanceled, fence)).toEqual({ ok: true });
    expect((await alice.query(api.jobs.get, { jobId })).status).toBe("canceled");
    expect(await t.query(api.workerApi.watchRunning, { secret: SECRET, workerId: "w1" })).toEqual(
      [],
    );
  });

  test("confirmCanceled without a request is refused; release after a request cancels", async () => {
    const { t, alice } = setup();
    const { fence, jobId } = await claimedJob(t, alice);
    expect(await errorData(t.mutation(api.workerApi.confirmCanceled, fence))).toMatchObject({
      code: "conflict",
    });
    await alice.mutation(api.jobs.cancel, { jobId });
    expect(await t.mutation(api.workerApi.release, fence)).toEqual({
      ok: true,
      status: "canceled",
    });
  });

  test("cancel after success or failure is refused with a clear error", async () => {
    const { t, alice } = setup();
    const { fence, jobId } = await claimedJob(t, alice);
    await t.mutation(api.workerApi.fail, {
      ...fence,
      code: "access_denied",
      message: "No access.",
      retryable: false,
    });
    expect(await errorData(alice.mutation(api.jobs.cancel, { jobId }))).toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/already ended \(failed\)/),
    });
    await t.run(async (ctx) => ctx.db.patch(jobId, { status: "succeeded" }));
    expect(await errorData(alice.mutation(api.jobs.cancel, { jobId }))).toMatchObject({
      code: "conflict",
    });
  });
});

describe("retry", () => {
  test("a failed job is retried as a new queued job that resumes its checkpoints", async () => {
    const { t, alice } = setup();
    const { fence, jobId, repositoryId } = await claimedJob(t, alice);
    await t.mutation(api.workerApi.fail, {
      ...fence,
      code: "model_quota",
      message: "Out of credit.",
      retryable: false,
    });
    const { jobId: newJobId, created } = await alice.mutation(api.jobs.retry, { jobId });
    expect(created).toBe(true);
    expect(newJobId).not.toBe(jobId);
    const row = await jobRow(t, newJobId);
    expect(row).toMatchObject({
      status: "queued",
      retryOf: jobId,
      checkpointsOf: jobId,
      options: OPTIONS,
      attempt: 0,
    });
    // Retrying again returns the active job (dedupe), and the history lists both.
    expect(await alice.mutation(api.jobs.retry, { jobId })).toEqual({
      jobId: newJobId,
      created: false,
    });
    const history = await alice.query(api.jobs.listForRepository, { repositoryId });
    expect(history.map((j) => j._id)).toEqual([newJobId, jobId]);
  });

  test("retry of a queued, running or succeeded job is refused", async () => {
    const { t, alice } = setup();
    const { jobId } = await claimedJob(t, alice);
    expect(await errorData(alice.mutation(api.jobs.retry, { jobId }))).toMatchObject({
      code: "conflict",
    });
    await t.run(async (ctx) => ctx.db.patch(jobId, { status: "succeeded", active: false }));
    expect(await errorData(alice.mutation(api.jobs.retry, { jobId }))).toMatchObject({
      code: "conflict",
    });
  });
});
