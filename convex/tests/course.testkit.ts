/**
 * A published course for the progress and up-to-date tests: a claimed job of `user`, the
 * commit reported, a two-lesson course (a chapter, a tutorial) published and complete.
 */
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { claimedJob, type T, type UserT } from "./harness.testkit.ts";

export const COMMIT = "0123456789abcdef0123456789abcdef01234567";

export const NO_USAGE = {
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationInputTokens: 0,
  cacheReadInputTokens: 0,
  costUsd: 0,
};

export const LESSONS = [
  {
    kind: "chapter" as const,
    slug: "the-queue",
    title: "The queue",
    citations: [],
    prev: null,
    next: "first-widget",
    partCount: 1,
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

/** Publishes a course for the job behind `fence`; `model` null is an offline course. */
export async function publishCourse(
  t: T,
  fence: Fence,
  { commit = COMMIT, model = null as string | null } = {},
): Promise<Id<"courses">> {
  const begun = await t.mutation(api.workerApi.beginPublish, {
    ...fence,
    course: {
      title: "Widgets",
      summary: "How widgets are made.",
      language: "en",
      model,
      commit,
      abstractions: [],
      relationships: [],
    },
    lessons: LESSONS,
  });
  if (!begun.ok) throw new Error(begun.message);
  for (const lesson of LESSONS) {
    await t.mutation(api.workerApi.addLessonPart, {
      ...fence,
      courseId: begun.courseId,
      slug: lesson.slug,
      index: 0,
      markdown: `# ${lesson.title}\n\n- [ ] one\n- [ ] two\n`,
    });
  }
  const done = await t.mutation(api.workerApi.completePublish, {
    ...fence,
    courseId: begun.courseId,
    usage: NO_USAGE,
  });
  if (!done.ok) throw new Error(done.message);
  return begun.courseId;
}

/** A new repository of `user` with one complete course; returns the ids. */
export async function publishedCourse(t: T, user: UserT, workerId = "worker-1") {
  const { fence, jobId, repositoryId } = await claimedJob(t, user, workerId);
  const courseId = await publishCourse(t, fence);
  return { courseId, jobId, repositoryId };
}

/** Shares a course by link (as courses.setSharing would) and returns its key. */
export async function shareCourse(t: T, courseId: Id<"courses">): Promise<string> {
  const shareKey = "AbCdEfGhIjKlMnOpQrStUv";
  await t.run(async (ctx) => await ctx.db.patch(courseId, { shareKey }));
  return shareKey;
}
