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

/** Turn anything thrown by a model call into a ModelError (abort errors pass through). */
export function classifyModelError(error: unknown, model: string): ModelError | Error {
  if (error instanceof ModelError) return error;
  if (error instanceof Anthropic.APIUserAbortError) return error;
  if (error instanceof Anthropic.APIError && error.status !== undefined) {
    const status = error.status;
    const detail = apiMessage(error);
    if (status === 401 || status === 403) {
      return new ModelError(
        "model_auth",
        `The model API refused the key (${status}: ${detail}). Check ANTHROPIC_API_KEY.`,
        { retryable: false, status, cause: error },
      );
    }
    if (status === 404) {
      return new ModelError(
        "invalid_options",
        `The model "${model}" is unknown to the API (${detail}). Choose another with --model.`,
        { retryable: false, status, cause: error },
      );
    }
    if (status === 400 && /too long|too many tokens|context/i.test(detail)) {
      return new ModelError(
        "analysis_failed",
        `A prompt was larger than the model accepts (${detail}). Lower the budgets or use a model with a larger context.`,
        { retryable: false, status, cause: error },
      );
    }
    if (status === 429) {
      return new ModelError(
        "model_quota",
        `The model API kept rate-limiting after several retries (${detail}). Wait, or lower --concurrency.`,
        { retryable: true, status, cause: error },
      );
    }
    if (status >= 500) {
      return new ModelError(
        "model_unavailable",
        `The model API stayed unavailable after several retries (${status}: ${detail}). Try again later.`,
        { retryable: true, status, cause: error },
      );
    }
    if (status === 402) {
      return new ModelError(
        "model_quota",
        `The model API refused for billing reasons (${detail}). Check the account's plan and credits, then run again with --resume.`,
        {
          retryable: false,
          status,
          cause: error,
        },
      );
    }
    return new ModelError("internal", `The model API rejected a request (${status}: ${detail}).`, {
      retryable: false,
      status,
      cause: error,
    });
  }
  if (isTransient(error)) {
    return new ModelError(
      "model_unavailable",
      `The connection to the model API kept failing (${(error as Error).message}). Try again later.`,
      { retryable: true, cause: error },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
