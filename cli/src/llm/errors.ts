/**
 * Model errors, classified once so every caller sees a stable code from JOB_ERROR_CODES,
 * a sentence a person can act on, and whether trying again later may help.
 */
import Anthropic from "@anthropic-ai/sdk";
import type { JobErrorCode } from "@fondation/shared";

export class ModelError extends Error {
  readonly code: JobErrorCode;
  readonly retryable: boolean;
  readonly status: number | undefined;
  constructor(
    code: JobErrorCode,
    message: string,
    options: { retryable: boolean; status?: number; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = "ModelError";
    this.code = code;
    this.retryable = options.retryable;
    this.status = options.status;
  }
}

/** Failures that may go away by sending the same request again. */
export function isTransient(error: unknown): boolean {
  if (error instanceof ModelError) return false;
  if (error instanceof Anthropic.APIUserAbortError) return false;
  if (error instanceof Anthropic.APIConnectionError) return true;
  if (error instanceof Anthropic.APIError) {
    const status = error.status;
    if (status === undefined) {
      // An SSE `error` event mid-stream carries the error type but no status.
      const type = errorType(error);
      return type === "overloaded_error" || type === "api_error" || type === "rate_limit_error";
    }
    return status === 408 || status === 409 || status === 429 || status >= 500;
  }
  // A socket closed mid-stream surfaces as a plain network error from fetch's body reader.
  const text = `${(error as Error)?.name ?? ""} ${(error as Error)?.message ?? ""} ${String((error as { code?: unknown })?.code ?? "")}`;
  return /terminated|ECONNRESET|socket hang up|other side closed|premature close|UND_ERR_SOCKET|fetch failed/i.test(
    text,
  );
}

function errorType(error: InstanceType<typeof Anthropic.APIError>): string | undefined {
  const body = error.error as { error?: { type?: string }; type?: string } | undefined;
  return body?.error?.type ?? (error as { type?: string }).type ?? undefined;
}

function apiMessage(error: InstanceType<typeof Anthropic.APIError>): string {
  const body = error.error as { error?: { message?: string } } | undefined;
  return body?.error?.message ?? error.message;
}

/** "after 8 attempts" when the request was retried, else nothing. */
function tried(attempts: number): string {
  return attempts > 1 ? ` after ${attempts} attempts` : "";
}

const RESUME = "Run the same command again (or with --resume) to continue from what is done.";

/**
 * Turn anything thrown by a model call into a ModelError (abort errors pass through).
 * `attempts` is how many HTTP attempts the request took before giving up.
 */
export function classifyModelError(
  error: unknown,
  model: string,
  attempts: number,
): ModelError | Error {
  if (error instanceof ModelError) return error;
  if (error instanceof Anthropic.APIUserAbortError) return error;
  if (error instanceof Anthropic.APIError && error.status !== undefined) {
    const status = error.status;
    const detail = apiMessage(error);
    const fail = (code: JobErrorCode, message: string, retryable: boolean) =>
      new ModelError(code, message, { retryable, status, cause: error });
    if (status === 401 || status === 403)
      return fail(
        "model_auth",
        `The model API refused the key (${status}: ${detail}). Check ANTHROPIC_API_KEY, or run with --offline.`,
        false,
      );
    if (status === 404)
      return fail(
        "invalid_options",
        `The model "${model}" is unknown to the API (${detail}). Choose another with --model.`,
        false,
      );
    if (status === 400 || status === 413)
      return fail(
        "model_request",
        `The model API refused a request (${status} ${errorType(error) ?? ""}: ${detail}). This is a bug in Fondation's request for ${model}: please report it; another --model may work meanwhile.`,
        false,
      );
    if (status === 402)
      return fail(
        "model_quota",
        `The model API refused for billing reasons (${detail}). Check the account's plan and credits, then run the same command again to continue.`,
        false,
      );
    if (status === 429)
      return fail(
        "model_quota",
        `The model API kept rate-limiting${tried(attempts)} (${detail}). Wait, or lower --concurrency. ${RESUME}`,
        true,
      );
    if (status === 408 || status === 409 || status >= 500)
      return fail(
        "model_unavailable",
        `The model API stayed unavailable${tried(attempts)} (${status}: ${detail}). Try again later. ${RESUME}`,
        true,
      );
    return fail("internal", `The model API rejected a request (${status}: ${detail}).`, false);
  }
  if (isTransient(error)) {
    return new ModelError(
      "model_unavailable",
      `The connection to the model API kept failing${tried(attempts)} (${(error as Error).message}). Try again later. ${RESUME}`,
      { retryable: true, cause: error },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
