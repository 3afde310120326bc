/**
 * What an asker sees of a question: never the lease (worker id, lease length), always the
 * thread's id (a first question is its own thread).
 */
import { v } from "convex/values";
import type { Doc } from "../_generated/dataModel";
import schema from "../schema.ts";

export const questionView = v.object({
  _id: v.id("questions"),
  _creationTime: v.number(),
  threadId: v.id("questions"),
  ...schema.tables.questions.validator.pick(
    "courseId",
    "question",
    "status",
    "attempt",
    "maxAttempts",
    "answer",
    "citations",
    "writtenBy",
    "usage",
    "error",
    "createdAt",
    "startedAt",
    "finishedAt",
    "updatedAt",
  ).fields,
});

export function toQuestionView(q: Doc<"questions">): typeof questionView.type {
  return {
    _id: q._id,
    _creationTime: q._creationTime,
    threadId: q.threadId ?? q._id,
    courseId: q.courseId,
    question: q.question,
    status: q.status,
    attempt: q.attempt,
    maxAttempts: q.maxAttempts,
    answer: q.answer,
    citations: q.citations,
    writtenBy: q.writtenBy,
    usage: q.usage,
    error: q.error,
    createdAt: q.createdAt,
    startedAt: q.startedAt,
    finishedAt: q.finishedAt,
    updatedAt: q.updatedAt,
  };
}
