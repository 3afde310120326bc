/** Sharing a course by link (courses.setSharing / sharing / get): who may turn it on, who reads. */
import { afterEach, describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import { SHARE_KEY_PATTERN } from "../lib/courseAccess.ts";
import { publishedCourse } from "./course.testkit.ts";
import { errorData, setup } from "./harness.testkit.ts";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("sharing a course by link", () => {
  test("the owner shares: a signed-out visitor and another user read it with the key", async () => {
    const { t, alice, bob } = setup();
    const { courseId } = await publishedCourse(t, alice);
    expect(await alice.query(api.courses.sharing, { courseId })).toEqual({
      shareKey: null,
      allowQuestions: false,
    });

    const { shareKey } = await alice.mutation(api.courses.setSharing, { courseId, shared: true });
    if (shareKey === null) throw new Error("sharing gave no key");
    expect(shareKey).toMatch(SHARE_KEY_PATTERN);
    expect(await alice.query(api.courses.sharing, { courseId })).toEqual({
      shareKey,
      allowQuestions: false,
    });

    for (const reader of [t, bob]) {
      const got = await reader.query(api.courses.get, { courseId, share: shareKey });
      expect(got.isOwner).toBe(false);
      expect(got.course.title).toBe("Widgets");
      expect(got.repository.name).toBe("acme/widgets");
      const lesson = await reader.query(api.courses.lesson, {
        courseId,
        slug: "the-queue",
        share: shareKey,
      });
      expect(lesson.markdown).toContain("# The queue");
    }
  });

  test("a visitor gets no ids or cost of the owner's; the owner gets them", async () => {
    const { t, alice, bob } = setup();
    const { courseId, jobId, repositoryId } = await publishedCourse(t, alice);
    const { shareKey } = await alice.mutation(api.courses.setSharing, { courseId, shared: true });
    if (shareKey === null) throw new Error("sharing gave no key");

    const visitor = await bob.query(api.courses.get, { courseId, share: shareKey });
    expect(visitor.course).not.toHaveProperty("repositoryId");
    expect(visitor.course).not.toHaveProperty("jobId");
    expect(visitor.course).not.toHaveProperty("usage");
    expect(JSON.stringify(visitor)).not.toContain(shareKey);

    const owner = await alice.query(api.courses.get, { courseId });
    expect(owner.isOwner).toBe(true);
    expect(owner.course).toMatchObject({ repositoryId, jobId });
    expect(owner.repository.name).toBe("acme/widgets");
    // The owner's other data stays owner-only, key or not.
    expect(await errorData(bob.query(api.repositories.get, { repositoryId }))).toMatchObject({
      code: "not_found",
    });
    expect(
      await errorData(bob.query(api.courses.listForRepository, { repositoryId })),
    ).toMatchObject({ code: "not_found" });
  });

  test("making it private again, or sharing anew, turns the old link off", async () => {
    const { t, alice, bob } = setup();
    const { courseId } = await publishedCourse(t, alice);
    const first = await alice.mutation(api.courses.setSharing, { courseId, shared: true });
    const second = await alice.mutation(api.courses.setSharing, { courseId, shared: true });
    if (first.shareKey === null || second.shareKey === null) throw new Error("no key");
    expect(second.shareKey).not.toBe(first.shareKey);
    expect(
      await errorData(t.query(api.courses.get, { courseId, share: first.shareKey })),
    ).toMatchObject({ code: "not_found" });
    expect((await t.query(api.courses.get, { courseId, share: second.shareKey })).isOwner).toBe(
      false,
    );

    expect(await alice.mutation(api.courses.setSharing, { courseId, shared: false })).toEqual({
      shareKey: null,
    });
    expect(await alice.query(api.courses.sharing, { courseId })).toEqual({
      shareKey: null,
      allowQuestions: false,
    });
    for (const reader of [t, bob]) {
      expect(
        await errorData(reader.query(api.courses.get, { courseId, share: second.shareKey })),
      ).toMatchObject({ code: "not_found" });
      expect(
        await errorData(
          reader.query(api.courses.lesson, { courseId, slug: "the-queue", share: second.shareKey }),
        ),
      ).toMatchObject({ code: "not_found" });
    }
    // The owner still reads it.
    expect((await alice.query(api.courses.get, { courseId })).isOwner).toBe(true);
  });

  test("only the owner may share, see the key or make it private", async () => {
    const { t, alice, bob } = setup();
    const { courseId } = await publishedCourse(t, alice);
    const { shareKey } = await alice.mutation(api.courses.setSharing, { courseId, shared: true });
    if (shareKey === null) throw new Error("sharing gave no key");

    expect(
      await errorData(bob.mutation(api.courses.setSharing, { courseId, shared: false })),
    ).toMatchObject({ code: "not_found" });
    expect(await errorData(bob.query(api.courses.sharing, { courseId }))).toMatchObject({
      code: "not_found",
    });
    expect(
      await errorData(t.mutation(api.courses.setSharing, { courseId, shared: true })),
    ).toMatchObject({ code: "unauthenticated" });
    expect(await errorData(t.query(api.courses.sharing, { courseId }))).toMatchObject({
      code: "unauthenticated",
    });
    // Bob's refused attempt left Alice's link working, with the same key.
    expect(await alice.query(api.courses.sharing, { courseId })).toEqual({
      shareKey,
      allowQuestions: false,
    });
    expect((await t.query(api.courses.get, { courseId, share: shareKey })).isOwner).toBe(false);
  });

  test("a key of one course opens no other course, and a course being published stays hidden", async () => {
    const { t, alice } = setup();
    const a = await publishedCourse(t, alice, "worker-a");
    const b = await publishedCourse(t, alice, "worker-b");
    const { shareKey } = await alice.mutation(api.courses.setSharing, {
      courseId: a.courseId,
      shared: true,
    });
    if (shareKey === null) throw new Error("sharing gave no key");
    expect(
      await errorData(t.query(api.courses.get, { courseId: b.courseId, share: shareKey })),
    ).toMatchObject({ code: "not_found" });
    await t.run(async (ctx) => await ctx.db.patch(a.courseId, { status: "publishing" }));
    expect(
      await errorData(t.query(api.courses.get, { courseId: a.courseId, share: shareKey })),
    ).toMatchObject({ code: "not_found" });
    expect(
      await errorData(
        alice.mutation(api.courses.setSharing, { courseId: a.courseId, shared: false }),
      ),
    ).toMatchObject({ code: "not_found" });
  });
});
