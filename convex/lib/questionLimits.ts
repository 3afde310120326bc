/**
 * Fair use of questions (issue 16): questions asked per UTC day and questions waiting for
 * their answer at once, per user, read from the Convex environment on every call with the
 * parsing rules of the job counts (a whole number, or `unlimited`/`none`/`off`); answers' cost
 * counts toward the same spend caps as courses (lib/quota.ts). Counted from the question
 * rows themselves. A local development deployment has no default limits, like the others.
 *
 * A refusal is the `limit_reached` error of the other limits, with its own `kind`, so the web
 * app can show the figures (or fall back to the message).
 */
import { nextUtcDay, parseLimit } from "@fondation/shared/core";
import { ConvexError } from "convex/values";
import type { Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { checkSpend, isLocalDevelopment } from "./quota.ts";

export const QUESTION_LIMITS = {
  questionsPerDay: { env: "FONDATION_MAX_QUESTIONS_PER_DAY", fallback: 100 },
  openQuestions: { env: "FONDATION_MAX_OPEN_QUESTIONS_PER_USER", fallback: 3 },
} as const;
export type QuestionLimitKind = keyof typeof QUESTION_LIMITS;

/** The limit in force: a whole number, or null for none. */
export function questionLimit(kind: QuestionLimitKind): number | null {
  const { env, fallback } = QUESTION_LIMITS[kind];
  // A count like jobsPerDay: the shared parser's rules for counts.
  return parseLimit("jobsPerDay", process.env[env], isLocalDevelopment() ? null : fallback);
}

function utcDayStart(now: number): number {
  return nextUtcDay(now) - 24 * 60 * 60 * 1000;
}

function utcTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

async function askedToday(ctx: MutationCtx, askerId: Id<"users">, now: number, cap: number) {
  const rows = await ctx.db
    .query("questions")
    .withIndex("by_asker_createdAt", (q) =>
      q.eq("askerId", askerId).gte("createdAt", utcDayStart(now)),
    )
    .take(cap);
  return rows.length;
}

async function waiting(ctx: MutationCtx, askerId: Id<"users">, cap: number) {
  let count = 0;
  for (const status of ["queued", "answering"] as const) {
    const rows = await ctx.db
      .query("questions")
      .withIndex("by_asker_status", (q) => q.eq("askerId", askerId).eq("status", status))
      .take(cap);
    count += rows.length;
  }
  return count;
}

/** Refuses a new question when a question limit or a spend cap is reached. */
export async function checkNewQuestion(ctx: MutationCtx, askerId: Id<"users">): Promise<void> {
  const now = Date.now();
  const perDay = questionLimit("questionsPerDay");
  if (perDay !== null) {
    const used = await askedToday(ctx, askerId, now, perDay + 1);
    if (used >= perDay) {
      const resetsAt = nextUtcDay(now);
      throw new ConvexError({
        code: "limit_reached" as const,
        kind: "questionsPerDay",
        used,
        limit: perDay,
        resetsAt,
        message: `Questions asked today: ${used} of ${perDay}, the most this deployment allows per day. You can ask more after ${utcTime(resetsAt)}.`,
      });
    }
  }
  const open = questionLimit("openQuestions");
  if (open !== null) {
    const used = await waiting(ctx, askerId, open + 1);
    if (used >= open) {
      throw new ConvexError({
        code: "limit_reached" as const,
        kind: "openQuestions",
        used,
        limit: open,
        message: `Questions waiting for their answer: ${used} of ${open}, the most this deployment allows at once. Wait for an answer, or cancel a question, then ask again.`,
      });
    }
  }
  await checkSpend(ctx, askerId);
}
