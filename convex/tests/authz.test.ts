/**
 * The authorization matrix: a user reaches only their own rows through every public
 * function; worker functions refuse a wrong secret, a missing WORKER_SECRET and any call
 * made with a user identity (what a browser holds).
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import {
  claimedJob,
  errorData,
  jobRow,
  OPTIONS,
  SECRET,
  setup,
  type T,
  type UserT,
} from "./harness.testkit.ts";

afterEach(() => vi.unstubAllEnvs());

const USAGE = {
  inputTokens: 1,
  outputTokens: 1,
  cacheCreationInputTokens: 0,
  cacheReadInputTokens: 0,
  costUsd: 0,
};

/** Alice's repository with a succeeded job and its course, plus a failed job to retry. */
async function aliceWorld(t: T, alice: UserT) {
  const { fence, jobId, repositoryId } = await claimedJob(t, alice);
  const begun = await t.mutation(api.workerApi.beginPublish, {
    ...fence,
    course: {
      title: "T",
      summary: "",
      language: "en",
      model: null,
      abstractions: [],
      relationships: [],
    },
    lessons: [
      {
        kind: "chapter",
        slug: "one",
        title: "One",
        citations: [],
        prev: null,
        next: null,
        partCount: 1,
      },
    ],
  });
  const courseId = begun.ok ? begun.courseId : (null as never);
  await t.mutation(api.workerApi.addLessonPart, {
    ...fence,
    courseId,
    slug: "one",
    index: 0,
    markdown: "# One",
  });
  await t.mutation(api.workerApi.completePublish, { ...fence, courseId, usage: USAGE });
  const { jobId: failedJobId } = await alice.mutation(api.jobs.request, {
    repositoryId,
    options: OPTIONS,
  });
  await t.mutation(api.workerApi.claim, { secret: SECRET, jobId: failedJobId, workerId: "w" });
  await t.mutation(api.workerApi.fail, {
    secret: SECRET,
    jobId: failedJobId,
    attempt: 1,
    workerId: "w",
    code: "internal",
    message: "Boom.",
    retryable: false,
  });
  return { repositoryId, jobId, courseId, failedJobId };
}

describe("user functions", () => {
  test("user B is refused (not_found) on every one of user A's rows", async () => {
    const { t, alice, bob } = setup();
    const a = await aliceWorld(t, alice);
    await bob.mutation(api.users.store, {});
    const calls: [string, () => Promise<unknown>][] = [
      ["repositories.get", () => bob.query(api.repositories.get, { repositoryId: a.repositoryId })],
      [
        "jobs.request",
        () => bob.mutation(api.jobs.request, { repositoryId: a.repositoryId, options: OPTIONS }),
      ],
      ["jobs.cancel", () => bob.mutation(api.jobs.cancel, { jobId: a.jobId })],
      ["jobs.retry", () => bob.mutation(api.jobs.retry, { jobId: a.failedJobId })],
      ["jobs.get", () => bob.query(api.jobs.get, { jobId: a.jobId })],
      [
        "jobs.listForRepository",
        () => bob.query(api.jobs.listForRepository, { repositoryId: a.repositoryId }),
      ],
      [
        "jobEvents.list",
        () =>
          bob.query(api.jobEvents.list, {
            jobId: a.jobId,
            paginationOpts: { numItems: 10, cursor: null },
          }),
      ],
      ["jobEvents.tail", () => bob.query(api.jobEvents.tail, { jobId: a.jobId })],
      ["courses.get", () => bob.query(api.courses.get, { courseId: a.courseId })],
      [
        "courses.listForRepository",
        () => bob.query(api.courses.listForRepository, { repositoryId: a.repositoryId }),
      ],
      [
        "courses.lesson",
        () => bob.query(api.courses.lesson, { courseId: a.courseId, slug: "one" }),
      ],
      [
        "search.inCourse",
        () => bob.query(api.search.inCourse, { courseId: a.courseId, query: "one" }),
      ],
    ];
    for (const [name, call] of calls) {
      expect({ name, data: await errorData(call()) }).toMatchObject({
        name,
        data: { code: "not_found" },
      });
    }
    // Lists show B nothing of A's.
    expect(await bob.query(api.repositories.list, {})).toEqual([]);
    expect(await bob.query(api.jobs.active, {})).toEqual([]);
    expect(await bob.query(api.search.mine, { query: "one" })).toEqual([]);
    expect((await bob.query(api.users.me, {}))?.name).toBe("Bob");
    // And nothing of A's changed.
    expect((await jobRow(t, a.failedJobId))?.status).toBe("failed");
    expect(await t.run(async (ctx) => (await ctx.db.query("jobs").collect()).length)).toBe(2);
    // While A reaches them all.
    expect(
      (await alice.query(api.courses.lesson, { courseId: a.courseId, slug: "one" })).markdown,
    ).toBe("# One");
    expect(await alice.query(api.repositories.list, {})).toHaveLength(1);
  });

  test("a caller who is not signed in is refused by every user function", async () => {
    const { t, alice } = setup();
    const a = await aliceWorld(t, alice);
    const calls: (() => Promise<unknown>)[] = [
      () => t.mutation(api.users.store, {}),
      () => t.query(api.users.me, {}),
      () => t.query(api.repositories.list, {}),
      () => t.query(api.repositories.get, { repositoryId: a.repositoryId }),
      () => t.mutation(api.repositories.addByUrl, { url: "https://github.com/x/y" }),
      () => t.mutation(api.repositories.syncGithub, { repos: [] }),
      () => t.action(api.repositories.syncFromGithub, { token: "gho_x" }),
      () => t.mutation(api.jobs.request, { repositoryId: a.repositoryId, options: OPTIONS }),
      () => t.mutation(api.jobs.cancel, { jobId: a.jobId }),
      () => t.mutation(api.jobs.retry, { jobId: a.failedJobId }),
      () => t.query(api.jobs.get, { jobId: a.jobId }),
      () => t.query(api.jobs.listForRepository, { repositoryId: a.repositoryId }),
      () => t.query(api.jobs.active, {}),
      () =>
        t.query(api.jobEvents.list, {
          jobId: a.jobId,
          paginationOpts: { numItems: 1, cursor: null },
        }),
      () => t.query(api.jobEvents.tail, { jobId: a.jobId }),
      () => t.query(api.courses.get, { courseId: a.courseId }),
      () => t.query(api.courses.listForRepository, { repositoryId: a.repositoryId }),
      () => t.query(api.courses.lesson, { courseId: a.courseId, slug: "one" }),
      () => t.query(api.search.inCourse, { courseId: a.courseId, query: "one" }),
      () => t.query(api.search.mine, { query: "one" }),
    ];
    for (const call of calls) {
      expect(await errorData(call())).toMatchObject({
        code: "unauthenticated",
        message: expect.stringMatching(/Sign in/),
      });
    }
  });
});

describe("worker functions", () => {
  /** One call of every worker function, with the given secret and caller. */
  async function everyWorkerCall(t: T, caller: T | UserT, secret: string) {
    const { jobId } = await claimedJob(
      t,
      t.withIdentity({ tokenIdentifier: `owner-${Math.random()}` }),
    );
    const fence = { secret, jobId, attempt: 1, workerId: "worker-1" };
    const courseId = await t.run(async (ctx) => {
      const row = await ctx.db.get(jobId);
      return await ctx.db.insert("courses", {
        ownerId: row?.ownerId as never,
        repositoryId: row?.repositoryId as never,
        jobId,
        attempt: 1,
        status: "publishing",
        title: "T",
        summary: "",
        language: "en",
        model: null,
        abstractions: [],
        relationships: [],
        lessonCount: 0,
      });
    });
    return {
      jobId,
      calls: [
        () => caller.query(api.workerApi.claimable, { secret }),
        () => caller.mutation(api.workerApi.claim, { secret, jobId, workerId: "w" }),
        () => caller.mutation(api.workerApi.heartbeat, fence),
        () => caller.mutation(api.workerApi.appendEvents, { ...fence, events: [] }),
        () =>
          caller.mutation(api.workerApi.saveCheckpoint, {
            ...fence,
            name: "a",
            index: 0,
            count: 1,
            data: "",
          }),
        () => caller.query(api.workerApi.loadCheckpoint, { ...fence, name: "a", index: 0 }),
        () =>
          caller.mutation(api.workerApi.beginPublish, {
            ...fence,
            course: {
              title: "T",
              summary: "",
              language: "en",
              model: null,
              abstractions: [],
              relationships: [],
            },
            lessons: [],
          }),
        () =>
          caller.mutation(api.workerApi.addLessonPart, {
            ...fence,
            courseId,
            slug: "a",
            index: 0,
            markdown: "",
          }),
        () => caller.mutation(api.workerApi.completePublish, { ...fence, courseId, usage: USAGE }),
        () =>
          caller.mutation(api.workerApi.fail, {
            ...fence,
            code: "internal",
            message: "x",
            retryable: true,
          }),
        () => caller.mutation(api.workerApi.confirmCanceled, fence),
        () => caller.mutation(api.workerApi.release, fence),
        () => caller.query(api.workerApi.watchRunning, { secret, workerId: "worker-1" }),
      ],
    };
  }

  test("a wrong secret is refused by every worker function and changes nothing", async () => {
    const { t } = setup();
    const { jobId, calls } = await everyWorkerCall(t, t, "not-the-secret");
    const before = await jobRow(t, jobId);
    expect(calls).toHaveLength(13);
    for (const call of calls) {
      expect(await errorData(call())).toMatchObject({
        code: "forbidden",
        message: expect.stringMatching(/Wrong worker secret/),
      });
    }
    expect(await jobRow(t, jobId)).toEqual(before);
  });

  test("a signed-in user (a browser) is refused even with the right secret", async () => {
    const { t, alice } = setup();
    const { calls } = await everyWorkerCall(t, alice, SECRET);
    for (const call of calls) {
      expect(await errorData(call())).toMatchObject({
        code: "forbidden",
        message: expect.stringMatching(/signed-in user/),
      });
    }
  });

  test("without WORKER_SECRET on the deployment every worker function is disabled", async () => {
    const { t } = setup();
    const { calls } = await everyWorkerCall(t, t, SECRET).then(async (r) => {
      vi.stubEnv("WORKER_SECRET", "");
      return r;
    });
    for (const call of calls) {
      expect(await errorData(call())).toMatchObject({
        code: "forbidden",
        message: expect.stringMatching(/WORKER_SECRET/),
      });
    }
  });
});
