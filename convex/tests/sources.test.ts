/**
 * Cited source files published with a course: the worker's fenced upload with its caps,
 * completion refused while a file misses parts, purge with an abandoned publication, and
 * readers' access (owner, share-key holder; anyone else refused).
 */
import {
  MAX_SOURCE_BYTES_PER_COURSE,
  MAX_SOURCE_FILE_BYTES,
  MAX_SOURCE_FILES,
  MAX_SOURCE_PART_CHARS,
} from "@fondation/shared/core";
import { afterEach, describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { COMMIT, NO_USAGE, shareCourse } from "./course.testkit.ts";
import { claimedJob, errorData, jobRow, SECRET, setup, type T } from "./harness.testkit.ts";

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

type Fence = { secret: string; jobId: Id<"jobs">; attempt: number; workerId: string };

const MANY = Array.from({ length: MAX_SOURCE_FILES + 1 }, (_, i) => ({
  path: `gen/f${i}.ts`,
  startLine: 1,
  endLine: 1,
}));

/** Begins a one-lesson course citing src/a.ts, src/big.ts and MAX_SOURCE_FILES + 1 more. */
async function begin(t: T, fence: Fence): Promise<Id<"courses">> {
  const begun = await t.mutation(api.workerApi.beginPublish, {
    ...fence,
    course: {
      title: "Widgets",
      summary: "How widgets are made.",
      language: "en",
      model: null,
      commit: COMMIT,
      abstractions: [],
      relationships: [],
    },
    lessons: [
      {
        kind: "chapter",
        slug: "the-queue",
        title: "The queue",
        citations: [
          { path: "src/a.ts", startLine: 2, endLine: 3 },
          { path: "src/big.ts", startLine: 1, endLine: 1 },
          ...MANY,
        ],
        prev: null,
        next: null,
        partCount: 1,
      },
    ],
  });
  if (!begun.ok) throw new Error(begun.message);
  await t.mutation(api.workerApi.addLessonPart, {
    ...fence,
    courseId: begun.courseId,
    slug: "the-queue",
    index: 0,
    markdown: "# The queue\n\nSee `src/a.ts:2-3`.\n",
  });
  return begun.courseId;
}

const A_TEXT = "line one\nline two\nline three\n";
const A = { path: "src/a.ts", size: A_TEXT.length, lines: 3, partCount: 1, index: 0, text: A_TEXT };

async function complete(t: T, fence: Fence, courseId: Id<"courses">) {
  return await t.mutation(api.workerApi.completePublish, { ...fence, courseId, usage: NO_USAGE });
}

describe("sources", () => {
  test("the owner reads a published file; a share-key holder too; another user is refused", async () => {
    const { t, alice, bob } = setup();
    const { fence } = await claimedJob(t, alice);
    const courseId = await begin(t, fence);
    expect(
      await t.mutation(api.workerApi.addSourceParts, { ...fence, courseId, parts: [A] }),
    ).toEqual({ ok: true, filesComplete: 1 });
    expect(await complete(t, fence, courseId)).toEqual({ ok: true });

    const got = await alice.query(api.sources.file, { courseId, path: "src/a.ts" });
    expect(got).toMatchObject({
      commit: COMMIT,
      github: { owner: "acme", name: "widgets" },
      file: { path: "src/a.ts", size: A_TEXT.length, lines: 3, text: A_TEXT },
    });
    expect(await alice.query(api.sources.file, { courseId, path: "src/big.ts" })).toMatchObject({
      file: null,
    });
    expect((await alice.query(api.sources.list, { courseId })).files).toEqual([
      { path: "src/a.ts", size: A_TEXT.length, lines: 3 },
    ]);

    expect(
      await errorData(bob.query(api.sources.file, { courseId, path: "src/a.ts" })),
    ).toMatchObject({ code: "not_found" });
    expect(await errorData(bob.query(api.sources.list, { courseId }))).toMatchObject({
      code: "not_found",
    });
    expect(
      await errorData(t.query(api.sources.file, { courseId, path: "src/a.ts" })),
    ).toMatchObject({ code: "unauthenticated" });
    expect(
      await errorData(
        t.query(api.sources.file, { courseId, path: "src/a.ts", share: "AbCdEfGhIjKlMnOpQrStUv" }),
      ),
    ).toMatchObject({ code: "not_found" });

    const share = await shareCourse(t, courseId);
    expect(
      (await t.query(api.sources.file, { courseId, path: "src/a.ts", share })).file?.text,
    ).toBe(A_TEXT);
    expect((await bob.query(api.sources.list, { courseId, share })).files).toHaveLength(1);
  });

  test("a file in parts is reassembled; completion is refused while a part is missing", async () => {
    const { t, alice } = setup();
    const { fence, jobId } = await claimedJob(t, alice);
    const courseId = await begin(t, fence);
    const text = `${"a".repeat(MAX_SOURCE_PART_CHARS)}\n${"b".repeat(10)}`;
    const part = (index: number) => ({
      path: "src/big.ts",
      size: text.length,
      lines: 2,
      partCount: 2,
      index,
      text: text.slice(index * MAX_SOURCE_PART_CHARS, (index + 1) * MAX_SOURCE_PART_CHARS),
    });
    expect(
      await t.mutation(api.workerApi.addSourceParts, { ...fence, courseId, parts: [part(1)] }),
    ).toEqual({ ok: true, filesComplete: 0 });
    expect(await errorData(complete(t, fence, courseId))).toMatchObject({
      code: "invalid_argument",
      message: expect.stringMatching(/source files are missing parts: src\/big\.ts/),
    });
    expect((await jobRow(t, jobId))?.status).toBe("publishing");
    await t.mutation(api.workerApi.addSourceParts, { ...fence, courseId, parts: [part(0)] });
    expect(await complete(t, fence, courseId)).toEqual({ ok: true });
    expect((await alice.query(api.sources.file, { courseId, path: "src/big.ts" })).file?.text).toBe(
      text,
    );
  });

  test("a worker whose lease moved on is refused and writes nothing", async () => {
    vi.useFakeTimers();
    const { t, alice } = setup();
    const { fence, jobId } = await claimedJob(t, alice, "w1", 5_000);
    const courseId = await begin(t, fence);
    vi.advanceTimersByTime(5_001);
    await t.finishInProgressScheduledFunctions();
    expect(
      await t.mutation(api.workerApi.addSourceParts, { ...fence, courseId, parts: [A] }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/lease_expired|not_running/) });
    vi.setSystemTime((await jobRow(t, jobId))?.runAt ?? 0);
    const second = await t.mutation(api.workerApi.claim, { secret: SECRET, jobId, workerId: "w2" });
    expect(second).not.toBeNull();
    expect(
      await t.mutation(api.workerApi.addSourceParts, { ...fence, courseId, parts: [A] }),
    ).toMatchObject({ ok: false, reason: "stale_attempt" });
    // The new attempt cannot add files to the old attempt's publication either.
    const fence2 = { ...fence, attempt: second?.attempt ?? 0, workerId: "w2" };
    expect(
      await errorData(
        t.mutation(api.workerApi.addSourceParts, { ...fence2, courseId, parts: [A] }),
      ),
    ).toMatchObject({ code: "invalid_argument" });
    expect(await t.run(async (ctx) => (await ctx.db.query("courseFiles").collect()).length)).toBe(
      0,
    );
  });

  test("caps and paths are enforced server-side", async () => {
    const { t, alice } = setup();
    const { fence } = await claimedJob(t, alice);
    const courseId = await begin(t, fence);
    const add = (parts: (typeof A)[]) =>
      errorData(t.mutation(api.workerApi.addSourceParts, { ...fence, courseId, parts }));
    const cases: [(typeof A)[], RegExp][] = [
      [[{ ...A, path: "../etc/passwd" }], /not a plain repository path/],
      [[{ ...A, path: "/etc/passwd" }], /not a plain repository path/],
      [[{ ...A, path: "src/uncited.ts" }], /do not cite/],
      [[{ ...A, size: MAX_SOURCE_FILE_BYTES + 1 }], /at most 524288 bytes/],
      [[{ ...A, partCount: 4 }], /1 to 3 parts/],
      [[{ ...A, index: 1 }], /outside 0\.\.0/],
      [[{ ...A, size: 3 }], /more text than its size/],
      [
        [{ ...A, size: MAX_SOURCE_FILE_BYTES, text: "x".repeat(MAX_SOURCE_PART_CHARS + 1) }],
        /at most 200000 characters/,
      ],
      [[], /1 to 40 parts/],
    ];
    for (const [parts, message] of cases) {
      expect(await add(parts)).toMatchObject({
        code: "invalid_argument",
        message: expect.stringMatching(message),
      });
    }
    expect(await t.run(async (ctx) => (await ctx.db.query("courseFiles").collect()).length)).toBe(
      0,
    );

    // A later part must agree with the file's first part.
    await t.mutation(api.workerApi.addSourceParts, { ...fence, courseId, parts: [A] });
    expect(await add([{ ...A, lines: 9 }])).toMatchObject({
      message: /differ from its first part/,
    });

    // Per-course caps: files, then bytes (written directly: 300 uploads would be slow).
    await t.run(async (ctx) => {
      for (const c of MANY.slice(0, MAX_SOURCE_FILES - 1)) {
        await ctx.db.insert("courseFiles", {
          courseId,
          path: c.path,
          size: 0,
          lines: 0,
          partCount: 1,
          received: [0],
          chars: 0,
        });
      }
    });
    const last = MANY[MAX_SOURCE_FILES]?.path ?? "";
    expect(await add([{ ...A, path: last }])).toMatchObject({ message: /at most 300 files/ });
    await t.run(async (ctx) => {
      const row = await ctx.db
        .query("courseFiles")
        .withIndex("by_course_path", (q) => q.eq("courseId", courseId).eq("path", "gen/f0.ts"))
        .unique();
      if (row) await ctx.db.patch(row._id, { size: MAX_SOURCE_BYTES_PER_COURSE });
      const other = await ctx.db
        .query("courseFiles")
        .withIndex("by_course_path", (q) => q.eq("courseId", courseId).eq("path", "gen/f1.ts"))
        .unique();
      if (other) await ctx.db.delete(other._id);
    });
    expect(await add([{ ...A, path: last }])).toMatchObject({ message: /at most 16777216 bytes/ });
  });

  test("an abandoned publication's files are purged", async () => {
    vi.useFakeTimers();
    const { t, alice } = setup();
    const { fence } = await claimedJob(t, alice);
    const first = await begin(t, fence);
    await t.mutation(api.workerApi.addSourceParts, { ...fence, courseId: first, parts: [A] });
    const second = await begin(t, fence); // begins again: the first is abandoned
    vi.advanceTimersByTime(1);
    await t.finishInProgressScheduledFunctions();
    const rows = await t.run(async (ctx) => ({
      files: await ctx.db.query("courseFiles").collect(),
      parts: await ctx.db.query("courseFileParts").collect(),
      course: await ctx.db.get(first),
    }));
    expect(rows).toEqual({ files: [], parts: [], course: null });
    expect(second).not.toBe(first);
  });
});
