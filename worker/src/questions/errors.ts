/**
 * Why an answer failed, as failQuestion takes it: a snake_case code, a sentence for the asker
 * saying what to do, and whether another attempt may succeed (the model's or the network's
 * fault: yes; a broken course or a bug: no).
 */
export class AnswerError extends Error {
  readonly code: string;
  readonly retryable: boolean;

  constructor(code: string, message: string, retryable: boolean) {
    super(message);
    this.code = code;
    this.retryable = retryable;
    this.name = "AnswerError";
  }
}

/** The failure to report for `error` (the CLI's model and input errors carry their own). */
export function failureOf(error: unknown): { code: string; message: string; retryable: boolean } {
  if (error instanceof AnswerError) return error;
  const e = error as { code?: unknown; retryable?: unknown; message?: unknown } | null;
  if (e && typeof e.code === "string" && typeof e.retryable === "boolean") {
    return {
      code: /^[a-z][a-z0-9_]{0,63}$/.test(e.code) ? e.code : "answer_failed",
      message: String(e.message ?? "The answer failed.").slice(0, 1_000),
      retryable: e.retryable,
    };
  }
  return {
    code: "answer_failed",
    message: "The worker could not answer this question (an internal error). Ask it again later.",
    retryable: false,
  };
}
