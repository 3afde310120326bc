/**
 * The course text a worker reads to answer a question (questionWorker.courseManifest and
 * courseParts): fenced by the question's lease, only the question's own course, in bounded pages.
 */
import type { FunctionReturnType } from "convex/server";
import { describe, expect, test } from "vitest";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { PAGE_CHARS, PAGE_PARTS } from "../lib/previousCourse.ts";
import { COMMIT, LESSONS, publishedCourse } from "./course.testkit.ts";
import { errorData, setup, type T } from "./harness.testkit.ts";
import { askedQuestion, claimQuestion } from "./questions.testkit.ts";

type QFence = { secret: string; questionId: Id<"questions">; attempt: number; workerId: string };

async function allParts(t: T, fence: QFence, courseId: Id<"courses">) {
  const parts: { kind: string; text: string }[] = [];
  let from: number | null = 0;
  let pages = 0;
  while (from !== null) {
    const got: FunctionReturnType<typeof api.questionWorker.courseParts> = await t.query(
      api.questionWorker.courseParts,
      { ...fence, courseId, from },
    );
    if (!got.ok || !got.page) throw new Error(JSON.stringify(got));
    const page: { parts: { kind: string; text: string }[]; next: number | null } = got.page;
    expect(page.parts.length).toBeGreaterThan(0);
    expect(page.parts.length).toBeLessThanOrEqual(PAGE_PARTS);
    expect(page.parts.reduce((n, p) => n + p.text.length, 0)).toBeLessThanOrEqual(PAGE_CHARS);
    parts.push(...page.parts);
    from = page.next;
    if (++pages > 100) throw new Error("pages never end");
  }
  return parts;
}

describe("the course of a question", () => {
  test("its manifest and every part of its text, while the lease holds", async () => {
    const { t, alice } = setup();
    const { courseId, questionId } = await askedQuestion(t, alice);
    const { fence } = await claimQuestion(t, questionId);
    const got = await t.query(api.questionWorker.courseManifest, fence);
    if (!got.ok || !got.course) throw new Error(JSON.stringify(got));
    expect(got.course).toMatchObject({
      courseId,
      title: "Widgets",
      language: "en",
      commit: COMMIT,
    });
    expect(got.course.lessons.map((l) => l.slug)).toEqual(LESSONS.map((l) => l.slug));
    const parts = await allParts(t, fence, courseId);
    expect(parts).toHaveLength(got.course.partCount);
    expect(parts[0]?.text).toContain(`# ${LESSONS[0]?.title}`);
  });

  test("refused once the lease moved on, to another worker, and without the secret", async () => {
    const { t, alice } = setup();
    const { courseId, questionId } = await askedQuestion(t, alice);
    const { fence } = await claimQuestion(t, questionId);
    const other = { ...fence, workerId: "qw-other" };
    expect(await t.query(api.questionWorker.courseManifest, other)).toMatchObject({
      ok: false,
      reason: "lease_lost",
    });
    expect(
      await errorData(t.query(api.questionWorker.courseManifest, { ...fence, secret: "wrong" })),
    ).toMatchObject({ code: "forbidden" });
    await alice.mutation(api.questions.cancel, { questionId });
    expect(await t.query(api.questionWorker.courseManifest, fence)).toMatchObject({
      ok: false,
      reason: "canceled",
    });
    expect(
      await t.query(api.questionWorker.courseParts, { ...fence, courseId, from: 0 }),
    ).toMatchObject({ ok: false, reason: "canceled" });
  });

  test("another course's parts are never read through a question's lease", async () => {
    const { t, alice } = setup();
    const { questionId } = await askedQuestion(t, alice);
    const other = await publishedCourse(t, alice, "worker-2");
    const { fence } = await claimQuestion(t, questionId);
    expect(
      await t.query(api.questionWorker.courseParts, {
        ...fence,
        courseId: other.courseId,
        from: 0,
      }),
    ).toEqual({ ok: true, page: null });
    expect(
      await errorData(
        t.query(api.questionWorker.courseParts, { ...fence, courseId: other.courseId, from: -1 }),
      ),
    ).toMatchObject({ code: "invalid_argument" });
  });
});
