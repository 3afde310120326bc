/**
 * Fencing of answers, the rules of jobs (lib/fence.ts): every worker write names
 * (questionId, attempt, workerId); once the lease has moved on (expired, re-claimed,
 * canceled, finished) the write is refused with a reason and the worker stops answering,
 * so a stale worker never writes into a newer attempt's answer.
 */
import { v } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { checkLease, type LeaseWords } from "./fence.ts";
import { literals } from "./validators.ts";

export const QUESTION_REFUSAL_REASONS = [
  "question_not_found",
  "stale_attempt",
  "canceled",
  "not_answering",
  "lease_lost",
  "lease_expired",
] as const;
export type QuestionRefusalReason = (typeof QUESTION_REFUSAL_REASONS)[number];
export type QuestionRefusal = { ok: false; reason: QuestionRefusalReason; message: string };

export const questionRefusal = v.object({
  ok: v.literal(false),
  reason: literals(QUESTION_REFUSAL_REASONS),
  message: v.string(),
});

/** Arguments every fenced question function takes (besides `secret`). */
export const questionFenceArgs = {
  questionId: v.id("questions"),
  attempt: v.number(),
  workerId: v.string(),
};

export interface QuestionFence {
  questionId: Id<"questions">;
  attempt: number;
  workerId: string;
}

const QUESTION_WORDS: LeaseWords = {
  noun: "question",
  stop: "Stop answering it.",
  afterExpiry: "the question will be answered again",
};

/** The question when (attempt, workerId) still hold its live lease, else why not. */
export async function checkQuestionFence(
  ctx: QueryCtx,
  fence: QuestionFence,
  now: number = Date.now(),
): Promise<{ ok: true; question: Doc<"questions"> } | QuestionRefusal> {
  const question = await ctx.db.get(fence.questionId);
  if (!question) {
    return { ok: false, reason: "question_not_found", message: "This question no longer exists." };
  }
  const refused = checkLease(question, fence, now, QUESTION_WORDS, () => {
    if (question.status === "canceled") {
      return {
        reason: "canceled" as const,
        message: "The asker canceled this question. Stop answering it.",
      };
    }
    if (question.status !== "answering") {
      return {
        reason: "not_answering" as const,
        message: `The question is ${question.status}. Stop answering it.`,
      };
    }
    return null;
  });
  return refused ?? { ok: true, question };
}
