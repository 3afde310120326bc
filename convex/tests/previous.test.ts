/**
 * A refresh's previous course, as its worker reads it (workerPrevious.manifest / parts):
 * only the job's own previous course, only for the worker holding the lease, in bounded
 * pages that together are the whole text; and what the refreshed version keeps of the CLI's
 * manifest (changes with the course it came from, source file ids), shown by courses.get.
 */
import { MAX_CHAPTER_PART_CHARS, MAX_SOURCE_PART_CHARS } from "@fondation/shared/core";
import type { FunctionReturnType } from "convex/server";
import { afterEach, describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { PAGE_CHARS, PAGE_PARTS } from "../lib/previousCourse.ts";
import { COMMIT, NO_USAGE, shareCourse } from "./course.testkit.ts";
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

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

type Fence = { secret: string; jobId: Id<"jobs">; attempt: number; workerId: string };

const SHA = "a".repeat(40);
const FILE_TEXT = `${"s".repeat(MAX_SOURCE_PART_CHARS)}${"t".repeat(10)}`;
/** Six lessons of three full parts each: 3.6 million characters, more than three pages. */
const LESSONS = Array.from({ length: 6 }, (_, i) => ({
  kind: i < 5 ? ("chapter" as const) : ("tutorial" as const),
  slug: `lesson-${i}`,
  title: `Lesson ${i}`,
  citations: [{ path: "src/a.ts", startLine: 1, endLine: 1 }],
  prev: i > 0 ? `lesson-${i - 1}` : null,
  next: i < 5 ? `lesson-${i + 1}` : null,
  partCount: 3,
}));
const markdown = (slug: string, index: number) =>
  `${slug}:${index}:`.padEnd(MAX_CHAPTER_PART_CHARS, String(index));

const CHANGES = {
  fromCommit: COMMIT,
  overview: "kept" as const,
  lessons: [
    {
      kind: "chapter" as const,
      slug: "lesson-0",
      status: "rewritten" as const,
      reason: "src/a.ts changed",
      files: ["src/a.ts"],
    },
  ],
};

async function publish(
  t: T,
  fence: Fence,
  extra: {
    changes?: typeof CHANGES;
    sourceFiles?: { path: string; sha: string }[];
    folders?: string[];
  } = {},
): Promise<Id<"courses">> {
  const begun = await t.mutation(api.workerApi.beginPublish, {
    ...fence,
    course: {
      title: "Widgets",
      summary: "How widgets are made.",
      language: "en",
      model: null,
      commit: COMMIT,
      abstractions: [{ id: "queue", name: "Queue", description: "Jobs", files: ["src/a.ts"] }],
      relationships: [],
      ...extra,
    },
    lessons: LESSONS,
  });
  if (!begun.ok) throw new Error(begun.message);
  const courseId = begun.courseId;
  for (const lesson of LESSONS) {
    for (let index = 0; index < lesson.partCount; index++) {
      await t.mutation(api.workerApi.addLessonPart, {
        ...fence,
        courseId,
        slug: lesson.slug,
        index,
        markdown: markdown(lesson.slug, index),
      });
    }
  }
  const parts = [0, 1].map((index) => ({
    path: "src/a.ts",
    size: FILE_TEXT.length,
    lines: 1,
    partCount: 2,
    index,
    text: FILE_TEXT.slice(index * MAX_SOURCE_PART_CHARS, (index + 1) * MAX_SOURCE_PART_CHARS),
  }));
  await t.mutation(api.workerApi.addSourceParts, { ...fence, courseId, parts });
  const done = await t.mutation(api.workerApi.completePublish, {
    ...fence,
    courseId,
    usage: NO_USAGE,
  });
  if (!done.ok) throw new Error(done.message);
  return courseId;
}

/** A refresh of `previousCourseId` (as refresh.request queues it), claimed by `workerId`. */
async function refreshJob(
  t: T,
  user: UserT,
  repositoryId: Id<"repositories">,
  previousCourseId: Id<"courses">,
  workerId = "worker-2",
  leaseMs = 60_000,
) {
  const { jobId } = await user.mutation(api.jobs.request, { repositoryId, options: OPTIONS });
  await t.run(async (ctx) => await ctx.db.patch(jobId, { previousCourseId }));
  const claim = await t.mutation(api.workerApi.claim, { secret: SECRET, jobId, workerId, leaseMs });
  if (!claim || "notDue" in claim) throw new Error("claim failed");
  return { jobId, claim, fence: { secret: SECRET, jobId, attempt: claim.attempt, workerId } };
}

async function firstCourse(t: T, user: UserT) {
  const { fence, repositoryId } = await claimedJob(t, user);
  const courseId = await publish(t, fence, {
    sourceFiles: [{ path: "src/a.ts", sha: SHA }],
    folders: ["src"],
  });
  return { courseId, repositoryId };
}

async function allPages(t: T, fence: Fence, courseId: Id<"courses">) {
  const pages: { kind: string; key: string; index: number; text: string }[][] = [];
  let from: number | null = 0;
  while (from !== null) {
    const got: FunctionReturnType<typeof api.workerPrevious.parts> = await t.query(
      api.workerPrevious.parts,
      { ...fence, courseId, from },
    );
    if (!got.ok || !got.page) throw new Error(`no page at ${from}: ${JSON.stringify(got)}`);
    pages.push(
      got.page.parts.map((p) => ({
        kind: p.kind,
        key: p.kind === "lesson" ? p.slug : p.path,
        index: p.index,
        text: p.text,
      })),
    );
    from = got.page.next;
    if (pages.length > 100) throw new Error("pages do not end");
  }
  return pages;
}

describe("workerPrevious", () => {
  test("the claim names the previous course; manifest and pages give all of it, bounded", async () => {
    const { t, alice } = setup();
    const { courseId, repositoryId } = await firstCourse(t, alice);
    const { claim, fence } = await refreshJob(t, alice, repositoryId, courseId);
    expect(claim.previousCourseId).toBe(courseId);

    const got = await t.query(api.workerPrevious.manifest, fence);
    if (!got.ok || !got.course) throw new Error(JSON.stringify(got));
    expect(got.course).toMatchObject({
      courseId,
      title: "Widgets",
      summary: "How widgets are made.",
      language: "en",
      model: null,
      commit: COMMIT,
      abstractions: [{ id: "queue", files: ["src/a.ts"] }],
      sourceFiles: [{ path: "src/a.ts", sha: SHA }],
      folders: ["src"],
      files: [{ path: "src/a.ts", size: FILE_TEXT.length, lines: 1, partCount: 2 }],
      partCount: LESSONS.length * 3 + 2,
    });
    expect(got.course.lessons.map((l) => [l.slug, l.kind, l.prev, l.next, l.partCount])).toEqual(
      LESSONS.map((l) => [l.slug, l.kind, l.prev, l.next, 3]),
    );

    const pages = await allPages(t, fence, courseId);
    expect(pages.length).toBeGreaterThan(3);
    for (const page of pages) {
      expect(page.length).toBeGreaterThan(0);
      expect(page.length).toBeLessThanOrEqual(PAGE_PARTS);
      expect(page.reduce((n, p) => n + p.text.length, 0)).toBeLessThanOrEqual(PAGE_CHARS);
    }
    const parts = pages.flat();
    expect(parts).toHaveLength(got.course.partCount);
    // Lessons in teaching order, each part in turn, then the files: the whole text.
    for (const lesson of LESSONS) {
      const text = parts
        .filter((p) => p.kind === "lesson" && p.key === lesson.slug)
        .map((p) => p.text);
      expect(text).toEqual([0, 1, 2].map((i) => markdown(lesson.slug, i)));
    }
    expect(
      parts
        .filter((p) => p.kind === "file")
        .map((p) => p.text)
        .join(""),
    ).toBe(FILE_TEXT);
    expect(parts.at(-1)?.kind).toBe("file");
  });

  test("another worker, a stale attempt, a wrong secret and a user are refused", async () => {
    vi.useFakeTimers();
    const { t, alice } = setup();
    const { courseId, repositoryId } = await firstCourse(t, alice);
    const { jobId, fence } = await refreshJob(t, alice, repositoryId, courseId, "w2", 5_000);
    const other = { ...fence, workerId: "intruder" };
    expect(await t.query(api.workerPrevious.manifest, other)).toMatchObject({
      ok: false,
      reason: "lease_lost",
    });
    expect(await t.query(api.workerPrevious.parts, { ...other, courseId, from: 0 })).toMatchObject({
      ok: false,
      reason: "lease_lost",
    });
    expect(
      await errorData(t.query(api.workerPrevious.manifest, { ...fence, secret: "wrong-secret" })),
    ).toMatchObject({ code: "forbidden" });
    expect(await errorData(alice.query(api.workerPrevious.manifest, fence))).toMatchObject({
      code: "forbidden",
    });
    expect(
      await errorData(t.query(api.workerPrevious.parts, { ...fence, courseId, from: -1 })),
    ).toMatchObject({ code: "invalid_argument" });

    // The lease expires and another worker claims the next attempt: the old fence is stale.
    vi.advanceTimersByTime(5_001);
    await t.finishInProgressScheduledFunctions();
    vi.setSystemTime((await jobRow(t, jobId))?.runAt ?? 0);
    const second = await t.mutation(api.workerApi.claim, { secret: SECRET, jobId, workerId: "w3" });
    expect(second).toMatchObject({ previousCourseId: courseId });
    expect(await t.query(api.workerPrevious.manifest, fence)).toMatchObject({
      ok: false,
      reason: "stale_attempt",
    });
    expect(await t.query(api.workerPrevious.parts, { ...fence, courseId, from: 0 })).toMatchObject({
      ok: false,
      reason: "stale_attempt",
    });
  });

  test("a gone course, another repository's, or another course id: nothing to read", async () => {
    const { t, alice, bob } = setup();
    const { courseId, repositoryId } = await firstCourse(t, alice);
    const { fence } = await refreshJob(t, alice, repositoryId, courseId);
    // Another course (bob's) is never served through this job.
    const bobs = await firstCourse(t, bob);
    expect(
      await t.query(api.workerPrevious.parts, { ...fence, courseId: bobs.courseId, from: 0 }),
    ).toEqual({ ok: true, page: null });
    // A previous course of another owner's repository is not this job's.
    await t.run(
      async (ctx) => await ctx.db.patch(fence.jobId, { previousCourseId: bobs.courseId }),
    );
    expect(await t.query(api.workerPrevious.manifest, fence)).toEqual({ ok: true, course: null });
    await t.run(async (ctx) => await ctx.db.patch(fence.jobId, { previousCourseId: courseId }));
    expect(await t.query(api.workerPrevious.manifest, fence)).toMatchObject({
      ok: true,
      course: { courseId },
    });
    // Once the course is gone, the worker builds from nothing.
    await t.run(async (ctx) => await ctx.db.delete(courseId));
    expect(await t.query(api.workerPrevious.manifest, fence)).toEqual({ ok: true, course: null });
    expect(await t.query(api.workerPrevious.parts, { ...fence, courseId, from: 0 })).toEqual({
      ok: true,
      page: null,
    });
  });

  test("the refreshed version keeps its changes (from the job's course) and file ids", async () => {
    const { t, alice, bob } = setup();
    const { courseId, repositoryId } = await firstCourse(t, alice);
    const { fence } = await refreshJob(t, alice, repositoryId, courseId);
    const sourceFiles = [{ path: "src/a.ts", sha: "b".repeat(40) }];
    const next = await publish(t, fence, { changes: CHANGES, sourceFiles });
    const row = await t.run(async (ctx) => await ctx.db.get(next));
    expect(row?.changes).toEqual({ ...CHANGES, fromCourseId: courseId });
    expect(row?.sourceFiles).toEqual(sourceFiles);

    const view = await alice.query(api.courses.get, { courseId: next });
    expect(view.course.changes).toEqual({ ...CHANGES, fromCourseId: courseId });
    expect((await alice.query(api.courses.get, { courseId })).course.changes).toBeUndefined();
    // A share-key visitor reads what changed, not the owner's id of the older version.
    const share = await shareCourse(t, next);
    expect((await bob.query(api.courses.get, { courseId: next, share })).course.changes).toEqual(
      CHANGES,
    );
  });

  test("changes and file ids are bounded and checked", async () => {
    const { t, alice } = setup();
    const { fence } = await claimedJob(t, alice);
    const begin = (course: Record<string, unknown>) =>
      errorData(
        t.mutation(api.workerApi.beginPublish, {
          ...fence,
          course: {
            title: "Widgets",
            summary: "",
            language: "en",
            model: null,
            abstractions: [],
            relationships: [],
            ...course,
          },
          lessons: LESSONS,
        }),
      );
    const change = CHANGES.lessons[0];
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ sourceFiles: [{ path: "../x", sha: SHA }] }, /plain path and a 40-hex blob id/],
      [{ sourceFiles: [{ path: "x", sha: "nothex" }] }, /plain path and a 40-hex blob id/],
      [
        { sourceFiles: Array.from({ length: 3_001 }, (_, i) => ({ path: `f${i}`, sha: SHA })) },
        /at most 3000 source file ids/,
      ],
      [{ folders: ["src", "../outside"] }, /Folder "..\/outside": a plain repository path/],
      [{ folders: Array.from({ length: 3_001 }, (_, i) => `d${i}`) }, /at most 3000 folders/],
      [
        { changes: { ...CHANGES, lessons: [{ ...change, reason: "r".repeat(501) }] } },
        /reason is at most 500/,
      ],
      [
        { changes: { ...CHANGES, lessons: [{ ...change, files: ["/etc/passwd"] }] } },
        /plain repository paths/,
      ],
      [
        { changes: { ...CHANGES, lessons: Array.from({ length: 121 }, () => change) } },
        /at most 120 lesson changes/,
      ],
    ];
    for (const [course, message] of cases) {
      expect(await begin(course)).toMatchObject({
        code: "invalid_argument",
        message: expect.stringMatching(message),
      });
    }
    expect((await jobRow(t, fence.jobId))?.status).toBe("claimed");
  });
});
