/**
 * What the Ask panel says when a question is refused (questions.ask's ConvexErrors: a
 * `reason` from shared/src/questions.ts, or a fair-use `limit_reached`) or when no answer
 * came (the worker's failure code): what happened and what to do, in the reader's language.
 * Anything else falls back to errorMessage. Read by AskForm and QuestionItem.
 */
import { isQuestionRefusal, isSpend, JOB_ERROR_CODES } from "@fondation/shared";
import { ConvexError } from "convex/values";
import { errorMessage, jobErrorText } from "./errors.ts";
import { formatInteger } from "./format.ts";
import type { Locale, MessageKey, Translate } from "./i18n/index.ts";
import { isLimitKind, reachedText } from "./quota.ts";

/** The sentence for a refused question, next to the box that asked it. */
export function askRefusalText(t: Translate, error: unknown, locale: Locale): string {
  const data = error instanceof ConvexError ? (error.data as Record<string, unknown>) : null;
  if (data && typeof data === "object") {
    if (isQuestionRefusal(data.reason)) {
      const figure = (name: string) =>
        typeof data[name] === "number" ? formatInteger(data[name] as number, locale) : "";
      return t(`ask.refused.${data.reason}` as MessageKey, {
        length: figure("length"),
        max: figure("max"),
      });
    }
    const { kind, used, limit, resetsAt } = data;
    // The spend caps are shared with courses: said here as what they mean for a question.
    if (
      data.code === "limit_reached" &&
      isLimitKind(kind) &&
      isSpend(kind) &&
      typeof used === "number" &&
      typeof limit === "number"
    ) {
      return reachedText(
        t,
        locale,
        { kind, used, limit, resetsAt: typeof resetsAt === "number" ? resetsAt : undefined },
        "ask.reached",
      );
    }
  }
  return errorMessage(t, error, locale);
}

/** Failure codes of an answer with their own sentence (convex/questionWorker.ts, worker/src/questions). */
const ANSWER_FAILURES = ["course_not_found", "answer_failed", "model_refused"] as const;

/** Why a question got no answer: its code's sentence, else the server's own message. */
export function answerFailureText(
  t: Translate,
  error: { code: string; message: string } | undefined,
): string {
  if (!error) return t("ask.error.answer_failed");
  if ((ANSWER_FAILURES as readonly string[]).includes(error.code)) {
    return t(`ask.error.${error.code}` as MessageKey);
  }
  if (
    error.code.startsWith("model_") &&
    (JOB_ERROR_CODES as readonly string[]).includes(error.code)
  ) {
    return jobErrorText(t, { code: error.code as (typeof JOB_ERROR_CODES)[number] });
  }
  return error.message;
}
