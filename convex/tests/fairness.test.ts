/**
 * Fair claiming (issue 11): owners take turns at the head of the queue, so one user's
 * backlog cannot push another user's job back. A "worker" here does what worker/src does:
 * read `claimable`, claim the first due row, repeat.
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { addRepo, OPTIONS, SECRET, setup, type T, type UserT } from "./harness.testkit.ts";

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

/** The operator lifted the per-user limits: fairness must hold on its own. */
function liftLimits() {
  for (const name of [
    "FONDATION_MAX_ACTIVE_JOBS_PER_USER",
    "FONDATION_MAX_JOBS_PER_DAY",
    "FONDATION_MAX_REPOSITORIES_PER_USER",
  ]) {
    vi.stubEnv(name, "unlimited");
  }
}

async function queue(user: UserT, count: number, prefix: string): Promise<Id<"jobs">[]> {
  const ids: Id<"jobs">[] = [];
  for (let i = 0; i < count; i++) {
    const repositoryId = await addRepo(user, `${prefix}/r${i}`);
    const { jobId } = await user.mutation(api.jobs.request, { repositoryId, options: OPTIONS });
    ids.push(jobId);
  }
  return ids;
}

/** Claims the first due row of `claimable`, as the worker does; the claimed job id. */
async function claimNext(t: T, workerId = "w1"): Promise<Id<"jobs"> | null> {
  const rows = await t.query(api.workerApi.claimable, { secret: SECRET, limit: 20 });
  for (const row of rows) {
    if (row.runAt > Date.now()) continue;
    const claimed = await t.mutation(api.workerApi.claim, {
      secret: SECRET,
      jobId: row.jobId,
      workerId,
      leaseMs: 60_000,
    });
    if (claimed && !("notDue" in claimed)) return claimed.jobId;
  }
  return null;
}

async function ownerOf(t: T, jobId: Id<"jobs">) {
  return await t.run(async (ctx) => (await ctx.db.get(jobId))?.ownerId);
}

describe("fair claiming", () => {
  test("issue 11, a backlog pushing others out of the head: Bob's job is claimed within the first two claims behind Alice's 200", async () => {
    const { t, alice, bob } = setup();
    liftLimits();
    const aliceJobs = await queue(alice, 200, "spam");
    const [bobJob] = await queue(bob, 1, "bob");
    // Before: the whole head of the queue (20 rows) was Alice's.
    const head = await t.query(api.workerApi.claimable, { secret: SECRET, limit: 20 });
    expect(head.map((r) => r.jobId)).toContain(bobJob);
    const first = [await claimNext(t), await claimNext(t)];
    expect(first).toContain(bobJob);
    // Alice's jobs then go on in the order she asked for them.
    const rest = [await claimNext(t), await claimNext(t), await claimNext(t)];
    const aliceClaimed = [...first, ...rest].filter((id) => id !== bobJob);
    expect(aliceClaimed).toEqual(aliceJobs.slice(0, 4));
  });

  test("owners take turns: three users with backlogs are served round-robin", async () => {
    const { t, alice, bob } = setup();
    liftLimits();
    const carol = t.withIdentity({ tokenIdentifier: "https://clerk.test|carol", subject: "carol" });
    await queue(alice, 10, "a");
    await queue(bob, 10, "b");
    await queue(carol, 10, "c");
    const owners: string[] = [];
    for (let i = 0; i < 9; i++) {
      const jobId = await claimNext(t);
      if (!jobId) throw new Error("nothing claimed");
      owners.push(String(await ownerOf(t, jobId)));
    }
    // Each window of three consecutive claims serves three different owners.
    for (let i = 0; i + 3 <= owners.length; i++) {
      expect(new Set(owners.slice(i, i + 3)).size).toBe(3);
    }
  });

  test("a newcomer is served next even when the backlog's owner was served last", async () => {
    const { t, alice, bob } = setup();
    liftLimits();
    await queue(alice, 30, "a");
    for (let i = 0; i < 5; i++) await claimNext(t);
    const [bobJob] = await queue(bob, 1, "b");
    expect(await claimNext(t)).toBe(bobJob);
  });

  test("a backed-off head does not hide the owner's other jobs from the timer, nor block other owners", async () => {
    const { t, alice, bob } = setup();
    liftLimits();
    const [a1] = await queue(alice, 1, "a");
    const [b1, b2] = await queue(bob, 2, "b");
    await t.run(async (ctx) => {
      await ctx.db.patch(a1 as Id<"jobs">, { runAt: Date.now() + 60_000 });
    });
    const rows = await t.query(api.workerApi.claimable, { secret: SECRET, limit: 20 });
    expect(rows.map((r) => r.jobId).sort()).toEqual([a1, b1, b2].sort());
    expect(await claimNext(t)).toBe(b1);
    expect(await claimNext(t)).toBe(b2);
    expect(await claimNext(t)).toBeNull();
  });

  test("with one owner the rows are that owner's jobs by runAt, up to the limit", async () => {
    const { t, alice } = setup();
    liftLimits();
    const ids = await queue(alice, 25, "a");
    const rows = await t.query(api.workerApi.claimable, { secret: SECRET, limit: 20 });
    expect(rows.map((r) => r.jobId)).toEqual(ids.slice(0, 20));
  });

  test("many owners: every one appears within a few turns of the cursor, rows stay within the limit", async () => {
    const { t } = setup();
    liftLimits();
    const users = Array.from({ length: 30 }, (_, i) =>
      t.withIdentity({ tokenIdentifier: `https://clerk.test|u${i}`, subject: `u${i}` }),
    );
    for (const [i, user] of users.entries()) await queue(user, 2, `u${i}`);
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const rows = await t.query(api.workerApi.claimable, { secret: SECRET, limit: 20 });
      expect(rows.length).toBeLessThanOrEqual(20);
      const jobId = await claimNext(t);
      if (!jobId) throw new Error("nothing claimed");
      seen.add(String(await ownerOf(t, jobId)));
    }
    // 30 claims served 30 different owners: nobody twice before everyone once.
    expect(seen.size).toBe(30);
  });
});
