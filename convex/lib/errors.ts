/**
 * Errors a person may see. Every one carries a stable `code` (the web app can translate
 * it) and a message that says what happened and what to do; some carry the figures the
 * translation needs (limit_reached: the limit, what is used, when it resets).
 */
import type {
  LimitReachedData,
  ModelNotAllowedData,
  QuestionRefusal,
} from "@fondation/shared/core";
import { ConvexError } from "convex/values";

export type UserErrorCode =
  | "unauthenticated"
  | "not_found"
  | "invalid_argument"
  | "conflict"
  | "forbidden"
  | "github_error"
  | "limit_reached"
  | "model_not_allowed";

export type UserErrorData = { code: UserErrorCode; message: string };

/** Builds the ConvexError every function throws for a refusal a person can act on. */
export function userError(code: UserErrorCode, message: string): ConvexError<UserErrorData> {
  return new ConvexError({ code, message });
}

/** A refused question: the `reason` and its figures let the web app say it in French too. */
export function questionRefusal(
  code: "invalid_argument" | "forbidden",
  reason: QuestionRefusal,
  message: string,
  figures: Record<string, number> = {},
): ConvexError<UserErrorData & { reason: QuestionRefusal }> {
  return new ConvexError({ code, message, reason, ...figures });
}

/** A fair-use limit refused the call (quota.ts says which one, and the figures). */
export function limitError(data: Omit<LimitReachedData, "code">): ConvexError<LimitReachedData> {
  const { kind, used, limit, message } = data;
  return new ConvexError({
    code: "limit_reached" as const,
    kind,
    used,
    limit,
    message,
    ...(data.resetsAt === undefined ? {} : { resetsAt: data.resetsAt }),
  });
}

/** The requested model is not one the operator offers. */
export function modelError(
  data: Omit<ModelNotAllowedData, "code">,
): ConvexError<ModelNotAllowedData> {
  return new ConvexError({ code: "model_not_allowed" as const, ...data });
}
