/**
 * The stand-in's prompt cache: prefixes up to each `cache_control` breakpoint, by hash, and
 * the usage a request gets from them (cache reads, cache writes, uncached input).
 *
 * Owned by one stand-in (anthropic-standin.ts): it looks a request up on arrival and writes
 * its prefixes once the answer starts, as the real API makes an entry readable; `reset`
 * clears it.
 */
import { createHash } from "node:crypto";
import type { StandinModel } from "./standin-models.ts";
import { prefixBlocks, tokensFor } from "./standin-prompt.ts";
import type { MessagesBody } from "./standin-request.ts";
import type { StandinUsage } from "./standin-types.ts";

export class PromptCache {
  private entries = new Set<string>();

  /**
   * Usage from the cache_control breakpoints. Prefix order is tools, system, messages (the
   * real API's order). The longest breakpoint prefix already cached is read; the part up
   * to the last breakpoint beyond it is written.
   */
  usage(body: MessagesBody, total: number, model: StandinModel, minCache: number): StandinUsage {
    const breakpoints = cacheable(body, model, minCache);
    let read = 0;
    for (const b of breakpoints) if (this.entries.has(b.hash)) read = Math.max(read, b.tokens);
    const last = breakpoints.at(-1);
    const written = last && last.tokens > read ? last.tokens - read : 0;
    return {
      input_tokens: Math.max(0, total - read - written),
      output_tokens: 0,
      cache_creation_input_tokens: written,
      cache_read_input_tokens: read,
    };
  }

  /** Make the request's cacheable prefixes readable by the requests that follow. */
  write(body: MessagesBody, model: StandinModel, minCache: number): void {
    for (const b of cacheable(body, model, minCache)) this.entries.add(b.hash);
  }

  clear(): void {
    this.entries = new Set();
  }
}

/** Breakpoints whose prefix is long enough to be cached (the model's minimum, or the option). */
function cacheable(body: MessagesBody, model: StandinModel, minCache: number) {
  return prefixBreakpoints(body, model).filter((b) => b.tokens >= minCache);
}

/** Each breakpoint's prefix: a hash of the model and the blocks up to it, and its tokens. */
function prefixBreakpoints(
  body: MessagesBody,
  model: StandinModel,
): Array<{ hash: string; tokens: number }> {
  const hash = createHash("sha256");
  hash.update(body.model);
  let tokens = 0;
  const out: Array<{ hash: string; tokens: number }> = [];
  for (const block of prefixBlocks(body)) {
    hash.update(block.text);
    hash.update("\u0000");
    tokens += tokensFor(model, block.text);
    if (block.cached) out.push({ hash: hash.copy().digest("hex"), tokens });
  }
  return out;
}
