/** Retry delays: exponential in the attempt number, with jitter, capped (limits from shared). */
import { RETRY_BACKOFF_BASE_MS, RETRY_BACKOFF_CAP_MS } from "@fondation/shared/core";

/**
 * Delay before the next claim after `attempt` failed attempts (1-based): base * 2^(attempt-1),
 * capped, then "equal jitter": between half and all of it, so retries spread out but
 * never come sooner than half the nominal delay.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const nominal = Math.min(RETRY_BACKOFF_CAP_MS, RETRY_BACKOFF_BASE_MS * 2 ** exponent);
  const half = nominal / 2;
  return Math.round(half + random() * half);
}
