/**
 * Refresh (issue 15): a job bringing the latest complete course up to date, and the race
 * with an active job of the same repository: one job at a time, and no refresh lost.
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { COMMIT, publishCourse, publishedCourse } from "./course.testkit.ts";
import { addRepo, errorData, jobRow, OPTIONS, SECRET, setup, type T } from "./harness.testkit.ts";
import { jobsOf, NEW_COMMIT } from "./webhook.testkit.ts";

afterEach(() => {
  vi.unstubAllEnvs();
});

async function claim(t: T, jobId: Id<"jobs">, workerId = "w2") {
  const claimed = await t.mutation(api.workerApi.claim, { secret: SECRET, jobId, workerId });
  if (!claimed || "notDue" in claimed) throw new Error("claim unexpectedly returned null");
  return { secret: SECRET, jobId, attempt: claimed.attempt, workerId };
}

async function activeJobs(t: T, repositoryId: Id<"repositories">) {
  return (await jobsOf(t, repositoryId)).filter((job) => job.active);
}

describe("request", () => {
  test("queues a job on the latest complete course, with the options of the job that wrote it", async () => {
    const { t, alice } = setup();
    const { repositoryId, courseId } = await publishedCourse(t, alice);
    const { jobId, created } = await alice.mutation(api.refresh.request, { repositoryId });
    expect(created).toBe(true);
    const job = await alice.query(api.jobs.get, { jobId });
    expect(job).toMatchObject({ status: "queued", previousCourseId: courseId, options: OPTIONS });
    const { events } = await alice.query(api.jobEvents.tail, { jobId });
    expect(events[0]?.message).toBe("Refresh requested.");
  });

  test("a canceled refresh retried is still a refresh of the same previous course", async () => {
    const { t, alice } = setup();
    const { repositoryId, courseId } = await publishedCourse(t, alice);
    const { jobId } = await alice.mutation(api.refresh.request, { repositoryId });
    await alice.mutation(api.jobs.cancel, { jobId });
    const retried = await alice.mutation(api.jobs.retry, { jobId });
    expect(retried.created).toBe(true);
    expect((await jobRow(t, retried.jobId))?.previousCourseId).toBe(courseId);
  });

  test("with no course yet it is an ordinary build", async () => {
    const { alice } = setup();
    const repositoryId = await addRepo(alice);
    const { jobId, created } = await alice.mutation(api.refresh.request, { repositoryId });
    expect(created).toBe(true);
    const job = await alice.query(api.jobs.get, { jobId });
    expect(job.previousCourseId).toBeUndefined();
    expect(job.status).toBe("queued");
  });

  test("a queued job is the refresh: returned, and given the previous course it lacked", async () => {
    const { t, alice } = setup();
    const { repositoryId, courseId } = await publishedCourse(t, alice);
    const queued = await alice.mutation(api.jobs.request, { repositoryId, options: OPTIONS });
    expect((await jobRow(t, queued.jobId))?.previousCourseId).toBeUndefined();
    const answers = await Promise.all([
      alice.mutation(api.refresh.request, { repositoryId }),
      alice.mutation(api.refresh.request, { repositoryId }),
      t.mutation(internal.refresh.fromPush, { repositoryId, commit: NEW_COMMIT }),
    ]);
    expect(answers[0]).toEqual({ jobId: queued.jobId, created: false });
    expect(answers[1]).toEqual({ jobId: queued.jobId, created: false });
    expect(answers[2]).toMatchObject({ kind: "joined", jobId: queued.jobId });
    expect((await jobRow(t, queued.jobId))?.previousCourseId).toBe(courseId);
    expect(await activeJobs(t, repositoryId)).toHaveLength(1);
  });

  test("another user cannot refresh a repository that is not theirs, nor can a signed-out caller", async () => {
    const { t, alice, bob } = setup();
    const { repositoryId } = await publishedCourse(t, alice);
    expect((await errorData(bob.mutation(api.refresh.request, { repositoryId }))).code).toBe(
      "not_found",
    );
    expect((await errorData(t.mutation(api.refresh.request, { repositoryId }))).code).toBe(
      "unauthenticated",
    );
    expect(await jobsOf(t, repositoryId)).toHaveLength(1);
  });

  test("the fair-use limits apply", async () => {
    const { t, alice } = setup();
    const { repositoryId } = await publishedCourse(t, alice);
    vi.stubEnv("FONDATION_MAX_JOBS_PER_DAY", "1");
    const error = await errorData(alice.mutation(api.refresh.request, { repositoryId }));
    expect(error.code).toBe("limit_reached");
    expect(await jobsOf(t, repositoryId)).toHaveLength(1);
  });
});

describe("a refresh racing a running job of the same repository", () => {
  test("is recorded on the running job and queued, once, when it ends, on the course it published", async () => {
    const { t, alice } = setup();
    const { repositoryId } = await publishedCourse(t, alice);
    const running = await alice.mutation(api.jobs.request, { repositoryId, options: OPTIONS });
    const fence = await claim(t, running.jobId);
    await t.mutation(api.workerApi.reportCommit, {
      ...fence,
      commit: COMMIT.replace("0", "1"),
      offline: true,
    });

    // The button twice and a push at a newer commit, while it runs: one job, flagged.
    const first = await alice.mutation(api.refresh.request, { repositoryId });
    const second = await alice.mutation(api.refresh.request, { repositoryId });
    const push = await t.mutation(internal.refresh.fromPush, { repositoryId, commit: NEW_COMMIT });
    expect(first).toEqual({ jobId: running.jobId, created: false });
    expect(second).toEqual(first);
    expect(push).toMatchObject({ kind: "after", jobId: running.jobId });
    expect(await activeJobs(t, repositoryId)).toHaveLength(1);
    expect((await alice.query(api.jobs.get, { jobId: running.jobId })).refreshAfter).toBe(true);

    // The running job publishes its course: the refresh is queued now, on that course.
    const published = await publishCourse(t, fence, { commit: COMMIT.replace("0", "1") });
    const active = await activeJobs(t, repositoryId);
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ status: "queued", previousCourseId: published });
    expect(active[0]?._id).not.toBe(running.jobId);
    expect((await jobRow(t, running.jobId))?.refreshAfter).toBe(false);
    const { events } = await alice.query(api.jobEvents.tail, { jobId: active[0]?._id as never });
    expect(events[0]?.message).toMatch(/while the previous job ran/);
  });

  test("is queued too when the running job fails, and when it ends up to date", async () => {
    const { t, alice } = setup();
    const { repositoryId, courseId } = await publishedCourse(t, alice);
    const failing = await alice.mutation(api.jobs.request, { repositoryId, options: OPTIONS });
    const fence = await claim(t, failing.jobId);
    await alice.mutation(api.refresh.request, { repositoryId });
    await t.mutation(api.workerApi.fail, {
      ...fence,
      code: "repository_not_found",
      message: "Gone.",
      retryable: false,
    });
    const [next] = await activeJobs(t, repositoryId);
    expect(next).toMatchObject({ status: "queued", previousCourseId: courseId });

    // That refresh runs, finds the commit already has the course (up to date), and a push
    // that came meanwhile is queued after it.
    const fence2 = await claim(t, next?._id as Id<"jobs">, "w3");
    await t.mutation(internal.refresh.fromPush, { repositoryId, commit: NEW_COMMIT });
    const answer = await t.mutation(api.workerApi.reportCommit, {
      ...fence2,
      commit: COMMIT,
      offline: true,
    });
    expect(answer).toMatchObject({ ok: true, upToDate: { courseId } });
    const after = await activeJobs(t, repositoryId);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ status: "queued", previousCourseId: courseId });
    expect(after[0]?._id).not.toBe(next?._id);
  });

  test("a push at the commit the running job builds adds nothing", async () => {
    const { t, alice } = setup();
    const { repositoryId } = await publishedCourse(t, alice);
    const running = await alice.mutation(api.jobs.request, { repositoryId, options: OPTIONS });
    const fence = await claim(t, running.jobId);
    await t.mutation(api.workerApi.reportCommit, { ...fence, commit: NEW_COMMIT, offline: true });
    const push = await t.mutation(internal.refresh.fromPush, { repositoryId, commit: NEW_COMMIT });
    expect(push).toMatchObject({ kind: "running_at_commit", jobId: running.jobId });
    expect((await jobRow(t, running.jobId))?.refreshAfter).toBeUndefined();
    await publishCourse(t, fence, { commit: NEW_COMMIT });
    expect(await activeJobs(t, repositoryId)).toEqual([]);
  });

  test("a push at the latest course's commit does nothing", async () => {
    const { t, alice } = setup();
    const { repositoryId, courseId } = await publishedCourse(t, alice);
    const push = await t.mutation(internal.refresh.fromPush, { repositoryId, commit: COMMIT });
    expect(push).toEqual({ kind: "up_to_date", courseId });
    expect(await jobsOf(t, repositoryId)).toHaveLength(1);
  });
});
