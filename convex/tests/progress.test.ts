/** Learning progress (convex/progress.ts): saved per user and lesson, only where the user may read. */
import { MAX_STEP_KEYS, stepKey } from "@fondation/shared/core";
import { afterEach, describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import { publishedCourse, shareCourse } from "./course.testkit.ts";
import { errorData, setup } from "./harness.testkit.ts";

afterEach(() => {
  vi.unstubAllEnvs();
});

const STEP_1 = stepKey(0, "one");
const STEP_2 = stepKey(1, "two");

describe("progress", () => {
  test("read lessons and ticked steps are saved and read back; unticking removes a step", async () => {
    const { t, alice } = setup();
    const { courseId } = await publishedCourse(t, alice);
    expect(await alice.query(api.progress.forCourse, { courseId })).toEqual([]);

    await alice.mutation(api.progress.markRead, { courseId, slug: "the-queue" });
    const slug = "first-widget";
    await alice.mutation(api.progress.setStep, {
      courseId,
      slug,
      key: STEP_1,
      done: true,
      stepCount: 2,
    });
    await alice.mutation(api.progress.setStep, {
      courseId,
      slug,
      key: STEP_2,
      done: true,
      stepCount: 2,
    });
    await alice.mutation(api.progress.setStep, { courseId, slug, key: STEP_1, done: true });
    await alice.mutation(api.progress.setStep, { courseId, slug, key: STEP_2, done: false });

    const rows = await alice.query(api.progress.forCourse, { courseId });
    const bySlug = Object.fromEntries(rows.map((r) => [r.slug, r]));
    expect(bySlug["the-queue"]).toMatchObject({ checked: [], readAt: expect.any(Number) });
    expect(bySlug["first-widget"]).toEqual({ slug, checked: [STEP_1], stepCount: 2 });
  });

  test("reading a lesson again keeps the time it was first read", async () => {
    const { t, alice } = setup();
    const { courseId } = await publishedCourse(t, alice);
    await alice.mutation(api.progress.markRead, { courseId, slug: "the-queue" });
    const [first] = await alice.query(api.progress.forCourse, { courseId });
    await alice.mutation(api.progress.markRead, { courseId, slug: "the-queue" });
    const [again] = await alice.query(api.progress.forCourse, { courseId });
    expect(again?.readAt).toBe(first?.readAt);
  });

  test("each user sees only their own progress, in a course shared with the other", async () => {
    const { t, alice, bob } = setup();
    const { courseId } = await publishedCourse(t, alice);
    const share = await shareCourse(t, courseId);
    await alice.mutation(api.progress.setStep, {
      courseId,
      slug: "first-widget",
      key: STEP_1,
      done: true,
    });
    // Bob, signed in, reads through the link and saves his own progress.
    expect(await bob.query(api.progress.forCourse, { courseId, share })).toEqual([]);
    await bob.mutation(api.progress.markRead, { courseId, slug: "the-queue", share });
    await bob.mutation(api.progress.setStep, {
      courseId,
      slug: "first-widget",
      key: STEP_2,
      done: true,
      share,
    });
    const bobs = await bob.query(api.progress.forCourse, { courseId, share });
    expect(bobs.find((r) => r.slug === "first-widget")?.checked).toEqual([STEP_2]);
    const alices = await alice.query(api.progress.forCourse, { courseId });
    expect(alices).toEqual([{ slug: "first-widget", checked: [STEP_1] }]);
  });

  test("a signed-out visitor of a shared course gets no progress and cannot save any", async () => {
    const { t, alice } = setup();
    const { courseId } = await publishedCourse(t, alice);
    const share = await shareCourse(t, courseId);
    await alice.mutation(api.progress.markRead, { courseId, slug: "the-queue" });
    expect(await t.query(api.progress.forCourse, { courseId, share })).toEqual([]);
    expect(
      await errorData(t.mutation(api.progress.markRead, { courseId, slug: "the-queue", share })),
    ).toMatchObject({ code: "unauthenticated" });
  });

  test("another user's course is refused as not found, for reading and for saving", async () => {
    const { t, alice, bob } = setup();
    const { courseId } = await publishedCourse(t, alice);
    const notFound = { code: "not_found" };
    expect(await errorData(bob.query(api.progress.forCourse, { courseId }))).toMatchObject(
      notFound,
    );
    expect(
      await errorData(bob.mutation(api.progress.markRead, { courseId, slug: "the-queue" })),
    ).toMatchObject(notFound);
    const wrongKey = "ZZZZZZZZZZZZZZZZZZZZZZ";
    expect(
      await errorData(
        bob.mutation(api.progress.setStep, {
          courseId,
          slug: "first-widget",
          key: STEP_1,
          done: true,
          share: wrongKey,
        }),
      ),
    ).toMatchObject(notFound);
    const written = await t.run(async (ctx) => await ctx.db.query("lessonProgress").collect());
    expect(written).toEqual([]);
  });

  test("a slug that is not a lesson of the course is refused", async () => {
    const { t, alice } = setup();
    const { courseId } = await publishedCourse(t, alice);
    expect(
      await errorData(alice.mutation(api.progress.markRead, { courseId, slug: "nope" })),
    ).toMatchObject({ code: "not_found", message: expect.stringMatching(/no lesson "nope"/) });
  });

  test("bounds: a malformed key, a step count out of range, more than MAX_STEP_KEYS ticks", async () => {
    const { t, alice } = setup();
    const { courseId } = await publishedCourse(t, alice);
    const slug = "first-widget";
    const invalid = { code: "invalid_argument" };
    for (const key of ["", "x".repeat(200), "1-XYZ", `1000-${"a".repeat(8)}`]) {
      expect(
        await errorData(alice.mutation(api.progress.setStep, { courseId, slug, key, done: true })),
      ).toMatchObject(invalid);
    }
    for (const stepCount of [-1, 1.5, MAX_STEP_KEYS + 1]) {
      expect(
        await errorData(alice.mutation(api.progress.markRead, { courseId, slug, stepCount })),
      ).toMatchObject(invalid);
    }
    const full = Array.from({ length: MAX_STEP_KEYS }, (_, i) => stepKey(i, `step ${i}`));
    await t.run(async (ctx) => {
      const userId = (await ctx.db.query("users").first())?._id;
      if (!userId) throw new Error("no user");
      await ctx.db.insert("lessonProgress", {
        userId,
        courseId,
        slug,
        checked: full,
        updatedAt: 0,
      });
    });
    expect(
      await errorData(
        alice.mutation(api.progress.setStep, { courseId, slug, key: STEP_1, done: true }),
      ),
    ).toMatchObject({ ...invalid, message: expect.stringMatching(/at most 500/) });
    // Unticking one still works at the bound.
    await alice.mutation(api.progress.setStep, { courseId, slug, key: full[3] ?? "", done: false });
    const [row] = await alice.query(api.progress.forCourse, { courseId });
    expect(row?.checked).toHaveLength(MAX_STEP_KEYS - 1);
  });
});
