/**
 * The one retry layer of model requests. The SDK's own retries are turned off (they would
 * multiply with ours: 5 SDK attempts × 4 client attempts was 20 HTTP requests for one
 * call), so this policy alone decides: transient failures are retried up to `maxAttempts`
 * HTTP attempts in all, waiting what the API asks for (`retry-after-ms`, `retry-after`)
 * or else an exponential backoff with jitter; `x-should-retry` overrides the status.
 * https://platform.claude.com/docs/en/api/errors, https://platform.claude.com/docs/en/api/rate-limits
 */
import Anthropic from "@anthropic-ai/sdk";
import { isTransient } from "./errors.ts";

export interface RetryPolicy {
  /** HTTP attempts for one request, the first included. */
  maxAttempts: number;
  /** First backoff delay; doubles each attempt, with jitter. */
  baseDelayMs: number;
  /** No single wait is longer than this, whatever the API asks. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
};

/** How long to wait before attempt `attempt + 1`, or undefined when it must not be retried. */
export function retryDelay(
  error: unknown,
  attempt: number,
  policy: RetryPolicy,
): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  const headers = error instanceof Anthropic.APIError ? error.headers : undefined;
  const should = headers?.get("x-should-retry");
  if (should === "false" || (should !== "true" && !isTransient(error))) return undefined;
  const asked = headers ? askedWait(headers) : undefined;
  if (asked !== undefined) return Math.min(asked, policy.maxDelayMs);
  const jitter = 0.75 + Math.random() * 0.25;
  return Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs) * jitter;
}

/** The wait the API asks for: `retry-after-ms`, or `retry-after` in seconds or as an HTTP date. */
function askedWait(headers: Headers): number | undefined {
  const ms = Number(headers.get("retry-after-ms") ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const after = headers.get("retry-after");
  if (after === null) return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
