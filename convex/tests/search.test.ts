/** Search in lessons: what is found, for whom, and what never is. */
import { MAX_SEARCH_QUERY_CHARS, MAX_SEARCH_RESULTS } from "@fondation/shared/core";
import { afterEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { errorData, queuedJob, SECRET, setup, type T, type UserT } from "./harness.testkit.ts";

afterEach(() => {
  vi.unstubAllEnvs();
});

const USAGE = {
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationInputTokens: 0,
  cacheReadInputTokens: 0,
  costUsd: 0,
};

const QUEUE_MD = [
  "# The order queue",
  "",
  "Orders wait here first.",
  "",
  "## How orders flow",
  "",
  "Each order is **stamped** with a [ticket](../chapters/02.md) before it rolls down the conveyor belt.",
  "",
  "```ts",
  "export function enqueueWidgetOrder(order: Order) {}",
  "```",
].join("\n");

const TUTORIAL_MD = "# Build a widget\n\nBolt the sprocket onto the frame.\n";

/** Publishes a two-lesson course for `user` in repository `name`; completes it unless told not to. */
async function publishCourse(
  t: T,
  user: UserT,
  name: string,
  { complete = true, tutorial = TUTORIAL_MD } = {},
): Promise<{ courseId: Id<"courses">; repositoryId: Id<"repositories"> }> {
  const { jobId, repositoryId } = await queuedJob(user, name);
  const workerId = `worker-${name}`;
  const claim = await t.mutation(api.workerApi.claim, {
    secret: SECRET,
    jobId,
    workerId,
    leaseMs: 60_000,
  });
  if (!claim || "notDue" in claim) throw new Error("claim returned null");
  const fence = { secret: SECRET, jobId, attempt: claim.attempt, workerId };
  const lesson = { citations: [], prev: null, next: null, partCount: 1 };
  const begun = await t.mutation(api.workerApi.beginPublish, {
    ...fence,
    course: {
      title: `Inside ${name}`,
      summary: "A course.",
      language: "en",
      model: null,
      abstractions: [],
      relationships: [],
    },
    lessons: [
      { ...lesson, kind: "chapter", slug: "the-queue", title: "The order queue" },
      { ...lesson, kind: "tutorial", slug: "build-a-widget", title: "Build a widget" },
    ],
  });
  if (!begun.ok) throw new Error(begun.message);
  const { courseId } = begun;
  const parts = [
    ["the-queue", QUEUE_MD],
    ["build-a-widget", tutorial],
  ] as const;
  for (const [slug, markdown] of parts) {
    await t.mutation(api.workerApi.addLessonPart, { ...fence, courseId, slug, index: 0, markdown });
  }
  if (complete)
    await t.mutation(api.workerApi.completePublish, { ...fence, courseId, usage: USAGE });
  return { courseId, repositoryId };
}

describe("search.inCourse", () => {
  test("finds a phrase of the prose, with a plain snippet and the heading above it", async () => {
    const { t, alice } = setup();
    const { courseId } = await publishCourse(t, alice, "acme/widgets");
    const hits = await alice.query(api.search.inCourse, { courseId, query: "conveyor belt" });
    expect(hits[0]).toMatchObject({
      slug: "the-queue",
      lessonTitle: "The order queue",
      heading: "How orders flow",
      headingId: "section-how-orders-flow",
    });
    // Markdown syntax is gone from the snippet: no ** and no link target.
    expect(hits[0]?.snippet).toContain(
      "order is stamped with a ticket before it rolls down the conveyor belt.",
    );
    expect(hits[0]?.snippet).not.toMatch(/\*\*|\]\(|02\.md/);
  });

  test("finds a lesson title and an identifier inside code", async () => {
    const { t, alice } = setup();
    const { courseId } = await publishCourse(t, alice, "acme/widgets");
    const byTitle = await alice.query(api.search.inCourse, { courseId, query: "Build a widget" });
    expect(byTitle[0]).toMatchObject({ slug: "build-a-widget", lessonTitle: "Build a widget" });
    const byCode = await alice.query(api.search.inCourse, {
      courseId,
      query: "enqueueWidgetOrder",
    });
    expect(byCode.map((h) => h.slug)).toEqual(["the-queue"]);
    expect(byCode[0]?.snippet).toContain("enqueueWidgetOrder(order: Order)");
    expect(byCode[0]?.headingId).toBe("section-how-orders-flow");
  });

  test("an empty, blank or punctuation-only query finds nothing; a long one is cut, not refused", async () => {
    const { t, alice } = setup();
    const { courseId } = await publishCourse(t, alice, "acme/widgets");
    for (const query of ["", "   ", "*** ``` ###"]) {
      expect(await alice.query(api.search.inCourse, { courseId, query })).toEqual([]);
    }
    const long = `sprocket ${"x".repeat(MAX_SEARCH_QUERY_CHARS * 10)}`;
    const hits = await alice.query(api.search.inCourse, { courseId, query: long });
    expect(hits.map((h) => h.slug)).toEqual(["build-a-widget"]);
  });

  test("results are bounded", async () => {
    const { t, alice } = setup();
    const many = Array.from({ length: 40 }, (_, i) => `## Step ${i}\n\nTighten the sprocket.`);
    const { courseId } = await publishCourse(t, alice, "acme/widgets", {
      tutorial: many.join("\n\n"),
    });
    const hits = await alice.query(api.search.inCourse, { courseId, query: "sprocket" });
    expect(hits).toHaveLength(MAX_SEARCH_RESULTS);
  });

  test("another user's course, and a course still publishing, look missing", async () => {
    const { t, alice, bob } = setup();
    const { courseId } = await publishCourse(t, alice, "acme/widgets");
    expect(
      await errorData(bob.query(api.search.inCourse, { courseId, query: "conveyor" })),
    ).toMatchObject({ code: "not_found" });
    const pending = await publishCourse(t, alice, "acme/gears", { complete: false });
    expect(
      await errorData(
        alice.query(api.search.inCourse, { courseId: pending.courseId, query: "conveyor" }),
      ),
    ).toMatchObject({ code: "not_found" });
  });

  test("a share key opens search in that course only, for a signed-out visitor too", async () => {
    const { t, alice } = setup();
    const { courseId } = await publishCourse(t, alice, "acme/widgets");
    const other = await publishCourse(t, alice, "acme/gears");
    const share = "abcdefghijklmnopqrstuv";
    await t.run(async (ctx) => await ctx.db.patch(courseId, { shareKey: share }));
    const hits = await t.query(api.search.inCourse, { courseId, query: "conveyor", share });
    expect(hits.map((h) => h.slug)).toEqual(["the-queue"]);
    expect(
      await errorData(
        t.query(api.search.inCourse, { courseId: other.courseId, query: "conveyor", share }),
      ),
    ).toMatchObject({ code: "not_found" });
    expect(
      await errorData(t.query(api.search.inCourse, { courseId, query: "conveyor" })),
    ).toMatchObject({ code: "unauthenticated" });
  });
});

describe("search.mine", () => {
  test("searches the user's latest courses only, never another user's nor one publishing", async () => {
    const { t, alice, bob } = setup();
    const widgets = await publishCourse(t, alice, "acme/widgets");
    const gears = await publishCourse(t, alice, "acme/gears");
    await publishCourse(t, bob, "bob/widgets");
    await publishCourse(t, alice, "acme/pending", { complete: false });
    const hits = await alice.query(api.search.mine, { query: "conveyor belt" });
    expect(hits.map((h) => h.courseId).sort()).toEqual([widgets.courseId, gears.courseId].sort());
    expect(hits.find((h) => h.courseId === gears.courseId)).toMatchObject({
      repositoryName: "acme/gears",
      courseTitle: "Inside acme/gears",
      slug: "the-queue",
      headingId: "section-how-orders-flow",
    });
    expect(await bob.query(api.search.mine, { query: "conveyor" })).toHaveLength(1);
    expect(await alice.query(api.search.mine, { query: "  " })).toEqual([]);
  });

  test("a newer course of the same repository replaces the older one's hits", async () => {
    const { t, alice } = setup();
    const first = await publishCourse(t, alice, "acme/widgets");
    const second = await publishCourse(t, alice, "acme/widgets");
    expect(second.repositoryId).toBe(first.repositoryId);
    const hits = await alice.query(api.search.mine, { query: "conveyor" });
    expect(hits.map((h) => h.courseId)).toEqual([second.courseId]);
    // The older version stays searchable from its own reader.
    expect(
      await alice.query(api.search.inCourse, { courseId: first.courseId, query: "conveyor" }),
    ).toHaveLength(1);
  });

  test("an abandoned publication's search rows are purged", async () => {
    const { t, alice } = setup();
    const { courseId } = await publishCourse(t, alice, "acme/widgets", { complete: false });
    const rows = async () =>
      await t.run(async (ctx) =>
        (await ctx.db.query("lessonSearch").collect()).filter((r) => r.courseId === courseId),
      );
    expect((await rows()).length).toBeGreaterThan(0);
    await t.run(async (ctx) => await ctx.db.patch(courseId, { status: "abandoned" }));
    await t.mutation(internal.courses.purgeAbandoned, { courseId });
    expect(await rows()).toEqual([]);
  });
});
