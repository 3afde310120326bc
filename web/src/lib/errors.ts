/**
 * Human text for errors: job failures (JOB_ERROR_CODES) and ConvexErrors thrown by
 * functions ({code, message}). Each says what happened and what to do.
 */
import { JOB_ERROR_CODES, type JobError } from "@fondation/shared";
import { ConvexError } from "convex/values";
import type { MessageKey, Translate } from "./i18n/index.ts";

export function jobErrorText(t: Translate, error: Pick<JobError, "code"> | undefined): string {
  if (error && (JOB_ERROR_CODES as readonly string[]).includes(error.code)) {
    return t(`error.${error.code}` as MessageKey);
  }
  return t("error.unknown");
}

const CONVEX_CODES = [
  "unauthenticated",
  "not_found",
  "forbidden",
  "invalid_argument",
  "conflict",
  "github_error",
] as const;

/** A sentence for any error thrown by a Convex call or a fetch. */
export function errorMessage(t: Translate, error: unknown): string {
  if (error instanceof ConvexError) {
    const data = error.data as unknown;
    if (typeof data === "object" && data !== null) {
      const { code, message } = data as { code?: unknown; message?: unknown };
      const text = typeof message === "string" ? message : "";
      if (typeof code === "string" && (CONVEX_CODES as readonly string[]).includes(code)) {
        return t(`convexError.${code}` as MessageKey, { message: text });
      }
      if (text) return text;
    }
    if (typeof data === "string") return data;
  }
  if (error instanceof Error && error.message) {
    // Convex wraps server errors as "[CONVEX M(x)] [Request ID: …] Server Error …":
    // keep the human part only.
    return error.message.replace(/^\[CONVEX [^\]]*\]\s*(\[Request ID: [^\]]*\]\s*)?/, "");
  }
  return t("error.internal");
}
