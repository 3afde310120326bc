/**
 * Who may ask a course (issue 16) and who may read a question. Asking follows reading
 * (lib/courseAccess.ts): the owner always; a reader of a course shared by link only while the
 * owner allows questions (`courses.allowQuestions`). A question is its asker's alone: anyone
 * else, and an id that names nothing, get the same not_found.
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { readableCourseFor } from "./courseAccess.ts";
import { questionRefusal, userError } from "./errors.ts";

/** The course `user` may ask questions about, or a ConvexError saying why not. */
export async function askableCourse(
  ctx: QueryCtx,
  user: Doc<"users">,
  courseId: Id<"courses">,
  share: string | undefined,
): Promise<Doc<"courses">> {
  const { course, isOwner } = await readableCourseFor(ctx, user, courseId, share);
  if (isOwner || course.allowQuestions === true) return course;
  throw questionRefusal(
    "forbidden",
    "questions_not_allowed",
    "The owner of this course does not take questions from its readers. Ask them to allow questions in the course's sharing settings.",
  );
}

/** The caller's question, or not_found (also when it is someone else's). */
export async function ownQuestion(
  ctx: QueryCtx,
  user: Doc<"users"> | null,
  questionId: Id<"questions">,
): Promise<Doc<"questions">> {
  const question = await ctx.db.get(questionId);
  if (!question || !user || question.askerId !== user._id) throw questionNotFound();
  return question;
}

/** The one refusal of a question that is not the caller's (or does not exist). */
export function questionNotFound() {
  return userError("not_found", "Question not found. Pick one from your questions on the course.");
}

/** The id of the thread a question belongs to: its first question's. */
export function threadOf(question: Doc<"questions">): Id<"questions"> {
  return question.threadId ?? question._id;
}

/** The questions of a thread in the order they were asked, the first one first. */
export async function threadQuestions(
  ctx: QueryCtx,
  root: Doc<"questions">,
  limit: number,
): Promise<Doc<"questions">[]> {
  const followUps = await ctx.db
    .query("questions")
    .withIndex("by_thread", (q) => q.eq("threadId", root._id))
    .take(Math.max(0, limit - 1));
  return [root, ...followUps];
}
