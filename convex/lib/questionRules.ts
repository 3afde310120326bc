/**
 * The bounds of a question and its answer (issue 16), checked before anything is written:
 * what a person may ask, and what a worker may write into an answer. Each refusal is an
 * `invalid_argument` that says what to change.
 */
import {
  DEFAULT_QUESTION_LEASE_MS,
  MAX_QUESTION_LEASE_MS,
  MIN_QUESTION_LEASE_MS,
} from "@fondation/shared/core";
import type { Infer } from "convex/values";
import { questionRefusal, userError } from "./errors.ts";
import type { questionCitation, questionUsage } from "./validators.ts";

export const MAX_QUESTION_CHARS = 2_000;
/** The whole answer: a few screens of text, what a reader reads in one go. */
export const MAX_ANSWER_CHARS = 20_000;
/** One streamed batch: small, so the reader sees the answer grow. */
export const MAX_ANSWER_BATCH_CHARS = 2_000;
export const MAX_CITATIONS = 50;
export const MAX_CITATION_PATH_CHARS = 500;
/** No source file a course cites has more lines than this (a citation past it is a bug). */
export const MAX_CITATION_LINE = 1_000_000;
/** Questions in one thread: past this, a new thread keeps the context small. */
export const MAX_THREAD_QUESTIONS = 50;
export const DEFAULT_QUESTION_ATTEMPTS = 3;
/** A question's lease is short (shared/src/limits.ts): a batch arrives every second or so, and renews it. */
export { DEFAULT_QUESTION_LEASE_MS, MAX_QUESTION_LEASE_MS, MIN_QUESTION_LEASE_MS };
export const MAX_ERROR_MESSAGE_CHARS = 2_000;
const ERROR_CODE_RE = /^[a-z][a-z0-9_]{0,63}$/;

function invalid(message: string): never {
  throw userError("invalid_argument", message);
}

/** The question's text, trimmed: 1 to MAX_QUESTION_CHARS characters. */
export function questionText(raw: string): string {
  const text = raw.trim();
  if (text.length === 0) {
    throw questionRefusal(
      "invalid_argument",
      "question_empty",
      "The question is empty. Type what you want to know.",
    );
  }
  if (text.length > MAX_QUESTION_CHARS) {
    throw questionRefusal(
      "invalid_argument",
      "question_too_long",
      `The question is ${text.length} characters; the most is ${MAX_QUESTION_CHARS}. Shorten it or split it in two.`,
      { length: text.length, max: MAX_QUESTION_CHARS },
    );
  }
  return text;
}

export function checkLeaseMs(leaseMs: number | undefined): number {
  const ms = leaseMs ?? DEFAULT_QUESTION_LEASE_MS;
  if (!Number.isInteger(ms) || ms < MIN_QUESTION_LEASE_MS || ms > MAX_QUESTION_LEASE_MS) {
    invalid(
      `leaseMs must be a whole number of milliseconds between ${MIN_QUESTION_LEASE_MS} and ${MAX_QUESTION_LEASE_MS}.`,
    );
  }
  return ms;
}

export function checkWorkerId(workerId: string): void {
  if (workerId.length === 0 || workerId.length > 200) {
    invalid("workerId must be 1 to 200 characters.");
  }
}

/** One streamed batch; `at` is the answer's length the worker believes precedes it. */
export function checkBatch(text: string, at: number): void {
  if (text.length > MAX_ANSWER_BATCH_CHARS) {
    invalid(
      `A batch is at most ${MAX_ANSWER_BATCH_CHARS} characters (got ${text.length}); send it in smaller batches.`,
    );
  }
  if (!Number.isInteger(at) || at < 0) invalid("at must be the answer's length so far (≥ 0).");
}

/** A path relative to the repository root, inside it: no leading `/`, no `..`, no `\`. */
function isRepositoryPath(path: string): boolean {
  if (path.length === 0 || path.length > MAX_CITATION_PATH_CHARS) return false;
  if (path.startsWith("/") || path.includes("\\") || path.includes("\0")) return false;
  return path.split("/").every((part) => part !== "" && part !== "." && part !== "..");
}

/** The citations of a finished answer: bounded, inside the repository, 1 ≤ start ≤ end. */
export function checkCitations(citations: readonly Infer<typeof questionCitation>[]): void {
  if (citations.length > MAX_CITATIONS) {
    invalid(`An answer cites at most ${MAX_CITATIONS} ranges (got ${citations.length}).`);
  }
  for (const [i, c] of citations.entries()) {
    const where = `Citation ${i} (${JSON.stringify(c.path.slice(0, 100))})`;
    if (!isRepositoryPath(c.path)) {
      invalid(
        `${where}: the path must be relative to the repository root, without "..", "." or empty parts, at most ${MAX_CITATION_PATH_CHARS} characters.`,
      );
    }
    const whole = Number.isInteger(c.start) && Number.isInteger(c.end);
    if (!whole || c.start < 1 || c.start > c.end || c.end > MAX_CITATION_LINE) {
      invalid(
        `${where}: lines must be whole numbers with 1 ≤ start ≤ end ≤ ${MAX_CITATION_LINE} (got ${c.start}-${c.end}).`,
      );
    }
  }
}

export function checkUsage(usage: Infer<typeof questionUsage> | undefined): void {
  if (!usage) return;
  const { inputTokens, outputTokens, costUsd } = usage;
  if (![inputTokens, outputTokens].every((n) => Number.isInteger(n) && n >= 0)) {
    invalid("usage.inputTokens and usage.outputTokens must be whole numbers ≥ 0.");
  }
  if (!Number.isFinite(costUsd) || costUsd < 0) invalid("usage.costUsd must be a number ≥ 0.");
}

/** A failure's code and message: snake_case, and a sentence the asker can act on. */
export function checkFailure(code: string, rawMessage: string): string {
  if (!ERROR_CODE_RE.test(code)) {
    invalid("code must be snake_case: a lower-case letter, then letters, digits or _ (≤ 64).");
  }
  const message = rawMessage.trim();
  if (message.length === 0 || message.length > MAX_ERROR_MESSAGE_CHARS) {
    invalid(`message must be 1 to ${MAX_ERROR_MESSAGE_CHARS} characters saying what to do.`);
  }
  return message;
}
