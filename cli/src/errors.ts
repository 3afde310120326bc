/**
 * Failures the CLI reports. Anything thrown inside the CLI (scanner, pipeline, writer) that
 * a person can act on is a CliError; main.ts turns it into one stderr line, a `run.failed`
 * event (with --json) and an exit code. Anything else is an internal error.
 */
import { JOB_ERROR_CODES, type JobErrorCode } from "@fondation/shared";

/** What went wrong, from the caller's point of view; each has its own exit code. */
export type FailureKind = "usage" | "input" | "model" | "internal";

export const EXIT_CODES = {
  ok: 0,
  internal: 1,
  usage: 2,
  input: 3,
  model: 4,
  interrupted: 130,
} as const;

export class CliError extends Error {
  readonly kind: FailureKind;
  readonly code: JobErrorCode;
  readonly retryable: boolean;

  constructor(
    kind: FailureKind,
    code: JobErrorCode,
    message: string,
    options: { retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "CliError";
    this.kind = kind;
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

export const usageError = (message: string) => new CliError("usage", "invalid_options", message);
export const inputError = (code: JobErrorCode, message: string) =>
  new CliError("input", code, message);

/**
 * Map anything thrown to a CliError. Errors from @anthropic-ai/sdk carry an HTTP `status`;
 * the pipeline should throw CliError itself, this is the safety net.
 */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  // The model client's ModelError (cli/src/llm/errors.ts) already carries a code and a sentence.
  if (error instanceof Error && isJobErrorCode((error as { code?: unknown }).code)) {
    const code = (error as unknown as { code: JobErrorCode }).code;
    const retryable = (error as { retryable?: unknown }).retryable === true;
    // Whatever its code, a failure of the model client is a model failure (exit code 4).
    const kind = error.name === "ModelError" ? "model" : kindOf(code);
    return new CliError(kind, code, firstLine(error.message), { retryable, cause: error });
  }
  if (error instanceof Error && error.name === "AbortError") {
    return new CliError(
      "internal",
      "internal",
      "Interrupted: run the same command again to continue from what is done.",
      { retryable: true },
    );
  }
  const status =
    typeof error === "object" && error !== null && "status" in error
      ? Number((error as { status: unknown }).status)
      : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  if (status === 401 || status === 403) {
    return new CliError(
      "model",
      "model_auth",
      "The Anthropic API refused the key: check ANTHROPIC_API_KEY (or run with --offline).",
      { cause: error },
    );
  }
  if (status === 429) {
    return new CliError(
      "model",
      "model_quota",
      "The Anthropic API rate limit or quota was hit after retries: wait and run again with --resume.",
      { retryable: true, cause: error },
    );
  }
  if (status === 529 || (status !== undefined && status >= 500)) {
    return new CliError(
      "model",
      "model_unavailable",
      `The Anthropic API is unavailable (HTTP ${status}) after retries: run again later with --resume.`,
      { retryable: true, cause: error },
    );
  }
  return new CliError("internal", "internal", `Internal error: ${firstLine(detail)}`, {
    cause: error,
  });
}

function firstLine(text: string): string {
  return (text.split("\n")[0] ?? "").slice(0, 300);
}

export function exitCodeFor(error: CliError): number {
  return EXIT_CODES[error.kind];
}

function isJobErrorCode(value: unknown): value is JobErrorCode {
  return typeof value === "string" && (JOB_ERROR_CODES as readonly string[]).includes(value);
}

function kindOf(code: JobErrorCode): FailureKind {
  if (code.startsWith("model_")) return "model";
  if (code === "invalid_options") return "usage";
  if (code.startsWith("repository_")) return "input";
  return "internal";
}
