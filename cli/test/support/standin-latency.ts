/**
 * The latency the stand-in applies: a first-token delay (fixed or per request), then a
 * delay per output token.
 *
 * Read by the stand-in (anthropic-standin.ts) and the SSE writer (standin-stream.ts).
 */
import type { StandinLatency, StandinRequest } from "./standin-types.ts";

/** The delay before the first byte of the answer to this request. */
export function firstTokenDelay(latency: StandinLatency | undefined, request: StandinRequest) {
  const f = latency?.firstTokenMs ?? 0;
  return typeof f === "function" ? f(request) : f;
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}
