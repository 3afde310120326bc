/** Publishing a course in parts, and checkpoints that let a re-delivered attempt resume. */
import { MAX_CHAPTER_PART_CHARS, MAX_CHECKPOINT_PART_CHARS } from "@fondation/shared/core";
import { afterEach, describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { claimedJob, errorData, jobRow, SECRET, setup, type T } from "./harness.testkit.ts";

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

const USAGE = {
  inputTokens: 1200,
  outputTokens: 800,
  cacheCreationInputTokens: 300,
  cacheReadInputTokens: 900,
  costUsd: 0.0421,
};

const COURSE = {
  title: "Widgets, from the inside",
  summary: "How acme/widgets turns orders into widgets.",
  language: "en" as const,
  model: "claude-sonnet-5-5",
  commit: "0123456789abcdef",
  abstractions: [
    { id: "queue", name: "Queue", description: "Holds orders.", files: ["src/queue.ts"] },
  ],
  relationships: [{ from: "queue", to: "queue", label: "feeds" }],
};

const LESSONS = [
  {
    kind: "chapter" as const,
    slug: "the-queue",
    title: "The queue",
    abstraction: "queue",
    citations: [{ path: "src/queue.ts", startLine: 1, endLine: 20 }],
    prev: null,
    next: "first-widget",
    partCount: 2,
  },
  {
    kind: "tutorial" as const,
    slug: "first-widget",
    title: "Your first widget",
    citations: [],
    prev: "the-queue",
    next: null,
    partCount: 1,
  },
];

type Fence = { secret: string; jobId: Id<"jobs">; attempt: number; workerId: string };

async function publishAll(t: T, fence: Fence): Promise<Id<"courses">> {
  const begun = await t.mutation(api.workerApi.beginPublish, {
    ...fence,
    course: COURSE,
    lessons: LESSONS,
  });
  if (!begun.ok) throw new Error(begun.message);
  const { courseId } = begun;
  await t.mutation(api.workerApi.addLessonPart, {
    ...fence,
    courseId,
    slug: "the-queue",
    index: 1,
    markdown: "second half",
  });
  await t.mutation(api.workerApi.addLessonPart, {
    ...fence,
    courseId,
    slug: "the-queue",
    index: 0,
    markdown: "# Queue\nfirst half, ",
  });
  await t.mutation(api.workerApi.addLessonPart, {
    ...fence,
    courseId,
    slug: "first-widget",
    index: 0,
    markdown: "# Tutorial",
  });
  return courseId;
}

describe("publish", () => {
  test("a course is invisible until complete, then visible with its lessons; the job succeeds", async () => {
    const { t, alice } = setup();
    const { fence, jobId, repositoryId } = await claimedJob(t, alice);
    const courseId = await publishAll(t, fence);
    expect((await jobRow(t, jobId))?.status).toBe("publishing");
    expect(await errorData(alice.query(api.courses.get, { courseId }))).toMatchObject({
      code: "not_found",
    });
    expect(await alice.query(api.courses.listForRepository, { repositoryId })).toEqual([]);

    expect(
      await t.mutation(api.workerApi.completePublish, { ...fence, courseId, usage: USAGE }),
    ).toEqual({ ok: true });
    const job = await alice.query(api.jobs.get, { jobId });
    expect(job).toMatchObject({ status: "succeeded", usage: USAGE, courseId });
    expect(job.leaseExpiresAt).toBeUndefined();
    const { course, lessons } = await alice.query(api.courses.get, { courseId });
    expect(course).toMatchObject({
      title: COURSE.title,
      commit: COURSE.commit,
      usage: USAGE,
      lessonCount: 2,
    });
    expect(lessons.map((l) => [l.order, l.slug, l.kind])).toEqual([
      [0, "the-queue", "chapter"],
      [1, "first-widget", "tutorial"],
    ]);
    const lesson = await alice.query(api.courses.lesson, { courseId, slug: "the-queue" });
    expect(lesson.markdown).toBe("# Queue\nfirst half, second half");
    expect(lesson.lesson.citations).toEqual(LESSONS[0]?.citations);
    const repo = await alice.query(api.repositories.get, { repositoryId });
    expect(repo.latestCourse?._id).toBe(courseId);
    expect(repo.activeJob).toBeNull();
    expect(
      (await alice.query(api.courses.listForRepository, { repositoryId })).map((c) => c._id),
    ).toEqual([courseId]);
    // Cancel after success is refused.
    expect(await errorData(alice.mutation(api.jobs.cancel, { jobId }))).toMatchObject({
      code: "conflict",
    });
  });

  test("completing with a missing part is refused and the job stays publishing", async () => {
    const { t, alice } = setup();
    const { fence, jobId } = await claimedJob(t, alice);
    const begun = await t.mutation(api.workerApi.beginPublish, {
      ...fence,
      course: COURSE,
      lessons: LESSONS,
    });
    const courseId = begun.ok ? begun.courseId : (null as never);
    await t.mutation(api.workerApi.addLessonPart, {
      ...fence,
      courseId,
      slug: "the-queue",
      index: 0,
      markdown: "a",
    });
    expect(
      await errorData(
        t.mutation(api.workerApi.completePublish, { ...fence, courseId, usage: USAGE }),
      ),
    ).toMatchObject({
      code: "invalid_argument",
      message: expect.stringMatching(/the-queue, first-widget/),
    });
    expect((await jobRow(t, jobId))?.status).toBe("publishing");
  });

  test("publish by a stale attempt is refused; the new attempt's publication replaces the old one", async () => {
    vi.useFakeTimers();
    const { t, alice } = setup();
    const { fence, jobId } = await claimedJob(t, alice, "w1", 5_000);
    const begun = await t.mutation(api.workerApi.beginPublish, {
      ...fence,
      course: COURSE,
      lessons: LESSONS,
    });
    const oldCourseId = begun.ok ? begun.courseId : (null as never);
    await t.mutation(api.workerApi.addLessonPart, {
      ...fence,
      courseId: oldCourseId,
      slug: "the-queue",
      index: 0,
      markdown: "old",
    });
    // The lease lapses; after the backoff, w2 gets attempt 2.
    vi.advanceTimersByTime(5_001);
    await t.finishInProgressScheduledFunctions();
    vi.setSystemTime((await jobRow(t, jobId))?.runAt ?? 0);
    const second = await t.mutation(api.workerApi.claim, { secret: SECRET, jobId, workerId: "w2" });
    const fence2 = { secret: SECRET, jobId, attempt: second?.attempt ?? 0, workerId: "w2" };
    // The stale worker cannot add parts, complete, or begin again.
    expect(
      await t.mutation(api.workerApi.addLessonPart, {
        ...fence,
        courseId: oldCourseId,
        slug: "the-queue",
        index: 1,
        markdown: "x",
      }),
    ).toMatchObject({ ok: false, reason: "stale_attempt" });
    expect(
      await t.mutation(api.workerApi.completePublish, {
        ...fence,
        courseId: oldCourseId,
        usage: USAGE,
      }),
    ).toMatchObject({
      ok: false,
      reason: "stale_attempt",
    });
    // Attempt 2 cannot finish attempt 1's publication: it must begin its own.
    expect(
      await errorData(
        t.mutation(api.workerApi.completePublish, {
          ...fence2,
          courseId: oldCourseId,
          usage: USAGE,
        }),
      ),
    ).toMatchObject({ code: "invalid_argument" });
    const newCourseId = await publishAll(t, fence2);
    vi.advanceTimersByTime(1); // runs the purge scheduled for now, not the lease timer
    await t.finishInProgressScheduledFunctions();
    expect(await t.run(async (ctx) => ctx.db.get(oldCourseId))).toBeNull(); // purged
    expect(
      await t.mutation(api.workerApi.completePublish, {
        ...fence2,
        courseId: newCourseId,
        usage: USAGE,
      }),
    ).toEqual({
      ok: true,
    });
    expect((await jobRow(t, jobId))?.status).toBe("succeeded");
  });

  test("bad publications are refused with a clear error and write nothing", async () => {
    const { t, alice } = setup();
    const { fence, jobId } = await claimedJob(t, alice);
    const cases: [unknown[], RegExp][] = [
      [[], /1 to 60 lessons/],
      [[LESSONS[0], LESSONS[0]], /appears twice/],
      [[{ ...LESSONS[0], slug: "Not A Slug" }], /lowercase/],
      [[{ ...LESSONS[0], partCount: 0 }], /1 to 20 parts/],
      [
        [{ ...LESSONS[0], citations: [{ path: "a.ts", startLine: 9, endLine: 3 }] }],
        /not a line range/,
      ],
    ];
    for (const [lessons, message] of cases) {
      const data = await errorData(
        t.mutation(api.workerApi.beginPublish, {
          ...fence,
          course: COURSE,
          lessons: lessons as typeof LESSONS,
        }),
      );
      expect(data).toMatchObject({
        code: "invalid_argument",
        message: expect.stringMatching(message),
      });
    }
    expect(await t.run(async (ctx) => (await ctx.db.query("courses").collect()).length)).toBe(0);
    expect((await jobRow(t, jobId))?.status).toBe("claimed");

    const courseId = await publishAll(t, fence);
    const tooLong = "x".repeat(MAX_CHAPTER_PART_CHARS + 1);
    expect(
      await errorData(
        t.mutation(api.workerApi.addLessonPart, {
          ...fence,
          courseId,
          slug: "first-widget",
          index: 0,
          markdown: tooLong,
        }),
      ),
    ).toMatchObject({ code: "invalid_argument", message: expect.stringMatching(/split it/) });
    expect(
      await errorData(
        t.mutation(api.workerApi.addLessonPart, {
          ...fence,
          courseId,
          slug: "nope",
          index: 0,
          markdown: "x",
        }),
      ),
    ).toMatchObject({ code: "invalid_argument" });
    expect(
      await errorData(
        t.mutation(api.workerApi.addLessonPart, {
          ...fence,
          courseId,
          slug: "first-widget",
          index: 3,
          markdown: "x",
        }),
      ),
    ).toMatchObject({ code: "invalid_argument" });
    const lesson = await t.run(async (ctx) =>
      ctx.db
        .query("chapters")
        .withIndex("by_course_slug", (q) => q.eq("courseId", courseId).eq("slug", "first-widget"))
        .unique(),
    );
    expect(lesson?.received).toEqual([0]);
  });
});

describe("checkpoints", () => {
  test("saved in parts, listed on re-delivery, loaded part by part", async () => {
    vi.useFakeTimers();
    const { t, alice } = setup();
    const { fence, jobId } = await claimedJob(t, alice, "w1", 5_000);
    const save = (name: string, index: number, count: number, data: string) =>
      t.mutation(api.workerApi.saveCheckpoint, { ...fence, name, index, count, data });
    expect(await save("step-1-abstractions.json", 0, 2, '{"a":')).toEqual({
      ok: true,
      complete: false,
    });
    expect(await save("step-1-abstractions.json", 1, 2, "1}")).toEqual({
      ok: true,
      complete: true,
    });
    expect(await save("step-2-relationships.json", 0, 2, "{")).toEqual({
      ok: true,
      complete: false,
    });
    expect(
      await t.query(api.workerApi.loadCheckpoint, {
        ...fence,
        name: "step-2-relationships.json",
        index: 0,
      }),
    ).toEqual({ ok: true, part: null });

    vi.advanceTimersByTime(5_001);
    await t.finishInProgressScheduledFunctions();
    vi.setSystemTime((await jobRow(t, jobId))?.runAt ?? 0);
    const second = await t.mutation(api.workerApi.claim, { secret: SECRET, jobId, workerId: "w2" });
    expect(second?.checkpoints).toEqual(["step-1-abstractions.json"]);
    const fence2 = { secret: SECRET, jobId, attempt: 2, workerId: "w2" };
    const parts = await Promise.all(
      [0, 1].map((index) =>
        t.query(api.workerApi.loadCheckpoint, {
          ...fence2,
          name: "step-1-abstractions.json",
          index,
        }),
      ),
    );
    expect(parts.map((p) => (p.ok && p.part ? p.part.data : "")).join("")).toBe('{"a":1}');
    // The stale attempt can neither save nor load.
    expect(await save("step-3-order.json", 0, 1, "[]")).toMatchObject({
      ok: false,
      reason: "stale_attempt",
    });
    expect(
      await t.query(api.workerApi.loadCheckpoint, {
        ...fence,
        name: "step-1-abstractions.json",
        index: 0,
      }),
    ).toMatchObject({ ok: false, reason: "stale_attempt" });
  });

  test("a retry job resumes from the failed job's checkpoints", async () => {
    const { t, alice } = setup();
    const { fence, jobId } = await claimedJob(t, alice);
    await t.mutation(api.workerApi.saveCheckpoint, {
      ...fence,
      name: "step-1.json",
      index: 0,
      count: 1,
      data: "[1]",
    });
    await t.mutation(api.workerApi.fail, {
      ...fence,
      code: "model_quota",
      message: "Out of credit.",
      retryable: false,
    });
    const { jobId: retryId } = await alice.mutation(api.jobs.retry, { jobId });
    const claim = await t.mutation(api.workerApi.claim, {
      secret: SECRET,
      jobId: retryId,
      workerId: "w",
    });
    expect(claim?.checkpoints).toEqual(["step-1.json"]);
    const loaded = await t.query(api.workerApi.loadCheckpoint, {
      secret: SECRET,
      jobId: retryId,
      attempt: 1,
      workerId: "w",
      name: "step-1.json",
      index: 0,
    });
    expect(loaded).toEqual({ ok: true, part: { count: 1, data: "[1]" } });
  });

  test("bad checkpoint arguments are refused and write nothing", async () => {
    const { t, alice } = setup();
    const { fence } = await claimedJob(t, alice);
    const bad = [
      { name: "../etc", index: 0, count: 1, data: "x" },
      { name: "ok.json", index: 1, count: 1, data: "x" },
      { name: "ok.json", index: 0, count: 0, data: "x" },
      { name: "ok.json", index: 0, count: 1, data: "x".repeat(MAX_CHECKPOINT_PART_CHARS + 1) },
    ];
    for (const args of bad) {
      expect(
        await errorData(t.mutation(api.workerApi.saveCheckpoint, { ...fence, ...args })),
      ).toMatchObject({
        code: "invalid_argument",
      });
    }
    expect(
      await t.run(async (ctx) => (await ctx.db.query("jobCheckpoints").collect()).length),
    ).toBe(0);
  });
});
