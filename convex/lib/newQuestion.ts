/**
 * A new question row (issue 16), for questions.ask (the signed-in asker) and mcpAccess.ask
 * (the owner of an MCP token): the same bounds, access rules, thread rules and fair-use
 * limits whoever asks. The worker answers the row (questionWorker.ts).
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { questionRefusal } from "./errors.ts";
import { askableCourse, ownQuestion, threadOf, threadQuestions } from "./questionAccess.ts";
import { checkNewQuestion } from "./questionLimits.ts";
import { DEFAULT_QUESTION_ATTEMPTS, MAX_THREAD_QUESTIONS, questionText } from "./questionRules.ts";

export interface NewQuestion {
  courseId: Id<"courses">;
  question: string;
  /** Any question of the asker's thread on the same course: the new one is a follow-up. */
  threadId?: Id<"questions">;
  /** The key of a shared link, for a course the asker reads through it. */
  share?: string;
}

/** Checks everything, then inserts the queued question; returns it and its thread. */
export async function createQuestion(
  ctx: MutationCtx,
  user: Doc<"users">,
  args: NewQuestion,
): Promise<{ questionId: Id<"questions">; threadId: Id<"questions"> }> {
  const text = questionText(args.question);
  const course = await askableCourse(ctx, user, args.courseId, args.share);
  let rootId: Id<"questions"> | undefined;
  if (args.threadId !== undefined) {
    const earlier = await ownQuestion(ctx, user, args.threadId);
    if (earlier.courseId !== course._id) {
      throw questionRefusal(
        "invalid_argument",
        "thread_other_course",
        "This thread is about another course. Ask a new question instead of a follow-up.",
      );
    }
    rootId = threadOf(earlier);
    const root = await ownQuestion(ctx, user, rootId);
    const asked = await threadQuestions(ctx, root, MAX_THREAD_QUESTIONS + 1);
    if (asked.length >= MAX_THREAD_QUESTIONS) {
      throw questionRefusal(
        "invalid_argument",
        "thread_full",
        `This thread has ${MAX_THREAD_QUESTIONS} questions, the most one thread holds. Start a new question.`,
        { max: MAX_THREAD_QUESTIONS },
      );
    }
  }
  await checkNewQuestion(ctx, user._id);
  const now = Date.now();
  const questionId = await ctx.db.insert("questions", {
    askerId: user._id,
    courseId: course._id,
    ...(rootId ? { threadId: rootId } : {}),
    question: text,
    status: "queued",
    attempt: 0,
    maxAttempts: DEFAULT_QUESTION_ATTEMPTS,
    runAt: now,
    answer: "",
    citations: [],
    createdAt: now,
    updatedAt: now,
  });
  return { questionId, threadId: rootId ?? questionId };
}
