/**
 * Same commit, same course: one job per repository while one is active, and a job whose
 * commit already has a course with the same options ends up to date without a run.
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { COMMIT, publishedCourse } from "./course.testkit.ts";
import { jobRow, OPTIONS, SECRET, setup, type T, type UserT } from "./harness.testkit.ts";

afterEach(() => {
  vi.unstubAllEnvs();
});

/** A second job for the repository, claimed; its fence. */
async function claimAgain(
  t: T,
  user: UserT,
  repositoryId: Id<"repositories">,
  options: typeof OPTIONS | { language: "fr"; model: typeof OPTIONS.model } = OPTIONS,
) {
  const { jobId } = await user.mutation(api.jobs.request, { repositoryId, options });
  const claim = await t.mutation(api.workerApi.claim, { secret: SECRET, jobId, workerId: "w2" });
  if (!claim || "notDue" in claim) throw new Error("claim unexpectedly returned null");
  return { jobId, fence: { secret: SECRET, jobId, attempt: claim.attempt, workerId: "w2" } };
}

async function jobsToday(t: T): Promise<number> {
  return await t.run(async (ctx) => (await ctx.db.query("usageDays").first())?.jobs ?? 0);
}

describe("same repository, same options", () => {
  test("a second request while one is active returns the active job, and no second job exists", async () => {
    const { t, alice } = setup();
    const { repositoryId } = await publishedCourse(t, alice);
    const first = await alice.mutation(api.jobs.request, { repositoryId, options: OPTIONS });
    const second = await alice.mutation(api.jobs.request, { repositoryId, options: OPTIONS });
    expect(first.created).toBe(true);
    expect(second).toEqual({ jobId: first.jobId, created: false });
    const active = await alice.query(api.jobs.active, {});
    expect(active.map((j) => j._id)).toEqual([first.jobId]);
  });
});

describe("same commit, same course", () => {
  test("a job at the commit of a course with the same options ends up to date, pointing at it", async () => {
    const { t, alice } = setup();
    const { courseId, repositoryId } = await publishedCourse(t, alice);
    const { jobId, fence } = await claimAgain(t, alice, repositoryId);
    expect(await jobsToday(t)).toBe(2);

    const answer = await t.mutation(api.workerApi.reportCommit, {
      ...fence,
      commit: COMMIT,
      offline: true,
    });
    expect(answer).toEqual({ ok: true, upToDate: { courseId } });
    const job = await alice.query(api.jobs.get, { jobId });
    // Offline is said to the owner: the job page names how the course was written.
    expect(job).toMatchObject({
      status: "succeeded",
      upToDate: true,
      courseId,
      commit: COMMIT,
      offline: true,
    });
    expect(job.leaseExpiresAt).toBeUndefined();
    expect((await jobRow(t, jobId))?.active).toBe(false);
    // No second course; the repository's latest is that one; the job did not count today.
    const courses = await alice.query(api.courses.listForRepository, { repositoryId });
    expect(courses.map((c) => c._id)).toEqual([courseId]);
    expect((await alice.query(api.repositories.get, { repositoryId })).latestCourse?._id).toBe(
      courseId,
    );
    expect(await jobsToday(t)).toBe(1);
    const { events } = await alice.query(api.jobEvents.tail, { jobId });
    expect(events.at(-1)).toMatchObject({
      kind: "job.up_to_date",
      message: `Already up to date: commit ${COMMIT.slice(0, 7)} already has this course.`,
    });
    // The worker's later writes are refused: the job is over.
    expect(await t.mutation(api.workerApi.heartbeat, { ...fence, leaseMs: 60_000 })).toMatchObject({
      ok: false,
      reason: "not_running",
    });
  });

  test("another commit, other options, or a model run against an offline course: the run goes on", async () => {
    const { t, alice } = setup();
    const { repositoryId } = await publishedCourse(t, alice);
    const cases = [
      { options: OPTIONS, commit: "fedcba9876543210fedcba9876543210fedcba98", offline: true },
      { options: { ...OPTIONS, language: "fr" as const }, commit: COMMIT, offline: true },
      { options: OPTIONS, commit: COMMIT, offline: false },
    ];
    for (const { options, commit, offline } of cases) {
      const { jobId, fence } = await claimAgain(t, alice, repositoryId, options);
      expect(await t.mutation(api.workerApi.reportCommit, { ...fence, commit, offline })).toEqual({
        ok: true,
        upToDate: null,
      });
      const job = await jobRow(t, jobId);
      expect(job).toMatchObject({ status: "claimed", commit, active: true });
      expect(job?.upToDate).toBeUndefined();
      await t.mutation(api.workerApi.fail, {
        ...fence,
        code: "internal",
        message: "test over",
        retryable: false,
      });
    }
  });

  test("a stale attempt's report is refused and changes nothing", async () => {
    const { t, alice } = setup();
    const { repositoryId } = await publishedCourse(t, alice);
    const { jobId, fence } = await claimAgain(t, alice, repositoryId);
    const stale = { ...fence, attempt: fence.attempt + 1 };
    expect(
      await t.mutation(api.workerApi.reportCommit, { ...stale, commit: COMMIT, offline: true }),
    ).toMatchObject({ ok: false, reason: "stale_attempt" });
    expect((await jobRow(t, jobId))?.status).toBe("claimed");
  });
});
