/**
 * Every change of a question's status, in one place (the question's state machine):
 * queued → answering (claim) → answered (finish) | queued again (retryable failure or
 * expired lease, attempts left) | failed; queued or answering → canceled (the asker).
 * A lease exists exactly while the status is "answering"; leaving it clears the lease.
 */
import type { Infer } from "convex/values";
import { internal } from "../_generated/api";
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { backoffMs } from "./backoff.ts";
import { recordSpend } from "./quota.ts";
import type { answerWriter, questionCitation, questionUsage } from "./validators.ts";

type Question = Doc<"questions">;
type QuestionError = { code: string; message: string };

const NO_LEASE = { workerId: undefined, leaseExpiresAt: undefined, leaseMs: undefined };
/** A new attempt starts from an empty answer: the reader never sees two attempts mixed. */
const NO_ANSWER = { answer: "", citations: [], writtenBy: undefined, usage: undefined };

/** Leases the question to `workerId` for `leaseMs`, counting an attempt, and arms its timer. */
export async function claim(
  ctx: MutationCtx,
  question: Question,
  workerId: string,
  leaseMs: number,
  now: number,
): Promise<Question> {
  const attempt = question.attempt + 1;
  const leaseExpiresAt = now + leaseMs;
  await ctx.db.patch(question._id, {
    ...NO_ANSWER,
    status: "answering",
    attempt,
    workerId,
    leaseExpiresAt,
    leaseMs,
    startedAt: question.startedAt ?? now,
    updatedAt: now,
  });
  // One timer per lease: renewals move leaseExpiresAt and the timer follows it when it fires.
  await ctx.scheduler.runAt(leaseExpiresAt, internal.questionLeases.expire, {
    questionId: question._id,
    attempt,
  });
  return (await ctx.db.get(question._id)) as Question;
}

/** Appends a batch to the answer and renews the lease: one patch. */
export async function append(
  ctx: MutationCtx,
  question: Question,
  text: string,
  now: number,
): Promise<{ length: number; leaseExpiresAt: number }> {
  const answer = question.answer + text;
  const leaseExpiresAt = now + (question.leaseMs ?? 0);
  await ctx.db.patch(question._id, { answer, leaseExpiresAt, updatedAt: now });
  return { length: answer.length, leaseExpiresAt };
}

export async function finish(
  ctx: MutationCtx,
  question: Question,
  result: {
    citations: Infer<typeof questionCitation>[];
    writtenBy: Infer<typeof answerWriter>;
    usage?: Infer<typeof questionUsage>;
  },
): Promise<void> {
  const now = Date.now();
  await ctx.db.patch(question._id, {
    ...NO_LEASE,
    status: "answered",
    citations: result.citations,
    writtenBy: result.writtenBy,
    usage: result.usage,
    error: undefined,
    finishedAt: now,
    updatedAt: now,
  });
  // The asker pays for the answer: it counts toward their daily and monthly spend.
  if (result.usage) await recordSpend(ctx, question.askerId, result.usage.costUsd);
}

/** Ends the question as failed, keeping what was answered so far for the reader. */
export async function fail(ctx: MutationCtx, question: Question, error: QuestionError) {
  const now = Date.now();
  await ctx.db.patch(question._id, {
    ...NO_LEASE,
    status: "failed",
    error,
    finishedAt: now,
    updatedAt: now,
  });
}

/**
 * A failed attempt: back to the queue with a backoff when retryable and attempts are left,
 * else failed. An expired lease is retryable with no delay (the worker was lost, not the model).
 */
export async function retryOrFail(
  ctx: MutationCtx,
  question: Question,
  error: QuestionError & { retryable: boolean },
  delayMs: number = backoffMs(question.attempt),
): Promise<{ status: "queued" | "failed"; runAt?: number }> {
  const { retryable, ...reason } = error;
  if (!retryable || question.attempt >= question.maxAttempts) {
    const message =
      retryable && question.maxAttempts > 1
        ? `${reason.message} It was tried ${question.attempt} times; ask again later.`
        : reason.message;
    await fail(ctx, question, { ...reason, message });
    return { status: "failed" };
  }
  const now = Date.now();
  const runAt = now + delayMs;
  await ctx.db.patch(question._id, {
    ...NO_LEASE,
    ...NO_ANSWER,
    status: "queued",
    runAt,
    error: reason,
    updatedAt: now,
  });
  return { status: "queued", runAt };
}

/** The lease lapsed with no word from its worker: a new attempt, or failed after the last. */
export async function expireLease(ctx: MutationCtx, question: Question) {
  return await retryOrFail(
    ctx,
    question,
    {
      code: "lease_expired",
      message: "The worker answering this question stopped responding (its lease expired).",
      retryable: true,
    },
    0,
  );
}

/** The asker canceled: the worker's next write is refused, and it stops. */
export async function cancel(ctx: MutationCtx, question: Question): Promise<void> {
  const now = Date.now();
  await ctx.db.patch(question._id, {
    ...NO_LEASE,
    status: "canceled",
    finishedAt: now,
    updatedAt: now,
  });
}

/** What a failed attempt cost anyway counts toward the asker's spend. */
export async function recordAttemptSpend(
  ctx: MutationCtx,
  question: Question,
  costUsd: number,
): Promise<void> {
  await recordSpend(ctx, question.askerId, costUsd);
}
