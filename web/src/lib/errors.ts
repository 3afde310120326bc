/**
 * Human text for errors: job failures (JOB_ERROR_CODES) and ConvexErrors thrown by
 * functions ({code, message}). Each says what happened and what to do.
 */
import { JOB_ERROR_CODES, type JobError } from "@fondation/shared";
import { ConvexError } from "convex/values";
import type { Locale, MessageKey, Translate } from "./i18n/index.ts";
import { isLimitKind, modelLabel, modelList, reachedText } from "./quota.ts";

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

/** The sentence of a fair-use refusal (limit_reached, model_not_allowed), from its figures. */
function fairUseText(
  t: Translate,
  locale: Locale,
  data: Record<string, unknown>,
): string | undefined {
  if (data.code === "limit_reached" && isLimitKind(data.kind)) {
    const { used, limit, resetsAt } = data;
    if (typeof used !== "number" || typeof limit !== "number") return undefined;
    return reachedText(t, locale, {
      kind: data.kind,
      used,
      limit,
      resetsAt: typeof resetsAt === "number" ? resetsAt : undefined,
    });
  }
  if (data.code === "model_not_allowed" && typeof data.model === "string") {
    const allowed = Array.isArray(data.allowed) ? data.allowed.map(String) : [];
    return t("quota.modelNotAllowed", {
      model: modelLabel(data.model),
      allowed: modelList(allowed, locale),
    });
  }
  return undefined;
}

/** An id in a URL that is not an id at all (a stale or hand-typed link). */
const INVALID_ID = /Validator error: Expected ID for table|does not match validator[\s\S]*v\.id\(/;

/**
 * True when the error says the thing asked for is not there for this caller (deleted,
 * another user's, a link turned off, an id that names nothing): trying again cannot help.
 */
export function isNotFoundError(error: unknown): boolean {
  if (error instanceof ConvexError) {
    const code = (error.data as { code?: unknown } | null)?.code;
    return code === "not_found" || code === "forbidden";
  }
  return error instanceof Error && INVALID_ID.test(error.message);
}

/** A sentence for any error thrown by a Convex call or a fetch (`locale` formats figures). */
export function errorMessage(t: Translate, error: unknown, locale: Locale = "en"): string {
  if (error instanceof ConvexError) {
    const data = error.data as unknown;
    if (typeof data === "object" && data !== null) {
      const fairUse = fairUseText(t, locale, data as Record<string, unknown>);
      if (fairUse) return fairUse;
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
    // A URL whose id is not an id (a stale or hand-typed link) names nothing: say so, not
    // the argument validator's report.
    if (INVALID_ID.test(error.message)) {
      return t("convexError.not_found", { message: "" });
    }
    // Convex wraps server errors as "[CONVEX M(x)] [Request ID: …] Server Error …":
    // keep the human part only.
    return error.message.replace(/^\[CONVEX [^\]]*\]\s*(\[Request ID: [^\]]*\]\s*)?/, "");
  }
  return t("error.internal");
}
