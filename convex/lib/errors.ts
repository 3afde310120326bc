/**
 * Errors a person may see. Every one carries a stable `code` (the web app can translate
 * it) and a message that says what happened and what to do.
 */
import { ConvexError } from "convex/values";

export type UserErrorCode =
  | "unauthenticated"
  | "not_found"
  | "invalid_argument"
  | "conflict"
  | "forbidden"
  | "github_error";

export type UserErrorData = { code: UserErrorCode; message: string };

/** Builds the ConvexError every function throws for a refusal a person can act on. */
export function userError(code: UserErrorCode, message: string): ConvexError<UserErrorData> {
  return new ConvexError({ code, message });
}
